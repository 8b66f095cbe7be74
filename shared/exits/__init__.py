"""The exits area."""
