"""What users expect from a CloudFormation deploy tool, on the emulator and a recording target.

--role-arn, --no-execute, --require-approval, rollback triggers from the stack's alarms, and
the default stack policy protecting stateful resources.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from hastack.deploy.api import deploy, destroy
from hastack.deploy.reporter import RecordingReporter
from hastack.deploy.spec import StackSpec
from tests.deploy.conftest import open_change_sets, run_cli
from tests.deploy.templates import database

ROLE = "arn:aws:iam::123456789012:role/cfn-deployer"
TOPIC = {"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}}}


class Recording:
    """A target whose clients record every call with its arguments."""

    def __init__(self, target: Any) -> None:
        self.target = target
        self.endpoint_url = target.endpoint_url
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def account_id(self) -> str:
        return str(self.target.account_id())

    def client(self, service: str, region: str | None = None) -> Any:
        real = self.target.client(service, region)
        owner = self

        class Client:
            def __getattr__(self, name: str) -> Any:
                attribute = getattr(real, name)
                if not callable(attribute):
                    return attribute

                def call(*args: Any, **kwargs: Any) -> Any:
                    owner.calls.append((name, kwargs))
                    return attribute(*args, **kwargs)

                return call

        return Client()

    def of(self, name: str) -> list[dict[str, Any]]:
        return [kwargs for called, kwargs in self.calls if called == name]


def spec(name: str, body: dict[str, Any]) -> StackSpec:
    return StackSpec(name, copy.deepcopy(body), "us-east-1")


def test_role_arn_goes_to_the_change_set_and_the_delete(target) -> None:
    recording = Recording(target)
    assert deploy(spec("t", TOPIC), target=recording, assume_yes=True, role_arn=ROLE).ok
    assert destroy(spec("t", TOPIC), target=recording, assume_yes=True, role_arn=ROLE).ok
    [created] = recording.of("create_change_set")
    [deleted] = recording.of("delete_stack")
    assert created["RoleARN"] == ROLE and deleted["RoleARN"] == ROLE


def test_no_execute_leaves_the_change_set_and_says_how_to_run_it(capsys, tmp_path, emulator):
    path = tmp_path / "t.json"
    path.write_text(json.dumps(TOPIC))
    url = ("--endpoint-url", emulator.endpoint_url, "--skip-checks", "--stack-name", "t")
    assert run_cli(capsys, "deploy", str(path), *url, "--yes")[0] == 0
    changed = copy.deepcopy(TOPIC)
    changed["Resources"]["Other"] = {"Type": "AWS::SNS::Topic"}
    path.write_text(json.dumps(changed))
    code, _, err = run_cli(capsys, "deploy", str(path), *url, "--no-execute")
    assert code == 0, err
    assert "aws cloudformation execute-change-set --change-set-name hastack-" in err
    cfn = emulator.client("cloudformation")
    [left] = open_change_sets(cfn, "t")
    assert left.startswith("hastack-")
    resources = cfn.list_stack_resources(StackName="t")["StackResourceSummaries"]
    assert [r["LogicalResourceId"] for r in resources] == ["Topic"]
    assert run_cli(capsys, "deploy", str(path), *url, "--yes")[0] == 0  # not taken for a run


OPEN_INGRESS = {
    "Resources": {
        "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.9.0.0/16"}},
        "WebGroup": {
            "Type": "AWS::EC2::SecurityGroup",
            "Properties": {
                "GroupDescription": "web",
                "VpcId": {"Ref": "Vpc"},
                "SecurityGroupIngress": [
                    {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "0.0.0.0/0"}
                ],
            },
        },
    }
}


def test_broadening_approval_asks_only_when_access_widens(target) -> None:
    quiet = RecordingReporter(answer=False)
    report = deploy(spec("t", TOPIC), target=target, reporter=quiet, approval="broadening")
    assert report.ok and quiet.of("confirm") == []
    asking = RecordingReporter(answer=False)
    report = deploy(spec("w", OPEN_INGRESS), target=target, reporter=asking, approval="broadening")
    assert report.result("w").status == "cancelled"
    [(question,)] = asking.of("confirm")
    assert "widening access" in question
    assert "security group + WebGroup: tcp 443 from 0.0.0.0/0" in " ".join(asking.messages())
    never = RecordingReporter(answer=False)
    assert deploy(spec("w", OPEN_INGRESS), target=target, reporter=never, approval="never").ok
    assert never.of("confirm") == []


ALARMED = {
    "Resources": {
        "Topic": {"Type": "AWS::SNS::Topic"},
        "Errors5xx": {
            "Type": "AWS::CloudWatch::Alarm",
            "Properties": {
                "MetricName": "HTTPCode_Target_5XX_Count",
                "Namespace": "AWS/ApplicationELB",
                "Statistic": "Sum",
                "Period": 60,
                "EvaluationPeriods": 1,
                "Threshold": 10,
                "ComparisonOperator": "GreaterThanThreshold",
            },
        },
    }
}


def test_the_stacks_own_alarms_become_rollback_triggers_of_an_update(target, cfn) -> None:
    recording = Recording(target)
    assert deploy(spec("a", ALARMED), target=recording, assume_yes=True).ok
    [first] = recording.of("create_change_set")
    assert "RollbackConfiguration" not in first  # alarms exist only after the create
    changed = copy.deepcopy(ALARMED)
    changed["Resources"]["Other"] = {"Type": "AWS::SNS::Topic"}
    assert deploy(spec("a", changed), target=recording, assume_yes=True).ok
    second = recording.of("create_change_set")[-1]
    alarm = cfn.describe_stack_resource(StackName="a", LogicalResourceId="Errors5xx")[
        "StackResourceDetail"
    ]["PhysicalResourceId"]
    assert second["RollbackConfiguration"] == {
        "RollbackTriggers": [
            {
                "Arn": f"arn:aws:cloudwatch:us-east-1:123456789012:alarm:{alarm}",
                "Type": "AWS::CloudWatch::Alarm",
            }
        ],
        "MonitoringTimeInMinutes": 0,
    }


def test_a_stack_holding_data_gets_a_policy_denying_replace_and_delete(target, cfn) -> None:
    assert deploy(spec("db", database()), target=target, assume_yes=True, skip_checks=True).ok
    policy = json.loads(cfn.get_stack_policy(StackName="db")["StackPolicyBody"])
    [deny] = [s for s in policy["Statement"] if s["Effect"] == "Deny"]
    assert deny["Action"] == ["Update:Replace", "Update:Delete"]
    assert deny["Resource"] == ["LogicalResourceId/DatabaseInstance"]
    assert deploy(spec("t", TOPIC), target=target, assume_yes=True, skip_checks=True).ok
    assert "StackPolicyBody" not in cfn.get_stack_policy(StackName="t")
