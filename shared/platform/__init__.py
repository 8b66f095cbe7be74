"""The reference schema of the Incassotool platform database (what the data map describes)."""
