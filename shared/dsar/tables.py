"""Store tables of the dsar area."""
