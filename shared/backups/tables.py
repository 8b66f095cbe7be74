"""Store tables of the backups area."""
