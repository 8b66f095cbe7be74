"""Triggers of the backups area."""

import azure.functions as func

bp = func.Blueprint()
