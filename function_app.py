"""The function app: registers the blueprints of functions/ and nothing else."""

import azure.functions as func

from functions import (
    audit,
    backups,
    breaches,
    clients,
    datamap,
    deadlines,
    dpo,
    dsar,
    dsar_steps,
    exits,
    health,
    me,
    register,
    retention,
)
from shared.lazy import settle

app = func.FunctionApp(http_auth_level=func.AuthLevel.ANONYMOUS)
for area in (health, dsar, dsar_steps, me, breaches, retention, exits, backups, register, clients, dpo, audit,
             deadlines, datamap):
    app.register_functions(area.bp)

settle()  # what indexing loaded lives as long as the worker (shared.lazy.settle)
