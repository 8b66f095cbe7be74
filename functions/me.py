"""Triggers of the me area: the portal subject's self-service."""

from typing import Any

import azure.functions as func

from shared.dsar.models import DsarOut, MeDataPatch, MeErasureIn
from shared.http.api import Call, Reply, api

bp = func.Blueprint()


@api(bp, "me_data_get", response=dict[str, Any])
def me_data_get(call: Call) -> dict:
    from shared.dsar import me

    return me.my_data(call.deps, call.principal)


@api(bp, "me_data_patch", body=MeDataPatch, response=dict[str, Any])
def me_data_patch(call: Call) -> dict:
    from shared.dsar import me

    return me.rectify_me(call.deps, call.principal, call.body)


@api(bp, "me_erasure", body=MeErasureIn, response=DsarOut, status=201,
     responses={200: "An open erasure request exists: returned"})
def me_erasure(call: Call) -> Reply:
    from shared.dsar import me

    view, created = me.erasure_for_me(call.deps, call.principal, call.body)
    return Reply(view, status=201 if created else 200)
