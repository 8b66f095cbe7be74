"""The dsar area."""
