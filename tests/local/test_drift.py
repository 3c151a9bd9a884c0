"""Drift detection reads back the common types from the emulator's services and compares the
properties the template sets, as CloudFormation does.

UG = https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-stack-drift.html
API = https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_PropertyDifference.html
"""

from __future__ import annotations

from typing import Any

import pytest

from hastack.local.drift import differences
from tests.local.helpers import create, engine_resources

BODY: dict[str, Any] = {
    "Resources": {
        "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}},
        "Web": {
            "Type": "AWS::EC2::SecurityGroup",
            "Properties": {
                "GroupDescription": "web",
                "VpcId": {"Ref": "Vpc"},
                "SecurityGroupIngress": [
                    {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "0.0.0.0/0"}
                ],
            },
        },
        "Bucket": {
            "Type": "AWS::S3::Bucket",
            "Properties": {
                "VersioningConfiguration": {"Status": "Enabled"},
                "BucketEncryption": {
                    "ServerSideEncryptionConfiguration": [
                        {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}
                    ]
                },
            },
        },
        "Group": {
            "Type": "AWS::ElasticLoadBalancingV2::TargetGroup",
            "Properties": {
                "Port": 80,
                "Protocol": "HTTP",
                "VpcId": {"Ref": "Vpc"},
                "HealthCheckPath": "/health",
                "HealthyThresholdCount": 3,
            },
        },
        "Setting": {
            "Type": "AWS::SSM::Parameter",
            "Properties": {"Name": "/app/mode", "Type": "String", "Value": "on"},
        },
        "Topic": {"Type": "AWS::SNS::Topic", "Properties": {"DisplayName": "alerts"}},
        "Queue": {"Type": "AWS::SQS::Queue", "Properties": {"VisibilityTimeout": 60}},
        "Table": {
            "Type": "AWS::DynamoDB::Table",
            "Properties": {
                "BillingMode": "PROVISIONED",
                "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5},
                "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
                "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
            },
        },
        "Alarm": {
            "Type": "AWS::CloudWatch::Alarm",
            "Properties": {
                "MetricName": "CPU",
                "Namespace": "AWS/EC2",
                "Statistic": "Average",
                "Period": 60,
                "EvaluationPeriods": 1,
                "Threshold": 1,
                "ComparisonOperator": "GreaterThanThreshold",
            },
        },
    }
}


def _drifts(cfn: Any, name: str) -> dict[str, dict[str, Any]]:
    cfn.detect_stack_drift(StackName=name)
    rows = cfn.describe_stack_resource_drifts(
        StackName=name,
        StackResourceDriftStatusFilters=["IN_SYNC", "MODIFIED", "DELETED", "NOT_CHECKED"],
    )["StackResourceDrifts"]
    return {row["LogicalResourceId"]: row for row in rows}


def _physical(cfn: Any, name: str) -> dict[str, str]:
    rows = cfn.describe_stack_resources(StackName=name)["StackResources"]
    return {r["LogicalResourceId"]: r["PhysicalResourceId"] for r in rows}


@pytest.fixture
def cfn(cfn_env: Any) -> Any:
    return cfn_env("cloudformation")


def test_a_stack_as_deployed_is_in_sync_type_by_type(cfn) -> None:
    """UG: only properties set in the template are compared, never defaults: a fresh stack is
    IN_SYNC; a type drift detection does not read is NOT_CHECKED."""
    create(cfn, "fresh", BODY)
    found = {lid: row["StackResourceDriftStatus"] for lid, row in _drifts(cfn, "fresh").items()}
    assert found.pop("Alarm") == "NOT_CHECKED"
    assert found.pop("Vpc") == "NOT_CHECKED"
    assert set(found.values()) == {"IN_SYNC"}, found
    stack = cfn.describe_stacks(StackName="fresh")["Stacks"][0]
    assert stack["DriftInformation"]["StackDriftStatus"] == "IN_SYNC"


def test_changes_made_outside_the_stack_are_reported_per_property(cfn_env, cfn) -> None:
    """UG: a changed value is NOT_EQUAL at its property path, a rule added outside the stack is
    ADD and one removed is REMOVE; a deleted resource is DELETED; the stack is DRIFTED."""
    create(cfn, "app", BODY)
    ids = _physical(cfn, "app")
    ec2 = cfn_env("ec2")
    rule = {
        "IpProtocol": "tcp",
        "FromPort": 443,
        "ToPort": 443,
        "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
    }
    ec2.revoke_security_group_ingress(GroupId=ids["Web"], IpPermissions=[rule])
    ec2.authorize_security_group_ingress(
        GroupId=ids["Web"],
        IpPermissions=[
            {**rule, "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}
        ],
    )
    s3 = cfn_env("s3")
    s3.put_bucket_versioning(Bucket=ids["Bucket"], VersioningConfiguration={"Status": "Suspended"})
    s3.delete_bucket_encryption(Bucket=ids["Bucket"])
    cfn_env("elbv2").modify_target_group(TargetGroupArn=ids["Group"], HealthCheckPath="/")
    cfn_env("ssm").put_parameter(Name="/app/mode", Value="off", Overwrite=True)
    cfn_env("sns").set_topic_attributes(
        TopicArn=ids["Topic"], AttributeName="DisplayName", AttributeValue="pages"
    )
    cfn_env("sqs").set_queue_attributes(
        QueueUrl=ids["Queue"], Attributes={"VisibilityTimeout": "30"}
    )
    cfn_env("dynamodb").delete_table(TableName=ids["Table"])

    found = _drifts(cfn, "app")
    status = {lid: row["StackResourceDriftStatus"] for lid, row in found.items()}
    assert status["Table"] == "DELETED"
    for lid in ("Web", "Bucket", "Group", "Setting", "Topic", "Queue"):
        assert status[lid] == "MODIFIED", (lid, found[lid])

    def diffs(lid: str) -> set[tuple[str, str]]:
        return {(d["PropertyPath"], d["DifferenceType"]) for d in found[lid]["PropertyDifferences"]}

    assert diffs("Web") == {
        ("/SecurityGroupIngress/0", "REMOVE"),
        ("/SecurityGroupIngress/0", "ADD"),
    }
    assert diffs("Bucket") == {
        ("/VersioningConfiguration/Status", "NOT_EQUAL"),
        ("/BucketEncryption", "REMOVE"),
    }
    assert diffs("Group") == {("/HealthCheckPath", "NOT_EQUAL")}
    assert diffs("Setting") == {("/Value", "NOT_EQUAL")}
    assert diffs("Topic") == {("/DisplayName", "NOT_EQUAL")}
    assert diffs("Queue") == {("/VisibilityTimeout", "NOT_EQUAL")}
    (queue,) = found["Queue"]["PropertyDifferences"]
    assert (queue["ExpectedValue"], queue["ActualValue"]) == ("60", "30")
    stack = cfn.describe_stacks(StackName="app")["Stacks"][0]
    assert stack["DriftInformation"]["StackDriftStatus"] == "DRIFTED"


def test_values_compare_as_cloudformation_compares_them() -> None:
    """API PropertyDifference: "7" and 7 are the same value; a dict compares the keys the
    template sets; lists of objects compare as sets."""
    assert differences({"A": "7", "B": True}, {"A": 7, "B": "true", "C": 1}) == []
    rules = [{"IpProtocol": "tcp", "FromPort": 80}, {"IpProtocol": "tcp", "FromPort": 443}]
    assert differences(rules, list(reversed(rules)), "/R") == []
    assert [d["DifferenceType"] for d in differences({"A": {"B": 1}}, {"A": {}})] == ["REMOVE"]


def test_every_reader_reads_every_property_it_names(engine, cfn) -> None:
    """Each reader's attribute names are moto's: reading every property it lists on a real
    object of its type gives a value or None, never an error (an error would be the engine's
    InternalFailure on DetectStackDrift)."""
    from hastack.local.drift import READERS

    database = {
        "Type": "AWS::RDS::DBInstance",
        "Properties": {
            "Engine": "mysql",
            "DBInstanceClass": "db.t3.micro",
            "AllocatedStorage": "20",
            "MasterUsername": "admin",
            "MasterUserPassword": "correct-horse",
        },
    }
    body = {"Resources": {**BODY["Resources"], "Database": database}}
    assert create(cfn, "every", body)["StackStatus"] == "CREATE_COMPLETE"
    read = set()
    for resource, ctx in engine_resources(engine, "every"):
        reader = READERS.get(resource.type)
        if reader is None:
            continue
        found = reader.read(ctx, resource.live, dict.fromkeys(reader.properties))
        assert found is not None and set(found) == set(reader.properties), resource.type
        read.add(resource.type)
    assert "AWS::RDS::DBInstance" in read and len(read) >= 7


def test_only_a_not_found_error_reads_as_gone() -> None:
    """moto's lookups say "not found" in their own words (NoSuchBucket, NonExistentQueue,
    InvalidGroup.NotFound, NotFound, ResourceNotFoundException); those, and only those, mean
    the resource is gone. Any other error is raised, for the caller to report."""
    from moto.dynamodb.exceptions import ResourceNotFoundException
    from moto.ec2.exceptions import InvalidParameterValueError, InvalidSecurityGroupNotFoundError
    from moto.s3.exceptions import MissingBucket
    from moto.sns.exceptions import TopicNotFound
    from moto.sqs.exceptions import QueueDoesNotExist

    from hastack.local.drift import _quietly

    for error in (
        MissingBucket(bucket="b"),
        QueueDoesNotExist(),
        InvalidSecurityGroupNotFoundError("sg-1"),
        TopicNotFound(),
        ResourceNotFoundException(),
    ):

        def lookup(error: Exception = error) -> Any:
            raise error

        assert _quietly(lookup) is None, type(error).__name__
    for error in (InvalidParameterValueError("x"), KeyError("versioning"), RuntimeError("boom")):

        def failing(error: Exception = error) -> Any:
            raise error

        with pytest.raises(type(error)):
            _quietly(failing)


def test_a_resource_that_cannot_be_read_is_unknown_with_the_reason(cfn, monkeypatch) -> None:
    """API StackResourceDrift: UNKNOWN means "CloudFormation could not run drift detection for
    the resource. See the DriftStatusReason for details"; the detection is DETECTION_FAILED
    for that resource and the others keep their results (API
    DescribeStackDriftDetectionStatus). A read error never says DELETED: the resource exists."""
    from hastack.local import drift

    body = {"Resources": {key: BODY["Resources"][key] for key in ("Topic", "Queue")}}
    create(cfn, "unreadable", body)
    topic = drift.READERS["AWS::SNS::Topic"]

    def broken(ctx: Any, live: Any) -> Any:
        def lookup() -> Any:
            raise RuntimeError("the SNS backend is unavailable")

        return drift._quietly(lookup)

    monkeypatch.setitem(drift.READERS, "AWS::SNS::Topic", drift.Reader(broken, topic.properties))
    detection = cfn.detect_stack_drift(StackName="unreadable")["StackDriftDetectionId"]
    rows = cfn.describe_stack_resource_drifts(
        StackName="unreadable",
        StackResourceDriftStatusFilters=["IN_SYNC", "MODIFIED", "DELETED", "UNKNOWN"],
    )["StackResourceDrifts"]
    found = {row["LogicalResourceId"]: row for row in rows}
    assert found["Topic"]["StackResourceDriftStatus"] == "UNKNOWN"
    assert "the SNS backend is unavailable" in found["Topic"]["DriftStatusReason"]
    assert found["Queue"]["StackResourceDriftStatus"] == "IN_SYNC"
    status = cfn.describe_stack_drift_detection_status(StackDriftDetectionId=detection)
    assert status["DetectionStatus"] == "DETECTION_FAILED"
    assert "Topic" in status["DetectionStatusReason"]
    assert status["StackDriftStatus"] == "IN_SYNC"
