"""``hastack drill`` through the real entry point: exit codes, text and JSON output."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from hastack.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = str(ROOT / "examples" / "multi_region.py")

WEAK_APP = """
from hastack.blueprints import HAWebApp
from hastack import App

app = App("weakdb")
app.add(HAWebApp("weakdb-cli", database={"engine": "aurora-mysql", "readers": 0}))
"""


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def run(*args: str) -> Run:
    """``main()`` as the console script runs it: exit code, stdout and stderr apart."""
    with CliRunner().isolation() as (out, err, _):
        try:
            main(["drill", *args])
            code = 0
        except SystemExit as exit_:
            code = int(exit_.code or 0)
        return Run(code, out.getvalue().decode(), err.getvalue().decode())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([EXAMPLE], "they run on an emulator only: pass --local"),
        ([EXAMPLE, "--local", "--endpoint-url", "http://127.0.0.1:1"], "choose one"),
        ([EXAMPLE, "--local", "--az", "middle"], "--az 'middle': expected an Availability Zone"),
        ([EXAMPLE, "--local", "--drill", "meteor"], "'meteor' is not one of"),
        (["missing.py", "--local"], "missing.py"),
    ],
)
def test_bad_input_exits_2_before_any_deploy(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_a_template_file_is_refused_because_drills_need_an_app(tmp_path: Path) -> None:
    template = tmp_path / "t.json"
    template.write_text('{"Resources": {"T": {"Type": "AWS::SNS::Topic"}}}')
    result = run(str(template), "--local")
    assert result.exit_code == 2
    assert "APP must be an app file" in result.output


def test_the_dns_drill_passes_on_the_example_and_prints_json(tmp_path: Path) -> None:
    result = run(
        EXAMPLE, "--local", "--drill", "dns-failover", "--format", "json", "--env", "clijson"
    )
    assert result.exit_code == 0, result.output
    start = result.stdout.index("{")
    report = json.loads(result.stdout[start:])
    assert report["ok"] is True
    assert report["counts"] == {"passed": 1, "failed": 0, "skipped": 0}
    (drill,) = report["drills"]
    assert drill["drill"] == "dns-failover"
    assert drill["subject"] == "shop-clijson-dns/PrimaryHealthCheck"
    assert all(check["ok"] for check in drill["checks"])
    assert "1 passed, 0 failed, 0 skipped" in result.stderr


def test_a_cluster_without_a_reader_fails_the_db_drill_with_exit_1(tmp_path: Path) -> None:
    app_file = tmp_path / "weak_db_app.py"
    app_file.write_text(WEAK_APP)
    result = run(str(app_file), "--local", "--drill", "db-failover")
    assert result.exit_code == 1, result.output
    assert "db-failover  weakdb-cli/DatabaseCluster (us-east-1)  FAILED" in result.stdout
    assert "FAIL     the cluster has a reader to promote" in result.stdout
    assert "db-failover on weakdb-cli/DatabaseCluster failed" in result.stderr


def test_endpoint_url_drills_an_app_already_deployed_on_a_running_emulator(
    tmp_path: Path,
) -> None:
    from weak_app import weak_app

    from hastack.deploy.api import deploy
    from hastack.deploy.session import AwsTarget
    from hastack.local import LocalEngine

    app_file = tmp_path / "weak_app_file.py"
    app_file.write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(Path(__file__).parent)!r})\n"
        "from weak_app import weak_app\n"
        "app = weak_app('weak-endpoint')\n"
    )
    with LocalEngine() as emulator:
        report = deploy(
            weak_app("weak-endpoint"),
            target=AwsTarget.local(emulator.endpoint_url),
            assume_yes=True,
            skip_checks=True,  # the weak app fails validation on purpose
        )
        assert report.ok
        result = run(str(app_file), "--endpoint-url", emulator.endpoint_url, "--drill", "az-loss")
    assert result.exit_code == 1, result.output
    assert "az-loss  weak-endpoint/AutoScalingGroup (us-east-1)  FAILED" in result.stdout
    assert "every subnet of the group is in us-east-1a" in result.stdout
