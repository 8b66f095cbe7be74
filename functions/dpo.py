"""Triggers of the FG's instruments: the DPIA register, the complaint log and the statistics."""

import azure.functions as func

from shared.complaints.models import ComplaintIn, ComplaintList, ComplaintOut, ComplaintPatch
from shared.complaints.models import ListQuery as ComplaintQuery
from shared.dpia.models import DpiaIn, DpiaList, DpiaOut, Vocabulary
from shared.dpia.models import ListQuery as DpiaQuery
from shared.http.api import Call, Reply, api
from shared.lazy import lazy_module
from shared.statistics.models import StatisticsOut, StatisticsQuery

complaints = lazy_module("shared.complaints.service")
dpia = lazy_module("shared.dpia.service")
statistics_service = lazy_module("shared.statistics.service")
bp = func.Blueprint()


@api(bp, "dpia_vocabulary", response=Vocabulary)
def dpia_vocabulary(call: Call) -> dict:
    return dpia.vocabulary()


@api(bp, "dpia_list", query=DpiaQuery, response=DpiaList)
def dpia_list(call: Call) -> dict:
    return dpia.listing(call.deps, call.query)


@api(bp, "dpia_create", body=DpiaIn, response=DpiaOut, responses={201: "Created"})
def dpia_create(call: Call) -> Reply:
    return Reply(dpia.create(call.deps, call.principal, call.body), status=201)


@api(bp, "dpia_get", response=DpiaOut)
def dpia_get(call: Call) -> dict:
    return dpia.get(call.deps, call.params["id"])


@api(bp, "dpia_update", body=DpiaIn, response=DpiaOut)
def dpia_update(call: Call) -> dict:
    return dpia.update(call.deps, call.principal, call.params["id"], call.body)


@api(bp, "complaint_list", query=ComplaintQuery, response=ComplaintList)
def complaint_list(call: Call) -> dict:
    return complaints.listing(call.deps, call.query)


@api(bp, "complaint_create", body=ComplaintIn, response=ComplaintOut, responses={201: "Created"})
def complaint_create(call: Call) -> Reply:
    return Reply(complaints.create(call.deps, call.principal, call.body), status=201)


@api(bp, "complaint_update", body=ComplaintPatch, response=ComplaintOut)
def complaint_update(call: Call) -> dict:
    return complaints.update(call.deps, call.principal, call.params["id"], call.body)


@api(bp, "statistics", query=StatisticsQuery, response=StatisticsOut)
def statistics(call: Call) -> dict:
    return statistics_service.for_year(call.deps, call.query.year)
