"""The register area."""
