"""Runs in its own process for the fake-ingestion test (OpenTelemetry's providers are global, once
per process): demo data, the Azure Monitor distro exporting to APPLICATIONINSIGHTS_CONNECTION_STRING,
then requests, timers, careless log lines and errors that carry demo personal data.
Prints the personal values it used, as JSON, on its last line."""

from __future__ import annotations

import json
import logging
import sys

from sqlalchemy import select


def personal_values(engine, n: int) -> list[dict[str, str]]:
    from shared.datamap.discovery import table

    debtors = table("debtors")
    with engine.connect() as conn:
        rows = conn.execute(select(debtors.c.name, debtors.c.email, debtors.c.phone, debtors.c.postcode,
                                   debtors.c.iban).where(debtors.c.email.is_not(None), debtors.c.iban.is_not(None),
                                                         debtors.c.phone.is_not(None)).limit(n)).all()
    return [dict(r._mapping) for r in rows]


def drive(client, host, subjects: list[dict[str, str]]) -> None:
    import shared.audit_check
    import shared.dsar.views
    from shared import telemetry

    careless = logging.getLogger("privacy.http")
    for s in subjects:
        person = {"email": s["email"], "name": s["name"], "phone": s["phone"], "postcode": s["postcode"]}
        client.post("dsar", {"type": "access", "subject": person}, role="Privacy.Staff")
        client.post("dsar", {"type": "nonsense", "subject": person}, role="Privacy.Staff")  # 422
        client.get("me/data", role="Privacy.Subject", email=s["email"], mfa=False)
        client.get(f"dsar/{s['email']}", role="Privacy.Officer")  # a raw path holding an address
        client.get("breaches", role="Privacy.Officer", mfa=False)  # 401 with a claims challenge
        # Names have no pattern: the gate cannot see them, so the suite never logs them. Requests
        # carry them (above) and must not leak them; careless lines carry what has a pattern.
        careless.warning("debtor %s IBAN %s phone %s postcode %s", s["email"], s["iban"], s["phone"], s["postcode"])
        careless.error(f"formatted in advance: {s['email']} {s['iban']} {s['phone']} {s['postcode']}")
        with telemetry.span("careless span", **{"debtor.email": s["email"], "debtor.iban": s["iban"]}) as sp:
            sp.add_event("looked up", {"phone": s["phone"], "postcode": s["postcode"]})

    def failing(*_args, **_kw):
        s = subjects[0]
        raise ValueError(f"cannot process {s['email']} {s['iban']} {s['phone']} {s['postcode']}")

    shared.dsar.views.listing = failing  # an unhandled error quoting personal data: a 500
    client.get("dsar", role="Privacy.Officer")
    host.run_function("deadline_watch")
    host.run_function("audit_chain_verify")
    shared.audit_check.verify_and_alert = failing  # a timer failing with personal data in its error
    host.run_function("audit_chain_verify")


def main(url: str) -> None:
    from devtools.demo_data import generate
    from tests.support.databases import engine_with_schema

    engine = engine_with_schema(url)
    generate(engine, subjects=40, seed=5)
    subjects = personal_values(engine, 5)

    from opentelemetry import _logs, trace

    from devtools.host import FunctionHost
    from function_app import app
    from shared import telemetry
    from shared.deps import get_deps
    from shared.timers import DEFAULT_SCHEDULES, schedule_setting
    from tests.support.http import Client
    from tests.support.identity import Issuer

    issuer = Issuer().start()
    import os

    os.environ["PRIVACY_AUTH_JWKS_URL"] = issuer.jwks_url
    assert telemetry.configure(disable_offline_storage=True, enable_live_metrics=False, sampling_ratio=1.0)
    from tests.conftest import StorageDown

    get_deps().__dict__["blobs"] = StorageDown()  # no Azurite here: the verify notes the anchors as unreadable
    host = FunctionHost(app, environ={schedule_setting(n): c for n, c in DEFAULT_SCHEDULES.items()})
    drive(Client(host, issuer), host, subjects)
    trace.get_tracer_provider().force_flush()  # type: ignore[attr-defined]
    _logs.get_logger_provider().force_flush()  # type: ignore[attr-defined]
    issuer.stop()
    print(json.dumps(subjects))


if __name__ == "__main__":
    main(sys.argv[1])
