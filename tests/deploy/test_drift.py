"""``hastack drift``: DetectStackDrift driven through botocore's Stubber (moto lacks it)."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from hastack.deploy.api import drift
from hastack.deploy.cfn import Watch
from hastack.deploy.spec import StackSpec

BODY = {
    "Parameters": {"DbPass": {"Type": "String", "NoEcho": True}},
    "Resources": {"Queue": {"Type": "AWS::SQS::Queue"}},
}


class StubTarget:
    endpoint_url = None

    def __init__(self, client: Any) -> None:
        self.cfn = client

    def client(self, service: str, region: str | None = None) -> Any:
        return self.cfn


def stubbed(
    drifts: list[dict[str, Any]], stack_status: str, detection: dict[str, str] | None = None
) -> tuple[Any, Stubber]:
    client = boto3.client(
        "cloudformation", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x"
    )
    stub = Stubber(client)
    stub.add_response(
        "describe_stacks",
        {
            "Stacks": [
                {
                    "StackName": "shop",
                    "StackStatus": "UPDATE_COMPLETE",
                    "CreationTime": "2026-01-01T00:00:00Z",
                    "Parameters": [{"ParameterKey": "DbPass", "ParameterValue": "Hunter2Secret"}],
                }
            ]
        },
        {"StackName": "shop"},
    )
    stub.add_response("detect_stack_drift", {"StackDriftDetectionId": "d-1"}, {"StackName": "shop"})
    stub.add_response(
        "describe_stack_drift_detection_status",
        {
            "StackId": "arn:shop",
            "StackDriftDetectionId": "d-1",
            "DetectionStatus": "DETECTION_IN_PROGRESS",
            "Timestamp": "2026-01-01T00:00:00Z",
        },
        {"StackDriftDetectionId": "d-1"},
    )
    stub.add_response(
        "describe_stack_drift_detection_status",
        {
            "StackId": "arn:shop",
            "StackDriftDetectionId": "d-1",
            "DetectionStatus": "DETECTION_COMPLETE",
            "StackDriftStatus": stack_status,
            **(detection or {}),
            "Timestamp": "2026-01-01T00:00:00Z",
        },
        {"StackDriftDetectionId": "d-1"},
    )
    stub.add_response(
        "describe_stack_resource_drifts",
        {"StackResourceDrifts": drifts},
        {
            "StackName": "shop",
            "StackResourceDriftStatusFilters": ["MODIFIED", "DELETED", "UNKNOWN"],
        },
    )
    stub.activate()
    return client, stub


def quick_watch() -> Watch:
    clock = [0.0]
    return Watch(sleep=lambda s: clock.__setitem__(0, clock[0] + s), clock=lambda: clock[0])


MODIFIED = {
    "StackId": "arn:shop",
    "LogicalResourceId": "Queue",
    "ResourceType": "AWS::SQS::Queue",
    "StackResourceDriftStatus": "MODIFIED",
    "Timestamp": "2026-01-01T00:00:00Z",
    "PropertyDifferences": [
        {
            "PropertyPath": "/VisibilityTimeout",
            "ExpectedValue": "30",
            "ActualValue": "Hunter2Secret",
            "DifferenceType": "NOT_EQUAL",
        }
    ],
}


def test_a_drifted_stack_lists_the_changed_property_with_secrets_masked() -> None:
    client, stub = stubbed([MODIFIED], "DRIFTED")
    [found] = drift(
        StackSpec("shop", BODY, "us-east-1"), target=StubTarget(client), watch=quick_watch()
    )
    stub.assert_no_pending_responses()
    assert found.drifted and found.status == "DRIFTED"
    [resource] = found.resources
    assert (resource.logical_id, resource.status) == ("Queue", "MODIFIED")
    [prop] = resource.properties
    assert (prop.path, prop.expected, prop.actual) == ("/VisibilityTimeout", "30", "****")


def test_a_stack_in_sync_is_not_drifted() -> None:
    client, stub = stubbed([], "IN_SYNC")
    [found] = drift(
        StackSpec("shop", BODY, "us-east-1"), target=StubTarget(client), watch=quick_watch()
    )
    assert found.status == "IN_SYNC" and not found.drifted


UNREADABLE = {
    "StackId": "arn:shop",
    "LogicalResourceId": "Queue",
    "ResourceType": "AWS::SQS::Queue",
    "StackResourceDriftStatus": "UNKNOWN",
    "DriftStatusReason": "could not read the queue: Throttling",
    "Timestamp": "2026-01-01T00:00:00Z",
}
FAILED = {
    "DetectionStatus": "DETECTION_FAILED",
    "DetectionStatusReason": "Failed to detect drift on resources [Queue]",
}


def test_a_resource_drift_could_not_check_leaves_the_stack_unknown_with_the_reason() -> None:
    """API DescribeStackDriftDetectionStatus: DETECTION_FAILED means drift detection failed
    for at least one resource; the others keep their results, so the stack says IN_SYNC. That
    is not known for the resource that failed (UNKNOWN, with its DriftStatusReason): the stack
    is UNKNOWN, never IN_SYNC."""
    client, stub = stubbed([UNREADABLE], "IN_SYNC", FAILED)
    [found] = drift(
        StackSpec("shop", BODY, "us-east-1"), target=StubTarget(client), watch=quick_watch()
    )
    stub.assert_no_pending_responses()
    assert found.status == "UNKNOWN" and not found.drifted
    assert found.reason == "Failed to detect drift on resources [Queue]"
    [resource] = found.resources
    assert (resource.status, resource.reason) == ("UNKNOWN", "could not read the queue: Throttling")


def _drift_cli(monkeypatch: Any, capsys: Any, tmp_path: Any, client: Any) -> tuple[int, str, str]:
    """``hastack drift`` on a template file, its CloudFormation client the stubbed one."""
    import json

    from tests.deploy.conftest import run_cli

    monkeypatch.setattr("hastack.deploy.session.AwsTarget.client", lambda self, *a, **k: client)
    monkeypatch.setattr("hastack.cli.deploy_support.check_reachable", lambda url: None)
    path = tmp_path / "shop.json"
    path.write_text(json.dumps(BODY))
    return run_cli(
        capsys, "drift", str(path), "--stack-name", "shop", "--endpoint-url", "http://127.0.0.1:9"
    )


def test_the_cli_says_why_a_resource_was_not_checked(monkeypatch, capsys, tmp_path) -> None:
    client, _ = stubbed([UNREADABLE, MODIFIED], "DRIFTED", FAILED)
    code, out, err = _drift_cli(monkeypatch, capsys, tmp_path, client)
    assert code == 1, err
    assert "shop (us-east-1): DRIFTED (Failed to detect drift on resources [Queue])" in out
    assert "UNKNOWN  Queue  AWS::SQS::Queue: could not read the queue: Throttling" in out


def test_the_cli_exits_1_on_drift(monkeypatch, capsys, tmp_path) -> None:
    client, _ = stubbed([MODIFIED], "DRIFTED")
    code, out, err = _drift_cli(monkeypatch, capsys, tmp_path, client)
    assert code == 1, err
    assert "shop (us-east-1): DRIFTED" in out
    assert "NOT_EQUAL /VisibilityTimeout: expected 30, actual ****" in out


def test_a_stack_just_deployed_to_the_emulator_is_in_sync(capsys, tmp_path, emulator) -> None:
    import json

    from tests.deploy.conftest import run_cli

    path = tmp_path / "shop.json"
    path.write_text(json.dumps({"Resources": {"Queue": {"Type": "AWS::SQS::Queue"}}}))
    url = ("--endpoint-url", emulator.endpoint_url)
    deployed = run_cli(
        capsys, "deploy", str(path), "--stack-name", "shop", *url, "--yes", "--skip-checks"
    )
    assert deployed[0] == 0, deployed[2]
    code, out, err = run_cli(capsys, "drift", str(path), "--stack-name", "shop", *url)
    assert code == 0, err
    assert "shop (us-east-1): IN_SYNC" in out


@pytest.mark.parametrize("status", ["NOT_DEPLOYED"])
def test_a_stack_not_deployed_is_reported_as_such(emulator, target, status) -> None:
    [found] = drift(StackSpec("nothing", BODY, "us-east-1"), target=target)
    assert found.status == status
