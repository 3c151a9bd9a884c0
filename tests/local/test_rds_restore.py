"""A DB cluster created from a snapshot, as CloudFormation does it.

REF = https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-rds-dbcluster.html
("SnapshotIdentifier: the identifier for the DB snapshot or DB cluster snapshot to restore
from"; MasterUsername and MasterUserPassword are then not given: the snapshot's are kept.)
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.local.helpers import create, events


def _cluster(**extra: Any) -> dict[str, Any]:
    return {
        "Resources": {
            "Cluster": {
                "Type": "AWS::RDS::DBCluster",
                "DeletionPolicy": "Delete",
                "Properties": {"Engine": "aurora-postgresql", **extra},
            }
        }
    }


@pytest.fixture
def cfn(cfn_env: Any) -> Any:
    return cfn_env("cloudformation")


def test_a_snapshot_that_does_not_exist_fails_the_cluster_saying_so(cfn) -> None:
    stack = create(cfn, "nosnap", _cluster(SnapshotIdentifier="gone"))
    assert stack["StackStatus"] == "ROLLBACK_COMPLETE"
    (failed,) = [e for e in events(cfn, "nosnap") if e[1] == "CREATE_FAILED"]
    assert failed[0] == "Cluster"
    assert "DBClusterSnapshot gone not found" in failed[2]


def test_a_cluster_is_restored_from_its_snapshot_without_a_master_user(cfn_env, cfn) -> None:
    rds = cfn_env("rds")
    rds.create_db_cluster(
        DBClusterIdentifier="source",
        Engine="aurora-postgresql",
        MasterUsername="admin",
        MasterUserPassword="secret-password",
        DatabaseName="orders",
    )
    rds.create_db_cluster_snapshot(
        DBClusterIdentifier="source", DBClusterSnapshotIdentifier="nightly"
    )
    stack = create(cfn, "restored", _cluster(SnapshotIdentifier="nightly"))
    failed = [e for e in events(cfn, "restored") if "FAILED" in e[1]]
    assert stack["StackStatus"] == "CREATE_COMPLETE", failed
    physical = cfn.describe_stack_resource(StackName="restored", LogicalResourceId="Cluster")[
        "StackResourceDetail"
    ]["PhysicalResourceId"]
    (cluster,) = rds.describe_db_clusters(DBClusterIdentifier=physical)["DBClusters"]
    assert cluster["MasterUsername"] == "admin"
    assert cluster["DatabaseName"] == "orders"
    assert physical != "source"


def test_an_instance_is_restored_from_its_snapshot(cfn_env, cfn) -> None:
    """REF aws-resource-rds-dbinstance.html, DBSnapshotIdentifier: the instance is created from
    the snapshot, with its master user; a snapshot that does not exist fails the resource."""
    rds = cfn_env("rds")
    rds.create_db_instance(
        DBInstanceIdentifier="legacy",
        Engine="postgres",
        DBInstanceClass="db.t3.micro",
        MasterUsername="owner",
        MasterUserPassword="secret-password",
        AllocatedStorage=20,
    )
    rds.create_db_snapshot(DBInstanceIdentifier="legacy", DBSnapshotIdentifier="before-move")
    instance = {
        "Type": "AWS::RDS::DBInstance",
        "DeletionPolicy": "Delete",
        "Properties": {"DBInstanceClass": "db.t3.micro", "DBSnapshotIdentifier": "before-move"},
    }
    stack = create(cfn, "moved", {"Resources": {"Db": instance}})
    assert stack["StackStatus"] == "CREATE_COMPLETE", events(cfn, "moved")
    physical = cfn.describe_stack_resource(StackName="moved", LogicalResourceId="Db")[
        "StackResourceDetail"
    ]["PhysicalResourceId"]
    (found,) = rds.describe_db_instances(DBInstanceIdentifier=physical)["DBInstances"]
    assert found["MasterUsername"] == "owner" and found["Engine"] == "postgres"

    instance["Properties"]["DBSnapshotIdentifier"] = "missing"
    assert create(cfn, "unmoved", {"Resources": {"Db": instance}})["StackStatus"] == (
        "ROLLBACK_COMPLETE"
    )
    (failed,) = [e for e in events(cfn, "unmoved") if e[1] == "CREATE_FAILED"]
    assert "DBSnapshot missing not found" in failed[2]
