"""The checks before a deploy run the same way from ``hastack deploy`` and from ``deploy()``.

The gate is validate itself: whatever ``hastack validate`` reports as an error refuses the
deploy from both entry points, and skipping it is an explicit choice the report records.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hastack.deploy.api import deploy, plan
from hastack.deploy.checks import ChecksFailed
from hastack.deploy.spec import StackSpec, template_file
from hastack.errors import UsageError
from hastack.validate.api import validate
from tests.deploy.conftest import load_fixture, run_cli
from tests.deploy.templates import database

DUPLICATE_KEY = """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: first
      TopicName: second
"""
"""The YAML parser keeps the last value; cfn-lint reports both lines as E0000."""

UNKNOWN_PROPERTY = json.dumps(
    {"Resources": {"Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"Nope": 1}}}}
)
SINGLE_AZ_DATABASE = json.dumps(database())
"""Deploys fine in the emulator; the rule pack calls a single-AZ database an error."""

pytestmark = pytest.mark.usefixtures("emulator")  # --local shares moto's global state

BROKEN = {
    "duplicate-key.yaml": (DUPLICATE_KEY, "E0000"),
    "unknown-property.json": (UNKNOWN_PROPERTY, "E3002"),
    "single-az.json": (SINGLE_AZ_DATABASE, "E9120"),
}


def _file(tmp_path: Path, name: str) -> str:
    text, _ = BROKEN[name]
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def _errors(findings: list) -> list[tuple[str, str, str | None]]:
    return sorted((f.rule, f.message, f.resource) for f in findings)


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_the_gate_finds_exactly_the_errors_validate_finds(tmp_path, name) -> None:
    path = _file(tmp_path, name)
    expected = _errors(validate(path).errors)
    assert BROKEN[name][1] in {rule for rule, _, _ in expected}
    checks = plan(template_file(path, "broken")).checks
    assert checks.refused
    assert _errors([e.finding for e in checks.errors]) == expected


def test_the_python_api_refuses_a_duplicate_yaml_key_before_any_aws_call(
    tmp_path, target, cfn
) -> None:
    path = _file(tmp_path, "duplicate-key.yaml")
    with pytest.raises(ChecksFailed) as refused:
        deploy(template_file(path, "dup"), target=target, assume_yes=True)
    message = str(refused.value)
    assert message.startswith("validation found errors: nothing was deployed")
    assert "dup: E0000 Duplicate found 'TopicName' (line 6)" in message
    assert refused.value.exit_code == 1 and refused.value.checks.refused
    assert cfn.describe_stacks()["Stacks"] == []


def test_the_cli_refuses_the_same_template_before_the_emulator_starts(capsys, tmp_path) -> None:
    path = _file(tmp_path, "duplicate-key.yaml")
    code, _, err = run_cli(capsys, "deploy", path, "--stack-name", "dup", "--local", "--yes")
    assert code == 1
    assert "error: dup: E0000 Duplicate found 'TopicName' (line 6)" in err
    assert "error: dup: E0000 Duplicate found 'TopicName' (line 7)" in err
    assert "validation: 2 errors, 0 warnings, 0 info in 1 template" in err
    assert "validation found errors: nothing was deployed" in err
    assert "local emulator at" not in err and "estimated cost" not in err


def test_skipping_the_checks_is_explicit_and_named_in_the_report(tmp_path, target, cfn) -> None:
    path = _file(tmp_path, "duplicate-key.yaml")
    report = deploy(template_file(path, "dup"), target=target, assume_yes=True, skip_checks=True)
    assert report.ok, report.failures
    assert report.checks is not None and report.checks.skipped
    assert report.checks.validation is None and report.checks.notes() == []
    assert report.to_dict()["checks"]["skipped"] is True
    [stack] = cfn.describe_stacks()["Stacks"]
    assert stack["StackName"] == "dup"


def test_a_template_file_named_after_its_file_is_refused_before_any_aws_call(tmp_path) -> None:
    path = _file(tmp_path, "single-az.json")
    with pytest.raises(UsageError, match=r"stack name 'single-az.json' is not a CloudFormation"):
        deploy(path, target=None, assume_yes=True)  # type: ignore[arg-type]


def test_a_clean_deploy_reports_what_the_checks_found(target) -> None:
    report = deploy(
        StackSpec("basic", load_fixture("basic.json"), "us-east-1"), target=target, assume_yes=True
    )
    assert report.ok, report.failures
    checks = report.checks
    assert checks is not None and not checks.skipped and not checks.refused
    assert checks.validation is not None and checks.validation.errors == []
    assert checks.estimate is not None
    validation, cost = checks.notes()
    assert validation.startswith("validation: 0 errors")
    assert cost.startswith("estimated cost: USD ") and "details: hastack cost" in cost
    data = report.to_dict()["checks"]
    assert data["skipped"] is False and data["errors"] == [] and data["monthly_cost"]


def test_the_cli_prints_the_same_notes_the_api_reports(capsys) -> None:
    basic = str(Path(__file__).parent / "fixtures" / "basic.json")
    code, _, err = run_cli(capsys, "deploy", basic, "--stack-name", "basic", "--local", "--yes")
    assert code == 0, err
    notes = plan(StackSpec("basic", load_fixture("basic.json"), "us-east-1")).checks.notes()
    for note in notes:
        assert note.split(" (")[0] in err


def test_a_plan_carries_its_own_selection_and_parameters(target) -> None:
    planned = plan(StackSpec("basic", load_fixture("basic.json"), "us-east-1"), skip_checks=True)
    with pytest.raises(UsageError, match="belong to plan"):
        deploy(planned, target=target, parameters={"Cidr": "10.1.0.0/16"})
    report = deploy(planned, target=target, assume_yes=True)
    assert report.ok and report.checks is planned.checks


def test_a_plan_carries_its_own_concurrency(target) -> None:
    planned = plan(
        StackSpec("basic", load_fixture("basic.json"), "us-east-1"), concurrency=1, skip_checks=True
    )
    with pytest.raises(UsageError, match="belong to plan"):
        deploy(planned, target=target, concurrency=8)


def test_the_checks_leave_the_template_that_is_sent_as_written(tmp_path) -> None:
    """The cost note reads a SAM or ForEach template expanded (as CloudFormation runs it); the
    deploy must still send the template as written, for CloudFormation's own transform to
    run. The estimate expanded the artifacts in place, so a SAM template went out as hastack's
    partial translation."""
    from hastack.core.loader import load
    from hastack.deploy.checks import run_checks

    path = tmp_path / "sam.yaml"
    path.write_text(
        "Transform: AWS::Serverless-2016-10-31\n"
        "Resources:\n"
        "  Fn:\n"
        "    Type: AWS::Serverless::Function\n"
        "    Properties: {Runtime: python3.12, Handler: app.handler, InlineCode: 'x'}\n"
    )
    (artifact,) = load(str(path))
    before = json.loads(json.dumps(artifact.body))
    checks = run_checks([artifact])
    assert checks.estimate is not None  # the estimate did read it, expanded
    assert artifact.body == before
    assert artifact.body["Resources"]["Fn"]["Type"] == "AWS::Serverless::Function"
