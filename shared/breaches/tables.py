"""Store tables of the breaches area."""
