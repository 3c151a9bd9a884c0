"""Each defect an AWS architect's review found in the examples, checked on the synthesized
templates: the test that would have caught it, plus the rule of the pack for its class finding
nothing on every example.

The review: templates clean under cfn-lint, the rule pack and checkov still created stacks that
AWS refuses (an encrypted global secondary without a regional key) or that never fail over (a
health check that cannot see the database, nothing promoting the standby database).
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import pytest

from hastack.core.app_loader import load_app
from tests.conftest import EXAMPLES

EXAMPLE_NAMES = ["webapp", "rds_multiaz", "split_stacks", "multi_region"]


@cache
def stacks(example: str) -> dict[str, dict[str, Any]]:
    return {s.name: s.body for s in load_app(str(EXAMPLES / f"{example}.py")).order()}


def resources(body: dict[str, Any], type_name: str) -> dict[str, dict[str, Any]]:
    return {k: v for k, v in body["Resources"].items() if v["Type"] == type_name}


def every_body() -> list[tuple[str, dict[str, Any]]]:
    return [(f"{ex}/{name}", body) for ex in EXAMPLE_NAMES for name, body in stacks(ex).items()]


@cache
def pack_findings(rule_id: str) -> list[tuple[str, str]]:
    from hastack.validate.api import validate

    found = []
    for example in EXAMPLE_NAMES:
        app = load_app(str(EXAMPLES / f"{example}.py"))
        report = validate(app.stacks, regions=["us-east-1"], use_cache=False)
        found += [(f.resource or "", f.path_string) for f in report.findings if f.rule == rule_id]
    return found


def secondary() -> dict[str, Any]:
    return stacks("multi_region")["shop-dev-us-west-2"]


def primary() -> dict[str, Any]:
    return stacks("multi_region")["shop-dev-us-east-1"]


# 1 -------------------------------------------------------------------------------------------
def test_1_the_encrypted_global_secondary_names_a_key_of_its_region_and_the_source_region():
    cluster = secondary()["Resources"]["DatabaseCluster"]["Properties"]
    assert cluster["StorageEncrypted"] is True
    assert cluster["KmsKeyId"] == {"Fn::GetAtt": ["DatabaseKey", "Arn"]}
    assert secondary()["Resources"]["DatabaseKey"]["Type"] == "AWS::KMS::Key"  # us-west-2's own
    assert cluster["SourceRegion"] == "us-east-1"
    assert pack_findings("E9601") == []


def test_1_the_global_cluster_is_built_on_the_source_cluster_arn():
    (global_cluster,) = resources(primary(), "AWS::RDS::GlobalCluster").values()
    assert global_cluster["Properties"]["SourceDBClusterIdentifier"] == {
        "Fn::GetAtt": ["DatabaseCluster", "DBClusterArn"]
    }
    assert pack_findings("W9602") == []


# 2 -------------------------------------------------------------------------------------------
def test_2_read_replicas_are_in_the_database_security_group_the_app_may_reach():
    body = stacks("rds_multiaz")["rds-multiaz-dev"]
    for name in ("DatabaseReplica1", "DatabaseReplica2"):
        replica = body["Resources"][name]["Properties"]
        assert replica["VPCSecurityGroups"] == [{"Ref": "DatabaseSecurityGroup"}], name
    assert pack_findings("W9603") == []


# 3 -------------------------------------------------------------------------------------------
def test_3_the_standby_region_runs_a_runbook_that_promotes_its_database():
    failover = stacks("multi_region")["shop-dev-failover"]
    (function,) = resources(failover, "AWS::Lambda::Function").values()
    env = function["Properties"]["Environment"]["Variables"]
    assert env["TARGET_CLUSTER_ARN"] == {"Ref": "TargetClusterArn"}
    assert env["HEALTH_CHECK_ID"] == {"Ref": "PrimaryHealthCheckId"}
    assert env["ENABLED"] == "true"
    (rule,) = resources(failover, "AWS::Events::Rule").values()
    assert rule["Properties"]["ScheduleExpression"] == "rate(1 minute)"
    role = failover["Resources"]["FailoverRunbookRole"]["Properties"]
    actions = {
        action
        for policy in role["Policies"]
        for statement in policy["PolicyDocument"]["Statement"]
        for action in statement["Action"]
    }
    assert "rds:FailoverGlobalCluster" in actions and "route53:GetHealthCheckStatus" in actions


# 4 -------------------------------------------------------------------------------------------
def test_4_route53_probes_the_deep_check_and_the_load_balancer_the_shallow_one():
    dns = stacks("multi_region")["shop-dev-dns"]
    for check in resources(dns, "AWS::Route53::HealthCheck").values():
        assert check["Properties"]["HealthCheckConfig"]["ResourcePath"] == "/health/deep"
    target_group = primary()["Resources"]["TargetGroup"]["Properties"]
    assert target_group["HealthCheckPath"] == "/health"
    assert pack_findings("W9604") == []


def test_4_the_default_user_data_serves_both_checks_and_probes_the_database():
    data = primary()["Resources"]["LaunchTemplate"]["Properties"]["LaunchTemplateData"]
    script, variables = data["UserData"]["Fn::Base64"]["Fn::Sub"]
    assert "location = /health {" in script and "location = /health/deep {" in script
    assert "return 200" not in script  # no health check that answers whatever happens
    assert "DB_HOST=${DatabaseHost}" in script and "DB_PORT=3306" in script
    assert variables == {"DatabaseHost": {"Fn::GetAtt": ["DatabaseCluster", "Endpoint.Address"]}}


# 5 -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("example", EXAMPLE_NAMES)
def test_5_rolling_updates_wait_for_health_signalled_instances(example):
    for name, body in stacks(example).items():
        for group in resources(body, "AWS::AutoScaling::AutoScalingGroup").values():
            rolling = group["UpdatePolicy"]["AutoScalingRollingUpdate"]
            assert rolling["WaitOnResourceSignals"] is True, name
            assert rolling["MinInstancesInService"] == group["Properties"]["MinSize"], name
            signal = group["CreationPolicy"]["ResourceSignal"]
            assert str(signal["Count"]) == group["Properties"]["MinSize"], name
            script = body["Resources"]["LaunchTemplate"]["Properties"]["LaunchTemplateData"]
            text = json.dumps(script)
            assert "cfn-signal" in text and "${AWS::StackName}" in text, name
    assert pack_findings("W9605") == []


def test_5_quorum_members_are_not_fleets_and_need_no_suppression_of_the_signal_rule():
    """One member per group of one, replaced one at a time: W9605 recognises the pattern from
    the quorum marker itself, so the component suppresses nothing for it."""
    from hastack.validate.api import validate

    app = load_app(str(EXAMPLES / "quorum.py"))
    (body,) = [s.body for s in app.order()]
    members = resources(body, "AWS::AutoScaling::AutoScalingGroup")
    assert len(members) == 3
    for name, group in members.items():
        ours = group["Metadata"]["hastack"]
        assert ours["quorum"]["cluster"] == "locks", name
        assert "W9605" not in ours["suppress"], name
        assert group["UpdatePolicy"]["AutoScalingRollingUpdate"]["MaxBatchSize"] == "1", name
    report = validate(app.stacks, regions=["us-east-1"], use_cache=False)
    assert [f for f in report.findings if f.rule == "W9605"] == []


# 6 -------------------------------------------------------------------------------------------
def test_6_no_group_sets_desired_capacity_beside_its_scaling_policies():
    for name, body in every_body():
        for group in resources(body, "AWS::AutoScaling::AutoScalingGroup").values():
            assert "DesiredCapacity" not in group["Properties"], name
    assert pack_findings("W9606") == []


# 7 -------------------------------------------------------------------------------------------
def test_7_every_alarm_topic_has_a_subscriber():
    for name, body in every_body():
        topics = resources(body, "AWS::SNS::Topic")
        subscriptions = resources(body, "AWS::SNS::Subscription")
        for topic in topics:
            assert any(
                s["Properties"]["TopicArn"] == {"Ref": topic} for s in subscriptions.values()
            ), f"{name}: {topic}"
    assert pack_findings("W9607") == []


def test_7_a_topic_without_subscriber_is_said_loudly_and_an_existing_topic_replaces_it():
    from hastack.blueprints import HAWebApp

    silent = HAWebApp("web", load_balancer={"plain_http": True})
    assert "hastack:monitoring:nobody-notified" in {w for w, _ in silent.synth().warnings}
    existing = "arn:aws:sns:us-east-1:123456789012:oncall"
    body = HAWebApp("web", monitoring={"alarm_topic_arn": existing}).synth().body
    assert not resources(body, "AWS::SNS::Topic")
    assert body["Resources"]["DatabaseCpuAlarm"]["Properties"]["AlarmActions"] == [existing]


# 8 -------------------------------------------------------------------------------------------
def test_8_plain_http_on_the_internet_is_an_explicit_opt_in():
    from hastack.blueprints import HAWebApp

    quiet = {"monitoring": {"alarm_email": "ops@example.com"}, "fleet": {"peak_instances": 2}}
    implicit = HAWebApp("web", **quiet).synth().warnings
    assert [w for w, _ in implicit] == ["hastack:load-balancer:plain-http"]
    explicit = HAWebApp("web", load_balancer={"plain_http": True}, **quiet).synth().warnings
    assert explicit == []
    for name, body in every_body():
        for listener in resources(body, "AWS::ElasticLoadBalancingV2::Listener").values():
            if listener["Properties"]["Protocol"] == "HTTP":
                assert listener["Properties"]["DefaultActions"][0]["Type"] == "redirect", name
    assert pack_findings("W9608") == []


# 9 -------------------------------------------------------------------------------------------
def test_9_a_new_hosted_zone_comes_with_the_delegation_step_and_an_existing_one_is_preferred():
    from hastack.blueprints import HAWebApp

    created = HAWebApp("web", dns={"domain_name": "shop.example.com"}).synth()
    (message,) = [m for w, m in created.warnings if w == "hastack:dns:delegate-new-zone"]
    assert "example.com" in message and "hosted_zone_id" in message and "NS records" in message
    existing = HAWebApp(
        "web", dns={"domain_name": "shop.example.com", "hosted_zone_id": "Z0123456789ABC"}
    ).synth()
    assert "hastack:dns:delegate-new-zone" not in {w for w, _ in existing.warnings}
    assert not resources(existing.body, "AWS::Route53::HostedZone")


# 10 ------------------------------------------------------------------------------------------
def test_10_no_health_check_is_left_unused():
    body = stacks("webapp")["webapp-dev"]
    assert not resources(body, "AWS::Route53::HealthCheck")  # a plain alias does not fail over
    assert pack_findings("W9610") == []


@pytest.mark.parametrize("example", EXAMPLE_NAMES)
def test_10_replica_lag_alarms_fire_within_three_minutes(example):
    for name, body in stacks(example).items():
        lag = body["Resources"].get("ReplicaLagAlarm")
        if lag is not None:
            p = lag["Properties"]
            assert p["Period"] * p["DatapointsToAlarm"] <= 180, name
    assert pack_findings("W9611") == []


def test_10_the_log_bucket_is_tls_only_for_every_action_and_log_delivery_is_conditioned():
    policy = primary()["Resources"]["AccessLogsBucketPolicy"]["Properties"]["PolicyDocument"]
    statements = {s["Sid"]: s for s in policy["Statement"]}
    assert statements["DenyInsecureTransport"]["Action"] == ["s3:*"]
    for sid in ("FlowLogsWrite", "FlowLogsAclCheck"):
        condition = statements[sid]["Condition"]
        assert "aws:SourceAccount" in condition["StringEquals"], sid
        assert "aws:SourceArn" in condition["ArnLike"], sid
    assert pack_findings("W9612") == [] and pack_findings("W9613") == []


@pytest.mark.parametrize("example", EXAMPLE_NAMES)
def test_10_aurora_lts_releases_do_not_upgrade_minor_versions_automatically(example):
    from hastack.template.engine_versions import load_engine_versions

    table = load_engine_versions()
    for name, body in stacks(example).items():
        for cluster_id, cluster in resources(body, "AWS::RDS::DBCluster").items():
            p = cluster["Properties"]
            lts = table.is_lts(p["Engine"], p["EngineVersion"])
            for instance in resources(body, "AWS::RDS::DBInstance").values():
                if instance["Properties"].get("DBClusterIdentifier") == {"Ref": cluster_id}:
                    assert instance["Properties"]["AutoMinorVersionUpgrade"] is (not lts), name
    assert pack_findings("W9616") == []


@pytest.mark.parametrize("example", EXAMPLE_NAMES)
def test_10_every_pinned_engine_version_is_in_the_engine_version_table(example):
    from hastack.template.engine_versions import load_engine_versions

    table = load_engine_versions()
    pinned = 0
    for body in stacks(example).values():
        for res in resources(body, "AWS::RDS::DBCluster") | resources(body, "AWS::RDS::DBInstance"):
            p = body["Resources"][res]["Properties"]
            if "EngineVersion" in p:
                pinned += 1
                assert table.exists(p["Engine"], p["EngineVersion"]), (res, p["EngineVersion"])
    assert pinned
    assert pack_findings("W9615") == []


def test_10_the_global_secret_is_rotated_by_a_schedule_not_suppressed():
    """The global database's generated password has a RotationSchedule with the stack's own
    function (no transform, no VPC); nothing suppresses W9618 and the summary has no warning."""
    body = primary()
    secret = body["Resources"]["DatabaseSecret"]
    assert "Metadata" not in secret
    (schedule,) = resources(body, "AWS::SecretsManager::RotationSchedule").values()
    props = schedule["Properties"]
    assert props["SecretId"] == {"Ref": "DatabaseSecret"}
    assert props["RotationLambdaARN"] == {"Fn::GetAtt": ["DatabaseSecretRotationFunction", "Arn"]}
    assert props["RotationRules"] == {"AutomaticallyAfterDays": 30}
    assert props["RotateImmediatelyOnUpdate"] is False
    assert "HostedRotationLambda" not in props and "Transform" not in body
    assert set(schedule["DependsOn"]) == {
        "DatabaseSecretRotationPermission",
        "DatabaseSecretAttachment",
    }
    assert not resources(secondary(), "AWS::SecretsManager::RotationSchedule")  # a replica
    app = load_app(str(EXAMPLES / "multi_region.py"))
    for stack in app.order():
        assert not any("not-rotated" in code for code, _ in stack.warnings), stack.name
    assert pack_findings("W9618") == []  # rotated, and nothing suppresses it


def test_10_the_rotation_function_is_least_privilege_and_invoked_only_for_this_secret():
    body = primary()["Resources"]
    function = body["DatabaseSecretRotationFunction"]["Properties"]
    assert "VpcConfig" not in function  # control-plane APIs only
    variables = function["Environment"]["Variables"]
    assert variables["CLUSTER_ARN"] == {"Fn::GetAtt": ["DatabaseCluster", "DBClusterArn"]}
    assert variables["GLOBAL_ID"] == {"Ref": "DatabaseGlobalCluster"}
    (policy,) = body["DatabaseSecretRotationRole"]["Properties"]["Policies"]
    grants = {s["Sid"]: s for s in policy["PolicyDocument"]["Statement"]}
    assert grants["RotateThisSecret"]["Resource"] == [{"Ref": "DatabaseSecret"}]
    assert grants["SetMasterPassword"]["Action"] == [
        "rds:DescribeDBClusters",
        "rds:ModifyDBCluster",
    ]
    assert grants["SetMasterPassword"]["Resource"] == [
        {"Fn::GetAtt": ["DatabaseCluster", "DBClusterArn"]}
    ]
    named = [g["Resource"] for sid, g in grants.items() if sid != "WriteOwnLogs"]  # its streams
    assert "*" not in json.dumps(named)
    permission = body["DatabaseSecretRotationPermission"]["Properties"]
    assert permission["Principal"] == "secretsmanager.amazonaws.com"
    assert permission["SourceArn"] == {"Ref": "DatabaseSecret"}
    assert permission["SourceAccount"] == {"Ref": "AWS::AccountId"}
    group = body["DatabaseSecretRotationLogGroup"]["Properties"]
    assert group["RetentionInDays"] == 365
    alarm = body["DatabaseSecretRotationErrorsAlarm"]["Properties"]
    assert alarm["AlarmActions"] == [{"Ref": "AlarmTopic"}]
    assert alarm["Dimensions"][0]["Value"] == {"Ref": "DatabaseSecretRotationFunction"}


def test_10_the_rotation_schedule_is_an_option_with_validation():
    from hastack.blueprints import ActivePassiveWebApp
    from hastack.errors import OptionsError

    def pair(days: object) -> Any:
        return ActivePassiveWebApp(
            "shop",
            primary_region="us-east-1",
            secondary_region="us-west-2",
            domain_name="shop.example.com",
            database={"engine": "aurora-mysql", "password_rotation_days": days},
        )

    body = pair(7).stacks()[0].body["Resources"]
    assert body["DatabaseSecretRotation"]["Properties"]["RotationRules"] == {
        "AutomaticallyAfterDays": 7
    }
    for bad in (0, 1001, "30"):
        with pytest.raises(OptionsError, match="password_rotation_days"):
            pair(bad)


# beyond --------------------------------------------------------------------------------------
def test_static_stability_the_minimum_carries_the_stated_peak_after_losing_an_az():
    from hastack.blueprints import HAWebApp

    body = HAWebApp("web", fleet={"peak_instances": 5}).synth().body
    group = body["Resources"]["AutoScalingGroup"]["Properties"]
    assert group["MinSize"] == "9"  # ceil(5 / 2) per AZ x 3 AZs: 6 left after one AZ is lost
    summary = HAWebApp("web").synth().warnings
    (line,) = [m for w, m in summary if w == "hastack:fleet:peak-unstated"]
    assert "after losing one AZ 2 remain" in line
    short = HAWebApp("web", fleet={"peak_instances": 5, "min_size": 3}).synth().warnings
    assert "hastack:fleet:not-statically-stable" in {w for w, _ in short}


@pytest.mark.parametrize("example", EXAMPLE_NAMES)
def test_load_balancers_can_be_zonally_shifted(example):
    for name, body in stacks(example).items():
        for lb in resources(body, "AWS::ElasticLoadBalancingV2::LoadBalancer").values():
            attributes = {a["Key"]: a["Value"] for a in lb["Properties"]["LoadBalancerAttributes"]}
            assert attributes["zonal_shift.config.enabled"] == "true", name
    assert pack_findings("I9614") == []


@pytest.mark.parametrize("example", EXAMPLE_NAMES)
def test_load_balancers_are_zonally_autoshifted_with_practice_runs_ended_by_their_alarms(example):
    for name, body in stacks(example).items():
        balancers = resources(body, "AWS::ElasticLoadBalancingV2::LoadBalancer")
        configs = resources(body, "AWS::ARCZonalShift::ZonalAutoshiftConfiguration")
        assert {c["Properties"]["ResourceIdentifier"]["Ref"] for c in configs.values()} == set(
            balancers
        ), name
        for config in configs.values():
            p = config["Properties"]
            assert p["ZonalAutoshiftStatus"] == "ENABLED", name
            alarms = [
                a["AlarmIdentifier"]["Fn::GetAtt"][0]
                for a in p["PracticeRunConfiguration"]["OutcomeAlarms"]
            ]
            assert alarms and all(
                body["Resources"][a]["Type"] == "AWS::CloudWatch::Alarm" for a in alarms
            ), name
    assert pack_findings("I9617") == []


def test_zonal_autoshift_can_be_turned_off_and_the_summary_says_so():
    from hastack.blueprints import HAWebApp

    off = HAWebApp("web", load_balancer={"zonal_autoshift": False}).synth()
    assert not resources(off.body, "AWS::ARCZonalShift::ZonalAutoshiftConfiguration")
    (line,) = [m for w, m in off.warnings if w == "hastack:load-balancer:no-autoshift"]
    assert "until an operator starts a zonal shift" in line
    on = HAWebApp("web").synth()
    assert "hastack:load-balancer:no-autoshift" not in {w for w, _ in on.warnings}


def test_every_blueprint_states_its_recovery_story():
    from hastack.blueprints import multiregion, split, webapp

    for module in (webapp, split, multiregion):
        doc = module.__doc__ or ""
        assert "Recovery" in doc and "RPO" in doc and "RTO" in doc, module.__name__
