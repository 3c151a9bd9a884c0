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
