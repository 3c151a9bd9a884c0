"""``hastack local serve``: keep a local emulator running for other tools (AWS CLI, SDKs, tests)."""

from __future__ import annotations

import json
import signal
import threading
from collections.abc import Callable
from types import FrameType
from typing import Any

import click

from hastack.cli.console import err, out
from hastack.cli.exit_codes import ExitCode
from hastack.core.regions import DEFAULT_REGION
from hastack.local import LocalEngine


@click.group()
def local() -> None:
    """Run the local emulator (hastack's CloudFormation engine in front of moto's services)."""


@local.command()
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=0,
    show_default="a free port",
    help="Port to listen on (0 picks a free one).",
)
@click.option("--region", default=DEFAULT_REGION, show_default=True, help="Region of the emulator.")
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to bind (keep it local)."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["shell", "json"]),
    default="shell",
    show_default=True,
    help="shell: export lines to paste; json: endpoint and env for tools.",
)
@click.option(
    "--placeholders",
    is_flag=True,
    help="Deploy resource types the emulator does not emulate as placeholders (each named in "
    "its stack events) instead of failing them.",
)
@click.option(
    "--asynchronous",
    is_flag=True,
    help="Answer stack requests at once and run the operation in the background, as AWS does "
    "(default: a request returns when its operation ends).",
)
def serve(
    *, port: int, region: str, host: str, fmt: str, placeholders: bool, asynchronous: bool
) -> int:
    """Start the emulator and keep it running until Ctrl-C.

    Prints the environment that points the AWS CLI and SDKs at it (endpoint URL, dummy keys,
    region) on stdout; state lives in memory and is gone when it stops.
    """

    emulator = LocalEngine(
        region=region,
        port=port or None,
        host=host,
        placeholders=placeholders,
        asynchronous=asynchronous,
    ).start()
    stop = threading.Event()
    previous = _on_signals(lambda *_: stop.set())
    try:
        _print_environment(emulator, fmt)
        err(
            f"local emulator listening on {emulator.endpoint_url} (region {region}); "
            "press Ctrl-C to stop"
        )
        if placeholders:
            err(
                "--placeholders: resource types that are not emulated deploy as placeholders "
                "with nothing behind them; their stack events say so"
            )
        while not stop.wait(0.5):
            pass
    finally:
        _restore_signals(previous)
        emulator.stop()
    err("local emulator stopped")
    return ExitCode.OK


def _print_environment(emulator: Any, fmt: str) -> None:
    env = emulator.env()
    if fmt == "json":
        out(
            json.dumps(
                {"endpoint_url": emulator.endpoint_url, "region": emulator.region, "env": env},
                sort_keys=True,
            )
        )
        return
    for name, value in env.items():
        out(f"export {name}={value}")


_Handler = Callable[[int, FrameType | None], Any] | int | signal.Handlers | None
"""What ``signal.signal`` takes and gives back: a function, SIG_DFL/SIG_IGN, or None."""


def _on_signals(handler: _Handler) -> dict[int, _Handler]:
    """Ctrl-C and SIGTERM stop the server cleanly (exit 0: stopping it is the normal end)."""
    previous: dict[int, _Handler] = {}
    for number in (signal.SIGINT, signal.SIGTERM):
        previous[number] = signal.signal(number, handler)
    return previous


def _restore_signals(previous: dict[int, _Handler]) -> None:
    for number, handler in previous.items():
        signal.signal(number, handler)
