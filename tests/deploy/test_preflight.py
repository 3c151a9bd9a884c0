"""The plan before a change: every blocker CloudFormation would hit is found before any change.

CloudFormation deletes what it can and stops at the first resource it may not delete
(DeletionProtection, a non-empty bucket, an export still imported), leaving a stack
DELETE_FAILED and half gone. hastack reads those facts first and refuses the whole run, naming
each blocker and the step that lifts it.
"""

from __future__ import annotations

import copy
import json

import pytest

from hastack.deploy.api import deploy, destroy
from hastack.deploy.preflight import Blocked
from hastack.deploy.spec import StackSpec
from tests.deploy.conftest import open_change_sets
from tests.deploy.templates import database


def spec(name: str, body: dict) -> StackSpec:
    return StackSpec(name=name, region="us-east-1", body=body)


def protected_database(identifier: str = "shop-db", engine: str = "mysql") -> dict:
    body = database(engine, identifier)
    body["Resources"]["DatabaseInstance"]["Properties"]["DeletionProtection"] = True
    return body


def manual_snapshots(emulator) -> list[str]:
    """Snapshots hastack took (RDS keeps automated ``rds:`` ones of its own)."""
    found = emulator.client("rds").describe_db_snapshots()["DBSnapshots"]
    return [
        s["DBSnapshotIdentifier"] for s in found if s["DBSnapshotIdentifier"].startswith("hastack-")
    ]


def resource_count(cfn, name: str) -> int:
    return len(cfn.list_stack_resources(StackName=name)["StackResourceSummaries"])


def test_destroy_of_a_protected_database_stops_before_deleting_anything(
    target, cfn, emulator
) -> None:
    assert deploy(
        spec("db", protected_database()), target=target, assume_yes=True, skip_checks=True
    ).ok
    before = resource_count(cfn, "db")
    with pytest.raises(Blocked) as caught:
        destroy(spec("db", protected_database()), target=target, assume_yes=True)
    message = str(caught.value)
    assert caught.value.exit_code == 1
    assert "DatabaseInstance (AWS::RDS::DBInstance): DeletionProtection is on" in message
    assert "DeletionProtection: false" in message  # the opt-in: its own deploy first
    assert "aws rds modify-db-instance --db-instance-identifier shop-db" in message
    assert cfn.describe_stacks(StackName="db")["Stacks"][0]["StackStatus"] == "CREATE_COMPLETE"
    assert resource_count(cfn, "db") == before
    assert manual_snapshots(emulator) == []


def test_a_protection_turned_off_by_a_deploy_lets_the_destroy_through(target, cfn) -> None:
    assert deploy(
        spec("db", protected_database()), target=target, assume_yes=True, skip_checks=True
    ).ok
    off = protected_database()
    off["Resources"]["DatabaseInstance"]["Properties"]["DeletionProtection"] = False
    assert deploy(spec("db", off), target=target, assume_yes=True, skip_checks=True).ok
    assert destroy(spec("db", off), target=target, assume_yes=True).ok


def test_deletion_protection_given_by_a_parameter_is_read_from_the_deployed_value(
    target,
) -> None:
    body = protected_database()
    body["Parameters"] = {"Protect": {"Type": "String", "AllowedValues": ["true", "false"]}}
    body["Resources"]["DatabaseInstance"]["Properties"]["DeletionProtection"] = {"Ref": "Protect"}
    stack = spec("db", body)
    stack.parameters = {"Protect": "true"}
    assert deploy(stack, target=target, assume_yes=True, skip_checks=True).ok
    with pytest.raises(Blocked, match="DeletionProtection is on"):
        destroy(spec("db", body), target=target, assume_yes=True)


def test_an_allowed_replacement_of_a_protected_database_is_blocked_before_any_change(
    target, emulator
) -> None:
    assert deploy(
        spec("db", protected_database()), target=target, assume_yes=True, skip_checks=True
    ).ok
    result = deploy(
        spec("db", protected_database("shop-db-v2", "postgres")),
        target=target,
        assume_yes=True,
        allow_replace=True,
        skip_checks=True,
    ).result("db")
    assert result.status == "blocked"
    assert "DatabaseInstance (AWS::RDS::DBInstance): DeletionProtection is on" in result.reason
    rds = emulator.client("rds")
    [instance] = rds.describe_db_instances()["DBInstances"]
    assert (instance["DBInstanceIdentifier"], instance["Engine"]) == ("shop-db", "mysql")
    assert manual_snapshots(emulator) == []
    cfn = emulator.client("cloudformation")
    assert open_change_sets(cfn, "db") == []


TOPIC = {"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}}}


def test_termination_protection_on_one_stack_stops_the_destroy_of_every_stack(target, cfn) -> None:
    first, second = spec("first", copy.deepcopy(TOPIC)), spec("second", copy.deepcopy(TOPIC))
    second.termination_protection = True
    assert deploy([first, second], target=target, assume_yes=True).ok
    with pytest.raises(Blocked) as caught:
        destroy([first, second], target=target, assume_yes=True)
    assert "second: termination protection is on" in str(caught.value)
    assert "update-termination-protection --no-enable-termination-protection" in str(caught.value)
    for name in ("first", "second"):
        assert cfn.describe_stacks(StackName=name)["Stacks"][0]["StackStatus"] == "CREATE_COMPLETE"


def exporter() -> dict:
    return {
        "Resources": {"Topic": {"Type": "AWS::SNS::Topic"}},
        "Outputs": {"TopicArn": {"Value": {"Ref": "Topic"}, "Export": {"Name": "shared-topic"}}},
    }


def importer() -> dict:
    return {
        "Resources": {
            "Queue": {
                "Type": "AWS::SQS::Queue",
                "Properties": {
                    "Tags": [{"Key": "t", "Value": {"Fn::ImportValue": "shared-topic"}}]
                },
            }
        }
    }


def test_an_export_still_imported_by_another_stack_blocks_its_destroy(target, cfn) -> None:
    assert deploy(spec("producer", exporter()), target=target, assume_yes=True).ok
    cfn.create_stack(StackName="consumer", TemplateBody=json.dumps(importer()))
    with pytest.raises(Blocked) as caught:
        destroy(spec("producer", exporter()), target=target, assume_yes=True)
    assert "export shared-topic is imported by consumer" in str(caught.value)
    assert cfn.describe_stacks(StackName="producer")["Stacks"][0]["StackStatus"] == (
        "CREATE_COMPLETE"
    )


def test_removing_an_imported_export_in_a_deploy_is_blocked(target, cfn) -> None:
    assert deploy(spec("producer", exporter()), target=target, assume_yes=True).ok
    cfn.create_stack(StackName="consumer", TemplateBody=json.dumps(importer()))
    without = exporter()
    del without["Outputs"]
    without["Resources"]["Other"] = {"Type": "AWS::SNS::Topic"}
    result = deploy(spec("producer", without), target=target, assume_yes=True).result("producer")
    assert result.status == "blocked"
    assert "export shared-topic is imported by consumer" in result.reason
    assert open_change_sets(cfn, "producer") == []


BUCKET = {"Resources": {"Store": {"Type": "AWS::S3::Bucket"}}}


def test_a_bucket_that_is_not_empty_blocks_the_destroy_and_says_how_to_empty_it(
    target, cfn, emulator
) -> None:
    assert deploy(spec("files", copy.deepcopy(BUCKET)), target=target, assume_yes=True).ok
    bucket = cfn.describe_stack_resource(StackName="files", LogicalResourceId="Store")[
        "StackResourceDetail"
    ]["PhysicalResourceId"]
    emulator.client("s3").put_object(Bucket=bucket, Key="report.csv", Body=b"1")
    with pytest.raises(Blocked) as caught:
        destroy(spec("files", copy.deepcopy(BUCKET)), target=target, assume_yes=True)
    assert f"Store (AWS::S3::Bucket): bucket {bucket} is not empty" in str(caught.value)
    assert f"aws s3 rm s3://{bucket} --recursive" in str(caught.value)
    emulator.client("s3").delete_object(Bucket=bucket, Key="report.csv")
    assert destroy(spec("files", copy.deepcopy(BUCKET)), target=target, assume_yes=True).ok


def test_a_retained_bucket_is_not_a_blocker(target, cfn, emulator) -> None:
    body = copy.deepcopy(BUCKET)
    body["Resources"]["Store"]["DeletionPolicy"] = "Retain"
    assert deploy(spec("files", body), target=target, assume_yes=True).ok
    bucket = cfn.describe_stack_resource(StackName="files", LogicalResourceId="Store")[
        "StackResourceDetail"
    ]["PhysicalResourceId"]
    emulator.client("s3").put_object(Bucket=bucket, Key="report.csv", Body=b"1")
    assert destroy(spec("files", body), target=target, assume_yes=True).ok


def test_every_blocker_of_every_stack_is_listed_in_one_message(target, cfn, emulator) -> None:
    db, files = spec("db", protected_database()), spec("files", copy.deepcopy(BUCKET))
    files.termination_protection = True
    assert deploy([db, files], target=target, assume_yes=True, skip_checks=True).ok
    bucket = cfn.describe_stack_resource(StackName="files", LogicalResourceId="Store")[
        "StackResourceDetail"
    ]["PhysicalResourceId"]
    emulator.client("s3").put_object(Bucket=bucket, Key="k", Body=b"1")
    with pytest.raises(Blocked) as caught:
        destroy([db, files], target=target, assume_yes=True)
    assert len(caught.value.blockers) == 3
    assert str(caught.value).count("\n  - ") == 3


def test_destroy_of_the_web_app_with_deletion_protection_deletes_nothing(target, cfn) -> None:
    from hastack.core.app_loader import load_app
    from hastack.deploy.spec import specs_of
    from tests.conftest import EXAMPLES

    [webapp] = specs_of(load_app(str(EXAMPLES / "webapp.py")))
    assert deploy(webapp, target=target, assume_yes=True).ok
    before = resource_count(cfn, webapp.name)
    with pytest.raises(Blocked) as caught:
        destroy(webapp, target=target, assume_yes=True)
    assert "DatabaseCluster (AWS::RDS::DBCluster): DeletionProtection is on" in str(caught.value)
    assert "aws rds modify-db-cluster --db-cluster-identifier" in str(caught.value)
    described = cfn.describe_stacks(StackName=webapp.name)["Stacks"][0]
    assert described["StackStatus"] == "CREATE_COMPLETE"
    assert resource_count(cfn, webapp.name) == before
