"""A database without a keeping policy is snapshotted by hastack before it is deleted."""

from __future__ import annotations

import pytest

from hastack.deploy.api import deploy, destroy
from hastack.deploy.snapshots import snapshot_name
from hastack.deploy.spec import StackSpec
from hastack.deploy.stateful import needs_snapshot
from tests.deploy.templates import database


def spec(name: str, body: dict) -> StackSpec:
    return StackSpec(name=name, region="us-east-1", body=body)


def unprotected(engine: str = "mysql", identifier: str = "shop-db") -> dict:
    body = database(engine, identifier)
    del body["Resources"]["DatabaseInstance"]["DeletionPolicy"]
    del body["Resources"]["DatabaseInstance"]["UpdateReplacePolicy"]
    return body


def ours(rds) -> list[dict]:
    return [
        s
        for s in rds.describe_db_snapshots()["DBSnapshots"]
        if s["DBSnapshotIdentifier"].startswith("hastack-")
    ]


def test_destroy_snapshots_a_database_the_template_would_simply_delete(target, emulator):
    assert deploy(spec("db", unprotected()), target=target, assume_yes=True, skip_checks=True).ok
    report = destroy(spec("db", unprotected()), target=target, assume_yes=True)
    assert report.ok, report.result("db").reason
    rds = emulator.client("rds")
    [snapshot] = ours(rds)
    assert snapshot["DBInstanceIdentifier"] == "shop-db"
    assert snapshot["DBSnapshotIdentifier"].startswith("hastack-db-databaseinstance-")
    assert rds.describe_db_instances()["DBInstances"] == []


def test_a_snapshot_policy_is_left_to_cloudformation(target, emulator):
    assert deploy(spec("db", database()), target=target, assume_yes=True, skip_checks=True).ok
    assert destroy(spec("db", database()), target=target, assume_yes=True).ok
    assert ours(emulator.client("rds")) == []


def test_an_allowed_replacement_snapshots_the_old_database_first(target, emulator):
    assert deploy(
        spec("db", unprotected("mysql", "shop-db")),
        target=target,
        assume_yes=True,
        skip_checks=True,
    ).ok
    allowed = deploy(
        spec("db", unprotected("postgres", "shop-db-v2")),
        target=target,
        assume_yes=True,
        allow_replace=True,
        skip_checks=True,
    )
    assert allowed.ok, allowed.result("db").reason
    rds = emulator.client("rds")
    [snapshot] = ours(rds)
    assert snapshot["DBInstanceIdentifier"] == "shop-db" and snapshot["Engine"] == "mysql"


def test_a_failed_snapshot_stops_the_destroy_before_anything_is_deleted(
    target, emulator, monkeypatch
):
    import hastack.deploy.snapshots as snapshots

    assert deploy(spec("db", unprotected()), target=target, assume_yes=True, skip_checks=True).ok
    monkeypatch.setattr(snapshots, "_snapshot_status", lambda rds, kind, name: "failed")
    report = destroy(spec("db", unprotected()), target=target, assume_yes=True)
    result = report.result("db")
    assert result.status == "failed" and "nothing was deleted" in result.reason
    assert emulator.client("rds").describe_db_instances()["DBInstances"]


@pytest.mark.parametrize(
    ("resource", "key", "expected"),
    [
        ({"Type": "AWS::RDS::DBCluster"}, "DeletionPolicy", True),
        ({"Type": "AWS::RDS::DBCluster", "DeletionPolicy": "Snapshot"}, "DeletionPolicy", False),
        (
            {"Type": "AWS::RDS::DBInstance", "UpdateReplacePolicy": "Retain"},
            "UpdateReplacePolicy",
            False,
        ),
        ({"Type": "AWS::RDS::DBInstance", "DeletionPolicy": "Delete"}, "DeletionPolicy", True),
        (
            {"Type": "AWS::RDS::DBInstance", "Properties": {"DBClusterIdentifier": "c"}},
            "DeletionPolicy",
            False,
        ),
        (
            {"Type": "AWS::RDS::DBInstance", "Properties": {"SourceDBInstanceIdentifier": "p"}},
            "DeletionPolicy",
            False,
        ),
        ({"Type": "AWS::S3::Bucket"}, "DeletionPolicy", False),
    ],
)
def test_which_resources_need_a_snapshot(resource, key, expected) -> None:
    assert needs_snapshot(resource, key) is expected


def test_snapshot_names_are_valid_rds_identifiers() -> None:
    name = snapshot_name("Shop--Prod", "Database_Instance", 0)
    assert name == "hastack-shop-prod-database-instance-19700101-000000"


class _SlowSnapshots:
    """CloudFormation and RDS clients whose snapshot never becomes available."""

    def __init__(self) -> None:
        self.looks = 0

    def client(self, service: str, region: str) -> _SlowSnapshots:
        return self

    def describe_stack_resource(self, **_: str) -> dict:
        return {"StackResourceDetail": {"PhysicalResourceId": "shop-db"}}

    def create_db_snapshot(self, **_: str) -> None:
        pass

    def describe_db_snapshots(self, **_: str) -> dict:
        self.looks += 1
        if self.looks > 3:
            raise AssertionError("still waiting for the snapshot after Ctrl-C")
        return {"DBSnapshots": [{"Status": "creating"}]}


def test_ctrl_c_stops_the_wait_for_a_snapshot_like_every_other_wait() -> None:
    from hastack.deploy.cfn import Watch
    from hastack.deploy.engine import Engine
    from hastack.deploy.errors import DeployInterrupted
    from hastack.deploy.snapshots import SnapshotNeed

    watch = Watch(sleep=lambda _: watch.cancel.set())  # Ctrl-C arrives during the first pause
    engine = Engine(_SlowSnapshots(), watch=watch)
    with pytest.raises(DeployInterrupted):
        engine.snapshot_databases(
            spec("db", {}), [SnapshotNeed("DatabaseInstance", "AWS::RDS::DBInstance")]
        )
