"""Triggers of the exits area."""

import azure.functions as func

bp = func.Blueprint()
