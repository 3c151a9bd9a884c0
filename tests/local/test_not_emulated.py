"""What the engine cannot run says so: custom resources, macros, query definitions; with
placeholders asked for (``deploy --local --placeholders``, ``@pytest.mark.
hastack_placeholders``), they deploy as placeholders and every one is named.

UG = https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from hastack.local import LocalEngine
from hastack.local.placeholders import Placeholder, placeholders
from tests.deploy.conftest import run_cli
from tests.local.helpers import create, events

ROOT = Path(__file__).resolve().parents[2]
BODY: dict[str, Any] = {
    "Resources": {
        "Topic": {"Type": "AWS::SNS::Topic"},
        "Seed": {
            "Type": "Custom::SeedData",
            "Properties": {"ServiceToken": "arn:aws:lambda:us-east-1:123456789012:function:seed"},
        },
    }
}


@pytest.fixture
def cfn(cfn_env: Any) -> Any:
    return cfn_env("cloudformation")


def test_a_custom_resource_fails_saying_why(cfn) -> None:
    """UG template-custom-resources.html: CloudFormation sends the request to the ServiceToken
    (a Lambda function or SNS topic) and waits for its answer; nothing answers locally."""
    assert create(cfn, "seeded", BODY)["StackStatus"] == "ROLLBACK_COMPLETE"
    (failed,) = [e for e in events(cfn, "seeded") if e[1] == "CREATE_FAILED"]
    assert failed[0] == "Seed"
    assert failed[2].startswith("not emulated locally: Custom::SeedData (a custom resource")


def test_a_query_definition_is_not_emulated(cfn) -> None:
    """moto's CloudWatch Logs has no PutQueryDefinition: the type fails rather than pretend."""
    body = {
        "Resources": {
            "Query": {
                "Type": "AWS::Logs::QueryDefinition",
                "Properties": {"Name": "errors", "QueryString": "fields @message"},
            }
        }
    }
    create(cfn, "queries", body)
    (failed,) = [e for e in events(cfn, "queries") if e[1] == "CREATE_FAILED"]
    assert failed[2].startswith("not emulated locally: AWS::Logs::QueryDefinition (moto's")


@pytest.mark.parametrize(
    "body",
    [
        {"Transform": "Expand", "Resources": {"Topic": {"Type": "AWS::SNS::Topic"}}},
        {
            "Resources": {
                "Topic": {
                    "Type": "AWS::SNS::Topic",
                    "Properties": {"Fn::Transform": {"Name": "Expand", "Parameters": {}}},
                }
            }
        },
        {  # the list form aws-cloudformation-templates' macro examples use
            "Resources": {
                "Topic": {
                    "Type": "AWS::SNS::Topic",
                    "Properties": {
                        "TopicName": {"Fn::Transform": [{"Name": "Expand", "Parameters": {}}]}
                    },
                }
            }
        },
    ],
    ids=["Transform", "Fn::Transform", "Fn::Transform list"],
)
def test_a_template_using_a_macro_is_refused(cfn, body) -> None:
    """UG template-macros.html: CloudFormation runs the macro's Lambda function on the template
    before it creates anything; the emulator runs none, so the request is refused."""
    with pytest.raises(ClientError) as refused:
        cfn.create_stack(StackName="macro", TemplateBody=json.dumps(body))
    error = refused.value.response["Error"]
    assert error["Code"] == "ValidationError"
    assert error["Message"].startswith("Transform Expand: not emulated locally")
    assert "macro" not in {s["StackName"] for s in cfn.list_stacks()["StackSummaries"]}


def test_placeholders_are_named_and_only_when_asked_for() -> None:
    with LocalEngine(placeholders=True) as lenient:
        lenient.reset()
        cfn = lenient.client("cloudformation")
        assert create(cfn, "seeded", BODY)["StackStatus"] == "CREATE_COMPLETE"
        found = placeholders(
            lambda region: lenient.client("cloudformation", region),
            [
                ("seeded", "us-east-1"),
                ("absent", "us-east-1"),
            ],
        )
        assert found == [Placeholder("seeded", "Seed", "Custom::SeedData")]
        lenient.reset()


def test_deploy_local_fails_an_unemulated_type_unless_placeholders(tmp_path, capsys) -> None:
    path = tmp_path / "seeded.json"
    path.write_text(json.dumps(BODY))
    common = ("deploy", str(path), "--stack-name", "seeded", "--yes", "--skip-checks")
    code, _, err = run_cli(capsys, *common, "--local")
    assert code == 1
    assert "not emulated locally: Custom::SeedData" in err
    code, _, err = run_cli(capsys, *common, "--local", "--placeholders")
    assert code == 0, err
    assert "placeholders (not emulated locally, nothing behind them): 1: seeded/Seed" in err
    code, _, err = run_cli(
        capsys, *common, "--endpoint-url", "http://127.0.0.1:9", "--placeholders"
    )
    assert code == 2
    assert "--placeholders applies to --local" in err


USERS_TESTS = """
import pytest
from troposphere import Template
from troposphere.cloudformation import CustomResource

from hastack.core.stack import Stack
from hastack.testing import DeployFailed, PlaceholdersDeployed


def seeded():
    t = Template()
    t.add_resource(CustomResource("Seed", ServiceToken="arn:aws:lambda:us-east-1:1:function:f"))
    return Stack(name="seeded", template=t)


def test_fails_without_the_marker(aws, deploy):
    with pytest.raises(DeployFailed, match="not emulated locally"):
        deploy(seeded())


@pytest.mark.hastack_placeholders
def test_deploys_with_the_marker_and_warns(aws, deploy):
    with pytest.warns(PlaceholdersDeployed, match="seeded/Seed"):
        deploy(seeded())
"""


def test_the_pytest_marker_asks_for_placeholders(tmp_path: Path) -> None:
    (tmp_path / "test_users.py").write_text(USERS_TESTS)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_users.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env={**__import__("os").environ, "PYTHONPATH": str(ROOT)},
    )
    assert "2 passed" in done.stdout, done.stdout[-3000:] + done.stderr[-2000:]


def test_a_stack_whose_resources_cannot_be_listed_is_unknown_not_free_of_placeholders() -> None:
    """Only "does not exist" means no placeholders; any other failure is said, not swallowed."""
    import botocore.exceptions

    from hastack.local.placeholders import deployed_placeholders

    class Client:
        def __init__(self, message: str) -> None:
            self.message = message

        def get_paginator(self, name: str) -> Client:
            return self

        def paginate(self, **kwargs: object) -> list[object]:
            error = {"Error": {"Code": "ValidationError", "Message": self.message}}
            raise botocore.exceptions.ClientError(error, "ListStackResources")

    class Result:
        def __init__(self, name: str) -> None:
            self.name, self.region = name, "us-east-1"

    gone = deployed_placeholders(lambda r: Client("Stack with id a does not exist"), [Result("a")])
    assert gone == ""
    denied = deployed_placeholders(lambda r: Client("Rate exceeded"), [Result("b")])
    assert denied == "placeholders unknown for b: listing its resources failed: Rate exceeded"
