"""Triggers of the register area."""

import azure.functions as func

bp = func.Blueprint()
