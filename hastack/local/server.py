"""The local cloud: one HTTP endpoint where ``cloudformation`` requests reach hastack's engine
and every other service reaches moto's own server application, unmodified.

``LocalEngine`` is what ``hastack deploy --local``, ``hastack local serve``, the drills and the
pytest fixtures run. Importing this module is cheap; moto and boto3 load in ``start()`` and
``client()``.
"""

from __future__ import annotations

import errno
import functools
import io
import logging
import re
import socket
import threading
from collections.abc import Callable, Iterable
from types import TracebackType
from typing import Any

from hastack.core.regions import DEFAULT_REGION
from hastack.errors import UsageError
from hastack.local import rds_global
from hastack.local.errors import CfnError, EngineError, PortInUseError
from hastack.local.protocol import parse_request, render_error, render_result, request_id
from hastack.local.service import CloudFormation

DUMMY_ACCESS_KEY_ID = "testing"
"""Fixed dummy credentials: moto accepts any key and maps it to account 123456789012."""
DUMMY_SECRET_ACCESS_KEY = "testing"

_SCOPE = re.compile(r"Credential=[^/]+/\d{8}/([^/]+)/([^/]+)/aws4_request")
_log = logging.getLogger("hastack.local")


def check_region(region: str) -> None:
    """Refuse a region name AWS does not have, before anything starts (a typo would otherwise
    give an engine whose zones and endpoints belong to no real region)."""
    known = _known_regions()
    if region not in known:
        close = sorted(r for r in known if r.split("-")[0] == region.split("-")[0]) or sorted(known)
        raise UsageError(
            f"region: unknown region {region!r}; expected one such as {', '.join(close[:8])}"
        )


@functools.cache
def _known_regions() -> tuple[str, ...]:
    """EC2's regions in botocore's endpoint data (read alone: ``get_available_regions`` would
    also load EC2's whole service model, a few tenths of a second)."""
    import botocore.session
    from botocore.regions import EndpointResolver

    resolver = EndpointResolver(botocore.session.get_session().get_data("endpoints"))
    return tuple(
        name
        for partition in ("aws", "aws-cn", "aws-us-gov")
        for name in resolver.get_available_endpoints("ec2", partition)
    )


class Router:
    """The WSGI application: CloudFormation to the engine, the rest to moto's app."""

    def __init__(
        self, cfn: CloudFormation, moto_app: Callable[..., Iterable[bytes]], default_region: str
    ) -> None:
        self.cfn = cfn
        self.moto_app = moto_app
        self.default_region = default_region

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        scope = _SCOPE.search(environ.get("HTTP_AUTHORIZATION", ""))
        if scope is not None and scope.group(2) == "cloudformation":
            return self.serve_cloudformation(environ, start_response, scope.group(1))
        if scope is not None and scope.group(2) == "rds":
            form = _peek_form(environ)
            if form.get("Action") in rds_global.ACTIONS:
                return self.serve_rds_global(form, start_response)
        if (
            environ.get("PATH_INFO") == "/moto-api/reset"
            and environ.get("REQUEST_METHOD") == "POST"
        ):
            self.cfn.reset()
        return self.moto_app(environ, start_response)

    def serve_cloudformation(
        self, environ: dict[str, Any], start_response: Callable[..., Any], region: str
    ) -> Iterable[bytes]:
        from moto.core.models import DEFAULT_ACCOUNT_ID
        from werkzeug.wrappers import Request

        rid = request_id()
        request = Request(environ)
        form = {k: v for k, v in request.values.items()}
        action = form.get("Action", "")
        try:
            params = parse_request(action, form)
            result = self.cfn.call(action, params, DEFAULT_ACCOUNT_ID, region)
            body, status = render_result(action, result, rid), 200
        except CfnError as error:
            body, status = render_error(error, rid), error.status
        except Exception as error:  # noqa: BLE001 - an engine bug: say so, AWS-style
            body, status = _internal_failure("CloudFormation", action, error, rid), 500
        return _respond(start_response, body, status, rid)

    def serve_rds_global(
        self, form: dict[str, str], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        """The global-database actions moto's RDS lacks (``hastack.local.rds_global``)."""
        from moto.core.models import DEFAULT_ACCOUNT_ID

        rid = request_id()
        try:
            body = rds_global.serve(form["Action"], form, DEFAULT_ACCOUNT_ID, rid)
            status = 200
        except CfnError as error:
            body, status = render_error(error, rid), error.status
        except Exception as error:  # noqa: BLE001 - a moto refusal or an engine bug: AWS-style
            body, status = _internal_failure("RDS", form["Action"], error, rid), 500
        return _respond(start_response, body, status, rid)


def _internal_failure(service: str, action: str, error: Exception, rid: str) -> str:
    """An unexpected exception as AWS's InternalFailure error document (logged with its
    traceback), so a client gets a parseable error instead of a dropped connection."""
    _log.exception("%s %s failed", service, action)
    failure = CfnError("InternalFailure", f"the local engine failed: {error}", 500)
    return render_error(failure, rid)


def _respond(
    start_response: Callable[..., Any], body: str, status: int, rid: str
) -> Iterable[bytes]:
    data = body.encode()
    start_response(
        f"{status} {'OK' if status == 200 else 'Error'}",
        [
            ("Content-Type", "text/xml"),
            ("Content-Length", str(len(data))),
            ("x-amzn-RequestId", rid),
        ],
    )
    return [data]


def _peek_form(environ: dict[str, Any]) -> dict[str, str]:
    """The query parameters of a form-encoded request, leaving its body readable for moto."""
    from urllib.parse import parse_qsl

    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = environ["wsgi.input"].read(length) if length else b""
    environ["wsgi.input"] = io.BytesIO(body)
    pairs = parse_qsl(environ.get("QUERY_STRING", "")) + parse_qsl(body.decode(errors="replace"))
    return dict(pairs)


class LocalEngine:
    """A local cloud on ``host:port`` (a free port when ``port`` is None): hastack's
    CloudFormation engine in front of moto's services, boto3 clients pointed at it.

    Use it as a context manager, or call ``start()`` and ``stop()``. Resources live in moto's
    backends, which are process-wide, so two engines in one process share them; each engine
    keeps its own stacks.

    ``placeholders``: resource types the engine does not emulate deploy as placeholders
    (named in their events) instead of failing. ``resource_delay``: seconds each resource
    action takes, and ``resource_hook(stack, logical_id, action)``: called before each one (it
    may hold it), to rehearse what happens while an operation runs. ``asynchronous``: stack
    requests return at once and the operation runs in the background, as on AWS (by default a
    request returns when its operation ends).
    """

    def __init__(
        self,
        region: str = DEFAULT_REGION,
        port: int | None = None,
        host: str = "127.0.0.1",
        *,
        placeholders: bool = False,
        resource_delay: float = 0.0,
        resource_hook: Callable[[str, str, str], None] | None = None,
        asynchronous: bool = False,
    ) -> None:
        if port is not None and not 0 <= port <= 65535:
            raise UsageError(f"port: must be 0..65535 (0 or none picks a free port), got {port}")
        if not region or not isinstance(region, str):
            raise UsageError(f"region: expected a region name such as us-east-1, got {region!r}")
        self.region = region
        self.host = host
        self.cloudformation = CloudFormation(
            placeholders=placeholders,
            resource_delay=resource_delay,
            resource_hook=resource_hook,
            asynchronous=asynchronous,
        )
        self._requested_port = port or 0
        self._server: Any = None
        self._thread: threading.Thread | None = None
        self._port: int | None = None

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> LocalEngine:
        """Bind the port (an error here names it) and serve in a daemon thread."""
        if self._server is not None:
            return self
        check_region(self.region)
        from moto.moto_server.werkzeug_app import (
            DomainDispatcherApplication,
            MotoRequestHandler,
            create_backend_app,
        )
        from werkzeug.serving import make_server

        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # a deploy makes hundreds
        self._check_bindable()
        app = Router(
            self.cloudformation, DomainDispatcherApplication(create_backend_app), self.region
        )
        try:
            server = make_server(
                self.host, self._requested_port, app, True, request_handler=MotoRequestHandler
            )
        except OSError as error:
            raise self._bind_error(error) from None
        except SystemExit:  # werkzeug exits when the port is taken on some platforms
            raise PortInUseError(
                f"port: cannot start the local emulator on {self.host}:{self._requested_port}: "
                "port in use (choose another --port, or omit it for a free one)"
            ) from None
        self._server = server
        self._port = int(server.server_address[1])
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},  # stop() waits up to one interval (default 0.5 s)
            name="hastack-local-engine",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Shut the server down and join its thread; a second call does nothing."""
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    def __enter__(self) -> LocalEngine:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def _check_bindable(self) -> None:
        """Bind as werkzeug will (SO_REUSEADDR), so a taken port or a bad host fails here,
        quietly (werkzeug prints to stderr and exits)."""
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind((self.host, self._requested_port))
            except OSError as error:
                raise self._bind_error(error) from None

    def _bind_error(self, error: OSError) -> UsageError:
        """Name the option to change: --host for an address this machine does not have."""
        detail = error.strerror or str(error)
        if isinstance(error, socket.gaierror) or error.errno == errno.EADDRNOTAVAIL:
            return UsageError(
                f"host: cannot listen on {self.host!r}: {detail} (use an address of this "
                "machine, such as 127.0.0.1)"
            )
        return PortInUseError(
            f"port: cannot start the local emulator on {self.host}:{self._requested_port}: "
            f"{detail} (choose another --port, or omit it for a free one)"
        )

    @property
    def running(self) -> bool:
        return self._server is not None

    # -- addressing ------------------------------------------------------------------------

    @property
    def port(self) -> int:
        if self._port is None:
            raise EngineError("the local emulator is not started: call start() first")
        return self._port

    @property
    def endpoint_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def env(self) -> dict[str, str]:
        """Environment variables that point the AWS CLI, boto3 and SDKs at this engine."""
        return {
            "AWS_ENDPOINT_URL": self.endpoint_url,
            "AWS_ACCESS_KEY_ID": DUMMY_ACCESS_KEY_ID,
            "AWS_SECRET_ACCESS_KEY": DUMMY_SECRET_ACCESS_KEY,
            "AWS_DEFAULT_REGION": self.region,
        }

    def client(self, service: str, region: str | None = None) -> Any:
        """A boto3 client for ``service`` on this engine, with the dummy credentials.

        It uses its own botocore session, so the user's profile, config file and ``AWS_*``
        variables cannot send it to real AWS.
        """
        import boto3
        from botocore.config import Config

        session = boto3.session.Session(
            aws_access_key_id=DUMMY_ACCESS_KEY_ID,
            aws_secret_access_key=DUMMY_SECRET_ACCESS_KEY,
            region_name=region or self.region,
        )
        return session.client(
            service,
            endpoint_url=self.endpoint_url,
            config=Config(
                retries={"max_attempts": 2, "mode": "standard"}, s3={"addressing_style": "path"}
            ),
        )

    def reset(self) -> None:
        """Forget every stack and every resource in every service (``POST /moto-api/reset``)."""
        import urllib.request

        request = urllib.request.Request(f"{self.endpoint_url}/moto-api/reset", method="POST")
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - local URL
            if response.status != 200:
                raise EngineError(f"local emulator reset failed: HTTP {response.status}")

    def __repr__(self) -> str:
        where = self.endpoint_url if self.running else "stopped"
        return f"LocalEngine(region={self.region!r}, {where})"
