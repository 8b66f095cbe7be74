"""The audit trail of access: every read of personal data on the routes in AUDITED_READS, and
every refused attempt (401, 403, 404) on an object route (a route with an id in its path),
cross-tenant probes included. Ids only: a path value that is not id-shaped (an e-mail address,
say) is recorded as "-". Written after the answer, in its own transaction; a store that cannot
be reached does not change the answer."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping

from shared.http.routes import AUDITED_READS, Route
from shared.identity.principal import Principal

log = logging.getLogger("privacy.http")
_ID_SHAPED = re.compile(r"^[A-Za-z0-9_:-]{1,64}$")
REFUSED = frozenset({401, 403, 404})


def action_for(name: str, route: Route, status: int) -> str | None:
    if status in REFUSED and "{" in route.path:
        return "access.refused"
    if 200 <= status < 300 and name in AUDITED_READS:
        return "access.read"
    return None


def object_id(params: Mapping[str, str]) -> str:
    return ",".join(v if _ID_SHAPED.match(v) else "-" for v in params.values())[:64] or "*"


def record_access(name: str, route: Route, params: Mapping[str, str], principal: Principal | None,
                  status: int) -> None:
    action = action_for(name, route, status)
    if action is None:
        return
    from shared import audit
    from shared.actor import Actor
    from shared.deps import get_deps

    actor = principal.actor if principal else Actor("anonymous", "none")
    try:
        deps = get_deps()
        with deps.store.begin() as conn:
            audit.record(conn, actor, action, name[:32], object_id(params), deps.clock.now(), {"status": status})
    except Exception as exc:
        log.warning("access audit of %s not written: %s", name, type(exc).__name__)
