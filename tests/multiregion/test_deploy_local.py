"""The multi-region example deploys as one App to the local emulator, regions in order, with
outputs read across regions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from hastack.core.app_loader import load_app
from hastack.core.context import Context

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def deployed() -> Any:
    from hastack.deploy.api import deploy
    from hastack.deploy.session import AwsTarget
    from hastack.local import LocalEngine

    app = load_app(str(ROOT / "examples" / "multi_region.py"), Context({}, env="mrdeploy"))
    with LocalEngine() as emulator:
        target = AwsTarget.local(emulator.endpoint_url)
        report = deploy(app, target=target, assume_yes=True)
        yield app, report, target


def params(target: Any, name: str, region: str) -> dict[str, str]:
    stack = target.client("cloudformation", region).describe_stacks(StackName=name)["Stacks"][0]
    return {p["ParameterKey"]: p["ParameterValue"] for p in stack.get("Parameters", [])}


def test_every_stack_is_created_primary_then_secondary_then_dns(deployed: Any) -> None:
    app, report, _ = deployed
    assert report.ok, [(r.name, r.reason) for r in report.failures]
    assert [(r.name, r.region, r.status) for r in report.results] == [
        ("shop-mrdeploy-us-east-1", "us-east-1", "created"),
        ("shop-mrdeploy-us-west-2", "us-west-2", "created"),
        ("shop-mrdeploy-dns", "us-east-1", "created"),
    ]


def test_the_secondary_region_received_the_global_cluster_from_the_primary_region(
    deployed: Any,
) -> None:
    _, report, target = deployed
    global_id = report.outputs["shop-mrdeploy-us-east-1"]["GlobalClusterIdentifier"]
    received = params(target, "shop-mrdeploy-us-west-2", "us-west-2")
    assert received["GlobalClusterIdentifier"] == global_id
    rds_primary = target.client("rds", "us-east-1")
    (global_cluster,) = [
        g
        for g in rds_primary.describe_global_clusters()["GlobalClusters"]
        if g["GlobalClusterIdentifier"] == global_id
    ]
    primary_arn = global_cluster["GlobalClusterMembers"][0]["DBClusterArn"]
    assert ":us-east-1:" in primary_arn
    cluster_id = target.client("cloudformation", "us-west-2").describe_stack_resource(
        StackName="shop-mrdeploy-us-west-2", LogicalResourceId="DatabaseCluster"
    )["StackResourceDetail"]["PhysicalResourceId"]
    (secondary,) = target.client("rds", "us-west-2").describe_db_clusters(
        DBClusterIdentifier=cluster_id
    )["DBClusters"]
    # the emulator reports the global cluster by name or by ARN
    assert secondary["GlobalClusterIdentifier"] in {global_id, global_cluster["GlobalClusterArn"]}


def test_the_dns_stack_received_both_load_balancers_across_regions(deployed: Any) -> None:
    _, report, target = deployed
    primary = report.outputs["shop-mrdeploy-us-east-1"]
    secondary = report.outputs["shop-mrdeploy-us-west-2"]
    received = params(target, "shop-mrdeploy-dns", "us-east-1")
    assert received == {
        "PrimaryLoadBalancerDnsName": primary["LoadBalancerDnsName"],
        "PrimaryLoadBalancerZoneId": primary["LoadBalancerCanonicalHostedZoneId"],
        "SecondaryLoadBalancerDnsName": secondary["LoadBalancerDnsName"],
        "SecondaryLoadBalancerZoneId": secondary["LoadBalancerCanonicalHostedZoneId"],
    }
    assert ".us-west-2." in secondary["LoadBalancerDnsName"]


def test_route53_holds_one_failover_pair_pointing_at_the_two_regions(deployed: Any) -> None:
    _, report, target = deployed
    dns = report.outputs["shop-mrdeploy-dns"]
    route53 = target.client("route53")
    records = route53.list_resource_record_sets(HostedZoneId=dns["HostedZoneId"])[
        "ResourceRecordSets"
    ]
    failover = {r["Failover"]: r for r in records if "Failover" in r}
    assert set(failover) == {"PRIMARY", "SECONDARY"}
    assert failover["PRIMARY"]["HealthCheckId"] == dns["PrimaryHealthCheckId"]
    assert failover["SECONDARY"]["HealthCheckId"] == dns["SecondaryHealthCheckId"]
    targets = {role: r["AliasTarget"]["DNSName"].rstrip(".") for role, r in failover.items()}
    assert targets == {
        "PRIMARY": report.outputs["shop-mrdeploy-us-east-1"]["LoadBalancerDnsName"],
        "SECONDARY": report.outputs["shop-mrdeploy-us-west-2"]["LoadBalancerDnsName"],
    }


def test_a_second_deploy_changes_nothing(deployed: Any) -> None:
    from hastack.deploy.api import deploy

    app, _, target = deployed
    again = deploy(app, target=target, assume_yes=True)
    assert again.ok
    assert [r.status for r in again.results] == ["unchanged"] * 3
