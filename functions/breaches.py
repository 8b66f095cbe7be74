"""Triggers of the breaches area."""

import azure.functions as func

bp = func.Blueprint()
