"""Triggers of the dsar area."""

import azure.functions as func

bp = func.Blueprint()
