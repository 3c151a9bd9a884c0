"""The engine's CloudFormation semantics, each test naming the AWS documentation it follows.

UG = https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/
API = https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/
"""

from __future__ import annotations

import json
import threading
from typing import Any

import pytest
from botocore.exceptions import ClientError

from hastack.local import LocalEngine
from tests.local.helpers import Hold, create, events, outputs

TOPIC = {"Type": "AWS::SNS::Topic"}

GLUE_JOB = {  # a type the engine does not emulate, with the properties its schema requires
    "Role": "arn:aws:iam::123456789012:role/glue",
    "Command": {"Name": "glueetl", "ScriptLocation": "s3://scripts/job.py"},
}


@pytest.fixture
def cfn(cfn_env: Any) -> Any:
    return cfn_env("cloudformation")


def _error(call: Any, **kwargs: Any) -> dict[str, str]:
    with pytest.raises(ClientError) as refused:
        call(**kwargs)
    return refused.value.response["Error"]


def _change_set(cfn: Any, name: str, body: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    made = cfn.create_change_set(
        StackName=name, ChangeSetName="preview", TemplateBody=json.dumps(body), **kwargs
    )
    return cfn.describe_change_set(ChangeSetName=made["Id"])


def test_a_change_set_on_a_new_stack_leaves_it_in_review_in_progress(cfn) -> None:
    """UG using-cfn-updating-stacks-changesets-create.html: a CREATE change set makes an empty
    stack in REVIEW_IN_PROGRESS; executing it creates the stack."""
    described = _change_set(cfn, "new", {"Resources": {"T": TOPIC}}, ChangeSetType="CREATE")
    assert [c["ResourceChange"]["Action"] for c in described["Changes"]] == ["Add"]
    assert cfn.describe_stacks(StackName="new")["Stacks"][0]["StackStatus"] == "REVIEW_IN_PROGRESS"
    cfn.execute_change_set(ChangeSetName=described["ChangeSetId"])
    assert cfn.describe_stacks(StackName="new")["Stacks"][0]["StackStatus"] == "CREATE_COMPLETE"
    assert cfn.list_change_sets(StackName="new")["Summaries"] == []


def test_change_sets_say_true_false_or_conditional_replacement(cfn) -> None:
    """API ResourceChange: Replacement True when a create-only property changes (VPC
    CidrBlock), False for an in-place one (tags), Conditional for a property that refers to
    a replaced resource (the subnet's VpcId)."""
    body: dict[str, Any] = {
        "Resources": {
            "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}},
            "Subnet": {
                "Type": "AWS::EC2::Subnet",
                "Properties": {"VpcId": {"Ref": "Vpc"}, "CidrBlock": "10.0.1.0/24"},
            },
            "Topic": {"Type": "AWS::SNS::Topic", "Properties": {"DisplayName": "a"}},
        }
    }
    create(cfn, "net", body)
    body["Resources"]["Vpc"]["Properties"]["CidrBlock"] = "10.1.0.0/16"
    body["Resources"]["Topic"]["Properties"]["DisplayName"] = "b"
    changes = {
        c["ResourceChange"]["LogicalResourceId"]: c["ResourceChange"]
        for c in _change_set(cfn, "net", body)["Changes"]
    }
    assert changes["Vpc"]["Replacement"] == "True"
    assert changes["Vpc"]["Details"][0]["Target"] == {
        "Attribute": "Properties",
        "Name": "CidrBlock",
        "RequiresRecreation": "Always",
    }
    assert changes["Topic"]["Replacement"] == "False"
    assert changes["Subnet"]["Replacement"] == "Conditional"
    assert changes["Subnet"]["Details"][0]["Evaluation"] == "Dynamic"
    assert changes["Subnet"]["Details"][0]["ChangeSource"] == "ResourceReference"


def test_replacement_creates_the_new_resource_switches_references_then_deletes_the_old(
    cfn_env, cfn
) -> None:
    """UG using-cfn-updating-stacks-update-behaviors.html (Replacement): the new resource is
    created, dependents are updated to it, the old one is deleted in the cleanup phase."""
    body: dict[str, Any] = {
        "Resources": {
            "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}},
            "Subnet": {
                "Type": "AWS::EC2::Subnet",
                "Properties": {"VpcId": {"Ref": "Vpc"}, "CidrBlock": "10.0.1.0/24"},
            },
        },
        "Outputs": {"Vpc": {"Value": {"Ref": "Vpc"}}},
    }
    old_vpc = outputs(create(cfn, "net", body))["Vpc"]
    body["Resources"]["Vpc"]["Properties"]["CidrBlock"] = "10.0.0.0/17"
    cfn.update_stack(StackName="net", TemplateBody=json.dumps(body))
    stack = cfn.describe_stacks(StackName="net")["Stacks"][0]
    new_vpc = outputs(stack)["Vpc"]
    assert stack["StackStatus"] == "UPDATE_COMPLETE" and new_vpc != old_vpc
    vpcs = {v["VpcId"] for v in cfn_env("ec2").describe_vpcs()["Vpcs"]}
    assert new_vpc in vpcs and old_vpc not in vpcs
    (subnet,) = cfn_env("ec2").describe_subnets(Filters=[{"Name": "vpc-id", "Values": [new_vpc]}])[
        "Subnets"
    ]
    seen = [(lid, status) for lid, status, _ in events(cfn, "net")]
    cleanup = seen.index(("net", "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS"))
    assert ("Vpc", "DELETE_COMPLETE") in seen[cleanup:]
    assert subnet["CidrBlock"] == "10.0.1.0/24"


def test_deletion_policies_retain_and_snapshot(cfn_env, cfn) -> None:
    """UG aws-attribute-deletionpolicy.html: Retain keeps the resource (DELETE_SKIPPED);
    Snapshot takes a final DB snapshot before deleting."""
    body = {
        "Resources": {
            "Kept": {
                "Type": "AWS::S3::Bucket",
                "DeletionPolicy": "Retain",
                "Properties": {"BucketName": "kept-bucket"},
            },
            "Db": {
                "Type": "AWS::RDS::DBInstance",
                "DeletionPolicy": "Snapshot",
                "Properties": {
                    "Engine": "mysql",
                    "DBInstanceClass": "db.t3.micro",
                    "AllocatedStorage": "20",
                    "MasterUsername": "admin",
                    "MasterUserPassword": "correct-horse",
                },
            },
        }
    }
    stack_id = create(cfn, "data", body)["StackId"]
    db_id = cfn.describe_stack_resource(StackName="data", LogicalResourceId="Db")[
        "StackResourceDetail"
    ]["PhysicalResourceId"]
    cfn.delete_stack(StackName="data")
    assert ("Kept", "DELETE_SKIPPED", "") in events(cfn, stack_id)
    assert "kept-bucket" in [b["Name"] for b in cfn_env("s3").list_buckets()["Buckets"]]
    snapshots = cfn_env("rds").describe_db_snapshots()["DBSnapshots"]
    assert [s["DBInstanceIdentifier"] for s in snapshots] == [db_id]


def test_deletion_protection_makes_the_delete_fail_and_keeps_the_stack(cfn_env, cfn) -> None:
    """AWS::RDS::DBCluster DeletionProtection: "The database can't be deleted when deletion
    protection is enabled"; the stack ends DELETE_FAILED (UG troubleshooting, delete fails)."""
    body = {
        "Resources": {
            "Cluster": {
                "Type": "AWS::RDS::DBCluster",
                "Properties": {
                    "Engine": "aurora-postgresql",
                    "MasterUsername": "admin",
                    "MasterUserPassword": "correct-horse",
                    "DeletionProtection": True,
                },
            }
        }
    }
    create(cfn, "db", body)
    cfn.delete_stack(StackName="db")
    stack = cfn.describe_stacks(StackName="db")["Stacks"][0]
    assert stack["StackStatus"] == "DELETE_FAILED"
    (failed,) = [e for e in events(cfn, "db") if e[1] == "DELETE_FAILED" and e[0] == "Cluster"]
    assert "deletion protection" in failed[2]
    assert len(cfn_env("rds").describe_db_clusters()["DBClusters"]) == 1


def test_termination_protection_refuses_the_delete(cfn) -> None:
    """UG using-cfn-protect-stacks.html: DeleteStack fails while termination protection is on."""
    create(cfn, "keep", {"Resources": {"T": TOPIC}}, EnableTerminationProtection=True)
    error = _error(cfn.delete_stack, StackName="keep")
    assert (
        error["Message"] == "Stack [keep] cannot be deleted while TerminationProtection is enabled"
    )
    cfn.update_termination_protection(StackName="keep", EnableTerminationProtection=False)
    cfn.delete_stack(StackName="keep")
    assert cfn.describe_stacks()["Stacks"] == []


def test_typed_parameters_are_checked(cfn_env, cfn) -> None:
    """UG parameters-section-structure.html: AllowedValues, Number bounds, AWS-specific types
    checked against the account (AWS::EC2::VPC::Id must exist)."""
    body = {
        "Parameters": {
            "Size": {"Type": "String", "AllowedValues": ["small", "large"]},
            "Count": {"Type": "Number", "MinValue": 1, "MaxValue": 3},
            "Vpc": {"Type": "AWS::EC2::VPC::Id"},
        },
        "Resources": {"T": TOPIC},
    }
    vpc = cfn_env("ec2").create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]

    def attempt(size: str, count: str, vpc_id: str) -> dict[str, str]:
        return _error(
            cfn.create_stack,
            StackName="p",
            TemplateBody=json.dumps(body),
            Parameters=[
                {"ParameterKey": "Size", "ParameterValue": size},
                {"ParameterKey": "Count", "ParameterValue": count},
                {"ParameterKey": "Vpc", "ParameterValue": vpc_id},
            ],
        )

    assert attempt("huge", "1", vpc)["Message"] == "Parameter 'Size' must be one of AllowedValues"
    assert "not greater than 3" in attempt("small", "4", vpc)["Message"]
    assert (
        "vpc-00000000 for parameter name Vpc does not exist"
        in attempt("small", "1", "vpc-00000000")["Message"]
    )
    assert (
        _error(cfn.create_stack, StackName="p", TemplateBody=json.dumps(body))["Message"]
        == "Parameters: [Size, Count, Vpc] must have values"
    )


def test_no_echo_parameters_are_masked_in_every_describe(cfn) -> None:
    """UG parameters-section-structure.html (NoEcho): describe calls show asterisks."""
    body = {"Parameters": {"Secret": {"Type": "String", "NoEcho": True}}, "Resources": {"T": TOPIC}}
    stack = create(
        cfn, "s", body, Parameters=[{"ParameterKey": "Secret", "ParameterValue": "hunter2"}]
    )
    assert stack["Parameters"] == [{"ParameterKey": "Secret", "ParameterValue": "****"}]
    made = cfn.create_change_set(
        StackName="s",
        ChangeSetName="c",
        TemplateBody=json.dumps(body),
        Parameters=[{"ParameterKey": "Secret", "UsePreviousValue": True}],
    )
    described = cfn.describe_change_set(ChangeSetName=made["Id"])
    assert described["Parameters"] == [{"ParameterKey": "Secret", "ParameterValue": "****"}]


def test_dynamic_references_resolve_from_ssm_and_secrets_manager(cfn_env, cfn) -> None:
    """UG dynamic-references.html: {{resolve:ssm:...}} and {{resolve:secretsmanager:...}} are
    resolved when the resource is provisioned."""
    cfn_env("ssm").put_parameter(Name="/app/name", Value="orders", Type="String")
    cfn_env("secretsmanager").create_secret(Name="db", SecretString=json.dumps({"user": "app"}))
    body = {
        "Resources": {
            "T": {
                "Type": "AWS::SNS::Topic",
                "Properties": {
                    "DisplayName": "{{resolve:ssm:/app/name}}-"
                    "{{resolve:secretsmanager:db:SecretString:user}}"
                },
            }
        },
        "Outputs": {"Arn": {"Value": {"Ref": "T"}}},
    }
    arn = outputs(create(cfn, "dyn", body))["Arn"]
    attributes = cfn_env("sns").get_topic_attributes(TopicArn=arn)["Attributes"]
    assert attributes["DisplayName"] == "orders-app"


@pytest.mark.parametrize(("region", "count"), [("us-west-1", 2), ("eu-west-1", 3)])
def test_get_azs_answers_the_stacks_own_region(
    engine: LocalEngine, region: str, count: int
) -> None:
    """UG intrinsic-function-reference-getavailabilityzones.html: the AZs of the region the
    stack is in."""
    cfn = engine.client("cloudformation", region)
    body = {
        "Resources": {"T": TOPIC},
        "Outputs": {"Azs": {"Value": {"Fn::Join": [",", {"Fn::GetAZs": ""}]}}},
    }
    zones = outputs(create(cfn, f"azs-{region}", body))["Azs"].split(",")
    assert len(zones) == count and all(z.startswith(region) for z in zones)
    cfn.delete_stack(StackName=f"azs-{region}")


def test_an_export_in_use_cannot_be_removed_or_its_stack_deleted(cfn) -> None:
    """UG using-cfn-stack-exports.html: "You can't delete a stack if another stack references
    one of its outputs", nor modify or remove an output value referenced by another stack."""
    exporter = {
        "Resources": {"T": TOPIC},
        "Outputs": {"Arn": {"Value": {"Ref": "T"}, "Export": {"Name": "shared-topic"}}},
    }
    create(cfn, "producer", exporter)
    importer = {
        "Resources": {
            "S": {
                "Type": "AWS::SNS::Topic",
                "Properties": {"DisplayName": {"Fn::ImportValue": "shared-topic"}},
            }
        }
    }
    create(cfn, "consumer", importer)
    assert cfn.list_imports(ExportName="shared-topic")["Imports"] == ["consumer"]
    cfn.update_stack(StackName="producer", TemplateBody=json.dumps({"Resources": {"T": TOPIC}}))
    producer = cfn.describe_stacks(StackName="producer")["Stacks"][0]
    assert producer["StackStatus"] == "UPDATE_ROLLBACK_COMPLETE"
    assert producer.get("StackStatusReason") is None
    assert (
        "producer",
        "UPDATE_ROLLBACK_IN_PROGRESS",
        "Cannot delete export shared-topic as it is in use by consumer",
    ) in events(cfn, "producer")
    cfn.delete_stack(StackName="producer")
    producer = cfn.describe_stacks(StackName="producer")["Stacks"][0]
    assert producer["StackStatus"] == "DELETE_FAILED"
    assert producer["StackStatusReason"] == (
        "Export shared-topic cannot be deleted as it is in use by consumer"
    )
    missing = {
        "Resources": {
            "S": {
                "Type": "AWS::SNS::Topic",
                "Properties": {"DisplayName": {"Fn::ImportValue": "nothing-here"}},
            }
        }
    }
    assert (
        "No export named nothing-here found"
        in _error(cfn.create_stack, StackName="orphan", TemplateBody=json.dumps(missing))["Message"]
    )


def test_events_carry_the_client_request_token(cfn) -> None:
    """API StackEvent.ClientRequestToken: every event of an operation carries its token."""
    cfn.create_stack(
        StackName="tok",
        TemplateBody=json.dumps({"Resources": {"T": TOPIC}}),
        ClientRequestToken="deploy-42",
    )
    found = cfn.describe_stack_events(StackName="tok")["StackEvents"]
    assert {e.get("ClientRequestToken") for e in found} == {"deploy-42"}
    assert all(e["Timestamp"] for e in found)


def test_a_type_that_is_not_emulated_fails_unless_placeholders_are_asked_for(cfn) -> None:
    """The engine never invents a resource silently: an un-emulated type fails with its name;
    with placeholders on, the event names the placeholder."""
    body = {"Resources": {"Job": {"Type": "AWS::Glue::Job", "Properties": GLUE_JOB}}}
    stack = create(cfn, "glue", body)
    assert stack["StackStatus"] == "ROLLBACK_COMPLETE"
    assert ("Job", "CREATE_FAILED", "not emulated locally: AWS::Glue::Job") in events(cfn, "glue")
    with LocalEngine(placeholders=True) as lenient:
        other = lenient.client("cloudformation")
        assert create(other, "glue", body)["StackStatus"] == "CREATE_COMPLETE"
        (done,) = [e for e in events(other, "glue") if e[:2] == ("Job", "CREATE_COMPLETE")]
        assert done[2].startswith("placeholder: AWS::Glue::Job is not emulated locally")


def test_iam_resources_need_the_iam_capability(cfn) -> None:
    """UG using-iam-template.html#capabilities: InsufficientCapabilitiesException without it."""
    body = {
        "Resources": {
            "Role": {
                "Type": "AWS::IAM::Role",
                "Properties": {
                    "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": []}
                },
            }
        }
    }
    error = _error(cfn.create_stack, StackName="iam", TemplateBody=json.dumps(body))
    assert error["Code"] == "InsufficientCapabilitiesException"
    assert error["Message"] == "Requires capabilities : [CAPABILITY_IAM]"


def test_nested_stacks_come_from_the_emulators_s3(cfn_env, cfn) -> None:
    """UG using-cfn-nested-stacks.html: the child is a stack of its own with ParentId; its
    outputs are the parent's GetAtt Outputs.NAME."""
    child = {
        "Parameters": {"Label": {"Type": "String"}},
        "Resources": {
            "T": {"Type": "AWS::SNS::Topic", "Properties": {"DisplayName": {"Ref": "Label"}}}
        },
        "Outputs": {"Arn": {"Value": {"Ref": "T"}}},
    }
    s3 = cfn_env("s3")
    s3.create_bucket(Bucket="nested")
    s3.put_object(Bucket="nested", Key="child.json", Body=json.dumps(child).encode())
    parent = {
        "Resources": {
            "Child": {
                "Type": "AWS::CloudFormation::Stack",
                "Properties": {
                    "TemplateURL": "https://nested.s3.amazonaws.com/child.json",
                    "Parameters": {"Label": "hello"},
                },
            }
        },
        "Outputs": {"ChildArn": {"Value": {"Fn::GetAtt": ["Child", "Outputs.Arn"]}}},
    }
    stack = create(cfn, "parent", parent)
    assert stack["StackStatus"] == "CREATE_COMPLETE"
    children = [s for s in cfn.describe_stacks()["Stacks"] if s.get("ParentId")]
    assert [c["ParentId"] for c in children] == [stack["StackId"]]
    assert outputs(stack)["ChildArn"] == outputs(children[0])["Arn"]
    cfn.delete_stack(StackName="parent")
    assert cfn.describe_stacks()["Stacks"] == []


def test_drift_detection_sees_a_change_made_outside_the_stack(cfn_env, cfn) -> None:
    """UG using-cfn-stack-drift.html: DetectStackDrift compares the resource's actual
    properties with the template's; DescribeStackResourceDrifts lists the difference."""
    body = {
        "Resources": {
            "Cluster": {
                "Type": "AWS::RDS::DBCluster",
                "Properties": {
                    "Engine": "aurora-mysql",
                    "MasterUsername": "admin",
                    "MasterUserPassword": "correct-horse",
                    "BackupRetentionPeriod": 7,
                },
            }
        }
    }
    create(cfn, "drifty", body)
    cluster_id = cfn.describe_stack_resource(StackName="drifty", LogicalResourceId="Cluster")[
        "StackResourceDetail"
    ]["PhysicalResourceId"]
    detection = cfn.detect_stack_drift(StackName="drifty")["StackDriftDetectionId"]
    status = cfn.describe_stack_drift_detection_status(StackDriftDetectionId=detection)
    assert status["StackDriftStatus"] == "IN_SYNC"
    cfn_env("rds").modify_db_cluster(
        DBClusterIdentifier=cluster_id, BackupRetentionPeriod=3, ApplyImmediately=True
    )
    cfn.detect_stack_drift(StackName="drifty")
    (drift,) = cfn.describe_stack_resource_drifts(StackName="drifty")["StackResourceDrifts"]
    assert drift["StackResourceDriftStatus"] == "MODIFIED"
    assert drift["PropertyDifferences"][0]["PropertyPath"] == "/BackupRetentionPeriod"
    assert (
        cfn.describe_stacks(StackName="drifty")["Stacks"][0]["DriftInformation"]["StackDriftStatus"]
        == "DRIFTED"
    )


def test_update_of_a_stack_in_rollback_complete_is_refused(cfn) -> None:
    """UG using-cfn-describing-stacks.html: a stack in ROLLBACK_COMPLETE can only be deleted."""
    body = {"Resources": {"Acl": {"Type": "AWS::Glue::Job", "Properties": GLUE_JOB}}}
    stack = create(cfn, "broken", body)
    error = _error(
        cfn.update_stack, StackName="broken", TemplateBody=json.dumps({"Resources": {"T": TOPIC}})
    )
    assert error["Message"] == (
        f"Stack:{stack['StackId']} is in ROLLBACK_COMPLETE state and can not be updated."
    )
    assert _error(cfn.describe_stacks, StackName="nope")["Message"] == (
        "Stack with id nope does not exist"
    )


def test_a_failed_rollback_is_continued_skipping_the_resource_that_cannot_return() -> None:
    """UG troubleshooting.html#troubleshooting-errors-update-rollback-failed: a stack in
    UPDATE_ROLLBACK_FAILED is resumed by ContinueUpdateRollback, with ResourcesToSkip for a
    resource that cannot be rolled back (here: deleted outside the stack mid-update)."""
    cluster = {
        "Type": "AWS::RDS::DBCluster",
        "Properties": {
            "Engine": "aurora-mysql",
            "MasterUsername": "admin",
            "MasterUserPassword": "correct-horse",
            "BackupRetentionPeriod": 7,
        },
    }
    hold = Hold("Broken", "CREATE")
    with LocalEngine(resource_hook=hold) as engine:
        cfn, rds = engine.client("cloudformation"), engine.client("rds")
        create(cfn, "db", {"Resources": {"Cluster": cluster}})
        cluster_id = rds.describe_db_clusters()["DBClusters"][0]["DBClusterIdentifier"]
        changed = json.loads(json.dumps(cluster))
        changed["Properties"]["BackupRetentionPeriod"] = 14
        broken = {"Type": "AWS::Glue::Job", "DependsOn": "Cluster", "Properties": GLUE_JOB}
        body = {"Resources": {"Cluster": changed, "Broken": broken}}
        worker = threading.Thread(
            target=cfn.update_stack, kwargs={"StackName": "db", "TemplateBody": json.dumps(body)}
        )
        worker.start()
        try:
            hold.wait()  # the cluster is updated, Broken is about to fail
            rds.delete_db_cluster(DBClusterIdentifier=cluster_id, SkipFinalSnapshot=True)
        finally:
            hold.released.set()
            worker.join()
        stack = cfn.describe_stacks(StackName="db")["Stacks"][0]
        assert stack["StackStatus"] == "UPDATE_ROLLBACK_FAILED"
        assert "Cluster" in stack["StackStatusReason"]
        refused = _error(cfn.update_stack, StackName="db", TemplateBody=json.dumps(body))
        assert "UPDATE_ROLLBACK_FAILED state and can not be updated" in refused["Message"]
        cfn.continue_update_rollback(StackName="db", ResourcesToSkip=["Cluster"])
        stack = cfn.describe_stacks(StackName="db")["Stacks"][0]
        assert stack["StackStatus"] == "UPDATE_ROLLBACK_COMPLETE"
        assert dict(cfn.get_template(StackName="db")["TemplateBody"]) == {
            "Resources": {"Cluster": cluster}
        }


def test_a_dynamic_reference_built_by_fn_sub_is_resolved(cfn_env) -> None:
    """UG dynamic-references.html: a reference may be assembled with Fn::Sub (the secret's ARN
    substituted in); CloudFormation resolves the result, as the cache's AUTH token needs."""
    body = {
        "Resources": {
            "Secret": {
                "Type": "AWS::SecretsManager::Secret",
                "Properties": {"SecretString": '{"token": "s3cr3t-value"}'},
            },
            "Copy": {
                "Type": "AWS::SSM::Parameter",
                "Properties": {
                    "Name": "copied",
                    "Type": "String",
                    "Value": {"Fn::Sub": "{{resolve:secretsmanager:${Secret}:SecretString:token}}"},
                },
            },
        }
    }
    cfn = cfn_env("cloudformation")
    assert create(cfn, "dyn", body)["StackStatus"] == "CREATE_COMPLETE", events(cfn, "dyn")
    assert cfn_env("ssm").get_parameter(Name="copied")["Parameter"]["Value"] == "s3cr3t-value"


def test_yaml_is_read_as_the_clients_read_it(cfn_env, cfn) -> None:
    """A YAML date is text to CloudFormation (``QueueName: 2010-09-09`` names the queue
    "2010-09-09"). The engine read YAML through another parser than hastack's own, which made it
    a date, and the resource failed with an internal TypeError; a malformed document is refused
    with AWS's wording and the line."""
    text = (
        "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n"
        "    Properties:\n      QueueName: 2010-09-09\n"
    )
    cfn.create_stack(StackName="dated", TemplateBody=text)
    stack = cfn.describe_stacks(StackName="dated")["Stacks"][0]
    assert stack["StackStatus"] == "CREATE_COMPLETE", events(cfn, "dated")
    urls = cfn_env("sqs").list_queues()["QueueUrls"]
    assert any(url.endswith("/2010-09-09") for url in urls), urls
    with pytest.raises(ClientError) as refused:
        cfn.create_stack(StackName="broken", TemplateBody="Resources:\n  Queue: [\n")
    message = refused.value.response["Error"]["Message"]
    assert message.startswith("Template format error: YAML not well-formed. (line "), message


def test_properties_of_a_shape_the_schema_refuses_fail_the_resource(cfn_env, cfn) -> None:
    """CloudFormation checks a resource's properties against the type's registry schema
    before it creates the resource, and fails it with "Properties validation failed for
    resource X with message: ...". The engine handed such properties to moto, which failed
    inside (an internal TypeError for a ``ZipFile`` that is an object, as a Rain ``Embed``
    left in a JSON template makes it) or created what AWS never would."""
    body = {
        "Resources": {
            "Fn": {
                "Type": "AWS::Lambda::Function",
                "Properties": {
                    "Runtime": "python3.12",
                    "Handler": "index.handler",
                    "Role": "arn:aws:iam::123456789012:role/fn",
                    "Code": {"ZipFile": {"Rain::Embed": "handler.py"}},
                },
            },
            "Queue": {"Type": "AWS::SQS::Queue", "Properties": {"Tags": [{"Key": "team"}]}},
            "Topic": {"Type": "AWS::SNS::Topic", "Properties": {"TopicNam": "misspelt"}},
        }
    }
    failed = {}
    for logical_id, resource in body["Resources"].items():
        name = f"shape-{logical_id.lower()}"
        stack = create(cfn, name, {"Resources": {logical_id: resource}})
        assert stack["StackStatus"] == "ROLLBACK_COMPLETE"
        (failed[logical_id],) = [
            why for _, status, why in events(cfn, name) if status == "CREATE_FAILED"
        ]
    assert failed["Fn"] == (
        "Properties validation failed for resource Fn with message: "
        "#/Code/ZipFile: expected type: String, found: JSONObject"
    )
    assert failed["Queue"].endswith("#/Tags/0: required key [Value] not found")
    assert failed["Topic"].endswith("#: extraneous key [TopicNam] is not permitted")
    assert cfn_env("lambda").list_functions()["Functions"] == []
    # scalars are converted, as CloudFormation converts them: "5" is an integer, 80 a string
    fine = {"Type": "AWS::SQS::Queue", "Properties": {"DelaySeconds": "5"}}
    assert create(cfn, "scalars", {"Resources": {"Q": fine}})["StackStatus"] == "CREATE_COMPLETE"
