"""A local host for `function_app.app`, like `func start`: every HTTP function at /api/<route>,
timers on their CRON schedules, and POST /admin/functions/<name> to start a non-HTTP function.

It indexes the app as the Python worker does (one `get_functions()`, then the raw bindings) and
routes from those bindings, as the Functions host does: a method no route allows is a 405, and a
timer whose schedule names a missing app setting stops the start-up.
"""

from __future__ import annotations

import json
import logging
import os
import re
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import azure.functions as func
from azure.functions.timer import TimerRequest

from devtools import console
from devtools.app_index import index

log = logging.getLogger("privacy.host")
_SETTING = re.compile(r"^%([^%]+)%$")


@dataclass
class HttpRoute:
    name: str
    methods: set[str]
    pattern: re.Pattern[str]
    literal_segments: int
    fn: Any


# Route constraints, as the Functions host reads them (ASP.NET Core's): `{id:guid}` matches a UUID only,
# so a literal sibling (`dpias/criteria`) is never taken for an id.
CONSTRAINTS = {"": "[^/]+", "int": "-?[0-9]+",
               "guid": "[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}"}


def _compile(route: str) -> tuple[re.Pattern[str], int]:
    parts, literals = [], 0
    for segment in route.strip("/").split("/"):
        m = re.fullmatch(r"\{(\*?)(\w+)(?::(\w+))?\??\}", segment)
        if m:
            star, name, constraint = m.group(1), m.group(2), m.group(3) or ""
            if constraint not in CONSTRAINTS:
                raise StartupError(f"The route {route} has a constraint the local host does not know: {constraint}")
            parts.append(f"(?P<{name}>.+)" if star else f"(?P<{name}>{CONSTRAINTS[constraint]})")
        else:
            parts.append(re.escape(segment))
            literals += 1
    return re.compile("^" + "/".join(parts) + "$"), literals


class StartupError(Exception):
    """The host refuses to start, as the Functions host does for an unresolvable binding."""


def resolve_schedule(schedule: str, function_name: str, environ: Mapping[str, str] | None = None) -> str:
    """`%NAME%` is read from the app settings; an unset or empty setting is a start-up error."""
    m = _SETTING.match(schedule)
    if not m:
        return schedule
    value = (os.environ if environ is None else environ).get(m.group(1), "").strip()
    if not value:
        raise StartupError(f"The timer function {function_name} takes its schedule from the app setting "
                           f"{m.group(1)}, which is not set: add it to local.settings.json (see "
                           f"local.settings.sample.json)")
    return value


class FunctionHost:
    def __init__(self, app: func.FunctionApp, prefix: str = "api", environ: Mapping[str, str] | None = None):
        self.prefix = prefix.strip("/")
        self.http: list[HttpRoute] = []
        self.other: dict[str, Any] = {}
        self.timers: dict[str, str] = {}
        for f in index(app):
            trigger = f.trigger
            if trigger["type"] == "httpTrigger":
                pattern, literals = _compile(trigger.get("route") or f.name)
                methods = {m.upper() for m in (trigger.get("methods") or ["GET", "POST"])}
                self.http.append(HttpRoute(f.name, methods, pattern, literals, f.fn))
            else:
                self.other[f.name] = f.fn
                if trigger["type"] == "timerTrigger":
                    self.timers[f.name] = resolve_schedule(trigger["schedule"], f.name, environ)
        # Literal segments win over parameters, as in the Functions host's routing.
        self.http.sort(key=lambda r: -r.literal_segments)

    def dispatch(self, method: str, url: str, headers: dict[str, str],
                 body: bytes) -> tuple[int, dict[str, str], bytes]:
        parts = urlsplit(url)
        path = parts.path.strip("/")
        if path.startswith("admin/functions/") and method == "POST":
            return self._start(path.removeprefix("admin/functions/"))
        if (path == "docs" or path.startswith("docs/")) and method in ("GET", "HEAD"):
            from devtools.api_docs import docs

            return docs(path)
        if console.handles(path):
            return console.dispatch(method, parts.path.lstrip("/"), body)
        if not path.startswith(self.prefix + "/"):
            return _not_found()
        sub = path[len(self.prefix) + 1:]
        allowed: set[str] = set()
        for route in self.http:
            m = route.pattern.match(sub)
            if not m:
                continue
            if method not in route.methods:
                allowed |= route.methods
                continue
            # Blank values stay, as the Functions host passes them: `?format=` is not the default format.
            params = dict(parse_qsl(parts.query, keep_blank_values=True))
            req = func.HttpRequest(method, url, headers=headers, params=params, route_params=m.groupdict(), body=body)
            resp = route.fn(req)
            ctype = {"Content-Type": f"{resp.mimetype}; charset={resp.charset}"} if resp.mimetype else {}
            return resp.status_code, {**ctype, **dict(resp.headers)}, resp.get_body()
        if allowed:
            body_json = _problem(405, "Method not allowed", f"Use one of: {', '.join(sorted(allowed))}")
            return 405, {"Content-Type": "application/problem+json", "Allow": ", ".join(sorted(allowed))}, body_json
        return _not_found()

    def function_for(self, method: str, url: str) -> str:
        """The name of the function that `url` routes to, for logs ("-" when none)."""
        sub = urlsplit(url).path.strip("/").removeprefix(self.prefix + "/")
        return next((r.name for r in self.http if method in r.methods and r.pattern.match(sub)), "-")

    def _start(self, name: str) -> tuple[int, dict[str, str], bytes]:
        fn = self.other.get(name)
        if fn is None:
            return _not_found()
        threading.Thread(target=self.run_function, args=(name,), daemon=True).start()
        return 202, {}, b""

    def run_function(self, name: str) -> None:
        try:
            self.other[name](TimerRequest(past_due=False))
        except Exception:
            log.exception("function %s failed", name)

    def run_timers(self, stop: threading.Event) -> None:
        from croniter import croniter

        now = datetime.now(UTC)
        # Azure's NCRONTAB puts seconds first; croniter puts them last unless told.
        plans = {n: croniter(s, now, second_at_beginning=True) for n, s in self.timers.items()}
        upcoming = {n: c.get_next(datetime) for n, c in plans.items()}
        while not stop.wait(1.0):
            now = datetime.now(UTC)
            for name, at in list(upcoming.items()):
                if now >= at:
                    threading.Thread(target=self.run_function, args=(name,), daemon=True).start()
                    upcoming[name] = plans[name].get_next(datetime)


def _problem(status: int, title: str, detail: str) -> bytes:
    return json.dumps({"type": "about:blank", "title": title, "status": status, "detail": detail}).encode()


def _not_found() -> tuple[int, dict[str, str], bytes]:
    return 404, {"Content-Type": "application/problem+json"}, _problem(404, "Not found", "No such route")


def make_server(host: FunctionHost, address: str, port: int) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            url = f"http://{self.headers.get('Host', f'{address}:{port}')}{self.path}"
            started = time.perf_counter()
            status, headers, payload = host.dispatch(self.command, url, dict(self.headers.items()), body)
            # The function's name, never the raw path: a path can carry an e-mail address.
            log.info("%s %s -> %s (%.0f ms)", self.command, host.function_for(self.command, url), status,
                     (time.perf_counter() - started) * 1000)
            self.send_response(status)
            for k, v in headers.items():
                if k.lower() not in ("content-length", "transfer-encoding", "connection"):
                    self.send_header(k, v)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(payload)

        def __getattr__(self, name: str) -> Any:
            # Every method reaches the router (TRACE, OPTIONS, ...): it answers 405 where no route allows it.
            if name.startswith("do_"):
                return self._serve
            raise AttributeError(name)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # the line above logs without the query string, which may hold personal data

    server = ThreadingHTTPServer((address, port), Handler)
    server.daemon_threads = True
    return server


def serve(address: str = "127.0.0.1", port: int = 7071, timers: bool = True) -> None:
    from function_app import app

    try:
        host = FunctionHost(app)
    except StartupError as exc:
        raise SystemExit(f"privacy serve: {exc}") from None
    stop = threading.Event()
    if timers:
        threading.Thread(target=host.run_timers, args=(stop,), daemon=True).start()
    server = make_server(host, address, port)
    print(f"Serving {len(host.http)} HTTP functions on http://{address}:{server.server_port}/api "
          f"and {len(host.timers)} timers; the console at http://{address}:{server.server_port}/console/, "
          f"the API page at http://{address}:{server.server_port}/docs/", flush=True)
    try:
        server.serve_forever()
    finally:
        stop.set()
