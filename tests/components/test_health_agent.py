"""The default user data's health agent, run for real: the shallow check ignores the database,
the deep one fails (503) when the database does not accept connections.

This is the contract the load balancer and Route 53 rely on (docs/multiregion.md, "Health
checks"): the same endpoints a user's own app must serve.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from threading import Thread

import pytest

from hastack.components.user_data import HEALTH_AGENT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class App(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"hello")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def app_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), App)
    Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture
def database() -> Iterator[tuple[socket.socket, int]]:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    yield listener, listener.getsockname()[1]
    listener.close()


def start_agent(app_url: str, db_port: int) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    env = {
        **os.environ,
        "APP_URL": app_url,
        "DB_HOST": "127.0.0.1",
        "DB_PORT": str(db_port),
        "PORT": str(port),
        "CACHE_SECONDS": "0",
        "PROBE_TIMEOUT": "1",
    }
    agent = subprocess.Popen([sys.executable, str(HEALTH_AGENT)], env=env)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return agent, port
        except OSError:
            time.sleep(0.05)
    agent.kill()
    raise AssertionError("the health agent did not start within 10 s")


def get(port: int, path: str) -> tuple[int, dict[str, object]]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_deep_check_fails_when_the_database_is_gone_while_the_shallow_one_passes(
    app_url: str, database: tuple[socket.socket, int]
) -> None:
    listener, db_port = database
    agent, port = start_agent(app_url, db_port)
    try:
        assert get(port, "/health") == (200, {"status": "ok", "checks": {"app": "ok"}})
        assert get(port, "/health/deep") == (
            200,
            {"status": "ok", "checks": {"app": "ok", "database": "ok"}},
        )
        listener.close()  # the database dies
        status, body = get(port, "/health/deep")
        assert status == 503 and body["status"] == "fail"
        assert body["checks"]["app"] == "ok" and "Connection" in str(body["checks"]["database"])
        # the load balancer's check does not look at the database: no fleet-wide outage
        assert get(port, "/health") == (200, {"status": "ok", "checks": {"app": "ok"}})
        with pytest.raises(urllib.error.HTTPError, match="404"):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/elsewhere", timeout=5)
    finally:
        agent.kill()
        agent.wait(timeout=10)


def test_shallow_check_fails_when_the_app_does_not_answer(database) -> None:
    _, db_port = database
    agent, port = start_agent(f"http://127.0.0.1:{free_port()}/", db_port)
    try:
        status, body = get(port, "/health")
        assert status == 503 and body["checks"]["app"] != "ok"
    finally:
        agent.kill()
        agent.wait(timeout=10)
