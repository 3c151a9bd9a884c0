"""The engine evaluates a template's intrinsic functions through the shared evaluator
(:mod:`hastack.template.evaluate`) in deploy mode: the values are the deployed stack's.

UG = https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/
"""

from __future__ import annotations

import base64
import re
from typing import Any

import pytest

from hastack.local import template as engine_template
from hastack.template.evaluate import DeployMode, Evaluator
from hastack.template.values import ResourceRef
from hastack.template.view import TemplateView
from tests.local.helpers import create, events, outputs


@pytest.fixture
def cfn(cfn_env: Any) -> Any:
    return cfn_env("cloudformation")


def test_outputs_use_pseudo_parameters_base64_and_the_emulators_zones(cfn_env, cfn) -> None:
    """UG pseudo-parameter-reference.html (AWS::StackId, AWS::StackName, AWS::AccountId),
    intrinsic-function-reference-base64.html (the encoded string), intrinsic-function-reference-
    getavailabilityzones.html (the region's zones, as its EC2 lists them), and Ref/GetAtt of a
    resource give its physical id and attribute."""
    body = {
        "Resources": {"Topic": {"Type": "AWS::SNS::Topic"}},
        "Outputs": {
            "Id": {"Value": {"Ref": "AWS::StackId"}},
            "Name": {"Value": {"Ref": "AWS::StackName"}},
            "Account": {"Value": {"Ref": "AWS::AccountId"}},
            "Encoded": {"Value": {"Fn::Base64": {"Fn::Sub": "#!/bin/sh\necho ${AWS::Region}"}}},
            "Second": {"Value": {"Fn::Select": [1, {"Fn::GetAZs": ""}]}},
            "Topic": {"Value": {"Fn::Sub": "${Topic}|${Topic.TopicName}"}},
        },
    }
    stack = create(cfn, "intrinsics", body)
    found = outputs(stack)
    assert found["Id"] == stack["StackId"]
    assert found["Name"] == "intrinsics"
    assert found["Account"] == "123456789012"
    assert base64.b64decode(found["Encoded"]).decode() == "#!/bin/sh\necho us-east-1"
    zones = cfn_env("ec2").describe_availability_zones()["AvailabilityZones"]
    assert found["Second"] == sorted(z["ZoneName"] for z in zones)[1]
    arn, name = found["Topic"].split("|")
    assert re.fullmatch(r"arn:aws:sns:us-east-1:123456789012:intrinsics-Topic-\w+", arn)
    assert arn.endswith(":" + name)


def test_a_value_the_evaluator_cannot_give_fails_the_resource_with_the_reason(cfn) -> None:
    """UG intrinsic-function-reference-select.html: an index past the list's end is a template
    error; the resource that needs it fails and the stack rolls back."""
    body = {
        "Resources": {
            "Topic": {
                "Type": "AWS::SNS::Topic",
                "Properties": {"TopicName": {"Fn::Select": [9, {"Fn::GetAZs": ""}]}},
            }
        }
    }
    assert create(cfn, "bad-select", body)["StackStatus"] == "ROLLBACK_COMPLETE"
    failed = [e for e in events(cfn, "bad-select") if e[1] == "CREATE_FAILED"]
    assert failed[0][0] == "Topic"
    assert "Fn::Select index 9 is out of range" in failed[0][2]


def test_deploy_mode_reads_the_deployed_world_and_the_reader_mode_does_not() -> None:
    """One evaluator, two modes: before deploy a resource attribute is symbolic and Base64 is
    the text; in deploy mode both are the deployed values."""
    body = {
        "Parameters": {"Subnets": {"Type": "List<AWS::EC2::Subnet::Id>"}},
        "Resources": {"Bucket": {"Type": "AWS::S3::Bucket"}},
    }
    node = {
        "Fn::Join": [
            "/",
            [
                {"Fn::GetAtt": ["Bucket", "Arn"]},
                {"Fn::Base64": "x"},
                {"Ref": "AWS::StackId"},
                {"Fn::Select": [1, {"Ref": "Subnets"}]},
                {"Fn::Select": [0, {"Fn::GetAZs": ""}]},
            ],
        ]
    }
    view = TemplateView(body=body, region="eu-west-1", parameters={"Subnets": "s-1,s-2"})
    reader = Evaluator(view)
    assert reader.value({"Fn::GetAtt": ["Bucket", "Arn"]}) == ResourceRef("stack", "Bucket", "Arn")
    assert reader.value({"Fn::Base64": "x"}) == "x"
    assert reader.known(node) is None
    mode = DeployMode(
        resource_value=lambda lid, attr: f"{lid}.{attr}",
        import_value=lambda name: name,
        pseudo={"AWS::StackId": "sid"},
        zones=lambda region: [f"{region}-zone-a"],
    )
    deployed = TemplateView(body=body, region="eu-west-1", parameters={"Subnets": ["s-1", "s-2"]})
    found = Evaluator(deployed, deploy=mode).value(node)
    assert found == "Bucket.Arn/eA==/sid/s-2/eu-west-1-zone-a"


def test_the_engine_keeps_no_evaluator_of_its_own() -> None:
    """Every runtime intrinsic goes through hastack.template.evaluate."""
    source = engine_template.__file__
    with open(source) as handle:
        text = handle.read()
    for name in ("Fn::Select", "Fn::GetAZs", "Fn::Base64", "b64encode", "Fn::FindInMap"):
        assert name not in text, name
