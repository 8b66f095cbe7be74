"""Triggers of the me area."""

import azure.functions as func

bp = func.Blueprint()
