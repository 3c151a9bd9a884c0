"""Each behaviour reported against the old patched-moto emulator, reproduced through the
CloudFormation API as a user meets it, with the AWS behaviour the engine now follows."""

from __future__ import annotations

import json
import threading
from typing import Any

import pytest
from botocore.exceptions import ClientError

from hastack.local import LocalEngine
from tests.local.helpers import Hold, create, events, outputs


def aurora(
    retention: int = 7,
    version: str = "8.0.mysql_aurora.3.05.2",
    with_db: bool = True,
    logs: list[str] | None = None,
) -> dict[str, Any]:
    resources: dict[str, Any] = {
        "Cluster": {
            "Type": "AWS::RDS::DBCluster",
            "DeletionPolicy": "Delete",
            "Properties": {
                "Engine": "aurora-mysql",
                "EngineVersion": version,
                "MasterUsername": "admin",
                "MasterUserPassword": "correct-horse-battery",
                "BackupRetentionPeriod": retention,
                "EnableCloudwatchLogsExports": logs or ["error", "slowquery"],
            },
        },
        "Topic": {"Type": "AWS::SNS::Topic"},
    }
    if with_db:
        resources["Writer"] = {
            "Type": "AWS::RDS::DBInstance",
            "Properties": {
                "Engine": "aurora-mysql",
                "DBClusterIdentifier": {"Ref": "Cluster"},
                "DBInstanceClass": "db.r6g.large",
            },
        }
    if not with_db:
        del resources["Cluster"]
    return {
        "Resources": resources,
        "Outputs": {"Cluster": {"Value": {"Ref": "Cluster"}}} if with_db else {},
    }


@pytest.fixture
def cfn(cfn_env: Any) -> Any:
    return cfn_env("cloudformation")


def _update(cfn: Any, name: str, body: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    cfn.update_stack(StackName=name, TemplateBody=json.dumps(body), **kwargs)
    return cfn.describe_stacks(StackName=name)["Stacks"][0]


def test_an_in_place_aurora_update_keeps_the_cluster_and_its_data(cfn_env, cfn) -> None:
    """AWS: BackupRetentionPeriod and EngineVersion update a cluster in place ("Update requires:
    No interruption", AWS::RDS::DBCluster reference). Reported: AttributeError, cluster gone."""
    stack = create(cfn, "db", aurora())
    cluster_id = outputs(stack)["Cluster"]
    rds = cfn_env("rds")
    updated = _update(cfn, "db", aurora(14, "8.0.mysql_aurora.3.06.0", logs=["error", "audit"]))
    assert updated["StackStatus"] == "UPDATE_COMPLETE", updated.get("StackStatusReason")
    (cluster,) = rds.describe_db_clusters(DBClusterIdentifier=cluster_id)["DBClusters"]
    assert cluster["BackupRetentionPeriod"] == 14
    assert cluster["EngineVersion"] == "8.0.mysql_aurora.3.06.0"
    assert outputs(updated)["Cluster"] == cluster_id
    # and the stack can still be updated back
    assert _update(cfn, "db", aurora())["StackStatus"] == "UPDATE_COMPLETE"


def test_re_adding_a_removed_database_creates_it(cfn_env, cfn) -> None:
    """AWS: a resource added back to the template is created anew (Add in the change set).
    Reported: "1 to add ... UPDATE_COMPLETE" and nothing created."""
    create(cfn, "db", aurora())
    rds = cfn_env("rds")
    assert _update(cfn, "db", aurora(with_db=False))["StackStatus"] == "UPDATE_COMPLETE"
    assert rds.describe_db_clusters()["DBClusters"] == []
    again = _update(cfn, "db", aurora())
    assert again["StackStatus"] == "UPDATE_COMPLETE"
    (cluster,) = rds.describe_db_clusters()["DBClusters"]
    assert cluster["DBClusterIdentifier"] == outputs(again)["Cluster"]
    assert len(cluster["DBClusterMembers"]) == 1


def test_a_second_create_of_the_same_stack_is_refused(cfn) -> None:
    """AWS: CreateStack / a CREATE change set for an existing name -> AlreadyExistsException.
    Reported: two concurrent deploys of one new app made two stacks of each name."""
    body = json.dumps(aurora(with_db=False))
    cfn.create_change_set(
        StackName="app", ChangeSetName="a", ChangeSetType="CREATE", TemplateBody=body
    )
    cfn.create_change_set(
        StackName="app", ChangeSetName="b", ChangeSetType="CREATE", TemplateBody=body
    )
    cfn.execute_change_set(StackName="app", ChangeSetName="a")
    with pytest.raises(ClientError) as second:
        cfn.execute_change_set(StackName="app", ChangeSetName="b")
    assert second.value.response["Error"]["Code"] == "ChangeSetNotFound"
    with pytest.raises(ClientError) as third:
        cfn.create_change_set(
            StackName="app", ChangeSetName="c", ChangeSetType="CREATE", TemplateBody=body
        )
    assert third.value.response["Error"]["Code"] == "AlreadyExistsException"
    assert third.value.response["Error"]["Message"] == "Stack [app] already exists"
    with pytest.raises(ClientError) as fourth:
        cfn.create_stack(StackName="app", TemplateBody=body)
    assert fourth.value.response["Error"]["Code"] == "AlreadyExistsException"
    assert len(cfn.describe_stacks()["Stacks"]) == 1


def test_an_update_while_another_runs_is_refused_with_awss_message() -> None:
    """AWS: one operation per stack; the second UpdateStack gets ValidationError "Stack:ARN is
    in UPDATE_IN_PROGRESS state and can not be updated." Reported: both "succeeded"."""
    hold = Hold("Q", "CREATE")
    with LocalEngine(resource_hook=hold) as engine:
        cfn = engine.client("cloudformation")
        stack = create(cfn, "slow", {"Resources": {"T": {"Type": "AWS::SNS::Topic"}}})
        first_body = {
            "Resources": {"T": {"Type": "AWS::SNS::Topic"}, "Q": {"Type": "AWS::SQS::Queue"}}
        }
        worker = threading.Thread(target=_update, args=(cfn, "slow", first_body))
        worker.start()
        try:
            hold.wait()  # the first update is running
            with pytest.raises(ClientError) as refused:
                _update(
                    cfn,
                    "slow",
                    {
                        "Resources": {
                            "T": {"Type": "AWS::SNS::Topic"},
                            "B": {"Type": "AWS::S3::Bucket"},
                        }
                    },
                )
        finally:
            hold.released.set()
            worker.join()
        error = refused.value.response["Error"]
        assert error["Code"] == "ValidationError"
        assert error["Message"] == (
            f"Stack:{stack['StackId']} is in UPDATE_IN_PROGRESS state and can not be updated."
        )
        resources = cfn.describe_stack_resources(StackName="slow")["StackResources"]
        assert sorted(r["LogicalResourceId"] for r in resources) == ["Q", "T"]


def test_a_failed_update_restores_the_previous_template_parameters_and_outputs(cfn) -> None:
    """AWS: UPDATE_ROLLBACK_COMPLETE returns the stack to its previous template, parameters
    and outputs (using-cfn-updating-stacks-rollback). Reported: the failed template stayed,
    so the next diff showed phantom changes."""
    good = {
        "Parameters": {"Name": {"Type": "String"}},
        "Resources": {"Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}}},
        "Outputs": {"Name": {"Value": {"Ref": "Name"}}},
    }
    create(cfn, "net", good, Parameters=[{"ParameterKey": "Name", "ParameterValue": "one"}])
    bad = json.loads(json.dumps(good))
    bad["Resources"]["Subnet"] = {
        "Type": "AWS::EC2::Subnet",
        "Properties": {"VpcId": {"Ref": "Vpc"}, "CidrBlock": "192.168.0.0/24"},
    }
    bad["Outputs"]["Extra"] = {"Value": "x"}
    after = _update(cfn, "net", bad, Parameters=[{"ParameterKey": "Name", "ParameterValue": "two"}])
    assert after["StackStatus"] == "UPDATE_ROLLBACK_COMPLETE"
    assert dict(cfn.get_template(StackName="net")["TemplateBody"]) == good
    assert after["Parameters"] == [{"ParameterKey": "Name", "ParameterValue": "one"}]
    assert outputs(after) == {"Name": "one"}
    assert [
        r["LogicalResourceId"]
        for r in cfn.describe_stack_resources(StackName="net")["StackResources"]
    ] == ["Vpc"]
    statuses = [s for lid, s, _ in events(cfn, "net") if lid == "net"]
    assert statuses[-4:] == [
        "UPDATE_IN_PROGRESS",
        "UPDATE_ROLLBACK_IN_PROGRESS",
        "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS",
        "UPDATE_ROLLBACK_COMPLETE",
    ]


def test_deleting_a_change_set_twice_is_a_client_error_not_a_500(cfn) -> None:
    """AWS: DeleteChangeSet of a change set that is gone -> ChangeSetNotFound (4xx).
    Reported: HTTP 500 and a botocore traceback in `hastack diff`."""
    create(cfn, "s", {"Resources": {"T": {"Type": "AWS::SNS::Topic"}}})
    made = cfn.create_change_set(
        StackName="s",
        ChangeSetName="same",
        TemplateBody=json.dumps({"Resources": {"T": {"Type": "AWS::SNS::Topic"}}}),
    )
    described = cfn.describe_change_set(ChangeSetName=made["Id"])
    assert described["Status"] == "FAILED"
    assert "didn't contain changes" in described["StatusReason"]
    cfn.delete_change_set(ChangeSetName=made["Id"])
    with pytest.raises(ClientError) as again:
        cfn.delete_change_set(ChangeSetName=made["Id"])
    assert again.value.response["Error"]["Code"] == "ChangeSetNotFound"
    assert again.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_list_and_ssm_parameters_are_described_as_given(cfn_env, cfn) -> None:
    """AWS: DescribeStacks gives ParameterValue as passed (a list as "a,b", an SSM type as the
    parameter name) and the SSM value as ResolvedValue. Reported: Python reprs, so `status`
    saw changes right after a deploy."""
    cfn_env("ssm").put_parameter(Name="/app/ami", Value="ami-12c6146b", Type="String")
    body = {
        "Parameters": {
            "Zones": {"Type": "CommaDelimitedList"},
            "Ports": {"Type": "List<Number>"},
            "Ami": {"Type": "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>"},
        },
        "Resources": {"T": {"Type": "AWS::SNS::Topic"}},
        "Outputs": {
            "FirstZone": {"Value": {"Fn::Select": [0, {"Ref": "Zones"}]}},
            "Ami": {"Value": {"Ref": "Ami"}},
        },
    }
    stack = create(
        cfn,
        "p",
        body,
        Parameters=[
            {"ParameterKey": "Zones", "ParameterValue": "us-east-1a,us-east-1b"},
            {"ParameterKey": "Ports", "ParameterValue": "80,443"},
            {"ParameterKey": "Ami", "ParameterValue": "/app/ami"},
        ],
    )
    assert stack["Parameters"] == [
        {"ParameterKey": "Zones", "ParameterValue": "us-east-1a,us-east-1b"},
        {"ParameterKey": "Ports", "ParameterValue": "80,443"},
        {"ParameterKey": "Ami", "ParameterValue": "/app/ami", "ResolvedValue": "ami-12c6146b"},
    ]
    assert outputs(stack) == {"FirstZone": "us-east-1a", "Ami": "ami-12c6146b"}


def _topics(count: int, padding: int = 0) -> dict[str, Any]:
    return {
        "Resources": {
            f"Topic{i}": {
                "Type": "AWS::SNS::Topic",
                "Properties": {"DisplayName": "x" * padding} if padding else {},
            }
            for i in range(count)
        }
    }


def test_templates_over_awss_limits_are_refused_with_awss_messages(cfn_env, cfn) -> None:
    """AWS quotas (cloudformation-limits.html): 51,200-byte TemplateBody, 1 MB by TemplateURL,
    500 resources, 200 parameters, 200 outputs. Reported: 1.1 MB and 501 resources deployed."""
    s3 = cfn_env("s3")
    s3.create_bucket(Bucket="templates")
    huge = json.dumps(_topics(400, padding=2700))
    assert len(huge) > 1_000_000
    s3.put_object(Bucket="templates", Key="huge.json", Body=huge.encode())
    cases = [
        (
            {"TemplateBody": json.dumps(_topics(60, padding=900))},
            "Member must have length less than or equal to 51200",
        ),
        (
            {"TemplateURL": "http://localhost/templates/huge.json"},
            "Template may not exceed 1000000 bytes in size.",
        ),
        (
            {"TemplateBody": json.dumps(_topics(501))},
            "Number of resources, 501, is greater than maximum allowed, 500",
        ),
        (
            {
                "TemplateBody": json.dumps(
                    {
                        **_topics(1),
                        "Parameters": {
                            f"P{i}": {"Type": "String", "Default": "x"} for i in range(201)
                        },
                    }
                )
            },
            "Number of parameters, 201, is greater than maximum allowed, 200",
        ),
        (
            {
                "TemplateBody": json.dumps(
                    {**_topics(1), "Outputs": {f"O{i}": {"Value": "x"} for i in range(201)}}
                )
            },
            "Number of outputs, 201, is greater than maximum allowed, 200",
        ),
    ]
    for arguments, message in cases:
        with pytest.raises(ClientError) as refused:
            cfn.create_stack(StackName="big", **arguments)
        assert refused.value.response["Error"]["Code"] == "ValidationError"
        assert message in refused.value.response["Error"]["Message"]
    assert cfn.describe_stacks()["Stacks"] == []


def test_an_instance_with_a_nonexistent_ami_fails(cfn) -> None:
    """AWS: RunInstances with an unknown AMI fails (InvalidAMIID.NotFound), so the resource is
    CREATE_FAILED and the stack rolls back. Reported: accepted."""
    stack = create(
        cfn,
        "vm",
        {
            "Resources": {
                "Vm": {
                    "Type": "AWS::EC2::Instance",
                    "Properties": {"ImageId": "ami-00000000000000000", "InstanceType": "t3.micro"},
                }
            }
        },
    )
    assert stack["StackStatus"] == "ROLLBACK_COMPLETE"
    (failed,) = [e for e in events(cfn, "vm") if e[1] == "CREATE_FAILED"]
    assert failed[0] == "Vm" and "ami-00000000000000000" in failed[2]
