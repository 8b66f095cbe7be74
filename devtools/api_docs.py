"""The browsable API page of `privacy serve`: Swagger UI from node_modules (the swagger-ui-dist
package that `make install` installs), never from a CDN, over this host's /api/openapi.json."""

from __future__ import annotations

import mimetypes
from pathlib import Path

DIST = Path(__file__).resolve().parents[1] / "node_modules" / "swagger-ui-dist"
ASSETS = {"swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "favicon-32x32.png",
          "favicon-16x16.png", "oauth2-redirect.html", "oauth2-redirect.js"}
PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Incassotool privacy suite: API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css"><link rel="icon" href="/docs/favicon-32x32.png"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script><script src="/docs/swagger-ui-standalone-preset.js"></script>
<script>
window.ui = SwaggerUIBundle({url: "/api/openapi.json", dom_id: "#swagger-ui", deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: "StandaloneLayout"});
</script></body></html>
"""


def docs(sub: str) -> tuple[int, dict[str, str], bytes]:
    """GET /docs/ (the page) and its assets."""
    name = sub.removeprefix("docs").strip("/")
    if name in ("", "index.html"):
        if not (DIST / "swagger-ui-bundle.js").exists():
            return 503, {"Content-Type": "text/plain; charset=utf-8"}, b"Swagger UI is not installed: run make install"
        return 200, {"Content-Type": "text/html; charset=utf-8"}, PAGE.encode()
    if name not in ASSETS or not (DIST / name).exists():
        return 404, {"Content-Type": "text/plain; charset=utf-8"}, b"Not found"
    ctype = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return 200, {"Content-Type": ctype, "Cache-Control": "max-age=3600"}, (DIST / name).read_bytes()
