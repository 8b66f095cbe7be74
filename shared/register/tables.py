"""Store tables of the register area."""
