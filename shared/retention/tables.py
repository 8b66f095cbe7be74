"""Store tables of the retention area."""
