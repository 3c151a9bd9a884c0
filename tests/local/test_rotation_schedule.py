"""``AWS::SecretsManager::RotationSchedule`` on the emulator: checked and recorded, no rotation
started (moto's RotateSecret would run the function in Docker); refused where AWS refuses, and
for the hosted rotation the engine cannot build.

UG = https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.local.helpers import create, events

ZIP = "def handler(event, context):\n    return None\n"


def body(schedule: dict[str, Any]) -> dict[str, Any]:
    return {
        "Resources": {
            "Secret": {
                "Type": "AWS::SecretsManager::Secret",
                "Properties": {
                    "GenerateSecretString": {
                        "SecretStringTemplate": json.dumps({"username": "dbadmin"}),
                        "GenerateStringKey": "password",
                    }
                },
            },
            "Role": {
                "Type": "AWS::IAM::Role",
                "Properties": {
                    "AssumeRolePolicyDocument": {
                        "Version": "2012-10-17",
                        "Statement": [
                            {
                                "Effect": "Allow",
                                "Principal": {"Service": "lambda.amazonaws.com"},
                                "Action": "sts:AssumeRole",
                            }
                        ],
                    }
                },
            },
            "Rotator": {
                "Type": "AWS::Lambda::Function",
                "Properties": {
                    "Runtime": "python3.12",
                    "Handler": "index.handler",
                    "Role": {"Fn::GetAtt": ["Role", "Arn"]},
                    "Code": {"ZipFile": ZIP},
                },
            },
            "Schedule": {"Type": "AWS::SecretsManager::RotationSchedule", "Properties": schedule},
        },
        "Outputs": {"Schedule": {"Value": {"Ref": "Schedule"}}},
    }


@pytest.fixture
def clients(cfn_env: Any) -> tuple[Any, Any]:
    return cfn_env("cloudformation"), cfn_env("secretsmanager")


def test_a_schedule_with_a_rotation_function_deploys_and_starts_no_rotation(clients) -> None:
    """UG aws-resource-secretsmanager-rotationschedule.html: ``Ref`` is the secret's ARN. No
    version is added to the secret (the engine runs no Lambda code)."""
    cfn, sm = clients
    stack = create(
        cfn,
        "rotated",
        body(
            {
                "SecretId": {"Ref": "Secret"},
                "RotationLambdaARN": {"Fn::GetAtt": ["Rotator", "Arn"]},
                "RotationRules": {"AutomaticallyAfterDays": 30},
                "RotateImmediatelyOnUpdate": False,
            }
        ),
        Capabilities=["CAPABILITY_IAM"],
    )
    assert stack["StackStatus"] == "CREATE_COMPLETE"
    (output,) = stack["Outputs"]
    secret = sm.describe_secret(SecretId=output["OutputValue"])
    assert secret["ARN"] == output["OutputValue"]
    assert list(secret["VersionIdsToStages"].values()) == [["AWSCURRENT"]]
    reasons = [reason for logical, _, reason in events(cfn, "rotated") if logical == "Schedule"]
    assert any("every 30 days recorded, not started" in r for r in reasons)


@pytest.mark.parametrize(
    ("schedule", "reason"),
    [
        (
            {
                "SecretId": {"Ref": "Secret"},
                "HostedRotationLambda": {"RotationType": "MySQLSingleUser"},
                "RotationRules": {"AutomaticallyAfterDays": 30},
            },
            "HostedRotationLambda is created by the AWS::SecretsManager-2020-07-23 transform",
        ),
        (
            {
                "SecretId": {"Ref": "Secret"},
                "RotationLambdaARN": {
                    "Fn::Sub": "arn:aws:lambda:us-east-1:${AWS::AccountId}:function:nowhere"
                },
            },
            "Resource not found for ARN",
        ),
        (
            {
                "SecretId": {"Ref": "Secret"},
                "RotationLambdaARN": {"Fn::GetAtt": ["Rotator", "Arn"]},
                "RotationRules": {"AutomaticallyAfterDays": 1001},
            },
            "AutomaticallyAfterDays must be within 1-1000",
        ),
        (
            {"SecretId": "no-such-secret", "RotationLambdaARN": {"Fn::GetAtt": ["Rotator", "Arn"]}},
            "can't find the specified secret no-such-secret",
        ),
    ],
)
def test_a_schedule_aws_would_refuse_fails_with_the_reason(clients, schedule, reason) -> None:
    cfn, _ = clients
    stack = create(cfn, "refused", body(schedule), Capabilities=["CAPABILITY_IAM"])
    assert stack["StackStatus"] == "ROLLBACK_COMPLETE"
    failed = [r for logical, status, r in events(cfn, "refused") if status == "CREATE_FAILED"]
    assert any(reason in r for r in failed), failed
