"""Triggers of the FG's instruments: the DPIA register, the complaint log and the statistics."""

import azure.functions as func

from shared.http.api import Call, Reply, api
from shared.lazy import lazy_module

complaints = lazy_module("shared.complaints.service")
complaint_models = lazy_module("shared.complaints.models")
dpia = lazy_module("shared.dpia.service")
dpia_models = lazy_module("shared.dpia.models")
statistics_service = lazy_module("shared.statistics.service")
statistics_models = lazy_module("shared.statistics.models")
bp = func.Blueprint()


@api(bp, "dpia_vocabulary", response=lambda: dpia_models.Vocabulary)
def dpia_vocabulary(call: Call) -> dict:
    return dpia.vocabulary()


@api(bp, "dpia_list", query=lambda: dpia_models.ListQuery, response=lambda: dpia_models.DpiaList)
def dpia_list(call: Call) -> dict:
    return dpia.listing(call.deps, call.query)


@api(bp, "dpia_create", body=lambda: dpia_models.DpiaIn, response=lambda: dpia_models.DpiaOut,
     responses={201: "Created"})
def dpia_create(call: Call) -> Reply:
    return Reply(dpia.create(call.deps, call.principal, call.body), status=201)


@api(bp, "dpia_get", response=lambda: dpia_models.DpiaOut)
def dpia_get(call: Call) -> dict:
    return dpia.get(call.deps, call.params["id"])


@api(bp, "dpia_update", body=lambda: dpia_models.DpiaIn, response=lambda: dpia_models.DpiaOut)
def dpia_update(call: Call) -> dict:
    return dpia.update(call.deps, call.principal, call.params["id"], call.body)


@api(bp, "complaint_list", query=lambda: complaint_models.ListQuery, response=lambda: complaint_models.ComplaintList)
def complaint_list(call: Call) -> dict:
    return complaints.listing(call.deps, call.query)


@api(bp, "complaint_create", body=lambda: complaint_models.ComplaintIn, response=lambda: complaint_models.ComplaintOut,
     responses={201: "Created"})
def complaint_create(call: Call) -> Reply:
    return Reply(complaints.create(call.deps, call.principal, call.body), status=201)


@api(bp, "complaint_update", body=lambda: complaint_models.ComplaintPatch,
     response=lambda: complaint_models.ComplaintOut)
def complaint_update(call: Call) -> dict:
    return complaints.update(call.deps, call.principal, call.params["id"], call.body)


@api(bp, "statistics", query=lambda: statistics_models.StatisticsQuery,
     response=lambda: statistics_models.StatisticsOut)
def statistics(call: Call) -> dict:
    return statistics_service.for_year(call.deps, call.query.year)
