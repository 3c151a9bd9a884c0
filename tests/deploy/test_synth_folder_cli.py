"""A synth output folder is a TARGET for every command, as ``cdk.out`` is for CDK."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.deploy.conftest import run_cli
from tests.deploy.test_deploy_cli import APP_FILE

pytestmark = pytest.mark.usefixtures("emulator")


@pytest.fixture
def out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    app = tmp_path / "app.py"
    app.write_text(APP_FILE)
    folder = tmp_path / "out"
    code, _, err = run_cli(capsys, "synth", str(app), "-o", str(folder))
    assert code == 0, err
    return folder


def test_validate_cost_and_availability_read_a_synth_folder(capsys, out: Path) -> None:
    code, stdout, err = run_cli(capsys, "validate", str(out))
    assert code == 0, err
    assert "in 2 templates" in stdout + err

    globbed = sorted(str(p) for p in out.glob("*.json"))
    assert len(globbed) == 3  # the two templates and manifest.json
    code, stdout, err = run_cli(capsys, "validate", *globbed)
    assert code == 0, err
    assert "in 2 templates" in stdout + err and "manifest" not in stdout + err

    code, stdout, err = run_cli(capsys, "cost", str(out), "--format", "json")
    assert code == 0, err
    assert json.loads(stdout)["stacks"] == ["cli-net", "cli-web"]

    code, _, err = run_cli(capsys, "availability", str(out))
    assert code in (0, 1), err


def test_deploy_local_deploys_a_synth_folder_in_its_manifest_order(capsys, out: Path) -> None:
    code, stdout, err = run_cli(
        capsys, "deploy", str(out), "--local", "--yes", "--skip-checks", "--format", "json"
    )
    assert code == 0, err
    assert [s["stack"] for s in json.loads(stdout)["stacks"]] == ["cli-net", "cli-web"]


def test_stack_name_is_refused_for_a_synth_folder(capsys, out: Path) -> None:
    code, _, err = run_cli(capsys, "deploy", str(out), "--stack-name", "x", "--local", "--yes")
    assert code == 2
    assert "--stack-name is for template files" in err


def test_a_synth_folder_of_several_stacks_is_no_single_template_file(out: Path) -> None:
    from hastack.deploy.spec import template_file
    from hastack.errors import UsageError

    with pytest.raises(UsageError, match="holds 2 stacks"):
        template_file(out, "web")
