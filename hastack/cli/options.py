"""Options shared by several commands (context, regions, formats)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from hastack.core.context import Context
from hastack.errors import UsageError

F = Callable[..., Any]


def context_options(func: F) -> F:
    """``-c KEY=VALUE`` and ``--env NAME``: the context an app file reads (see hastack.context)."""
    func = click.option(
        "-c",
        "--context",
        "context_pairs",
        multiple=True,
        metavar="KEY=VALUE",
        help="Context value for the app file (repeatable).",
    )(func)
    func = click.option(
        "--env",
        "env_name",
        metavar="NAME",
        default=None,
        help="Environment name for the app file (app.context.env).",
    )(func)
    return func


def build_context(context_pairs: tuple[str, ...], env_name: str | None) -> Any:
    return Context.from_pairs(context_pairs, env_name)


def parse_pairs(pairs: tuple[str, ...], option: str) -> dict[str, str]:
    """``KEY=VALUE`` strings as a dict; anything else is a usage error naming the option."""
    values: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"{option} {pair!r}: expected KEY=VALUE")
        values[key.strip()] = value
    return values


def format_option(help_text: str) -> Callable[[F], F]:
    """``--format text|json`` (default text), passed to the command as ``fmt``."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help=help_text,
    )


def stack_option(func: F) -> F:
    return click.option(
        "--stack",
        "stack_names",
        multiple=True,
        metavar="NAME",
        help="Only this stack of the app (repeatable).",
    )(func)
