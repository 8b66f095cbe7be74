"""Store tables of the exits area."""
