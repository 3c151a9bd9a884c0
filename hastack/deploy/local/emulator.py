"""An in-process moto server that behaves enough like AWS to deploy hastack's stacks.

``LocalEmulator`` is what ``hastack deploy --local``, ``hastack local serve`` and the
``local_cloud`` pytest fixture run. Importing this module is cheap; moto (0.35 s) and boto3 are
imported by ``start()`` and ``client()`` only.
"""

from __future__ import annotations

import errno
import functools
import logging
import socket
import threading
from types import TracebackType
from typing import Any

from hastack.core.regions import DEFAULT_REGION
from hastack.errors import HastackError, UsageError

DUMMY_ACCESS_KEY_ID = "testing"
"""Fixed dummy credentials: moto accepts any key and maps it to account 123456789012."""
DUMMY_SECRET_ACCESS_KEY = "testing"


class EmulatorError(HastackError):
    """The emulator could not start or answer (exit 1: the job failed, the input was fine)."""

    exit_code = 1


class PortInUseError(UsageError):
    """The port asked for is taken (exit 2: choose another one, or let the emulator pick)."""


def check_region(region: str) -> None:
    """Refuse a region name AWS does not have, before anything starts (a typo would otherwise
    give an emulator whose zones and endpoints belong to no real region)."""
    known = _known_regions()
    if region not in known:
        close = sorted(r for r in known if r.split("-")[0] == region.split("-")[0]) or sorted(known)
        raise UsageError(
            f"region: unknown region {region!r}; expected one such as {', '.join(close[:8])}"
        )


@functools.cache
def _known_regions() -> tuple[str, ...]:
    import botocore.session

    session = botocore.session.get_session()
    return tuple(
        name
        for partition in ("aws", "aws-cn", "aws-us-gov")
        for name in session.get_available_regions("ec2", partition_name=partition)
    )


class LocalEmulator:
    """A moto server on ``host:port`` (a free port when ``port`` is None), with hastack's
    CloudFormation compatibility handlers registered, and boto3 clients pointed at it.

    Use it as a context manager, or call ``start()`` and ``stop()``. State lives in the
    process (moto's backends are module globals), so two emulators in one process share it.
    """

    def __init__(
        self, region: str = DEFAULT_REGION, port: int | None = None, host: str = "127.0.0.1"
    ) -> None:
        if port is not None and not 0 <= port <= 65535:
            raise UsageError(f"port: must be 0..65535 (0 or none picks a free port), got {port}")
        if not region or not isinstance(region, str):
            raise UsageError(f"region: expected a region name such as us-east-1, got {region!r}")
        self.region = region
        self.host = host
        self._requested_port = port or 0
        self._server: Any = None
        self._port: int | None = None

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> LocalEmulator:
        """Bind the port (an error here names it), serve in a daemon thread, register handlers."""
        if self._server is not None:
            return self
        check_region(self.region)
        from hastack.deploy.local.compat import install

        install()
        server = _BoundMotoServer(self.host, self._requested_port)
        server.start()
        self._server = server
        self._port = server.get_host_and_port()[1]
        return self

    def stop(self) -> None:
        """Shut the server down and join its thread; a second call does nothing."""
        server, self._server = self._server, None
        if server is not None:
            server.stop()

    def __enter__(self) -> LocalEmulator:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        return self._server is not None

    # -- addressing ------------------------------------------------------------------------

    @property
    def port(self) -> int:
        if self._port is None:
            raise EmulatorError("the local emulator is not started: call start() first")
        return self._port

    @property
    def endpoint_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def env(self) -> dict[str, str]:
        """Environment variables that point the AWS CLI, boto3 and SDKs at this emulator."""
        return {
            "AWS_ENDPOINT_URL": self.endpoint_url,
            "AWS_ACCESS_KEY_ID": DUMMY_ACCESS_KEY_ID,
            "AWS_SECRET_ACCESS_KEY": DUMMY_SECRET_ACCESS_KEY,
            "AWS_DEFAULT_REGION": self.region,
        }

    def client(self, service: str, region: str | None = None) -> Any:
        """A boto3 client for ``service`` on this emulator, with the dummy credentials.

        It uses its own botocore session, so the user's profile, config file and
        ``AWS_*`` variables cannot send it to real AWS.
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
        """Forget every resource in every service (``POST /moto-api/reset``)."""
        import urllib.request

        request = urllib.request.Request(f"{self.endpoint_url}/moto-api/reset", method="POST")
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - local URL
            if response.status != 200:
                raise EmulatorError(f"emulator reset failed: HTTP {response.status}")

    def __repr__(self) -> str:
        where = self.endpoint_url if self.running else "stopped"
        return f"LocalEmulator(region={self.region!r}, {where})"


class _BoundMotoServer:
    """moto's ``ThreadedMotoServer``, but binding the socket in the caller's thread.

    moto binds inside its server thread, so a port in use kills that thread and ``start()``
    waits forever. Binding first turns it into an immediate, readable error.
    """

    def __init__(self, host: str, port: int) -> None:
        self._host = host
        self._port = port
        self._server: Any = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        from moto.moto_server.werkzeug_app import (
            DomainDispatcherApplication,
            MotoRequestHandler,
            create_backend_app,
        )
        from werkzeug.serving import make_server

        _quiet_request_log()
        self._check_bindable()
        app = DomainDispatcherApplication(create_backend_app)
        try:
            self._server = make_server(
                self._host, self._port, app, True, request_handler=MotoRequestHandler
            )
        except OSError as error:
            raise self._bind_error(error) from None
        except SystemExit:  # werkzeug exits when the port is taken on some platforms
            raise PortInUseError(
                f"port: cannot start the local emulator on {self._host}:{self._port}: port in "
                "use (choose another --port, or omit it for a free one)"
            ) from None
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},  # stop() waits up to one interval (default 0.5 s)
            name="hastack-local-emulator",
            daemon=True,
        )
        self._thread.start()

    def _check_bindable(self) -> None:
        """Bind as werkzeug will (SO_REUSEADDR), so a taken port or a bad host fails here,
        quietly (werkzeug prints to stderr and exits)."""
        family = socket.AF_INET6 if ":" in self._host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind((self._host, self._port))
            except OSError as error:
                raise self._bind_error(error) from None

    def _bind_error(self, error: OSError) -> UsageError:
        """Name the option to change: --host for an address this machine does not have."""
        detail = error.strerror or str(error)
        if isinstance(error, socket.gaierror) or error.errno == errno.EADDRNOTAVAIL:
            return UsageError(
                f"host: cannot listen on {self._host!r}: {detail} (use an address of this "
                "machine, such as 127.0.0.1)"
            )
        return PortInUseError(
            f"port: cannot start the local emulator on {self._host}:{self._port}: {detail} "
            "(choose another --port, or omit it for a free one)"
        )

    def get_host_and_port(self) -> tuple[str, int]:
        host, port = self._server.server_address[:2]
        return str(host), int(port)

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=10)


def _quiet_request_log() -> None:
    """werkzeug logs every request at INFO; a deploy makes hundreds."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
