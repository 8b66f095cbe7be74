"""The backups area."""
