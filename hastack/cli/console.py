"""Output helpers: data on stdout, messages on stderr; rich only where a table needs it.

Under click (every command it parses) text goes through ``click.echo``, which finds the streams
its test runner swaps in and strips colour off a stream that is no terminal. ``hastack synth``
of an app runs without loading click (:mod:`hastack.cli.fastpath`): there the same bytes are
written directly, since colour is only ever added for a terminal (and then click is loaded to
style it, as before).
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, TextIO

from hastack.core.records import Record

if TYPE_CHECKING:
    from rich.console import Console


@dataclass(eq=False, repr=False)
class _Settings(Record):
    """What the global options (``-q``, ``-v``, ``--debug``) set for every command."""

    verbosity: int = 0
    """-1 quiet, 0 normal, 1+ verbose."""
    debug: bool = False


SETTINGS = _Settings()


def configure(*, verbosity: int | None = None, debug: bool | None = None) -> None:
    """Set from the global options (``-q``, ``-v``, ``--debug``)."""
    if verbosity is not None:
        SETTINGS.verbosity = verbosity
    if debug is not None:
        SETTINGS.debug = SETTINGS.debug or debug


def color() -> bool | None:
    """False when ``NO_COLOR`` is set (https://no-color.org); None lets click decide, which
    colours a terminal and never a pipe or a file."""
    return False if os.environ.get("NO_COLOR") else None


def paint(text: str, **style: Any) -> str:
    """``click.style`` unless colour is off; click also strips it on a stream that is no TTY."""
    if color() is False:
        return text
    import click

    return click.style(text, **style)


def _label(text: str, stream: TextIO, **style: Any) -> str:
    """``paint`` for a message bound for ``stream``: on a stream that is no terminal click would
    strip the colour again, so the plain text is the same bytes (and needs no click)."""
    if "click" not in sys.modules and not stream.isatty():
        return text
    return paint(text, **style)


def _echo(text: str, *, err: bool = False, nl: bool = True) -> None:
    if "click" in sys.modules:
        import click

        click.echo(text, err=err, nl=nl, color=color())
        return
    stream = sys.stderr if err else sys.stdout
    stream.write(text + "\n" if nl else text)
    stream.flush()


def show_traceback(error: BaseException) -> None:
    """With ``--debug``: the full traceback on stderr, the error's causes included (so an error
    in a user's app module shows that module's file and line)."""
    if SETTINGS.debug:
        text = "".join(traceback.format_exception(error))
        _echo(text, err=True, nl=False)


def info(text: str) -> None:
    """A progress or summary message on stderr, silenced by ``-q``."""
    if SETTINGS.verbosity >= 0:
        _echo(text, err=True)


def detail(text: str) -> None:
    """Only with ``-v``."""
    if SETTINGS.verbosity >= 1:
        _echo(text, err=True)


def out(text: str = "", *, nl: bool = True) -> None:
    _echo(text, nl=nl)


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
    _echo(text, err=True, nl=nl)


def warn(text: str) -> None:
    if SETTINGS.verbosity >= 0:
        _echo(_label("warning: ", sys.stderr, fg="yellow", bold=True) + text, err=True)


def fail(text: str) -> None:
    _echo(_label("error: ", sys.stderr, fg="red", bold=True) + text, err=True)


@cache
def _consoles() -> tuple[Console, Console]:
    from rich.console import Console

    no_color = color() is False  # rich reads NO_COLOR too; this also covers NO_COLOR=""
    return (
        Console(highlight=False, soft_wrap=False, no_color=no_color),
        Console(stderr=True, highlight=False, no_color=no_color, quiet=SETTINGS.verbosity < 0),
    )


def stdout_console() -> Console:
    """A rich console on stdout (rich looks the stream up per write, so CliRunner captures it)."""
    return _consoles()[0]


def stderr_console() -> Console:
    return _consoles()[1]
