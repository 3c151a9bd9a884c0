"""``hastack synth APP ...`` parsed without loading click.

Importing click costs a synth process about as much CPU as building a web-app stack (click
loads ``uuid``, ``platform``, ``gettext`` and ``locale`` with it), and synth runs on every
change. This module recognises the plain invocations of synth (global ``-q``/``-v``/``--debug``,
then ``synth``, one APP and the command's options, each spelled exactly as ``hastack synth
--help`` shows it) and returns what click would pass to the command. Anything else (help, a
typo, a missing value, a bad choice, an output path that is a file, the ``HASTACK_DEBUG``
variable, attached short values such as ``-oDIR``) returns None and click parses it, so every
message and error is click's. tests/cli/test_fastpath.py checks that the tables below are the
click command's options and that both parsers give the same values.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

GLOBAL_FLAGS = {
    "-v": "verbose",
    "--verbose": "verbose",
    "-q": "quiet",
    "--quiet": "quiet",
    "--debug": "debug",
}
"""The group's options before the command name (``-v`` counts)."""

SYNTH_OPTIONS: dict[str, tuple[str, bool]] = {
    "-o": ("output_dir", False),
    "--output": ("output_dir", False),
    "--region": ("region", False),
    "--format": ("fmt", False),
    "--stack": ("stack_names", True),
    "-c": ("context_pairs", True),
    "--context": ("context_pairs", True),
    "--env": ("env_name", False),
}
"""Option -> (parameter, repeatable) of ``hastack synth``; a repeated single option keeps the
last value, as click does."""

SYNTH_DEFAULTS: dict[str, Any] = {
    "output_dir": "hastack.out",
    "region": None,
    "fmt": "json",
    "stack_names": (),
    "context_pairs": (),
    "env_name": None,
}

SYNTH_CHOICES = {"fmt": ("json", "yaml")}


def parse_synth(
    args: Sequence[str], environ: Mapping[str, str] = os.environ
) -> tuple[int, bool, dict[str, Any]] | None:
    """(verbosity, debug, the command's keyword arguments) of a plain synth invocation, or None
    when click must parse ``args``."""
    if "HASTACK_DEBUG" in environ:
        return None  # click reads it as a boolean with its own spellings
    verbose, quiet, debug = 0, False, False
    position = 0
    while position < len(args) and args[position].startswith("-"):
        flag = args[position]
        name = GLOBAL_FLAGS.get(flag)
        if name is None and len(flag) > 2 and flag[0] == "-" and set(flag[1:]) == {"v"}:
            verbose += len(flag) - 1  # -vv
        elif name == "verbose":
            verbose += 1
        elif name == "quiet":
            quiet = True
        elif name == "debug":
            debug = True
        else:
            return None
        position += 1
    if args[position : position + 1] != ["synth"]:
        return None
    params = dict(SYNTH_DEFAULTS)
    repeated: dict[str, list[str]] = {}
    app: str | None = None
    rest = list(args[position + 1 :])
    while rest:
        token = rest.pop(0)
        if not token.startswith("-"):
            if app is not None:
                return None  # click: unexpected extra argument
            app = token
            continue
        option, has_value, value = token.partition("=")
        if not option.startswith("--"):
            option, has_value, value = token, "", ""
        spec = SYNTH_OPTIONS.get(option)
        if spec is None:
            return None  # help, "-", "--", a typo, -oDIR: click's to parse or explain
        if not has_value:
            if not rest or (rest[0].startswith("-") and rest[0] != "-"):
                return None  # click would take it as the value; rarely what was meant
            value = rest.pop(0)
        name, repeatable = spec
        if repeatable:
            repeated.setdefault(name, []).append(value)
        else:
            params[name] = value
    if app is None:
        return None
    params.update({name: tuple(values) for name, values in repeated.items()})
    for name, allowed in SYNTH_CHOICES.items():
        if params[name] not in allowed:
            return None
    output = params["output_dir"]
    if output != "-" and os.path.exists(output):
        if not os.path.isdir(output) or not os.access(output, os.R_OK):
            return None  # click.Path(file_okay=False) explains
    return (-1 if quiet else verbose), debug, {"app_target": app, **params}
