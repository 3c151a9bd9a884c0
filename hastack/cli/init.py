"""``hastack init``: scaffold a new project (app, test, CI workflow, .gitignore)."""

from __future__ import annotations

import click

from hastack.cli.console import out
from hastack.cli.exit_codes import ExitCode
from hastack.scaffold import init_project


@click.command()
@click.argument("folder", default=".", metavar="[FOLDER]")
@click.option("--name", default=None, help="Project name (default: the folder's name).")
@click.option("--force", is_flag=True, help="Replace files that already exist.")
def init(folder: str, *, name: str | None, force: bool) -> int:
    """Create app.py (an HAWebApp), tests/test_app.py, a GitHub workflow using hastack's action,
    a .gitignore and a README in FOLDER. The project passes its own tests right away."""
    done = init_project(folder, name, force=force)
    for path in done.written:
        out(f"wrote {path}")
    out(f"next: cd {done.folder} && hastack validate app.py && pytest -q")
    return ExitCode.OK
