"""Secrets never printed: NoEcho values, secret-looking names and dynamic references.

AWS masks a NoEcho parameter as ``****`` in DescribeStacks; the emulator does not, and the
values hastack holds itself are in clear, so masking starts from the template's declaration.
"""

from __future__ import annotations

import json

from hastack.deploy.report import StackResult
from hastack.deploy.reporter import MaskingReporter, RecordingReporter
from hastack.deploy.secrets import MASK, Secrets
from tests.deploy.conftest import run_cli

OLD, NEW, TOKEN = "TopSecretValue123", "NewSecretValue456", "tok-998877"
BODY = {
    "Parameters": {
        "DbPass": {"Type": "String", "NoEcho": True},
        "ApiToken": {"Type": "String", "Default": TOKEN},
        "Size": {"Type": "String", "Default": "small"},
    },
    "Resources": {
        "Holder": {
            "Type": "AWS::SSM::Parameter",
            "Properties": {
                "Name": "/shop/holder",
                "Tier": "Standard",
                "Type": "String",
                "Value": {"Ref": "DbPass"},
            },
        },
        "Topic": {
            "Type": "AWS::SNS::Topic",
            "Properties": {
                "DisplayName": {"Ref": "Size"},
            },
        },
    },
}


def test_no_format_of_deploy_or_diff_prints_a_no_echo_value(capsys, tmp_path, emulator) -> None:
    path = tmp_path / "secret.json"
    path.write_text(json.dumps(BODY))
    url = ("--endpoint-url", emulator.endpoint_url)
    common = ("--stack-name", "secret", *url)
    code, out, err = run_cli(
        capsys, "deploy", str(path), *common, "--yes", "--skip-checks", "--parameter",
        f"DbPass={OLD}", "--format", "json",
    )  # fmt: skip
    assert code == 0, err
    printed = [out + err]
    for fmt in ("text", "json"):
        code, out, err = run_cli(
            capsys, "diff", str(path), *common, "--parameter", f"DbPass={NEW}",
            "--parameter", "Size=large", "--format", fmt,
        )  # fmt: skip
        assert code == 0, err
        assert "DbPass" in out and "Size" in out
        printed.append(out + err)
    code, out, err = run_cli(
        capsys, "deploy", str(path), *common, "--yes", "--skip-checks", "--parameter",
        f"DbPass={NEW}", "--parameter", "ApiToken=tok-112233", "--format", "json",
    )  # fmt: skip
    assert code == 0, err
    printed.append(out + err)
    everything = "\n".join(printed)
    for secret in (OLD, NEW, TOKEN, "tok-112233"):
        assert secret not in everything
    assert MASK in everything


def test_events_results_and_questions_are_masked_on_their_way_to_the_reporter() -> None:
    secrets = Secrets()
    secrets.add_template(BODY, {"DbPass": OLD})
    recording = RecordingReporter(answer=True)
    reporter = MaskingReporter(recording, secrets)
    reporter.event(
        "s",
        {"LogicalResourceId": "Topic", "ResourceStatusReason": f"Invalid value {OLD} for tag"},
    )
    reporter.finish(StackResult("s", "us-east-1", "failed", reason=f"rejected: {TOKEN} bad"))
    reporter.warn("s", "value {{resolve:ssm-secure:/shop/pw:1}} used")
    [(_, event)] = recording.of("event")
    assert event["ResourceStatusReason"] == f"Invalid value {MASK} for tag"
    [(result,)] = recording.of("finish")
    assert result.reason == f"rejected: {MASK} bad"
    assert recording.messages() == ["value {{resolve:****}} used"]


def test_secret_looking_names_are_masked_without_no_echo() -> None:
    secrets = Secrets()
    secrets.add_template(
        {"Parameters": {"AdminPassword": {"Type": "String"}, "Env": {"Type": "String"}}},
        {"AdminPassword": "hunter22", "Env": "prod"},
    )
    assert secrets.parameter("AdminPassword", "hunter22") == MASK
    assert secrets.parameter("Env", "prod") == "prod"
    assert secrets.text("login hunter22 failed") == f"login {MASK} failed"
