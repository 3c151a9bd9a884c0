"""Inputs checked where they matter, and no traceback from any command for a broken world.

One size check (core.limits) serves synth, validate and deploy; parameter values meet their
declared types and constraints before any AWS call; an unreachable endpoint, an unwritable
folder and a huge number each end in one line and an exit code.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.deploy.conftest import run_cli

HASTACK = [sys.executable, "-m", "hastack"]
UNREACHABLE = "http://127.0.0.1:9"


def large_template(path: Path) -> str:
    """About 1.1 MB: 30 topics with 37 kB of metadata each."""
    resources = {
        f"Topic{i:02d}": {"Type": "AWS::SNS::Topic", "Metadata": {"Notes": "x" * 37_000}}
        for i in range(30)
    }
    path.write_text(json.dumps({"Resources": resources}))
    return str(path)


def test_deploy_refuses_a_template_over_1_mb_before_any_call(capsys, tmp_path, emulator) -> None:
    big = large_template(tmp_path / "big.json")
    code, _, err = run_cli(
        capsys, "deploy", big, "--stack-name", "big", "--endpoint-url", emulator.endpoint_url,
        "--yes", "--skip-checks",
    )  # fmt: skip
    assert code == 2, err
    assert "over CloudFormation's 1 MB limit" in err
    assert emulator.client("cloudformation").describe_stacks()["Stacks"] == []


def test_validate_reports_a_template_over_1_mb(capsys, tmp_path) -> None:
    big = large_template(tmp_path / "big.json")
    code, out, err = run_cli(capsys, "validate", big, "--format", "json")
    assert code == 1, err
    rules = [finding["rule"] for finding in json.loads(out)]
    assert "E9001" in rules


def test_synth_of_a_template_reads_it_and_checks_its_size(capsys, tmp_path) -> None:
    big = large_template(tmp_path / "big.json")
    code, out, err = run_cli(capsys, "synth", big, "-o", str(tmp_path / "out"))
    assert code == 1 and "over CloudFormation's 1 MB limit" in err
    assert (tmp_path / "out" / "big.json").exists()


def test_synth_of_a_yaml_template_never_runs_the_python_file_beside_it(tmp_path) -> None:
    (tmp_path / "tpl.py").write_text("open('ran.txt', 'w').write('code ran')\n")
    (tmp_path / "tpl.yaml").write_text("Resources:\n  T:\n    Type: AWS::SNS::Topic\n")
    for command in (["synth", "tpl.yaml", "-o", "out"], ["validate", "tpl.yaml"]):
        done = subprocess.run(
            HASTACK + command, cwd=tmp_path, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr
        assert not (tmp_path / "ran.txt").exists()
    assert (tmp_path / "out" / "tpl.json").exists()


NUMBERED = {
    "Parameters": {
        "Count": {"Type": "Number", "MinValue": 1, "MaxValue": 10},
        "Tier": {"Type": "String", "AllowedValues": ["small", "large"]},
        "DbPassword": {"Type": "String", "NoEcho": True, "MinLength": 12},
    },
    "Resources": {"Topic": {"Type": "AWS::SNS::Topic"}},
}


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        (["Count=abc"], "Count: 'abc' is not a number (Type Number)"),
        (["Count=1e308"], "Count: '1e308' is above MaxValue 10"),
        (["Count=1e999"], "Count: '1e999' is not a number"),
        (["Tier=huge"], "Tier: 'huge' is not one of AllowedValues ['small', 'large']"),
        (["DbPassword=short"], "DbPassword: **** is shorter than MinLength 12"),
    ],
)
def test_parameter_values_are_checked_before_any_call(
    capsys, tmp_path, emulator, pairs, expected
) -> None:
    path = tmp_path / "p.json"
    path.write_text(json.dumps(NUMBERED))
    args = [f"--parameter={p}" for p in ["Count=2", "Tier=small", "DbPassword=long-enough-1"]]
    args += [f"--parameter={p}" for p in pairs]
    code, _, err = run_cli(
        capsys, "deploy", str(path), "--stack-name", "p", "--endpoint-url",
        emulator.endpoint_url, "--yes", "--skip-checks", *args,
    )  # fmt: skip
    assert code == 2, err
    assert expected in err
    assert "short" not in err.replace("shorter", "")
    assert emulator.client("cloudformation").describe_stacks()["Stacks"] == []


TEMPLATE_COMMANDS = ["deploy", "diff", "destroy", "status", "outputs", "drift"]


@pytest.mark.parametrize("command", TEMPLATE_COMMANDS)
def test_every_stack_command_names_an_unreachable_endpoint_in_one_line(
    capsys, tmp_path, command
) -> None:
    path = tmp_path / "t.json"
    path.write_text(json.dumps({"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}}}))
    extra = ["--yes"] if command in ("deploy", "destroy") else []
    extra += ["--skip-checks"] if command == "deploy" else []
    code, out, err = run_cli(
        capsys, command, str(path), "--stack-name", "t", "--endpoint-url", UNREACHABLE, *extra
    )
    assert code == 1, err
    assert f"cannot reach {UNREACHABLE}" in err
    assert "Traceback" not in err + out
    assert len(err.strip().splitlines()) == 1


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        HASTACK + list(args), cwd=cwd, capture_output=True, text=True, timeout=180
    )


@pytest.mark.parametrize(
    "args",
    [
        ("synth", "{example}", "-o", "/proc/hastack/out"),
        ("synth", "{template}", "-o", "/proc/hastack/out"),
        (
            "plan",
            "--availability",
            "99.9",
            "--peak-rps",
            "100",
            "--rto",
            "1h",
            "--rpo",
            "1h",
            "-o",
            "/proc/hastack/plan.py",
        ),
    ],
    ids=["synth-app", "synth-template", "plan"],
)
def test_an_unwritable_folder_is_one_line_not_a_traceback(tmp_path, args) -> None:
    from tests.conftest import EXAMPLES

    filled = [
        a.format(
            example=EXAMPLES / "webapp.py",
            template=EXAMPLES.parent / "tests/deploy/fixtures/basic.json",
        )
        for a in args
    ]
    done = run(*filled, cwd=tmp_path)
    assert done.returncode in (1, 2), done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().count("\n") <= 2, done.stderr


def test_a_huge_usage_number_is_a_usage_error_not_a_crash(tmp_path) -> None:
    from tests.conftest import EXAMPLES

    usage = tmp_path / "usage.yaml"
    usage.write_text("AlarmTopic: {requests_millions: 1e308}\n")
    done = run("cost", str(EXAMPLES / "webapp.py"), "--usage", str(usage), cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "is too large" in done.stderr and "Traceback" not in done.stderr
