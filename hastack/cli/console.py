"""Output helpers: data on stdout, messages on stderr; rich only where a table needs it."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from rich.console import Console


def out(text: str = "", *, nl: bool = True) -> None:
    click.echo(text, nl=nl)


def out_json(data: object) -> None:
    """``data`` as indented JSON with sorted keys on stdout."""
    out(json.dumps(data, indent=2, sort_keys=True))


def out_report(fmt: str, report: Any, text: Callable[[], str]) -> None:
    """A report on stdout: ``report.to_dict()`` as JSON for ``--format json``, else ``text()``
    as it is (it ends with its own newline)."""
    if fmt == "json":
        out_json(report.to_dict())
    else:
        out(text(), nl=False)


def err(text: str = "", *, nl: bool = True) -> None:
    click.echo(text, err=True, nl=nl)


def warn(text: str) -> None:
    click.echo(click.style("warning: ", fg="yellow", bold=True) + text, err=True)


def fail(text: str) -> None:
    click.echo(click.style("error: ", fg="red", bold=True) + text, err=True)


@cache
def _consoles() -> tuple[Console, Console]:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False), Console(stderr=True, highlight=False)


def stdout_console() -> Console:
    """A rich console on stdout (rich looks the stream up per write, so CliRunner captures it)."""
    return _consoles()[0]


def stderr_console() -> Console:
    return _consoles()[1]
