"""Health endpoints of an instance, after the AWS Builders' Library "Implementing health checks".

- ``SHALLOW_PATH`` (default /health), for the load balancer: 200 when the app answers locally.
  It never looks at dependencies, so one database blip does not take every instance out of
  service at once.
- ``DEEP_PATH`` (default /health/deep), for the Route 53 regional check: 200 only when the app
  answers *and* the database accepts a connection; 503 otherwise, so a region whose database is
  gone fails over to the other region.

Each probe is bounded by ``PROBE_TIMEOUT`` seconds and its result is cached ``CACHE_SECONDS``,
so many checkers cost the database at most one connection per instance per interval. The body
is JSON naming each check and why it failed. Fail-open is left to the callers, which do it
already: a load balancer whose targets all fail routes to all of them, and Route 53 answers the
primary when both regions fail.
"""

import json
import os
import socket
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

APP_URL = os.environ.get("APP_URL", "http://127.0.0.1:80/")
DB_HOST = os.environ.get("DB_HOST", "")
DB_PORT = int(os.environ.get("DB_PORT") or 0)
SHALLOW_PATH = os.environ.get("SHALLOW_PATH", "/health")
DEEP_PATH = os.environ.get("DEEP_PATH", "/health/deep")
TIMEOUT = float(os.environ.get("PROBE_TIMEOUT", "2"))
CACHE_SECONDS = float(os.environ.get("CACHE_SECONDS", "5"))
_results: dict = {}


def app_problem() -> str:
    """'' when the app answers below 500 (a 404 on / still means it is serving)."""
    try:
        with urllib.request.urlopen(APP_URL, timeout=TIMEOUT):
            return ""
    except urllib.error.HTTPError as error:
        return "" if error.code < 500 else f"app answered {error.code}"


def database_problem() -> str:
    """'' when the database accepts a TCP connection (or there is no database)."""
    if not DB_HOST:
        return ""
    with socket.create_connection((DB_HOST, DB_PORT), timeout=TIMEOUT):
        return ""


def cached(name: str, probe) -> str:
    now = time.monotonic()
    hit = _results.get(name)
    if hit is not None and now - hit[0] < CACHE_SECONDS:
        return hit[1]
    try:
        problem = probe()
    except Exception as error:  # any failure of a probe is a failed check, never a crash
        problem = f"{type(error).__name__}: {error}"
    _results[name] = (now, problem)
    return problem


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == SHALLOW_PATH:
            checks = {"app": cached("app", app_problem)}
        elif path == DEEP_PATH:
            checks = {
                "app": cached("app", app_problem),
                "database": cached("database", database_problem),
            }
        else:
            self.send_error(404)
            return
        failed = any(checks.values())
        body = json.dumps(
            {
                "status": "fail" if failed else "ok",
                "checks": {name: problem or "ok" for name, problem in checks.items()},
            }
        ).encode()
        self.send_response(503 if failed else 200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:  # probes every few seconds: keep the journal quiet
        pass


def main() -> None:
    address = (os.environ.get("BIND", "127.0.0.1"), int(os.environ.get("PORT", "8082")))
    ThreadingHTTPServer(address, Handler).serve_forever()


if __name__ == "__main__":
    main()
