"""FailoverGlobalCluster and SwitchoverGlobalCluster on the emulator (moto lacks both): the
target secondary becomes the writer of the global cluster, across regional backends."""

from __future__ import annotations

import pytest


def _global_database(cfn_env):
    east, west = cfn_env("rds", "us-east-1"), cfn_env("rds", "us-west-2")
    east.create_global_cluster(GlobalClusterIdentifier="shop", Engine="aurora-mysql")
    primary = east.create_db_cluster(
        DBClusterIdentifier="primary",
        Engine="aurora-mysql",
        MasterUsername="dbadmin",
        MasterUserPassword="password123",
        GlobalClusterIdentifier="shop",
    )["DBCluster"]["DBClusterArn"]
    secondary = west.create_db_cluster(
        DBClusterIdentifier="secondary", Engine="aurora-mysql", GlobalClusterIdentifier="shop"
    )["DBCluster"]["DBClusterArn"]
    return east, west, primary, secondary


def _writers(client) -> dict[str, bool]:
    (found,) = client.describe_global_clusters(GlobalClusterIdentifier="shop")["GlobalClusters"]
    return {m["DBClusterArn"]: m["IsWriter"] for m in found["GlobalClusterMembers"]}


def test_failover_makes_the_secondary_the_writer_and_back_by_switchover(cfn_env):
    east, west, primary, secondary = _global_database(cfn_env)
    assert _writers(west) == {primary: True, secondary: False}
    answer = west.failover_global_cluster(
        GlobalClusterIdentifier="shop", TargetDbClusterIdentifier=secondary, AllowDataLoss=True
    )["GlobalCluster"]
    members = {m["DBClusterArn"]: m["IsWriter"] for m in answer["GlobalClusterMembers"]}
    assert members == {primary: False, secondary: True}
    assert _writers(east) == {primary: False, secondary: True}
    east.switchover_global_cluster(
        GlobalClusterIdentifier="shop", TargetDbClusterIdentifier=primary
    )
    assert _writers(east) == {primary: True, secondary: False}
    # the request body was only peeked at: moto still serves every other RDS call
    assert east.describe_db_clusters(DBClusterIdentifier="primary")["DBClusters"]


def test_bad_requests_get_aws_error_codes(cfn_env):
    from botocore.exceptions import ClientError

    east, west, primary, secondary = _global_database(cfn_env)
    cases = [
        (
            {"GlobalClusterIdentifier": "nope", "TargetDbClusterIdentifier": secondary},
            "GlobalClusterNotFoundFault",
        ),
        (
            {
                "GlobalClusterIdentifier": "shop",
                "TargetDbClusterIdentifier": "arn:aws:rds:eu-west-1:123456789012:cluster:x",
            },
            "DBClusterNotFoundFault",
        ),
        (
            {"GlobalClusterIdentifier": "shop", "TargetDbClusterIdentifier": primary},
            "InvalidGlobalClusterStateFault",
        ),
    ]
    for params, code in cases:
        with pytest.raises(ClientError) as caught:
            west.failover_global_cluster(AllowDataLoss=True, **params)
        assert caught.value.response["Error"]["Code"] == code
    with pytest.raises(ClientError) as caught:
        west.failover_global_cluster(
            GlobalClusterIdentifier="shop", TargetDbClusterIdentifier=secondary
        )
    assert caught.value.response["Error"]["Code"] == "InvalidParameterCombination"
    assert _writers(west) == {primary: True, secondary: False}  # nothing changed


def test_an_unexpected_failure_is_an_aws_internal_failure(cfn_env, monkeypatch):
    """Anything but the emulator's own refusals (a moto error, an engine bug) comes back as
    AWS's InternalFailure error document, as the CloudFormation endpoint answers one."""
    from botocore.exceptions import ClientError

    from hastack.local import rds_global

    east, west, primary, secondary = _global_database(cfn_env)

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(rds_global, "promote", broken)
    with pytest.raises(ClientError) as caught:
        west.failover_global_cluster(
            GlobalClusterIdentifier="shop", TargetDbClusterIdentifier=secondary, AllowDataLoss=True
        )
    assert caught.value.response["Error"]["Code"] == "InternalFailure"
    assert "boom" in caught.value.response["Error"]["Message"]
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 500


def test_a_failure_midway_leaves_the_writer_as_it_was(cfn_env, monkeypatch):
    """AWS's failover is one operation: the target becomes the only writer, or nothing
    changes. When the change of one member fails (here the second regional backend refuses),
    the members already changed are restored: never two writers, never none."""
    from botocore.exceptions import ClientError
    from moto.backends import get_backend

    east, west, primary, secondary = _global_database(cfn_env)
    backend = get_backend("rds")["123456789012"]["us-west-2"]

    def refuses(kwargs):
        raise RuntimeError("the us-west-2 backend is unavailable")

    monkeypatch.setattr(backend, "modify_db_cluster", refuses)  # a fault, for this test only
    with pytest.raises(ClientError) as caught:
        west.failover_global_cluster(
            GlobalClusterIdentifier="shop", TargetDbClusterIdentifier=secondary, AllowDataLoss=True
        )
    assert "the us-west-2 backend is unavailable" in caught.value.response["Error"]["Message"]
    assert _writers(east) == {primary: True, secondary: False}
    monkeypatch.undo()
    west.failover_global_cluster(
        GlobalClusterIdentifier="shop", TargetDbClusterIdentifier=secondary, AllowDataLoss=True
    )
    assert _writers(east) == {primary: False, secondary: True}


def test_a_member_missing_from_its_region_is_refused_before_any_change(cfn_env, monkeypatch):
    """Every member is checked before a flag moves: a member its regional backend no longer
    holds is refused as AWS refuses a global cluster in the wrong state."""
    from botocore.exceptions import ClientError

    from hastack.local import rds_global

    east, west, primary, secondary = _global_database(cfn_env)
    monkeypatch.setattr(rds_global, "_held", lambda backend, cluster: cluster.region != "us-west-2")
    with pytest.raises(ClientError) as caught:
        west.failover_global_cluster(
            GlobalClusterIdentifier="shop", TargetDbClusterIdentifier=secondary, AllowDataLoss=True
        )
    assert caught.value.response["Error"]["Code"] == "InvalidGlobalClusterStateFault"
    assert "secondary" in caught.value.response["Error"]["Message"]
    assert _writers(east) == {primary: True, secondary: False}
