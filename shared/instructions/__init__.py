"""The controllers' instructions to Incassotool as processor: the log (log.py) and its API models."""
