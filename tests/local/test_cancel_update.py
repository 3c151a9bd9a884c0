"""CancelUpdateStack: an update in progress stops and rolls back, resources restored.

API = https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CancelUpdateStack.html
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.exceptions import ClientError

from hastack.local import LocalEngine
from tests.local.helpers import Hold, events


def _body(value: str) -> dict[str, Any]:
    def parameter(name: str) -> dict[str, Any]:
        return {"Type": "AWS::SSM::Parameter", "Properties": {"Name": name, "Type": "String"}}

    first, second = parameter("/app/first"), parameter("/app/second")
    first["Properties"]["Value"] = value
    second["Properties"]["Value"] = value
    second["DependsOn"] = "First"
    return {"Resources": {"First": first, "Second": second}}


@pytest.fixture
def gate() -> Hold:
    """Holds the update of ``Second`` until released."""
    return Hold("Second", "UPDATE")


@pytest.fixture(params=[False, True], ids=["returns-when-done", "asynchronous"])
def engine(request: pytest.FixtureRequest, gate: Hold) -> Iterator[LocalEngine]:
    with LocalEngine(resource_hook=gate, asynchronous=request.param) as served:
        served.reset()  # moto's backends are the process's: start from none
        yield served


def _status(cfn: Any, name: str) -> str:
    return cfn.describe_stacks(StackName=name)["Stacks"][0]["StackStatus"]


def _settled(cfn: Any, name: str) -> str:
    deadline = time.monotonic() + 30
    while (status := _status(cfn, name)).endswith("_IN_PROGRESS") and time.monotonic() < deadline:
        time.sleep(0.05)
    return status


def test_a_cancelled_update_rolls_back_and_restores_the_resources(engine, gate) -> None:
    """API CancelUpdateStack: "the stack rolls back the update and reverts to the previous
    stack configuration": UPDATE_ROLLBACK_IN_PROGRESS then UPDATE_ROLLBACK_COMPLETE, the
    resource already updated put back, the one in progress failed as cancelled."""
    cfn, ssm = engine.client("cloudformation"), engine.client("ssm")
    cfn.create_stack(StackName="app", TemplateBody=json.dumps(_body("v1")))
    assert _settled(cfn, "app") == "CREATE_COMPLETE"
    worker = threading.Thread(
        target=cfn.update_stack,
        kwargs={"StackName": "app", "TemplateBody": json.dumps(_body("v2"))},
    )
    worker.start()
    gate.wait()
    assert _status(cfn, "app") == "UPDATE_IN_PROGRESS"
    assert ssm.get_parameter(Name="/app/first")["Parameter"]["Value"] == "v2"
    cfn.cancel_update_stack(StackName="app")
    gate.released.set()
    worker.join(30)
    assert _settled(cfn, "app") == "UPDATE_ROLLBACK_COMPLETE"
    for name in ("/app/first", "/app/second"):
        assert ssm.get_parameter(Name=name)["Parameter"]["Value"] == "v1"
    seen = events(cfn, "app")
    assert ("app", "UPDATE_ROLLBACK_IN_PROGRESS", "Stack UPDATE cancelled") in seen
    assert ("Second", "UPDATE_FAILED", "Resource update cancelled") in seen
    template = cfn.get_template(StackName="app")["TemplateBody"]  # boto3 parses it
    assert json.loads(json.dumps(template)) == _body("v1")


def test_cancel_is_refused_unless_an_update_is_in_progress(engine, gate) -> None:
    """API CancelUpdateStack: "You can cancel only stacks that are in the UPDATE_IN_PROGRESS
    state"; otherwise a ValidationError."""
    cfn = engine.client("cloudformation")
    gate.released.set()
    cfn.create_stack(StackName="idle", TemplateBody=json.dumps(_body("v1")))
    assert _settled(cfn, "idle") == "CREATE_COMPLETE"
    with pytest.raises(ClientError) as refused:
        cfn.cancel_update_stack(StackName="idle")
    assert refused.value.response["Error"] == {
        "Type": "Sender",
        "Code": "ValidationError",
        "Message": "CancelUpdateStack cannot be called from current stack status",
    }
