"""Triggers of the me area: the portal subject's self-service."""

from typing import Any

import azure.functions as func

from shared.http.api import Call, Reply, api
from shared.lazy import lazy_module

consent = lazy_module("shared.dsar.consent")
me = lazy_module("shared.dsar.me")
models = lazy_module("shared.dsar.models")
bp = func.Blueprint()


@api(bp, "me_data_get", response=dict[str, Any])
def me_data_get(call: Call) -> dict:
    return me.my_data(call.deps, call.principal)


@api(bp, "me_data_patch", body=lambda: models.MeDataPatch, response=lambda: models.MeDataResult,
     responses={202: "Rectification requests made: staff or the client (controller) decide", 409: "One waits"})
def me_data_patch(call: Call) -> Reply:
    body, status = me.rectify_me(call.deps, call.principal, call.body)
    return Reply(body, status=status)


@api(bp, "me_email_confirm", body=lambda: models.MeEmailConfirmIn, response=lambda: models.MeEmailConfirmOut)
def me_email_confirm(call: Call) -> dict:
    return me.confirm_email(call.deps, call.principal, call.body)


@api(bp, "me_erasure", body=lambda: models.MeErasureIn, response=lambda: models.DsarOut, status=201,
     responses={200: "An open erasure request exists: returned"})
def me_erasure(call: Call) -> Reply:
    view, created = me.erasure_for_me(call.deps, call.principal, call.body)
    return Reply(view, status=201 if created else 200)


@api(bp, "me_consent_withdraw", response=lambda: models.ConsentWithdrawn)
def me_consent_withdraw(call: Call) -> dict:
    assert call.principal.email is not None  # a subject token always carries its verified e-mail
    return consent.withdraw(call.deps, call.principal.actor, call.principal.email)


@api(bp, "consent_withdraw", body=lambda: models.ConsentWithdrawIn, response=lambda: models.ConsentWithdrawn)
def consent_withdraw(call: Call) -> dict:
    return consent.withdraw(call.deps, call.principal.actor, call.body.email, call.body.channel)
