"""Triggers of the audit area."""

import azure.functions as func

bp = func.Blueprint()
