"""``--region`` means one thing for every command: the region of templates that carry none.

A plain template file and the blueprints of an app that name no region go there (as
``hastack synth --region`` places them); a stack that names its region keeps it. Checking or
pricing in other regions has its own flag (``validate --check-region``, ``cost
--price-region``).
"""

from __future__ import annotations

import json

import pytest

from hastack.cli.main import main
from hastack.core import regions
from hastack.core.loader import load
from hastack.validate.api import validate
from tests.conftest import EXAMPLES

WEBAPP = str(EXAMPLES / "webapp.py")
"""One HAWebApp that names no region."""
MULTI_REGION = str(EXAMPLES / "multi_region.py")
"""Stacks that name their regions (us-east-1 and us-west-2 by default)."""
TOPIC = {"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}}}


@pytest.fixture(autouse=True)
def _no_region_from_the_environment(monkeypatch, tmp_path):
    for name in ("AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-config"))
    regions.clear_region_choice()
    yield
    regions.clear_region_choice()


def _cli(capsys, *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as done:
        main(list(args))
    captured = capsys.readouterr()
    return int(done.value.code or 0), captured.out, captured.err


def test_the_loader_places_blueprints_that_name_none_and_forgets_the_choice_after() -> None:
    assert {a.region for a in load(WEBAPP, region="eu-west-1")} == {"eu-west-1"}
    assert regions.default_region().source == "hastack's default"  # no leak into the process
    assert {a.region for a in load(WEBAPP)} == {"us-east-1"}
    kept = {a.region for a in load(MULTI_REGION, region="eu-west-1")}
    assert kept == {"us-east-1", "us-west-2"}


def test_validate_region_is_the_region_of_templates_that_carry_none(tmp_path) -> None:
    path = tmp_path / "topic.json"
    path.write_text(json.dumps(TOPIC))
    assert validate(str(path), region="eu-west-1").results[0].regions == ["eu-west-1"]
    assert {tuple(r.regions) for r in validate(WEBAPP, region="eu-west-1").results} == {
        ("eu-west-1",)
    }
    multi = validate(MULTI_REGION, region="eu-west-1").results
    assert {r.regions[0] for r in multi} == {"us-east-1", "us-west-2"}


def test_validate_checks_other_regions_only_when_asked_with_check_region(capsys, tmp_path):
    path = tmp_path / "topic.json"
    path.write_text(json.dumps(TOPIC))
    code, out, _ = _cli(capsys, "validate", str(path), "--region", "eu-west-1")
    assert code == 0 and "topic.json, eu-west-1)" in out
    args = ("--check-region", "ap-southeast-2", "--check-region", "us-west-2")
    code, out, _ = _cli(capsys, "validate", str(path), "--region", "eu-west-1", *args)
    assert code == 0 and "topic.json, ap-southeast-2/us-west-2)" in out


def test_cost_region_places_the_app_and_price_region_moves_it(capsys) -> None:
    code, out, err = _cli(capsys, "cost", WEBAPP, "--region", "eu-west-1", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["region"] == "eu-west-1"
    code, out, err = _cli(capsys, "cost", WEBAPP, "--price-region", "us-west-2", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["region"] == "us-west-2"


def test_the_deploy_commands_place_blueprints_that_name_none_like_synth(capsys) -> None:
    args = ("--local", "--region", "eu-west-1", "--format", "json")
    code, out, err = _cli(capsys, "status", WEBAPP, *args)
    assert code == 0, err
    stacks = json.loads(out)["stacks"]
    assert {s["region"] for s in stacks} == {"eu-west-1"}
    assert {s["status"] for s in stacks} == {"NOT_DEPLOYED"}


def test_plan_places_its_design_in_the_default_region_like_synth(capsys, monkeypatch) -> None:
    monkeypatch.setenv("AWS_REGION", "eu-west-1")
    needs = ("--availability", "99.9", "--peak-rps", "400", "--rto", "10m", "--rpo", "5m")
    code, out, err = _cli(capsys, "plan", *needs, "--format", "json")
    assert code == 0, err
    assert json.loads(out)["requirements"]["region"] == "eu-west-1"
    code, out, err = _cli(capsys, "plan", *needs, "--region", "us-west-2", "--format", "json")
    assert json.loads(out)["chosen"]["design"]["regions"][0] == "us-west-2"
