"""The triggers: one azure.functions.Blueprint per subject area. Thin: parse, call a service, answer."""
