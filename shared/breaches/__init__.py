"""The breaches area."""
