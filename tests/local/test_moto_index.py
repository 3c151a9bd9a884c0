"""The engine imports only the moto services a template's types need: moto's own model map
imports every service (about two seconds before the first stack operation), so the engine
finds each model through its own index and reads the common ``GetAtt`` values itself (moto's
``get_cfn_attribute`` imports the model map too). Both must stay what moto says."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from typing import Any

import pytest

from hastack.local.handlers import handler_for
from hastack.local.handlers.moto_index import MOTO_MODELS
from hastack.local.handlers.moto_models import _ATTRIBUTES, moto_model
from tests.local.helpers import create, engine_resources


def test_the_index_is_motos_own_model_map() -> None:
    from moto.cloudformation.parsing import get_model_map

    actual = {
        kind: f"{model.__module__}:{model.__qualname__}"
        for kind, model in get_model_map().items()
        if kind.startswith("AWS::")
    }
    text = "\n".join(f'    "{kind}": "{path}",' for kind, path in sorted(actual.items()))
    assert MOTO_MODELS == actual, (
        "moto's model map changed: replace MOTO_MODELS in "
        f"hastack/local/handlers/moto_index.py with\n{text}"
    )
    for kind, model in get_model_map().items():
        if kind in MOTO_MODELS and kind != "AWS::RDS::DBInstance":
            assert moto_model(kind) is model, kind


def test_a_type_moto_does_not_model_has_no_model() -> None:
    assert moto_model("AWS::Nothing::Here") is None
    assert moto_model("AWS::RDS::DBInstance") is None  # hastack's own handler


BODY: dict[str, Any] = {
    "Resources": {
        "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}},
        "Subnet": {
            "Type": "AWS::EC2::Subnet",
            "Properties": {
                "VpcId": {"Ref": "Vpc"},
                "CidrBlock": "10.0.0.0/24",
                "AvailabilityZone": "us-east-1a",
            },
        },
        "Other": {
            "Type": "AWS::EC2::Subnet",
            "Properties": {
                "VpcId": {"Ref": "Vpc"},
                "CidrBlock": "10.0.1.0/24",
                "AvailabilityZone": "us-east-1b",
            },
        },
        "Group": {
            "Type": "AWS::EC2::SecurityGroup",
            "Properties": {"GroupDescription": "g", "VpcId": {"Ref": "Vpc"}},
        },
        "Address": {"Type": "AWS::EC2::EIP", "Properties": {"Domain": "vpc"}},
        "Eni": {
            "Type": "AWS::EC2::NetworkInterface",
            "Properties": {"SubnetId": {"Ref": "Subnet"}},
        },
        "Launch": {
            "Type": "AWS::EC2::LaunchTemplate",
            "Properties": {"LaunchTemplateData": {"InstanceType": "t3.micro"}},
        },
        "Targets": {
            "Type": "AWS::ElasticLoadBalancingV2::TargetGroup",
            "Properties": {"Port": 80, "Protocol": "HTTP", "VpcId": {"Ref": "Vpc"}},
        },
        "Balancer": {
            "Type": "AWS::ElasticLoadBalancingV2::LoadBalancer",
            "Properties": {"Subnets": [{"Ref": "Subnet"}, {"Ref": "Other"}]},
        },
        "Role": {
            "Type": "AWS::IAM::Role",
            "Properties": {
                "AssumeRolePolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Principal": {"Service": "ec2.amazonaws.com"},
                            "Action": "sts:AssumeRole",
                        }
                    ],
                }
            },
        },
        "Profile": {
            "Type": "AWS::IAM::InstanceProfile",
            "Properties": {"Roles": [{"Ref": "Role"}]},
        },
        "Key": {
            "Type": "AWS::KMS::Key",
            "Properties": {
                "KeyPolicy": {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
                            "Action": "kms:*",
                            "Resource": "*",
                        }
                    ],
                }
            },
        },
        "Rule": {"Type": "AWS::Events::Rule", "Properties": {"ScheduleExpression": "rate(1 day)"}},
        "Logs": {"Type": "AWS::Logs::LogGroup", "Properties": {}},
        "Queue": {"Type": "AWS::SQS::Queue", "Properties": {}},
        "Topic": {"Type": "AWS::SNS::Topic", "Properties": {}},
        "Bucket": {"Type": "AWS::S3::Bucket", "Properties": {}},
    }
}


@pytest.fixture
def cfn(cfn_env: Any) -> Any:
    return cfn_env("cloudformation")


def test_the_attributes_read_here_are_the_ones_moto_gives(engine, cfn) -> None:
    """Every value the engine reads itself equals moto's ``get_cfn_attribute`` wherever moto
    answers the attribute (the rest are moto's gaps, which the engine fills)."""
    created = create(cfn, "attributes", BODY, Capabilities=["CAPABILITY_IAM"])
    assert created["StackStatus"] == "CREATE_COMPLETE"
    resources = list(engine_resources(engine, "attributes"))
    assert set(_ATTRIBUTES) <= {resource.type for resource, _ in resources}
    compared = 0
    for resource, ctx in resources:
        obj = resource.live.state
        handler = handler_for(resource.type)
        for name in _ATTRIBUTES.get(resource.type, {}):
            ours = handler.attribute(ctx, resource.live, name)
            assert ours not in (None, ""), (resource.type, name)
            if not type(obj).has_cfn_attr(name):
                continue
            try:
                theirs = obj.get_cfn_attribute(name)
            except Exception:  # noqa: BLE001 - moto names it but does not answer it
                continue
            assert ours == theirs, (resource.type, name)
            compared += 1
    assert compared >= 20
    cfn.delete_stack(StackName="attributes")  # every type here also deletes
    (gone,) = cfn.describe_stacks(StackName=created["StackId"])["Stacks"]
    assert gone["StackStatus"] == "DELETE_COMPLETE", gone.get("StackStatusReason")


FRESH_PROCESS = """
import json, sys
from hastack.local import LocalEngine

with LocalEngine() as engine:
    cfn = engine.client("cloudformation")
    cfn.create_stack(
        StackName="lean", TemplateBody=json.dumps(BODY), Capabilities=["CAPABILITY_IAM"]
    )
    stack = cfn.describe_stacks(StackName="lean")["Stacks"][0]
print(json.dumps({
    "status": stack["StackStatus"],
    "outputs": {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])},
    "services": sorted({m.split(".")[1] for m in sys.modules if m.startswith("moto.")}),
}))
"""


def test_a_deploy_imports_only_the_services_its_types_need() -> None:
    """A stack of a VPC, a bucket and a role, with their ``GetAtt`` values, loads EC2, S3 and
    IAM and not moto's CloudFormation (which would import every service)."""
    body = {
        "Resources": {
            "Vpc": BODY["Resources"]["Vpc"],
            "Bucket": BODY["Resources"]["Bucket"],
            "Role": BODY["Resources"]["Role"],
        },
        "Outputs": {
            "Cidr": {"Value": {"Fn::GetAtt": ["Vpc", "CidrBlock"]}},
            "BucketArn": {"Value": {"Fn::GetAtt": ["Bucket", "Arn"]}},
            "RoleArn": {"Value": {"Fn::GetAtt": ["Role", "Arn"]}},
        },
    }
    source = f"BODY = {json.dumps(body)!r}\nBODY = __import__('json').loads(BODY)\n"
    run = subprocess.run(
        [sys.executable, "-c", source + textwrap.dedent(FRESH_PROCESS)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    found = json.loads(run.stdout.strip().splitlines()[-1])
    assert found["status"] == "CREATE_COMPLETE"
    assert found["outputs"]["Cidr"] == "10.0.0.0/16"
    assert found["outputs"]["RoleArn"].startswith("arn:aws:iam::123456789012:role/")
    assert found["outputs"]["BucketArn"].startswith("arn:aws:s3:::")
    assert {"ec2", "s3", "iam"} <= set(found["services"])
    assert not {"cloudformation", "apigateway", "awslambda", "sagemaker"} & set(
        found["services"]
    ), found["services"]
