"""mypy over hastack and blueprints: no error beyond .ci/mypy-baseline.txt (which only shrinks).

core, template and cost are checked strictly (pyproject.toml). ``make typecheck`` runs the same
check and says which baseline entries are fixed; ``.ci/typecheck.py --update`` drops them.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_py_typed_ships_with_the_package() -> None:
    assert (ROOT / "hastack" / "py.typed").is_file()
    assert '"py.typed"' in (ROOT / "pyproject.toml").read_text()


def test_mypy_finds_no_error_beyond_the_baseline() -> None:
    if importlib.util.find_spec("mypy") is None:
        if os.environ.get("HASTACK_REQUIRE_MYPY"):
            pytest.fail("mypy is not installed but CI requires it (the dev extra installs it)")
        pytest.skip("mypy is not installed in this venv: make .venv/.installed adds it")
    run = subprocess.run(
        [sys.executable, str(ROOT / ".ci" / "typecheck.py")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=280,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
