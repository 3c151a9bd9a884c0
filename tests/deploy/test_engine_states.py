"""Stack states the emulator does not reach on its own, driven through a scripted client.

CloudFormation on AWS can leave a stack UPDATE_ROLLBACK_FAILED or keep one IN_PROGRESS for
minutes; the fake below plays those answers so that the engine's handling (continue the
rollback, keep waiting, stop watching on Ctrl-C) is exercised without an account.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from hastack.deploy.api import deploy
from hastack.deploy.cfn import Watch
from hastack.deploy.engine import DeployOptions, Engine
from hastack.deploy.errors import DeployInterrupted
from hastack.deploy.reporter import RecordingReporter
from hastack.deploy.spec import StackSpec
from hastack.errors import DeployError

BODY = {"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}}}
NEW_BODY = {
    "Resources": {"Topic": {"Type": "AWS::SNS::Topic"}, "Other": {"Type": "AWS::SNS::Topic"}}
}


class ScriptedCloudFormation:
    """Answers from a list of stack statuses; each DescribeStacks call takes the next one."""

    def __init__(self, statuses: list[str]) -> None:
        self.statuses = statuses
        self.calls: list[str] = []

    def _status(self) -> str:
        return self.statuses.pop(0) if len(self.statuses) > 1 else self.statuses[0]

    def describe_stacks(self, StackName: str) -> dict[str, Any]:
        self.calls.append("describe_stacks")
        return {
            "Stacks": [
                {
                    "StackName": StackName,
                    "StackStatus": self._status(),
                    "Parameters": [],
                    "Tags": [],
                }
            ]
        }

    def describe_stack_events(self, **kwargs: Any) -> dict[str, Any]:
        return {"StackEvents": []}

    def continue_update_rollback(self, StackName: str) -> None:
        self.calls.append("continue_update_rollback")

    def get_template(self, **kwargs: Any) -> dict[str, Any]:
        return {"TemplateBody": json.dumps(BODY)}

    def create_change_set(self, **kwargs: Any) -> dict[str, Any]:
        self.calls.append("create_change_set")
        return {"Id": "arn:change-set"}

    def list_change_sets(self, **kwargs: Any) -> dict[str, Any]:
        return {"Summaries": []}

    def describe_change_set(self, **kwargs: Any) -> dict[str, Any]:
        executed = "execute_change_set" in self.calls
        return {
            "Status": "CREATE_COMPLETE",
            "ExecutionStatus": "EXECUTE_IN_PROGRESS" if executed else "AVAILABLE",
            "Changes": [
                {
                    "Type": "Resource",
                    "ResourceChange": {
                        "Action": "Add",
                        "LogicalResourceId": "Other",
                        "ResourceType": "AWS::SNS::Topic",
                    },
                }
            ],
        }

    def execute_change_set(self, **kwargs: Any) -> None:
        self.calls.append("execute_change_set")

    def delete_change_set(self, **kwargs: Any) -> None:
        self.calls.append("delete_change_set")


class FakeTarget:
    endpoint_url = None

    def __init__(self, cfn: ScriptedCloudFormation) -> None:
        self.cfn = cfn

    def client(self, service: str, region: str | None = None) -> Any:
        assert service == "cloudformation"
        return self.cfn


def no_sleep_watch() -> Watch:
    clock = [0.0]

    def sleep(seconds: float) -> None:
        clock[0] += seconds

    return Watch(sleep=sleep, clock=lambda: clock[0])


def test_update_rollback_failed_is_continued_when_confirmed_then_deployed() -> None:
    cfn = ScriptedCloudFormation(
        [
            "UPDATE_ROLLBACK_FAILED",
            "UPDATE_ROLLBACK_IN_PROGRESS",
            "UPDATE_ROLLBACK_COMPLETE",
            "UPDATE_ROLLBACK_COMPLETE",
            "UPDATE_COMPLETE",
        ]
    )
    engine = Engine(
        FakeTarget(cfn), RecordingReporter(answer=True), DeployOptions(), no_sleep_watch()
    )
    result = engine.deploy_stack(StackSpec("s", NEW_BODY, "us-east-1"), {})
    assert result.status == "updated", result.reason
    assert cfn.calls.index("continue_update_rollback") < cfn.calls.index("execute_change_set")


def test_update_rollback_failed_is_left_alone_without_confirmation() -> None:
    cfn = ScriptedCloudFormation(["UPDATE_ROLLBACK_FAILED"])
    engine = Engine(
        FakeTarget(cfn), RecordingReporter(answer=False), DeployOptions(), no_sleep_watch()
    )
    with pytest.raises(DeployError, match="UPDATE_ROLLBACK_FAILED.*run with --yes"):
        engine.prepare(StackSpec("s", NEW_BODY, "us-east-1"))
    assert "continue_update_rollback" not in cfn.calls


def test_a_running_operation_is_waited_for_within_the_bound_then_refused() -> None:
    cfn = ScriptedCloudFormation(["UPDATE_IN_PROGRESS"])
    engine = Engine(
        FakeTarget(cfn), RecordingReporter(), DeployOptions(wait_in_progress=30), no_sleep_watch()
    )
    with pytest.raises(DeployError, match="still UPDATE_IN_PROGRESS after 30 s"):
        engine.prepare(StackSpec("s", NEW_BODY, "us-east-1"))
    polls = cfn.calls.count("describe_stacks")
    assert 5 < polls < 40  # backoff from 1 s: several polls, not one per 30 s, not a busy loop


def test_ctrl_c_while_executing_stops_watching_and_says_how_to_resume_or_roll_back() -> None:
    cfn = ScriptedCloudFormation(["UPDATE_COMPLETE", "UPDATE_IN_PROGRESS"])
    watch = no_sleep_watch()

    def interrupt(seconds: float) -> None:
        watch.cancel.set()  # what the main thread does on KeyboardInterrupt

    watch.sleep = interrupt
    with pytest.raises(DeployInterrupted) as caught:
        deploy(
            StackSpec("s", NEW_BODY, "us-east-1"),
            target=FakeTarget(cfn),
            assume_yes=True,
            watch=watch,
        )
    message = str(caught.value)
    assert caught.value.exit_code == 130
    assert "CloudFormation carries on" in message
    assert "cancel-update-stack --stack-name s --region us-east-1" in message
    assert "delete_change_set" not in cfn.calls


def test_keyboard_interrupt_inside_a_worker_becomes_an_interrupted_deploy() -> None:
    cfn = ScriptedCloudFormation(["UPDATE_COMPLETE", "UPDATE_IN_PROGRESS"])

    def ctrl_c(seconds: float) -> None:
        raise KeyboardInterrupt

    with pytest.raises(DeployInterrupted):
        deploy(
            StackSpec("s", NEW_BODY, "us-east-1"),
            target=FakeTarget(cfn),
            assume_yes=True,
            watch=Watch(sleep=ctrl_c),
        )


def test_a_stale_state_right_after_execution_is_not_taken_for_the_end() -> None:
    cfn = ScriptedCloudFormation(
        [
            "REVIEW_IN_PROGRESS",
            "REVIEW_IN_PROGRESS",
            "REVIEW_IN_PROGRESS",
            "CREATE_IN_PROGRESS",
            "CREATE_COMPLETE",
        ]
    )
    engine = Engine(
        FakeTarget(cfn), RecordingReporter(), DeployOptions(assume_yes=True), no_sleep_watch()
    )
    result = engine.deploy_stack(StackSpec("s", NEW_BODY, "us-east-1"), {})
    assert (result.status, result.stack_status) == ("created", "CREATE_COMPLETE")
    assert cfn.calls.count("describe_stacks") == 5
