"""The active/passive blueprint: three stacks, Aurora Global Database, failover DNS."""

from __future__ import annotations

from typing import Any

import pytest

from hastack.blueprints import ActivePassiveWebApp, HAWebApp
from hastack.core.stack import OutputRef
from hastack.errors import OptionsError

CERT = "arn:aws:acm:{}:123456789012:certificate/11111111-2222-3333-4444-555555555555"


def make(**overrides: Any) -> ActivePassiveWebApp:
    options: dict[str, Any] = dict(
        primary_region="us-east-1",
        secondary_region="eu-west-1",
        domain_name="shop.example.com",
        load_balancer={"certificate_arn": CERT.format("us-east-1")},
        secondary={"load_balancer": {"certificate_arn": CERT.format("eu-west-1")}},
    )
    options.update(overrides)
    return ActivePassiveWebApp("shop", **options)


def of_type(body: dict[str, Any], type_: str) -> dict[str, dict[str, Any]]:
    return {k: v for k, v in body["Resources"].items() if v["Type"] == type_}


def props(body: dict[str, Any], logical_id: str) -> dict[str, Any]:
    return body["Resources"][logical_id]["Properties"]


def test_stacks_are_primary_secondary_dns_and_failover_runbook_in_that_deploy_order() -> None:
    pair = make()
    primary, secondary, dns, failover = pair.stacks()
    assert [(s.name, s.region) for s in (primary, secondary, dns, failover)] == [
        ("shop-us-east-1", "us-east-1"),
        ("shop-eu-west-1", "eu-west-1"),
        ("shop-dns", "us-east-1"),
        ("shop-failover", "eu-west-1"),  # in the standby region: never in the failing one
    ]
    levels = pair.app().levels()
    assert [[s.name for s in level] for level in levels] == [
        ["shop-us-east-1"],
        ["shop-eu-west-1"],
        ["shop-dns"],
        ["shop-failover"],
    ]
    assert pair.app().regions == ["eu-west-1", "us-east-1"]


def test_the_primary_builds_the_global_cluster_around_its_own_cluster() -> None:
    body = make().stacks()[0].body
    (name, global_cluster) = next(iter(of_type(body, "AWS::RDS::GlobalCluster").items()))
    assert name == "DatabaseGlobalCluster"
    assert global_cluster["Properties"]["SourceDBClusterIdentifier"] == {
        "Fn::GetAtt": ["DatabaseCluster", "DBClusterArn"]
    }  # CreateGlobalCluster documents an ARN; Ref is only the identifier
    assert global_cluster["DeletionPolicy"] == "Retain"
    assert body["Outputs"]["GlobalClusterIdentifier"]["Value"] == {"Ref": "DatabaseGlobalCluster"}
    assert "GlobalClusterIdentifier" not in props(body, "DatabaseCluster")


def test_the_primary_password_lives_in_a_generated_secret_replicated_to_the_secondary() -> None:
    body = make().stacks()[0].body
    cluster = props(body, "DatabaseCluster")
    assert "ManageMasterUserPassword" not in cluster  # RDS cannot manage a global member's
    assert cluster["MasterUserPassword"] == {
        "Fn::Sub": "{{resolve:secretsmanager:${DatabaseSecret}:SecretString:password}}"
    }
    secret = props(body, "DatabaseSecret")
    assert secret["ReplicaRegions"] == [{"Region": "eu-west-1"}]
    assert secret["GenerateSecretString"]["GenerateStringKey"] == "password"
    attachment = props(body, "DatabaseSecretAttachment")
    assert attachment["TargetId"] == {"Ref": "DatabaseCluster"}
    assert body["Outputs"]["DatabaseSecretArn"]["Value"] == {"Ref": "DatabaseSecret"}


def test_the_secondary_cluster_joins_the_global_cluster_read_from_the_primary_region() -> None:
    primary, secondary, *_ = make().stacks()
    cluster = props(secondary.body, "DatabaseCluster")
    assert cluster["GlobalClusterIdentifier"] == {"Ref": "GlobalClusterIdentifier"}
    for absent in (
        "MasterUsername",
        "MasterUserPassword",
        "ManageMasterUserPassword",
        "DatabaseName",
    ):
        assert absent not in cluster
    assert secondary.inputs == {
        "GlobalClusterIdentifier": OutputRef("shop-us-east-1", "GlobalClusterIdentifier")
    }
    assert secondary.depends_on == ["shop-us-east-1"]
    assert not of_type(secondary.body, "AWS::RDS::GlobalCluster")
    assert not of_type(secondary.body, "AWS::SecretsManager::Secret")
    primary_cluster = props(primary.body, "DatabaseCluster")
    for same in ("Engine", "EngineVersion", "StorageEncrypted"):
        assert cluster[same] == primary_cluster[same]


def test_each_region_is_the_whole_ha_web_app_without_its_own_dns() -> None:
    for stack in make().stacks()[:2]:
        body = stack.body
        for logical_id in (
            "Vpc",
            "LoadBalancer",
            "AutoScalingGroup",
            "DatabaseCluster",
            "DatabaseWriter",
            "DatabaseReader1",
            "NatGateway3",
        ):
            assert logical_id in body["Resources"], (stack.name, logical_id)
        assert not of_type(body, "AWS::Route53::RecordSet")
        assert not of_type(body, "AWS::Route53::HostedZone")


def test_the_dns_stack_has_failover_records_with_a_health_check_each() -> None:
    _, _, dns, _ = make().stacks()
    body = dns.body
    records = of_type(body, "AWS::Route53::RecordSet")
    assert sorted(records) == ["PrimaryRecord", "SecondaryRecord"]
    primary, secondary = props(body, "PrimaryRecord"), props(body, "SecondaryRecord")
    assert (primary["Failover"], secondary["Failover"]) == ("PRIMARY", "SECONDARY")
    assert primary["HealthCheckId"] == {"Ref": "PrimaryHealthCheck"}
    assert secondary["HealthCheckId"] == {"Ref": "SecondaryHealthCheck"}
    assert primary["Name"] == secondary["Name"] == "shop.example.com"
    assert primary["HostedZoneId"] == secondary["HostedZoneId"] == {"Ref": "HostedZone"}
    assert props(body, "HostedZone")["Name"] == "example.com"
    assert primary["AliasTarget"] == {
        "DNSName": {"Ref": "PrimaryLoadBalancerDnsName"},
        "HostedZoneId": {"Ref": "PrimaryLoadBalancerZoneId"},
        "EvaluateTargetHealth": True,
    }
    check = props(body, "SecondaryHealthCheck")["HealthCheckConfig"]
    assert check["FullyQualifiedDomainName"] == {"Ref": "SecondaryLoadBalancerDnsName"}
    assert (check["Type"], check["Port"], check["EnableSNI"]) == ("HTTPS", 443, True)


def test_the_dns_stack_reads_each_load_balancer_from_its_own_region() -> None:
    _, _, dns, _ = make().stacks()
    assert dns.inputs == {
        "PrimaryLoadBalancerDnsName": OutputRef("shop-us-east-1", "LoadBalancerDnsName"),
        "PrimaryLoadBalancerZoneId": OutputRef(
            "shop-us-east-1", "LoadBalancerCanonicalHostedZoneId"
        ),
        "SecondaryLoadBalancerDnsName": OutputRef("shop-eu-west-1", "LoadBalancerDnsName"),
        "SecondaryLoadBalancerZoneId": OutputRef(
            "shop-eu-west-1", "LoadBalancerCanonicalHostedZoneId"
        ),
    }
    assert sorted(dns.depends_on) == ["shop-eu-west-1", "shop-us-east-1"]


def test_an_existing_hosted_zone_is_used_instead_of_creating_one() -> None:
    _, _, dns, _ = make(hosted_zone_id="Z0123456789ABC", dns_region="eu-west-1").stacks()
    assert dns.region == "eu-west-1"
    assert not of_type(dns.body, "AWS::Route53::HostedZone")
    assert props(dns.body, "PrimaryRecord")["HostedZoneId"] == "Z0123456789ABC"
    assert "HostedZoneId" not in dns.body["Outputs"]


def test_secondary_overrides_change_only_the_secondary_region() -> None:
    pair = make(
        fleet={"instance_type": "t3.large", "min_size": 3},
        secondary={
            "fleet": {"min_size": 6, "max_size": 12},
            "load_balancer": {"certificate_arn": CERT.format("eu-west-1")},
        },
    )
    assert pair.primary.options.fleet.min_size == 3
    assert pair.secondary.options.fleet.min_size == 6
    assert pair.secondary.options.fleet.instance_type == "t3.large"  # inherited
    primary_lb = pair.primary.options.load_balancer.certificate_arn
    assert primary_lb == CERT.format("us-east-1")
    assert pair.secondary.options.load_balancer.certificate_arn == CERT.format("eu-west-1")


def test_same_options_give_the_same_bytes() -> None:
    assert [s.to_json() for s in make().stacks()] == [s.to_json() for s in make().stacks()]


def test_the_single_region_web_app_keeps_rds_managed_passwords_and_no_global_cluster() -> None:
    body = HAWebApp("solo", database={"engine": "aurora-mysql"}).synth().body
    assert props(body, "DatabaseCluster")["ManageMasterUserPassword"] is True
    assert not of_type(body, "AWS::RDS::GlobalCluster")
    assert not of_type(body, "AWS::SecretsManager::Secret")


@pytest.mark.parametrize(
    ("overrides", "field", "fragment"),
    [
        ({"secondary_region": "us-east-1"}, "secondary_region", "a region other than us-east-1"),
        ({"database": {"engine": "mysql"}}, "database.engine", "aurora-mysql"),
        ({"domain_name": "not a domain"}, "dns.domain_name", "matching"),
        ({"secondary": {"fleet": {"colour": "red"}}}, "secondary region: fleet.colour", "unknown"),
        ({"secondary": ["fleet"]}, "secondary", "a mapping of option overrides"),
        ({"primary_region": "mars-1"}, "region", "an AWS region name"),
    ],
)
def test_bad_options_name_the_field_and_what_is_allowed(
    overrides: dict[str, Any], field: str, fragment: str
) -> None:
    with pytest.raises(OptionsError) as caught:
        make(**overrides)
    problems = caught.value.problems
    assert any(f == field and fragment in allowed for f, _, allowed in problems), problems


def vpc_cidr(stack: Any) -> str:
    return props(stack.body, "Vpc")["CidrBlock"]


def test_the_secondary_vpc_takes_the_next_block_so_the_two_never_overlap() -> None:
    primary, secondary, *_ = make().stacks()
    assert (vpc_cidr(primary), vpc_cidr(secondary)) == ("10.0.0.0/16", "10.1.0.0/16")
    primary, secondary, *_ = make(network={"cidr": "172.16.0.0/20"}).stacks()
    assert (vpc_cidr(primary), vpc_cidr(secondary)) == ("172.16.0.0/20", "172.16.16.0/20")


def test_a_secondary_cidr_chosen_explicitly_is_kept() -> None:
    pair = make(
        secondary={
            "network": {"cidr": "10.20.0.0/16"},
            "load_balancer": {"certificate_arn": CERT.format("eu-west-1")},
        }
    )
    assert vpc_cidr(pair.stacks()[1]) == "10.20.0.0/16"
    assert pair.secondary.options.network.az_count == pair.primary.options.network.az_count
