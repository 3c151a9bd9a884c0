"""The click-free parse of ``hastack synth`` is the click command's parse, or it steps aside."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest

from hastack.cli import console, fastpath, synth_run
from hastack.cli.main import cli
from hastack.cli.synth import synth
from tests.conftest import ROOT

WEBAPP = str(ROOT / "examples" / "webapp.py")


def test_the_tables_are_the_click_commands_options() -> None:
    options = [p for p in synth.params if isinstance(p, click.Option)]
    declared = {opt: (p.name, p.multiple) for p in options for opt in p.opts + p.secondary_opts}
    assert declared == fastpath.SYNTH_OPTIONS
    defaults = {p.name: (() if p.multiple else p.default) for p in options}
    assert defaults == fastpath.SYNTH_DEFAULTS
    choices = {p.name: tuple(p.type.choices) for p in options if isinstance(p.type, click.Choice)}
    assert choices == fastpath.SYNTH_CHOICES
    [argument] = [p for p in synth.params if isinstance(p, click.Argument)]
    assert argument.name == "app_target" and argument.required
    group = {o: p.name for p in cli.params for o in p.opts + p.secondary_opts}
    assert {o: n for o, n in group.items() if o != "--version"} == fastpath.GLOBAL_FLAGS


def _by_click(args: list[str], monkeypatch: pytest.MonkeyPatch) -> tuple[int, bool, dict]:
    seen: dict = {}
    monkeypatch.setattr(synth_run, "run", lambda app_target, **kw: seen.update(kw, app=app_target))
    monkeypatch.setattr(console, "SETTINGS", console._Settings())
    cli.main(args=args, prog_name="hastack", standalone_mode=False)
    app = seen.pop("app")
    return console.SETTINGS.verbosity, console.SETTINGS.debug, {"app_target": app, **seen}


PLAIN = [
    ["synth", "app.py"],
    ["synth", "app.py", "-o", "out"],
    ["synth", "-o", "out", "app.py", "--format", "yaml"],
    ["synth", "app.py", "--output=out", "--region", "eu-west-1", "--env", "prod"],
    ["synth", "app.py", "-c", "stacks=3", "--context", "a=b", "-c", "x=", "--stack", "s1"],
    ["synth", "app.py", "--stack", "s1", "--stack", "s2", "-o", "a", "-o", "b"],
    ["synth", "app.py", "-o", "-"],
    ["synth", "app.py", "--region="],
    ["-q", "synth", "app.py"],
    ["-v", "--verbose", "-vv", "synth", "app.py"],
    ["--debug", "-q", "-v", "synth", "app.py"],
]


@pytest.mark.parametrize("args", PLAIN, ids=" ".join)
def test_a_plain_invocation_parses_as_click_parses_it(
    args: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("HASTACK_DEBUG", raising=False)
    assert fastpath.parse_synth(args, {}) == _by_click(args, monkeypatch)


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["synth"],
        ["synth", "--help"],
        ["-h"],
        ["--version"],
        ["validate", "app.py"],
        ["synth", "app.py", "--format", "xml"],
        ["synth", "app.py", "--format", "JSON"],
        ["synth", "app.py", "-oout"],
        ["synth", "app.py", "-o=out"],
        ["synth", "app.py", "b.py"],
        ["synth", "app.py", "--bogus"],
        ["synth", "app.py", "--out", "x"],
        ["-vq", "synth", "app.py"],
        ["synth", "app.py", "-v"],
        ["synth", "app.py", "-o"],
        ["synth", "app.py", "-c", "-x"],
        ["synth", "--", "app.py"],
        ["synth", "-", "-o", "out"],
        ["synth", "app.py", "-o", "a-file"],
    ],
    ids=lambda a: " ".join(a) or "nothing",
)
def test_anything_else_is_left_to_click(
    args: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a-file").write_text("")
    assert fastpath.parse_synth(args, {}) is None


def test_hastack_debug_in_the_environment_is_left_to_click() -> None:
    assert fastpath.parse_synth(["synth", "app.py"], {}) is not None
    assert fastpath.parse_synth(["synth", "app.py"], {"HASTACK_DEBUG": "0"}) is None


def _synth(tmp_path: Path, name: str, *options: str) -> tuple[str, str, bytes, list[str]]:
    cwd = tmp_path / name
    cwd.mkdir()
    code = (
        "import sys\nfrom hastack.cli.main import main\n"
        f"try:\n    main(['synth', {WEBAPP!r}, *{list(options)!r}])\n"
        "except SystemExit as e:\n    assert e.code == 0, e.code\n"
        "print('click loaded' if 'click' in sys.modules else 'no click', file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd, timeout=120
    )
    template = (cwd / "out" / "webapp-dev.template.json").read_bytes()
    *stderr, loaded = done.stderr.splitlines()
    return done.stdout, "\n".join(stderr), template, [loaded]


def test_synth_without_click_prints_and_writes_what_it_does_under_click(tmp_path: Path) -> None:
    fast = _synth(tmp_path, "fast", "-o", "out")
    by_click = _synth(tmp_path, "click", "-oout")  # an attached value: click parses it
    assert fast[3] == ["no click"] and by_click[3] == ["click loaded"]
    assert fast[:3] == by_click[:3]
    assert "webapp-dev.template.json" in fast[0] and "warning: " in fast[1]
