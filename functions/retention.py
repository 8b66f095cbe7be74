"""Triggers of the retention area."""

import azure.functions as func

bp = func.Blueprint()
