"""Triggers of the decision steps of a request: a recorded doubt about identity (Art. 12(6)), the
decision on an objection (Art. 21), and a prospect's consent with its proof (Art. 7(1))."""

import azure.functions as func

from shared.http.api import Call, Reply, api
from shared.lazy import lazy_module

bp = func.Blueprint()
doubt = lazy_module("shared.dsar.doubt")
objection = lazy_module("shared.dsar.objection")
consent = lazy_module("shared.dsar.consent")
models = lazy_module("shared.dsar.models")


@api(bp, "dsar_doubt", body=lambda: models.DoubtIn, response=lambda: models.DsarOut)
def dsar_doubt(call: Call) -> dict:
    return doubt.raise_doubt(call.deps, call.principal, call.params["id"], call.body)


@api(bp, "dsar_information", body=lambda: models.InformationIn, response=lambda: models.DsarOut)
def dsar_information(call: Call) -> dict:
    return doubt.information(call.deps, call.principal, call.params["id"], call.body)


@api(bp, "dsar_objection_decision", body=lambda: models.ObjectionDecisionIn, response=lambda: models.ObjectionOut)
def dsar_objection_decision(call: Call) -> dict:
    return objection.decide(call.deps, call.principal, call.params["id"], call.body)


@api(bp, "consent_record", body=lambda: models.ConsentIn, response=lambda: models.ConsentProofOut, status=201)
def consent_record(call: Call) -> Reply:
    return Reply(consent.record(call.deps, call.principal.actor, call.body), status=201)
