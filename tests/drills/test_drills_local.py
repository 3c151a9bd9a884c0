"""Each drill on the local emulator: passes on the multi-region example, fails on a weak app."""

from __future__ import annotations

import json
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


def primary_group(deployed: Any) -> str:
    cfn = deployed.target.client("cloudformation", "us-east-1")
    return cfn.describe_stack_resource(
        StackName=primary_stack(deployed), LogicalResourceId="AutoScalingGroup"
    )["StackResourceDetail"]["PhysicalResourceId"]


def zones_of(group: dict[str, Any]) -> dict[str, str]:
    """instance id -> AZ."""
    return {i["InstanceId"]: i["AvailabilityZone"] for i in group["Instances"]}


def test_az_loss_replaces_the_lost_instances_outside_the_lost_az(deployed: Any) -> None:
    stack = primary_stack(deployed)
    target = deployed.target
    group_name = primary_group(deployed)
    before = group_state(target, group_name)
    before_zones = zones_of(before)
    desired = int(before["DesiredCapacity"])
    group_azs = sorted(before["AvailabilityZones"])
    assert len(group_azs) == 3
    # spread like on AWS: one instance per AZ, so the default lost AZ is the first by name
    assert sorted(before_zones.values()) == group_azs
    lost_az = group_azs[0]
    lost = sorted(i for i, zone in before_zones.items() if zone == lost_az)
    kept = {i for i, zone in before_zones.items() if zone != lost_az}

    report = run_drills(deployed.example, target=target, drills=["az-loss"])

    result = by_subject(report.results)[f"{stack}/AutoScalingGroup"]
    assert result.status == "passed", failing(result)
    assert result.seconds > 0
    assert f"terminated 1 instance(s) in {lost_az}: {lost[0]}" in result.actions
    after = group_state(target, group_name)
    after_zones = zones_of(after)
    assert len(after_zones) == desired  # back to desired capacity
    assert not set(after_zones) & set(lost)  # the lost AZ's instance is gone
    assert kept <= set(after_zones)  # and only that one: the other AZs kept theirs
    replacements = set(after_zones) - set(before_zones)
    assert len(replacements) == len(lost)
    assert {after_zones[i] for i in replacements} <= set(group_azs) - {lost_az}
    assert lost_az not in after_zones.values()  # nothing moves back when the subnet returns
    assert after["VPCZoneIdentifier"] == before["VPCZoneIdentifier"]  # subnets put back
    assert not any("first subnet" in n or "one AZ" in n for n in result.notes)
    # the only limitation left to note is target-group registration of the replacements
    assert all("target group" in n for n in result.notes), result.notes


def test_az_loss_of_an_az_without_instances_is_skipped_with_the_reason(deployed: Any) -> None:
    asg = deployed.target.client("autoscaling", "us-east-1")
    name = primary_group(deployed)
    group = group_state(deployed.target, name)
    size = (group["MinSize"], group["DesiredCapacity"])
    asg.update_auto_scaling_group(AutoScalingGroupName=name, MinSize=1, DesiredCapacity=1)
    try:
        (running,) = set(zones_of(group_state(deployed.target, name)).values())
        empty = sorted(set(group["AvailabilityZones"]) - {running})[0]
        report = run_drills(deployed.example, target=deployed.target, drills=["az-loss"], az=empty)
    finally:
        asg.update_auto_scaling_group(
            AutoScalingGroupName=name, MinSize=size[0], DesiredCapacity=size[1]
        )
    result = by_subject(report.results)[f"{primary_stack(deployed)}/AutoScalingGroup"]
    assert result.status == "skipped"
    assert result.skipped_reason == (
        f"no instance of the group runs in {empty} (in service: {running}: 1)"
    )
    other = [r for r in report.results if r.region == "us-west-2"]
    assert other and all("not one of the group's AZs" in (r.skipped_reason or "") for r in other)
    assert len(group_state(deployed.target, name)["Instances"]) == size[1]


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


def test_region_failover_runs_the_runbook_code_and_promotes_the_standby_database(
    deployed: Any,
) -> None:
    """The deployed runbook's own code, against the emulator: nothing while the primary is
    healthy; FailoverGlobalCluster once its health check fails; the standby cluster is then the
    writer; the drill fails back by switchover and restores the check."""
    report = run_drills(deployed.example, target=deployed.target, drills=["region-failover"])
    (result,) = report.results
    assert result.status == "passed", failing(result)
    assert result.subject.endswith("/FailoverRunbook") and result.region == "us-west-2"
    assert any(
        "standby cluster" in c.description and "is the writer" in c.description
        for c in result.checks
    )
    assert any(a.startswith("runbook pass: failover") for a in result.actions)
    assert any("SwitchoverGlobalCluster" in a for a in result.actions)
    assert any(
        c.description.startswith("the switchover made the old primary") and c.ok
        for c in result.checks
    )  # failed back


def test_region_failover_fails_when_the_runbook_is_switched_off(deployed: Any) -> None:
    lam = deployed.target.client("lambda", "us-west-2")
    failover_stack = deployed.example.order()[-1].name
    (function,) = [
        f
        for f in lam.list_functions()["Functions"]
        if f["FunctionName"] == f"{failover_stack}-FailoverRunbook"
    ]
    variables = dict(function["Environment"]["Variables"])
    lam.update_function_configuration(
        FunctionName=function["FunctionName"],
        Environment={"Variables": {**variables, "ENABLED": "false"}},
    )
    try:
        report = run_drills(deployed.example, target=deployed.target, drills=["region-failover"])
    finally:
        lam.update_function_configuration(
            FunctionName=function["FunctionName"], Environment={"Variables": variables}
        )
    (result,) = report.results
    assert result.status == "failed"
    assert "the runbook failed the global database over" in failing(result)
    assert any("automation disabled" in a for a in result.actions)


def rotation_state(deployed: Any) -> tuple[str, str, Any]:
    """(the secret's AWSCURRENT password, the cluster's master password as moto stores it, the
    rotation function's configuration) in the primary region."""
    from moto.backends import get_backend

    cfn = deployed.target.client("cloudformation", "us-east-1")
    stack = primary_stack(deployed)

    def physical(logical_id: str) -> str:
        return cfn.describe_stack_resource(StackName=stack, LogicalResourceId=logical_id)[
            "StackResourceDetail"
        ]["PhysicalResourceId"]

    secret = deployed.target.client("secretsmanager", "us-east-1").get_secret_value(
        SecretId=physical("DatabaseSecret"), VersionStage="AWSCURRENT"
    )
    cluster = get_backend("rds")["123456789012"]["us-east-1"].clusters[physical("DatabaseCluster")]
    # moto keeps the password it was given here; its getter refuses to return it, as RDS does
    stored = vars(cluster)["_master_user_password"]
    function = deployed.target.client("lambda", "us-east-1").get_function_configuration(
        FunctionName=physical("DatabaseSecretRotationFunction")
    )
    return json.loads(secret["SecretString"])["password"], stored, function


def test_secret_rotation_runs_the_function_code_and_the_cluster_takes_the_new_password(
    deployed: Any,
) -> None:
    """The deployed rotation code, against the emulator: AWSCURRENT moves to a new password
    and the cluster's master password (moto's) is that password; after a failover a rotation
    stops at setSecret with AWSCURRENT untouched; after fail back it rotates again."""
    password, stored, _ = rotation_state(deployed)
    assert stored == password  # the generated password, resolved into the cluster at deploy
    report = run_drills(deployed.example, target=deployed.target, drills=["secret-rotation"])
    (result,) = report.results
    assert result.status == "passed", failing(result)
    assert result.subject.endswith("/DatabaseSecretRotationFunction")
    assert result.region == "us-east-1"
    assert any("setSecret failed" in a and "is not the writer" in a for a in result.actions)
    rotated, stored_after, _ = rotation_state(deployed)
    assert rotated != password
    assert stored_after == rotated


def test_a_failed_set_step_leaves_awscurrent_and_the_cluster_password_untouched(
    deployed: Any,
) -> None:
    """The function pointed at a cluster that is not the global writer: setSecret fails, so
    AWSCURRENT still holds the password the cluster has."""
    password, stored, function = rotation_state(deployed)
    lam = deployed.target.client("lambda", "us-east-1")
    variables = dict(function["Environment"]["Variables"])
    wrong = variables["CLUSTER_ARN"].replace("databasecluster", "othercluster")
    lam.update_function_configuration(
        FunctionName=function["FunctionName"],
        Environment={"Variables": {**variables, "CLUSTER_ARN": wrong}},
    )
    try:
        report = run_drills(deployed.example, target=deployed.target, drills=["secret-rotation"])
    finally:
        lam.update_function_configuration(
            FunctionName=function["FunctionName"], Environment={"Variables": variables}
        )
    (result,) = report.results
    assert result.status == "failed"
    assert "the four rotation steps ran" in failing(result)
    assert "the password changed" in failing(result)
    assert rotation_state(deployed)[:2] == (password, stored)


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
    (region,) = [r for r in report.results if r.drill == "region-failover"]
    assert "no region failover runbook" in (region.skipped_reason or "")
    (rotation,) = [r for r in report.results if r.drill == "secret-rotation"]
    assert "no secret rotation function" in (rotation.skipped_reason or "")
    assert report.counts() == {"passed": 0, "failed": 3, "skipped": 2}


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


def test_drill_local_stops_before_any_drill_when_the_deploy_fails() -> None:
    from troposphere import Ref, Template
    from troposphere.ec2 import VPC, Subnet

    from hastack import Stack
    from hastack.drills import drill_local

    t = Template()
    t.add_resource(VPC("Vpc", CidrBlock="10.8.0.0/16"))
    t.add_resource(Subnet("Outside", VpcId=Ref("Vpc"), CidrBlock="192.168.0.0/24"))
    ran: list[DrillResult] = []
    with pytest.raises(DrillError, match="the local deploy failed, so no drill ran: broken: ") as e:
        drill_local(Stack("broken", t), on_result=ran.append)
    assert "first failure: Outside (AWS::EC2::Subnet) CREATE_FAILED: " in str(e.value)
    assert ran == []
