"""Run as a script: index function_app exactly as the Azure Functions Python worker does, then call
every HTTP function once through azure.functions objects. Prints {function_name: status} as JSON.

The worker imports the script, takes its one FunctionRegister, calls get_functions() once, and
routes by the raw bindings it sends to the host. Nothing here has indexed the app before.
Input on stdin: {"tokens": {role: bearer token}}.
"""

from __future__ import annotations

import importlib
import json
import re
import sys

import azure.functions as func


def index_like_the_worker(module_name: str = "function_app") -> list[func.Function]:
    module = importlib.import_module(module_name)
    apps = [v for v in vars(module).values() if isinstance(v, func.FunctionRegister)]
    assert len(apps) == 1, "the worker refuses a script with no or several FunctionApps"
    return apps[0].get_functions()


def main() -> None:
    tokens = json.load(sys.stdin)["tokens"]
    from shared.http.routes import ROUTES

    statuses = {}
    for f in index_like_the_worker():
        bindings = [json.loads(b) for b in f.get_raw_bindings()]
        trigger = next(b for b in bindings if b["type"] == "httpTrigger") if bindings[0]["type"] == "httpTrigger" \
            else None
        if trigger is None:
            continue
        name, method = f.get_function_name(), trigger["methods"][0]
        route = ROUTES[name]
        role = next((r for r in ("Privacy.Officer", "Ops.Engineer", "Privacy.Subject")
                     if r in {str(x) for x in route.roles}), None)
        headers = {"Content-Type": "application/json"}
        if role:
            headers["Authorization"] = f"Bearer {tokens[role]}"
        path = re.sub(r"\{[^}]+\}", "1", trigger["route"])
        params = {p: "1" for p in re.findall(r"\{(\w+)[^}]*\}", trigger["route"])}
        req = func.HttpRequest(method, f"http://localhost/api/{path}", headers=headers, params={},
                               route_params=params, body=b"{}" if method in ("POST", "PUT", "PATCH") else b"")
        resp = f.get_user_function()(req)
        statuses[name] = {"status": resp.status_code, "mimetype": resp.mimetype,
                          "body": resp.get_body().decode("utf-8", "replace")[:300] if resp.status_code >= 500
                          else None}
    json.dump(statuses, sys.stdout)


if __name__ == "__main__":
    main()
