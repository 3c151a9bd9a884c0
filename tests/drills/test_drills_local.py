"""Each drill on the local emulator: passes on the multi-region example, fails on a weak app."""

from __future__ import annotations

from typing import Any

import pytest

from hastack.drills import DrillError, DrillResult, check_drills, run_drills
from hastack.errors import UsageError


def by_subject(results: list[DrillResult]) -> dict[str, DrillResult]:
    return {r.subject: r for r in results}


def failing(result: DrillResult) -> list[str]:
    return [c.description for c in result.checks if not c.ok]


def primary_stack(deployed: Any) -> str:
    return deployed.example.order()[0].name


def group_state(target: Any, name: str) -> dict[str, Any]:
    asg = target.client("autoscaling", "us-east-1")
    return asg.describe_auto_scaling_groups(AutoScalingGroupNames=[name])["AutoScalingGroups"][0]


def test_az_loss_replaces_the_lost_instances_outside_the_lost_az(deployed: Any) -> None:
    stack = primary_stack(deployed)
    target = deployed.target
    cfn = target.client("cloudformation", "us-east-1")
    group_name = cfn.describe_stack_resource(StackName=stack, LogicalResourceId="AutoScalingGroup")[
        "StackResourceDetail"
    ]["PhysicalResourceId"]
    before = group_state(target, group_name)
    before_ids = {i["InstanceId"] for i in before["Instances"]}

    report = run_drills(deployed.example, target=target, drills=["az-loss"])

    result = by_subject(report.results)[f"{stack}/AutoScalingGroup"]
    assert result.status == "passed", failing(result)
    lost_az = "us-east-1a"  # the emulator starts every instance in the first subnet
    assert any(f"terminated 3 instance(s) in {lost_az}" in a for a in result.actions)
    after = group_state(target, group_name)
    after_ids = {i["InstanceId"] for i in after["Instances"]}
    assert not after_ids & before_ids
    assert len(after_ids) == int(before["DesiredCapacity"])
    assert {i["AvailabilityZone"] for i in after["Instances"]} - {lost_az} == {
        i["AvailabilityZone"] for i in after["Instances"]
    }
    assert after["VPCZoneIdentifier"] == before["VPCZoneIdentifier"]  # subnets put back
    assert any("moto starts all of a group's instances" in n for n in result.notes)


def test_az_loss_of_an_az_without_instances_is_skipped_with_the_reason(deployed: Any) -> None:
    report = run_drills(
        deployed.example, target=deployed.target, drills=["az-loss"], az="us-east-1c"
    )
    result = by_subject(report.results)[f"{primary_stack(deployed)}/AutoScalingGroup"]
    assert result.status == "skipped"
    assert "no instance of the group runs in us-east-1c" in (result.skipped_reason or "")
    other = [r for r in report.results if r.region == "us-west-2"]
    assert other and all("not one of the group's AZs" in (r.skipped_reason or "") for r in other)


def test_db_failover_moves_the_writer_of_the_primary_cluster(deployed: Any) -> None:
    stack = primary_stack(deployed)
    rds = deployed.target.client("rds", "us-east-1")
    cfn = deployed.target.client("cloudformation", "us-east-1")
    cluster_id = cfn.describe_stack_resource(StackName=stack, LogicalResourceId="DatabaseCluster")[
        "StackResourceDetail"
    ]["PhysicalResourceId"]

    def writer() -> str:
        cluster = rds.describe_db_clusters(DBClusterIdentifier=cluster_id)["DBClusters"][0]
        (member,) = [m for m in cluster["DBClusterMembers"] if m["IsClusterWriter"]]
        return member["DBInstanceIdentifier"]

    old = writer()
    report = run_drills(deployed.example, target=deployed.target, drills=["db-failover"])
    results = by_subject(report.results)
    result = results[f"{stack}/DatabaseCluster"]
    assert result.status == "passed", failing(result)
    assert writer() != old
    assert any(old in line for line in result.before if line.startswith("writer:"))
    assert any(writer() in line for line in result.after if line.startswith("writer:"))
    secondary = results[f"{deployed.example.order()[1].name}/DatabaseCluster"]
    assert secondary.status == "skipped"
    assert "failover-global-cluster" in (secondary.skipped_reason or "")


def test_dns_failover_answers_with_the_secondary_and_restores_the_health_check(
    deployed: Any,
) -> None:
    report = run_drills(deployed.example, target=deployed.target, drills=["dns-failover"])
    (result,) = report.results
    assert result.status == "passed", failing(result)
    outputs = deployed.target.client("cloudformation", "us-east-1").describe_stacks(
        StackName=deployed.example.order()[2].name
    )["Stacks"][0]["Outputs"]
    check_id = {o["OutputKey"]: o["OutputValue"] for o in outputs}["PrimaryHealthCheckId"]
    assert result.subject.endswith("/PrimaryHealthCheck")
    assert "(PRIMARY) (model)" in result.before[-1]
    assert "(SECONDARY) (model)" in result.after[-1]
    route53 = deployed.target.client("route53")
    config = route53.get_health_check(HealthCheckId=check_id)["HealthCheck"]["HealthCheckConfig"]
    assert config["Inverted"] is False
    assert any("never probes" in note for note in result.notes)


def test_every_drill_fails_on_the_weak_app_and_says_why(deployed: Any) -> None:
    report = run_drills(deployed.weak, target=deployed.target)
    assert not report.ok
    stack = deployed.weak.order()[0].name
    results = {(r.drill, r.subject): r for r in report.results}
    az = results[("az-loss", f"{stack}/AutoScalingGroup")]
    assert az.status == "failed"
    assert failing(az) == ["the group has a subnet outside us-east-1a"]
    db = results[("db-failover", f"{stack}/DatabaseCluster")]
    assert failing(db) == ["the cluster has a reader to promote"]
    (dns,) = [r for r in report.results if r.drill == "dns-failover"]
    assert dns.subject == f"{stack}/SecondaryHealthCheck"  # the pair's only health check
    assert failing(dns) == ["the PRIMARY record has a health check (else it never fails over)"]
    assert report.counts() == {"passed": 0, "failed": 3, "skipped": 0}


def test_drills_run_in_canonical_order_whatever_order_they_are_asked_in(deployed: Any) -> None:
    report = run_drills(
        deployed.weak, target=deployed.target, drills=["dns-failover", "db-failover"]
    )
    assert [r.drill for r in report.results] == ["db-failover", "dns-failover"]


def test_a_stack_that_is_not_deployed_stops_the_drills_with_a_clear_error(deployed: Any) -> None:
    from weak_app import weak_app

    with pytest.raises(DrillError, match="not deployed: deploy the app first"):
        run_drills(weak_app("never-deployed"), target=deployed.target)


@pytest.mark.parametrize(
    ("drills", "az", "message"),
    [
        (["zone-loss"], None, "--drill zone-loss: no such drill; choose from az-loss"),
        (None, "east", "--az 'east': expected an Availability Zone name"),
    ],
)
def test_bad_drill_names_and_azs_are_usage_errors(drills: Any, az: Any, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        check_drills(drills, az)
