"""CI and editor integration: the GitHub Action's steps, pre-commit hooks, cost baselines,
and ``hastack init`` producing a project that passes its own tests."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from hastack.cost.api import estimate
from hastack.cost.compare import compare
from hastack.cost.model import Estimate
from hastack.errors import UsageError
from hastack.scaffold import init_project
from tests.conftest import ROOT

WEBAPP = str(ROOT / "examples" / "webapp.py")
BIN = str(Path(sys.executable).parent)
EXPRESSION = re.compile(r"\$\{\{\s*([^}]+?)\s*\}\}")


def _run_action(tmp_path: Path, inputs: dict[str, str]) -> dict[str, int]:
    """Run the composite action's shell steps in order, as the runner would (the `uses:` steps,
    checkout/setup-python/upload, and the pip install from PyPI are the runner's business)."""
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    defaults = {k: str(v.get("default", "")) for k, v in action["inputs"].items()}
    values = {**defaults, **inputs}
    outputs: dict[str, dict[str, str]] = {}
    codes: dict[str, int] = {}
    for step in action["runs"]["steps"]:
        if "run" not in step or step["name"] == "Install hastack":
            continue
        output_file = tmp_path / f"output-{len(codes)}"
        output_file.write_text("")

        def value(match: re.Match[str]) -> str:
            expr = match.group(1)
            if expr.startswith("inputs."):
                return values[expr.removeprefix("inputs.")]
            step_id, _, key = expr.removeprefix("steps.").partition(".outputs.")
            return outputs.get(step_id, {}).get(key, "")

        env = {k: EXPRESSION.sub(value, str(v)) for k, v in (step.get("env") or {}).items()}
        env.update(
            PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}",
            GITHUB_OUTPUT=str(output_file),
            HOME=str(tmp_path),
        )
        done = subprocess.run(
            ["bash", "-e", "-c", EXPRESSION.sub(value, step["run"])],
            cwd=tmp_path,
            env={**os.environ, **env},
            capture_output=True,
            text=True,
            timeout=300,
        )
        codes[step["name"]] = done.returncode
        if "id" in step:
            pairs = [line.split("=", 1) for line in output_file.read_text().splitlines()]
            outputs[step["id"]] = {k: v for k, v in pairs}
    return codes


def test_the_actions_steps_pass_for_a_clean_app_and_gate_a_weak_one(tmp_path):
    saved = tmp_path / "baseline.json"
    done = subprocess.run(
        [sys.executable, "-m", "hastack", "cost", WEBAPP, "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    saved.write_text(done.stdout)
    codes = _run_action(
        tmp_path,
        {"app": WEBAPP, "availability": "99.9", "budget": "5000", "baseline": str(saved)},
    )
    assert set(codes.values()) == {0}, codes
    sarif = json.loads((tmp_path / "hastack.sarif").read_text())
    assert sarif["version"] == "2.1.0"
    comment = (tmp_path / "hastack-cost.md").read_text()
    assert comment.startswith("### Monthly cost change") and "$0.00" in comment.splitlines()[0]

    gated = _run_action(tmp_path, {"app": WEBAPP, "availability": "99.99999", "budget": "10"})
    assert gated["Availability gate"] == 1 and gated["Cost"] != 0


def test_pre_commit_hooks_run_hastack_commands_that_exist():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    ids = {h["id"] for h in hooks}
    assert ids == {"hastack-validate", "hastack-cost-budget"}
    for hook in hooks:
        command = hook["entry"].split()[1]
        done = subprocess.run(
            [sys.executable, "-m", "hastack", command, "--help"], capture_output=True, text=True
        )
        assert done.returncode == 0, hook
    budget = subprocess.run(
        [sys.executable, "-m", "hastack", "cost", WEBAPP, "--budget", "1"],
        capture_output=True,
        text=True,
    )
    assert budget.returncode == 1 and "above the budget of $1.00" in budget.stderr


def test_a_saved_estimate_is_a_baseline_and_reads_back_exactly(tmp_path):
    fresh = estimate(WEBAPP)
    back = Estimate.from_dict(json.loads(json.dumps(fresh.to_dict())))
    assert back.to_dict() == fresh.to_dict()
    diff = compare(fresh, back)
    assert diff.total_delta == Decimal(0)
    assert all(row["delta"] == 0 for row in diff.to_dict()["resources"])
    with pytest.raises(UsageError, match="not a saved hastack cost estimate"):
        Estimate.from_dict({"region": "us-east-1"})


def test_init_makes_a_project_that_passes_its_own_tests(tmp_path):
    project = tmp_path / "shop"
    done = init_project(project)
    assert {p.relative_to(project).as_posix() for p in done.written} == {
        "app.py",
        "tests/test_app.py",
        ".github/workflows/hastack.yml",
        ".gitignore",
        "README.md",
    }
    workflow = yaml.safe_load((project / ".github/workflows/hastack.yml").read_text())
    assert workflow["jobs"]["check"]["steps"][1]["uses"].startswith("hastack/hastack@")
    tests = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert tests.returncode == 0, tests.stdout[-3000:]
    assert "3 passed" in tests.stdout
    with pytest.raises(UsageError, match="pass --force"):
        init_project(project)
    with pytest.raises(UsageError, match="project name"):
        init_project(tmp_path / "x", "Bad_Name")
