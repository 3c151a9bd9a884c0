"""Ctrl-C at any instant: every AWS call of deploy, diff and destroy is a point to stop at.

A scripted target wraps the emulator's clients and raises KeyboardInterrupt at the Nth call,
either before the request goes out or after its answer came back (the answer lost, as when
Ctrl-C lands while botocore reads it). After each stop, a plain rerun must converge: the stack
as asked, no unexecuted change set, no empty REVIEW_IN_PROGRESS stack left behind.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from hastack.deploy.api import deploy, destroy, diff
from hastack.deploy.cfn import Watch
from hastack.deploy.errors import DeployInterrupted
from hastack.deploy.spec import StackSpec
from tests.deploy.conftest import open_change_sets

BODY = {
    "Resources": {"Topic": {"Type": "AWS::SNS::Topic"}},
    "Outputs": {"TopicArn": {"Value": {"Ref": "Topic"}}},
}
CHANGED = copy.deepcopy(BODY)
CHANGED["Resources"]["Queue"] = {"Type": "AWS::SQS::Queue"}


class Interrupting:
    """A target whose clients raise KeyboardInterrupt at call number ``at`` (counted from 1)."""

    def __init__(self, target: Any, at: int, *, after: bool) -> None:
        self.target = target
        self.endpoint_url = target.endpoint_url
        self.at = at
        self.after = after
        self.calls: list[str] = []

    def account_id(self) -> str:
        return str(self.target.account_id())

    def client(self, service: str, region: str | None = None) -> Any:
        return _Client(self, self.target.client(service, region))

    def count(self, name: str) -> bool:
        """Record a call; True when this one is the one to interrupt."""
        self.calls.append(name)
        return len(self.calls) == self.at


class _Client:
    def __init__(self, owner: Interrupting, real: Any) -> None:
        self._owner = owner
        self._real = real

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._real, name)
        if not callable(attribute) or name.startswith("_"):
            return attribute

        def call(*args: Any, **kwargs: Any) -> Any:
            stop = self._owner.count(name)
            if stop and not self._owner.after:
                raise KeyboardInterrupt
            answer = attribute(*args, **kwargs)
            if stop:
                raise KeyboardInterrupt
            return answer

        return call


def fast_watch() -> Watch:
    """A watch whose pauses take no time (the emulator answers at once)."""
    clock = [0.0]

    def sleep(seconds: float) -> None:
        clock[0] += seconds

    return Watch(sleep=sleep, clock=lambda: clock[0])


def spec(body: dict[str, Any]) -> StackSpec:
    return StackSpec("shop", copy.deepcopy(body), "us-east-1")


def calls_of(run: Callable[[Any], object], target: Any) -> int:
    """How many client calls ``run`` makes when nothing stops it."""
    counting = Interrupting(target, at=0, after=False)
    run(counting)
    return len(counting.calls)


def interrupted(run: Callable[[Any], object], target: Any, at: int, after: bool) -> None:
    scripted = Interrupting(target, at=at, after=after)
    try:
        run(scripted)
    except (KeyboardInterrupt, DeployInterrupted):
        return
    # the stop after the last call's answer may land once the run has nothing left to do


def assert_clean(cfn: Any, status: str | None) -> None:
    stacks = {s["StackName"]: s["StackStatus"] for s in cfn.describe_stacks()["Stacks"]}
    assert stacks.get("shop") == status, stacks
    if status is not None:
        assert open_change_sets(cfn, "shop") == []


def run_deploy(body: dict[str, Any]) -> Callable[[Any], object]:
    return lambda target: deploy(spec(body), target=target, assume_yes=True, watch=fast_watch())


@pytest.mark.parametrize("after", [False, True], ids=["before-call", "after-call"])
def test_a_first_deploy_stopped_at_every_call_converges_on_rerun(target, emulator, after) -> None:
    cfn = emulator.client("cloudformation")
    total = calls_of(run_deploy(BODY), target)
    assert total >= 8
    destroy(spec(BODY), target=target, assume_yes=True)
    for at in range(1, total + 1):
        emulator.reset()
        interrupted(run_deploy(BODY), target, at, after)
        stacks = {s["StackName"]: s["StackStatus"] for s in cfn.describe_stacks()["Stacks"]}
        assert stacks.get("shop") in (None, "CREATE_COMPLETE"), (at, stacks)
        if "shop" in stacks:
            assert open_change_sets(cfn, "shop") == [], at
        report = deploy(spec(BODY), target=target, assume_yes=True, watch=fast_watch())
        assert report.ok, (at, report.result("shop").reason)
        assert_clean(cfn, "CREATE_COMPLETE")


@pytest.mark.parametrize("after", [False, True], ids=["before-call", "after-call"])
def test_an_update_stopped_at_every_call_converges_on_rerun(target, emulator, after) -> None:
    cfn = emulator.client("cloudformation")
    assert deploy(spec(BODY), target=target, assume_yes=True).ok
    total = calls_of(run_deploy(CHANGED), target)
    for at in range(1, total + 1):
        emulator.reset()
        assert deploy(spec(BODY), target=target, assume_yes=True, watch=fast_watch()).ok
        interrupted(run_deploy(CHANGED), target, at, after)
        assert open_change_sets(cfn, "shop") == [], at
        report = deploy(spec(CHANGED), target=target, assume_yes=True, watch=fast_watch())
        assert report.ok, (at, report.result("shop").reason)
        resources = cfn.list_stack_resources(StackName="shop")["StackResourceSummaries"]
        assert sorted(r["LogicalResourceId"] for r in resources) == ["Queue", "Topic"], at
        assert_clean(cfn, "UPDATE_COMPLETE")


@pytest.mark.parametrize("after", [False, True], ids=["before-call", "after-call"])
def test_a_diff_stopped_at_every_call_leaves_no_change_set(target, emulator, after) -> None:
    cfn = emulator.client("cloudformation")
    assert deploy(spec(BODY), target=target, assume_yes=True).ok

    def run(target: Any) -> object:
        return diff(spec(CHANGED), target=target)

    total = calls_of(run, target)
    assert total >= 4
    for at in range(1, total + 1):
        interrupted(run, target, at, after)
        assert_clean(cfn, "CREATE_COMPLETE")
        [again] = diff(spec(CHANGED), target=target)
        assert [c.logical_id for c in again.changes] == ["Queue"]
        assert_clean(cfn, "CREATE_COMPLETE")


@pytest.mark.parametrize("after", [False, True], ids=["before-call", "after-call"])
def test_a_destroy_stopped_at_every_call_converges_on_rerun(target, emulator, after) -> None:
    cfn = emulator.client("cloudformation")
    assert deploy(spec(BODY), target=target, assume_yes=True).ok

    def run(target: Any) -> object:
        return destroy(spec(BODY), target=target, assume_yes=True, watch=fast_watch())

    total = calls_of(run, target)
    assert total >= 4
    for at in range(1, total + 1):
        emulator.reset()
        assert deploy(spec(BODY), target=target, assume_yes=True, watch=fast_watch()).ok
        interrupted(run, target, at, after)
        assert destroy(spec(BODY), target=target, assume_yes=True, watch=fast_watch()).ok, at
        assert_clean(cfn, None)


def test_a_review_stack_left_by_a_killed_run_is_removed_and_the_stack_created(
    target, emulator
) -> None:
    """A killed process runs no clean-up: its CREATE change set and empty stack stay."""
    cfn = emulator.client("cloudformation")
    cfn.create_change_set(
        StackName="shop",
        ChangeSetName="hastack-20200101000000-dead00-1",
        ChangeSetType="CREATE",
        TemplateBody='{"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}}}',
        Tags=[{"Key": "hastack:stack", "Value": "shop"}],
    )
    assert cfn.describe_stacks(StackName="shop")["Stacks"][0]["StackStatus"] == (
        "REVIEW_IN_PROGRESS"
    )
    report = deploy(spec(BODY), target=target, assume_yes=True, watch=fast_watch())
    assert report.ok, report.result("shop").reason
    assert_clean(cfn, "CREATE_COMPLETE")
    stacks = [s["StackName"] for s in cfn.describe_stacks()["Stacks"]]
    assert stacks == ["shop"]


def test_a_review_stack_can_be_destroyed(target, emulator) -> None:
    cfn = emulator.client("cloudformation")
    cfn.create_change_set(
        StackName="shop",
        ChangeSetName="other-tool",
        ChangeSetType="CREATE",
        TemplateBody='{"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}}}',
    )
    assert destroy(spec(BODY), target=target, assume_yes=True).ok
    assert_clean(cfn, None)
