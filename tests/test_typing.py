"""mypy over hastack and blueprints: no error beyond .ci/mypy-baseline.txt (which only shrinks).

The whole tree is checked strictly (pyproject.toml). ``make typecheck`` runs the same check and
says which baseline entries are fixed; ``.ci/typecheck.py --update`` drops them. The comparison
itself is tested on synthetic mypy output, so a new error anywhere is known to fail CI without
waiting for one.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _typecheck() -> ModuleType:
    spec = importlib.util.spec_from_file_location("typecheck", ROOT / ".ci" / "typecheck.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks its module up while being built
    spec.loader.exec_module(module)
    return module


OLD = 'hastack/analysis/topology.py:12: error: Name "x" is not defined  [name-defined]'
"""A baseline entry, as mypy prints it (the baseline drops the line number)."""


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


@pytest.mark.parametrize(
    "where",
    ["hastack/core/stack.py", "hastack/analysis/failures.py", "hastack/validate/rules/X.py",
     "hastack/local/service.py", "blueprints/webapp.py"],
)  # fmt: skip
def test_a_new_error_anywhere_fails(
    where: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    typecheck = _typecheck()
    baseline = tmp_path / "baseline.txt"
    baseline.write_text('hastack/analysis/topology.py: name-defined: Name "x" is not defined\n')
    output = f"{OLD}\n{where}:7:5: error: Missing return statement  [return]\n"
    assert typecheck.main([], mypy=lambda: output, baseline_file=baseline) == 1
    assert f"{where}: return: Missing return statement" in capsys.readouterr().out


def test_the_baseline_passes_moves_with_edits_and_only_shrinks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    typecheck = _typecheck()
    baseline = tmp_path / "baseline.txt"
    entry = 'hastack/analysis/topology.py: name-defined: Name "x" is not defined\n'
    baseline.write_text(entry * 2)
    moved = OLD.replace(":12:", ":40:")
    assert typecheck.main([], mypy=lambda: f"{OLD}\n{moved}\n", baseline_file=baseline) == 0
    # one of the two is fixed: reported, and --update drops it (and adds nothing)
    assert typecheck.main([], mypy=lambda: f"{OLD}\n", baseline_file=baseline) == 0
    assert "1 baseline errors are fixed" in capsys.readouterr().out
    output = f"{OLD}\nhastack/cli/group.py:3: error: Bad  [misc]\n"
    assert typecheck.main(["--update"], mypy=lambda: output, baseline_file=baseline) == 1
    assert baseline.read_text() == entry
    # a third occurrence of a baselined message is new
    assert typecheck.main([], mypy=lambda: f"{OLD}\n" * 2, baseline_file=baseline) == 1


def test_mypy_is_strict_over_the_whole_tree() -> None:
    """``strict`` is global: a per-module ``strict = true`` would leak to every module anyway
    (python/mypy#11401), and once mypy honours it per module it would silently loosen the rest."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]
    assert config["strict"] is True
    assert set(config["files"]) == {"hastack", "blueprints"}
    for override in config.get("overrides", []):
        assert "strict" not in override, override


def test_ci_runs_the_typecheck_and_requires_mypy() -> None:
    """.ci/run runs the README's test command with mypy required, so a missing mypy fails
    rather than skipping the check above."""
    run = (ROOT / ".ci" / "run").read_text()
    assert "HASTACK_REQUIRE_MYPY=1 make test" in run
    makefile = (ROOT / "Makefile").read_text()
    assert ".ci/typecheck.py" in makefile
