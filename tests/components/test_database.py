from __future__ import annotations

import pytest

from hastack.blueprints import HAWebApp
from hastack.components.database import DEFAULT_ENGINE_VERSIONS
from hastack.errors import OptionsError
from tests.conftest import props, resources


def body(**database) -> dict:
    return HAWebApp("web", database=database).synth().body


def test_aurora_cluster_is_encrypted_backed_up_protected_and_passwordless() -> None:
    b = body(engine="aurora-postgresql", readers=2)
    cluster = b["Resources"]["DatabaseCluster"]
    p = cluster["Properties"]
    assert p["Engine"] == "aurora-postgresql"
    assert p["EngineVersion"] == DEFAULT_ENGINE_VERSIONS["aurora-postgresql"]
    assert p["StorageEncrypted"] is True and p["DeletionProtection"] is True
    assert p["ManageMasterUserPassword"] is True and "MasterUserPassword" not in p
    assert p["BackupRetentionPeriod"] >= 7
    assert cluster["DeletionPolicy"] == cluster["UpdateReplacePolicy"] == "Snapshot"
    assert p["DBSubnetGroupName"] == {"Ref": "DatabaseSubnetGroup"}
    assert props(b, "DatabaseSubnetGroup")["SubnetIds"] == [
        {"Ref": f"IsolatedSubnet{i}"} for i in (1, 2, 3)
    ]


def test_aurora_writer_and_readers_sit_in_distinct_azs_with_promotion_tiers() -> None:
    b = body(readers=2, instance_class="db.r6g.xlarge")
    members = ["DatabaseWriter", "DatabaseReader1", "DatabaseReader2"]
    azs = [props(b, m)["AvailabilityZone"]["Fn::Select"][0] for m in members]
    assert azs == [0, 1, 2]
    assert [props(b, m)["PromotionTier"] for m in members] == [0, 1, 2]
    assert {props(b, m)["DBInstanceClass"] for m in members} == {"db.r6g.xlarge"}
    assert all(props(b, m)["PubliclyAccessible"] is False for m in members)


def test_more_readers_than_azs_wrap_around_the_azs() -> None:
    b = HAWebApp("web", network={"az_count": 2}, database={"readers": 3}).synth().body
    assert [
        props(b, f"DatabaseReader{i}")["AvailabilityZone"]["Fn::Select"][0] for i in (1, 2, 3)
    ] == [1, 0, 1]


def test_rds_is_multi_az_with_read_replicas_in_other_azs() -> None:
    b = body(engine="mysql", instance_class="db.m6g.large", read_replicas=2)
    primary = b["Resources"]["DatabaseInstance"]
    p = primary["Properties"]
    assert p["MultiAZ"] is True and p["StorageEncrypted"] is True and p["StorageType"] == "gp3"
    assert p["ManageMasterUserPassword"] is True and p["PubliclyAccessible"] is False
    assert primary["DeletionPolicy"] == "Snapshot"
    for i in (1, 2):
        replica = props(b, f"DatabaseReplica{i}")
        assert replica["SourceDBInstanceIdentifier"] == {"Ref": "DatabaseInstance"}
        assert "StorageEncrypted" not in replica and "MultiAZ" not in replica
    assert b["Outputs"]["DatabaseReaderEndpoint"]["Value"] == {
        "Fn::GetAtt": ["DatabaseReplica1", "Endpoint.Address"]
    }


def test_only_the_client_group_reaches_the_database_port() -> None:
    b = body(engine="aurora-postgresql")
    ingress = props(b, "DatabaseIngressFromClients")
    assert (ingress["FromPort"], ingress["ToPort"]) == (5432, 5432)
    assert ingress["SourceSecurityGroupId"] == {"Ref": "DatabaseClientSecurityGroup"}
    assert "SecurityGroupIngress" not in props(b, "DatabaseSecurityGroup")
    egress = props(b, "DatabaseSecurityGroup")["SecurityGroupEgress"]
    assert egress[0]["CidrIp"] == "255.255.255.255/32"


def test_io_optimized_storage_is_an_aurora_option() -> None:
    assert props(body(storage_type="aurora-iopt1"), "DatabaseCluster")["StorageType"] == (
        "aurora-iopt1"
    )


def test_no_database_option_leaves_the_database_out() -> None:
    b = HAWebApp("web", database=None).synth().body
    assert not resources(b, "AWS::RDS::DBCluster") and not resources(b, "AWS::RDS::DBInstance")


@pytest.mark.parametrize(
    ("database", "field"),
    [
        ({"readers": 16}, "database.readers"),
        ({"engine": "oracle"}, "database.engine"),
        ({"engine": "aurora-mysql", "read_replicas": 1}, "database.read_replicas"),
        ({"engine": "mysql", "readers": 2}, "database.readers"),
        ({"backup_retention_days": 3}, "database.backup_retention_days"),
        ({"instance_class": "m6g.large"}, "database.instance_class"),
        ({"engine": "postgres", "allocated_storage_gb": 600}, "database.max_allocated_storage_gb"),
    ],
)
def test_bad_database_options_name_the_field(database, field) -> None:
    with pytest.raises(OptionsError) as caught:
        HAWebApp("web", database=database)
    assert field in {p[0] for p in caught.value.problems}


def test_alarms_cover_load_balancer_and_database_and_all_have_actions() -> None:
    b = (
        HAWebApp("web", database={"readers": 1}, monitoring={"alarm_email": "ops@example.com"})
        .synth()
        .body
    )
    alarms = resources(b, "AWS::CloudWatch::Alarm")
    assert set(alarms) == {
        "LoadBalancer5xxAlarm",
        "Target5xxAlarm",
        "UnhealthyHostsAlarm",
        "TargetResponseTimeAlarm",
        "DatabaseCpuAlarm",
        "FreeStorageAlarm",
        "ReplicaLagAlarm",
    }
    for alarm in alarms.values():
        assert alarm["Properties"]["AlarmActions"] == [{"Ref": "AlarmTopic"}]
        assert alarm["Properties"]["OKActions"] == [{"Ref": "AlarmTopic"}]
    assert props(b, "AlarmTopic")["KmsMasterKeyId"] == {"Fn::GetAtt": ["AlarmTopicKey", "Arn"]}
    assert props(b, "AlarmTopicKey")["EnableKeyRotation"] is True
    assert props(b, "AlarmEmailSubscription")["Endpoint"] == "ops@example.com"


def test_rds_alarms_use_instance_metrics_and_replica_lag() -> None:
    b = body(engine="postgres", read_replicas=1, instance_class="db.m6g.large")
    assert props(b, "FreeStorageAlarm")["MetricName"] == "FreeStorageSpace"
    lag = props(b, "ReplicaLagAlarm")
    assert lag["MetricName"] == "ReplicaLag"
    assert lag["Dimensions"] == [
        {"Name": "DBInstanceIdentifier", "Value": {"Ref": "DatabaseReplica1"}}
    ]


QUIET = {
    "load_balancer": {"plain_http": True},
    "monitoring": {"alarm_email": "ops@example.com"},
    "fleet": {"peak_instances": 2},
}


def test_options_without_a_failover_target_carry_stable_warnings_up_to_the_stack() -> None:
    assert HAWebApp("web", **QUIET).synth().warnings == []
    aurora = HAWebApp("web", network={"nat": "single"}, database={"readers": 0}, **QUIET).synth()
    assert [w[0] for w in aurora.warnings] == [
        "hastack:network:single-nat",
        "hastack:database:no-failover",
    ]
    rds = HAWebApp(
        "web",
        database={"engine": "mysql", "instance_class": "db.m6g.large", "multi_az": False},
        **QUIET,
    ).synth()
    assert [w[0] for w in rds.warnings] == ["hastack:database:single-az"]
