"""In-process HTTP calls through the same host and routing that `privacy serve` uses."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from devtools.host import FunctionHost
from tests.support.identity import Issuer

ROOT = Path(__file__).resolve().parents[2]


def sample_settings() -> dict[str, str]:
    """The app settings of local.settings.sample.json, which `make run` copies: the schedules among them."""
    return json.loads((ROOT / "local.settings.sample.json").read_text())["Values"]


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers.items() if k.lower() == name.lower()), None)


class Client:
    def __init__(self, host: FunctionHost, issuer: Issuer):
        self.host, self.issuer = host, issuer

    def request(self, method: str, path: str, *, role: str | None = None, json_body: Any = None,
                body: bytes | None = None, params: dict[str, Any] | None = None,
                headers: dict[str, str] | None = None, **claims: Any) -> Response:
        hdrs = dict(headers or {})
        if role is not None:
            hdrs.update(self.issuer.headers(role, **claims))
        if json_body is not None:
            body = json.dumps(json_body).encode()
            hdrs.setdefault("Content-Type", "application/json")
        url = f"http://127.0.0.1/api/{path.lstrip('/')}"
        if params:
            url += "?" + urlencode(params)
        status, rheaders, payload = self.host.dispatch(method, url, hdrs, body or b"")
        return Response(status, rheaders, payload)

    def get(self, path: str, **kw: Any) -> Response:
        return self.request("GET", path, **kw)

    def post(self, path: str, json_body: Any = None, **kw: Any) -> Response:
        return self.request("POST", path, json_body=json_body if json_body is not None else {}, **kw)

    def put(self, path: str, json_body: Any = None, **kw: Any) -> Response:
        return self.request("PUT", path, json_body=json_body, **kw)

    def patch(self, path: str, json_body: Any = None, **kw: Any) -> Response:
        return self.request("PATCH", path, json_body=json_body, **kw)

    def delete(self, path: str, **kw: Any) -> Response:
        return self.request("DELETE", path, **kw)
