"""Acceptance: the HA web application deploys on the local emulator, and the describe APIs of
every service show every resource the template declares."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from hastack.local import LocalEngine
from tests.local.helpers import events, outputs
from tests.local.webapp_template import build_webapp_body

REGION = "eu-west-1"
ROOT = Path(__file__).resolve().parents[2]


def _example_body() -> dict[str, Any]:
    from hastack.core.app_loader import load_app
    from hastack.core.context import Context

    app = load_app(str(ROOT / "examples" / "webapp.py"), Context({}))
    (stack,) = app.stacks
    return stack.body


@pytest.fixture(scope="module")
def deployed() -> Any:
    """The fixture template by create_stack, the shipped example through a change set."""
    with LocalEngine(region=REGION) as emulator:
        cfn = emulator.client("cloudformation")
        body = build_webapp_body()
        cfn.create_stack(
            StackName="web", TemplateBody=json.dumps(body), Capabilities=["CAPABILITY_IAM"]
        )
        example = _example_body()
        cfn.create_change_set(
            StackName="example",
            ChangeSetName="create",
            ChangeSetType="CREATE",
            TemplateBody=json.dumps(example),
            Capabilities=["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"],
        )
        cfn.execute_change_set(StackName="example", ChangeSetName="create")
        yield emulator, {"web": body, "example": example}


def _declared(body: dict[str, Any], kind: str) -> list[str]:
    return sorted(k for k, v in body["Resources"].items() if v["Type"] == kind)


def _physical(cfn: Any, stack: str, kind: str) -> dict[str, str]:
    summaries = cfn.list_stack_resources(StackName=stack)["StackResourceSummaries"]
    return {
        s["LogicalResourceId"]: s["PhysicalResourceId"]
        for s in summaries
        if s["ResourceType"] == kind
    }


def _only(cfn: Any, stack: str, kind: str) -> str:
    """The physical id of the one resource of ``kind`` in ``stack`` (fails if not exactly one)."""
    (physical_id,) = _physical(cfn, stack, kind).values()
    return physical_id


@pytest.mark.parametrize("stack", ["web", "example"])
def test_the_stack_completes_with_every_resource_and_its_outputs(deployed: Any, stack: str) -> None:
    emulator, bodies = deployed
    cfn = emulator.client("cloudformation")
    described = cfn.describe_stacks(StackName=stack)["Stacks"][0]
    assert described["StackStatus"] == "CREATE_COMPLETE"
    assert set(outputs(described)) == set(bodies[stack].get("Outputs", {}))
    summaries = cfn.list_stack_resources(StackName=stack)["StackResourceSummaries"]
    assert sorted(s["LogicalResourceId"] for s in summaries) == sorted(bodies[stack]["Resources"])
    assert [s["LogicalResourceId"] for s in summaries if not s["PhysicalResourceId"]] == []


@pytest.mark.parametrize("stack", ["web", "example"])
def test_every_resource_gets_in_progress_and_complete_events(deployed: Any, stack: str) -> None:
    emulator, bodies = deployed
    seen = events(emulator.client("cloudformation"), stack)
    for logical_id in bodies[stack]["Resources"]:
        statuses = [status for lid, status, _ in seen if lid == logical_id]
        assert statuses == ["CREATE_IN_PROGRESS", "CREATE_COMPLETE"], logical_id
    assert seen[-1][:2] == (stack, "CREATE_COMPLETE")
    assert not [e for e in seen if "not emulated" in e[2]]


@pytest.mark.parametrize("stack", ["web", "example"])
def test_rds_shows_the_aurora_cluster_with_its_writer_and_readers(
    deployed: Any, stack: str
) -> None:
    emulator, bodies = deployed
    cfn, rds = emulator.client("cloudformation"), emulator.client("rds")
    cluster_id = _only(cfn, stack, "AWS::RDS::DBCluster")
    instance_ids = _physical(cfn, stack, "AWS::RDS::DBInstance")
    (cluster,) = rds.describe_db_clusters(DBClusterIdentifier=cluster_id)["DBClusters"]
    assert cluster["Engine"] == "aurora-mysql"
    members = {m["DBInstanceIdentifier"]: m["IsClusterWriter"] for m in cluster["DBClusterMembers"]}
    assert set(members) == set(instance_ids.values())
    assert sorted(members.values()) == [False] * (len(members) - 1) + [True]
    assert members[instance_ids["DatabaseWriter"]] is True
    instances = rds.describe_db_instances()["DBInstances"]
    ours = [i for i in instances if i["DBInstanceIdentifier"] in instance_ids.values()]
    assert {i["DBClusterIdentifier"] for i in ours} == {cluster_id}
    assert (
        len({i["AvailabilityZone"] for i in ours})
        == len(ours)
        == len(_declared(bodies[stack], "AWS::RDS::DBInstance"))
    )
    assert {i["AvailabilityZone"][:-1] for i in ours} == {REGION}


@pytest.mark.parametrize("stack", ["web", "example"])
def test_cloudwatch_shows_every_alarm_with_dimensions_and_actions(
    deployed: Any, stack: str
) -> None:
    emulator, bodies = deployed
    cfn, cloudwatch = emulator.client("cloudformation"), emulator.client("cloudwatch")
    names = _physical(cfn, stack, "AWS::CloudWatch::Alarm")
    assert sorted(names) == _declared(bodies[stack], "AWS::CloudWatch::Alarm")
    alarms = {
        a["AlarmName"]: a
        for a in cloudwatch.describe_alarms(AlarmNames=list(names.values()))["MetricAlarms"]
    }
    assert set(alarms) == set(names.values())
    topic = _physical(cfn, stack, "AWS::SNS::Topic")["AlarmTopic"]
    for logical_id, name in names.items():
        declared = bodies[stack]["Resources"][logical_id]["Properties"]
        alarm = alarms[name]
        assert alarm["ComparisonOperator"] == declared["ComparisonOperator"]
        assert alarm["AlarmActions"] == [topic]
        assert [d["Name"] for d in alarm["Dimensions"]] == [
            d["Name"] for d in declared.get("Dimensions", [])
        ]
        assert all(d["Value"] and "Fn::" not in d["Value"] for d in alarm["Dimensions"])


@pytest.mark.parametrize("stack", ["web", "example"])
def test_auto_scaling_shows_the_group_and_its_policies(deployed: Any, stack: str) -> None:
    emulator, bodies = deployed
    cfn, autoscaling = emulator.client("cloudformation"), emulator.client("autoscaling")
    group_name = _only(cfn, stack, "AWS::AutoScaling::AutoScalingGroup")
    (group,) = autoscaling.describe_auto_scaling_groups(AutoScalingGroupNames=[group_name])[
        "AutoScalingGroups"
    ]
    assert len(group["AvailabilityZones"]) == 3
    policies = autoscaling.describe_policies(AutoScalingGroupName=group_name)["ScalingPolicies"]
    assert len(policies) == len(_declared(bodies[stack], "AWS::AutoScaling::ScalingPolicy")) >= 2
    metrics = {
        p["TargetTrackingConfiguration"]["PredefinedMetricSpecification"]["PredefinedMetricType"]
        for p in policies
    }
    assert "ASGAverageCPUUtilization" in metrics


@pytest.mark.parametrize("stack", ["web", "example"])
def test_elbv2_shows_the_load_balancer_listeners_and_target_group(
    deployed: Any, stack: str
) -> None:
    emulator, bodies = deployed
    cfn, elbv2 = emulator.client("cloudformation"), emulator.client("elbv2")
    lb_arn = _only(cfn, stack, "AWS::ElasticLoadBalancingV2::LoadBalancer")
    (lb,) = elbv2.describe_load_balancers(LoadBalancerArns=[lb_arn])["LoadBalancers"]
    assert len(lb["AvailabilityZones"]) == 3
    listeners = elbv2.describe_listeners(LoadBalancerArn=lb_arn)["Listeners"]
    assert len(listeners) == len(_declared(bodies[stack], "AWS::ElasticLoadBalancingV2::Listener"))
    by_port = {listener["Port"]: listener for listener in listeners}
    assert by_port[80]["DefaultActions"][0]["Type"] == "redirect"
    assert by_port[443]["Protocol"] == "HTTPS"
    tg_arn = _only(cfn, stack, "AWS::ElasticLoadBalancingV2::TargetGroup")
    assert by_port[443]["DefaultActions"][0]["TargetGroupArn"] == tg_arn


@pytest.mark.parametrize("stack", ["web", "example"])
def test_route53_shows_the_zone_alias_to_the_load_balancer_and_health_check(
    deployed: Any, stack: str
) -> None:
    emulator, _ = deployed
    cfn, route53, elbv2 = (emulator.client(s) for s in ("cloudformation", "route53", "elbv2"))
    zone_id = _only(cfn, stack, "AWS::Route53::HostedZone")
    records = route53.list_resource_record_sets(HostedZoneId=zone_id)["ResourceRecordSets"]
    (alias,) = [r for r in records if "AliasTarget" in r]
    lb_arn = _only(cfn, stack, "AWS::ElasticLoadBalancingV2::LoadBalancer")
    (lb,) = elbv2.describe_load_balancers(LoadBalancerArns=[lb_arn])["LoadBalancers"]
    assert alias["AliasTarget"]["DNSName"].rstrip(".") == lb["DNSName"]
    assert alias["AliasTarget"]["HostedZoneId"] == lb["CanonicalHostedZoneId"]
    if stack == "example":
        return  # a single-region alias has no health check: no failover record would read it
    check_id = _only(cfn, stack, "AWS::Route53::HealthCheck")
    check = route53.get_health_check(HealthCheckId=check_id)["HealthCheck"]
    assert check["HealthCheckConfig"]["FullyQualifiedDomainName"] == lb["DNSName"]


def test_secrets_manager_shows_the_database_secret_with_its_connection(deployed: Any) -> None:
    emulator, _ = deployed
    cfn, secrets, rds = (emulator.client(s) for s in ("cloudformation", "secretsmanager", "rds"))
    secret_arn = _only(cfn, "web", "AWS::SecretsManager::Secret")
    value = json.loads(secrets.get_secret_value(SecretId=secret_arn)["SecretString"])
    cluster_id = _only(cfn, "web", "AWS::RDS::DBCluster")
    (cluster,) = rds.describe_db_clusters(DBClusterIdentifier=cluster_id)["DBClusters"]
    assert value["username"] == "admin" and len(value["password"]) == 32
    assert (value["host"], value["port"]) == (cluster["Endpoint"], cluster["Port"])


def test_a_managed_master_password_is_a_secret_the_outputs_point_to(deployed: Any) -> None:
    emulator, bodies = deployed
    cfn, secrets, rds = (emulator.client(s) for s in ("cloudformation", "secretsmanager", "rds"))
    cluster_id = _only(cfn, "example", "AWS::RDS::DBCluster")
    (cluster,) = rds.describe_db_clusters(DBClusterIdentifier=cluster_id)["DBClusters"]
    secret_arn = cluster["MasterUserSecret"]["SecretArn"]
    assert secrets.describe_secret(SecretId=secret_arn)["ARN"] == secret_arn
    declared = outputs(cfn.describe_stacks(StackName="example")["Stacks"][0])
    assert declared["DatabaseSecretArn"] == secret_arn


def test_subnets_spread_over_the_regions_own_zones(deployed: Any) -> None:
    emulator, bodies = deployed
    cfn, ec2 = emulator.client("cloudformation"), emulator.client("ec2")
    subnet_ids = list(_physical(cfn, "example", "AWS::EC2::Subnet").values())
    subnets = ec2.describe_subnets(SubnetIds=subnet_ids)["Subnets"]
    zones = Counter(s["AvailabilityZone"] for s in subnets)
    assert set(zones) == {f"{REGION}a", f"{REGION}b", f"{REGION}c"}
    assert len(set(zones.values())) == 1
    nat_count = len(_declared(bodies["example"], "AWS::EC2::NatGateway"))
    assert len(ec2.describe_nat_gateways()["NatGateways"]) >= nat_count == 3


def _drifted(emulator: Any, stack: str) -> tuple[dict[str, Any], set[str]]:
    """(logical id -> its drift row, for the resources not IN_SYNC; the types checked)."""
    from hastack.local.drift import is_checked

    cfn = emulator.client("cloudformation")
    cfn.detect_stack_drift(StackName=stack)
    rows = cfn.describe_stack_resource_drifts(
        StackName=stack, StackResourceDriftStatusFilters=["IN_SYNC", "MODIFIED", "DELETED"]
    )["StackResourceDrifts"]
    checked = {r["ResourceType"] for r in rows}
    assert all(is_checked(kind) for kind in checked)
    drifted = {
        r["LogicalResourceId"]: r for r in rows if r["StackResourceDriftStatus"] != "IN_SYNC"
    }
    return drifted, checked


def test_the_deployed_web_app_has_no_drift_for_any_type_drift_detection_reads(deployed) -> None:
    """UG using-cfn-stack-drift.html: a stack nobody changed has no drift. Every reader of the
    engine meets the properties the web app sets (no false MODIFIED, no engine failure)."""
    emulator, _ = deployed
    drifted, checked = _drifted(emulator, "web")
    assert drifted == {}
    assert {
        "AWS::EC2::SecurityGroup",
        "AWS::ElasticLoadBalancingV2::TargetGroup",
        "AWS::ElasticLoadBalancingV2::LoadBalancer",
        "AWS::AutoScaling::AutoScalingGroup",
    } <= checked


def test_the_shipped_example_is_in_sync_after_deploy_and_an_added_rule_is_drift(deployed) -> None:
    """UG using-cfn-stack-drift.html: a stack nobody changed has no drift. The example sets
    egress rules (so EC2 keeps no default allow-all egress rule) and rule descriptions; both
    are as the template says. A rule added outside the stack is drift (ADD) on its group."""
    emulator, _ = deployed
    drifted, checked = _drifted(emulator, "example")
    assert drifted == {}
    assert "AWS::EC2::SecurityGroup" in checked
    cfn = emulator.client("cloudformation")
    group = _physical(cfn, "example", "AWS::EC2::SecurityGroup")["LoadBalancerSecurityGroup"]
    emulator.client("ec2").authorize_security_group_ingress(
        GroupId=group,
        IpPermissions=[
            {
                "IpProtocol": "tcp",
                "FromPort": 22,
                "ToPort": 22,
                "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
            }
        ],
    )
    drifted, _ = _drifted(emulator, "example")
    assert set(drifted) == {"LoadBalancerSecurityGroup"}
    (difference,) = drifted["LoadBalancerSecurityGroup"]["PropertyDifferences"]
    assert difference["DifferenceType"] == "ADD"
    assert difference["PropertyPath"].startswith("/SecurityGroupIngress/")
    assert json.loads(difference["ActualValue"])["FromPort"] == 22
