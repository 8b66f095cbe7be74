"""Triggers of the deadlines area."""

import azure.functions as func

bp = func.Blueprint()
