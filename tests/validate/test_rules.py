"""Each rule of the pack flags a template it must flag and passes one it must pass."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.validate.conftest import FIXTURES, REGIONS, pack_only
from tests.validate.expected_blueprints import merge_into

EXPECTED: dict[str, list[tuple[str, str]]] = {
    "bad/elb/load_balancer.yaml": [
        ("E9101", "Resources/LoadBalancer/Properties/Subnets"),
        ("W9108", "Resources/TargetGroup/Properties"),
        ("I9109", "Resources/TargetGroup/Properties"),
        ("W9150", "Resources/LoadBalancer"),
        ("W9150", "Resources/LoadBalancer"),
        ("W9201", "Resources/HttpListener/Properties/DefaultActions"),
        ("W9202", "Resources/HttpsListener/Properties/SslPolicy"),
        ("I9203", "Resources/LoadBalancer/Properties"),
        ("W9204", "Resources/LoadBalancer/Properties"),
    ],
    "bad/asg/fleet.yaml": [
        ("E9102", "Resources/SingleSubnetGroup/Properties/VPCZoneIdentifier"),
        ("W9103", "Resources/AutoScalingGroup/Properties/VPCZoneIdentifier"),
        ("W9104", "Resources/AutoScalingGroup/Properties"),
        ("W9104", "Resources/AutoScalingGroup/Properties"),
        ("W9105", "Resources/AutoScalingGroup/Properties/MinSize"),
        ("W9106", "Resources/AutoScalingGroup/Properties/MaxSize"),
        ("W9107", "Resources/AutoScalingGroup"),
        ("W9108", "Resources/TargetGroup/Properties"),
        ("I9109", "Resources/TargetGroup/Properties"),
        ("W9150", "Resources/LoadBalancer"),
        ("W9150", "Resources/LoadBalancer"),
        ("I9203", "Resources/LoadBalancer/Properties"),
        ("W9204", "Resources/LoadBalancer/Properties"),
        ("W9205", "Resources/LaunchTemplate/Properties/LaunchTemplateData"),
        (
            "W9205",
            "Resources/PublicIpTemplate/Properties/LaunchTemplateData/MetadataOptions/HttpTokens",
        ),
        ("W9206", "Resources/AutoScalingGroup/Properties/VPCZoneIdentifier"),
        ("W9206", "Resources/PublicIpTemplate"),
        (
            "W9207",
            "Resources/LaunchTemplate/Properties/LaunchTemplateData/BlockDeviceMappings/0/Ebs",
        ),
    ],
    "bad/network/nat_single.yaml": [
        ("W9110", "Resources/PrivateRouteTable2"),
        ("W9111", "Resources/PrivateRouteTable2"),
    ],
    "bad/network/third_az.yaml": [
        ("E9112", "Resources/SubnetC/Properties/AvailabilityZone/Fn::Select"),
    ],
    "bad/network/nat_crossed.yaml": [
        ("W9111", "Resources/PrivateRouteTable1"),
        ("W9111", "Resources/PrivateRouteTable2"),
    ],
    "bad/rds/instance.yaml": [
        ("W9209", "Resources/DatabaseInstance/Properties/PubliclyAccessible"),
        ("W9210", "Resources/DatabaseInstance/Properties/MasterUserPassword"),
        ("E9120", "Resources/DatabaseInstance/Properties/MultiAZ"),
        ("W9130", "Resources/DatabaseInstance"),
        ("W9130", "Resources/DatabaseInstance"),
        ("W9131", "Resources/DatabaseInstance/Properties"),
        ("W9132", "Resources/DatabaseInstance/Properties/BackupRetentionPeriod"),
        ("W9151", "Resources/DatabaseInstance"),
        ("W9208", "Resources/DatabaseInstance/Properties/StorageEncrypted"),
    ],
    "bad/rds/aurora_single.yaml": [
        ("E9121", "Resources/DatabaseCluster"),
    ],
    "bad/rds/aurora_readers.yaml": [
        ("W9122", "Resources/DatabaseReader1/Properties/AvailabilityZone"),
        ("W9123", "Resources/DatabaseCluster"),
    ],
    "bad/dns/failover.yaml": [
        ("W9140", "Resources/PrimaryRecord/Properties"),
        ("W9141", "Resources/OtherRecords/Properties/RecordSets/0"),
        ("W9141", "Resources/PrimaryRecord/Properties"),
    ],
    "bad/security/exposure.yaml": [
        ("W9210", "Resources/AppSecret/Properties/SecretString"),
        ("W9210", "Resources/Function/Properties/Environment/Variables/API_KEY"),
        ("W9210", "Resources/Function/Properties/Environment/Variables/DB_PASSWORD"),
        ("W9211", "Resources/InstanceSecurityGroup/Properties/SecurityGroupIngress/0"),
        ("W9211", "Resources/RdpIngress/Properties"),
        ("W9152", "Resources/SilentAlarm/Properties"),
        ("W9207", "Resources/DataVolume/Properties"),
        ("W9212", "Resources/InstanceSecurityGroup/Properties/SecurityGroupIngress/1"),
        ("W9213", "Resources/AlarmTopic/Properties"),
    ],
    "bad/meta/limits.yaml": [
        ("E9001", "Outputs"),
        ("W9213", "Resources/Topic/Properties"),
    ],
    "bad/cdn/distribution.yaml": [
        (
            "E9301",
            "Resources/Distribution/Properties/DistributionConfig/ViewerCertificate/AcmCertificateArn",
        ),
        (
            "W9802",
            "Resources/Distribution/Properties/DistributionConfig/DefaultCacheBehavior/TargetOriginId",
        ),
        (
            "W9803",
            "Resources/Distribution/Properties/DistributionConfig/DefaultCacheBehavior/ViewerProtocolPolicy",
        ),
        ("W9803", "Resources/Distribution/Properties/DistributionConfig/ViewerCertificate"),
    ],
    "bad/cdn/origin_certificate.yaml": [
        ("E9804", "Resources/HostDropped/Properties/DistributionConfig/Origins/0/DomainName"),
        ("E9804", "Resources/NoAlias/Properties/DistributionConfig/Origins/0/DomainName"),
        (
            "E9804",
            "Resources/OwnPolicyWithoutHost/Properties/DistributionConfig/Origins/1/DomainName",
        ),
    ],
    "bad/cdn/origin_open.yaml": [
        ("W9806", "Resources/Ipv6Https/Properties/DefaultActions"),
        ("W9806", "Resources/NlbTls/Properties/DefaultActions"),
        ("W9806", "Resources/OpenHttps/Properties/DefaultActions"),
    ],
    "bad/cdn/bypassed.yaml": [
        ("W9805", "Resources/Names/Properties/RecordSets/0"),
        ("W9805", "Resources/SiteToLoadBalancer/Properties"),
    ],
    "bad/quorum/cluster.yaml": [
        ("E9701", "Resources/PairMember1/Metadata"),
        ("E9702", "Resources/HeavyMember1/Properties/VPCZoneIdentifier"),
        ("E9702", "Resources/PairMember1/Properties/VPCZoneIdentifier"),
        ("E9702", "Resources/PairMember2/Properties/VPCZoneIdentifier"),
    ],
    "bad/quorum/two_az_region.yaml": [
        ("E9300", "Resources/Subnet1/Properties/AvailabilityZone"),
        ("E9300", "Resources/Subnet2/Properties/AvailabilityZone"),
        ("E9300", "Resources/Subnet3/Properties/AvailabilityZone"),
        ("E9702", "Resources/LockMember2/Properties/VPCZoneIdentifier"),
        ("W9703", "Resources/LockMember1/Metadata"),
    ],
    "bad/deploy/refused.yaml": [
        ("E9300", "Resources/OtherSubnet/Properties/AvailabilityZone"),
        ("E9300", "Resources/Subnet/Properties/AvailabilityZone"),
        ("E9301", "Resources/Alarm/Properties/AlarmActions/0"),
        ("E9301", "Resources/Listener/Properties/Certificates/0/CertificateArn"),
        ("E9302", "Resources/Alarm/Properties/Threshold"),
        ("E9303", "Resources/Database/Properties/AvailabilityZone"),
        ("E9304", "Resources/Cache/Properties/AutomaticFailoverEnabled"),
        ("E9304", "Resources/SplitCache/Properties/MultiAZEnabled"),
        ("E9305", "Resources/Search/Properties/ClusterConfig/InstanceCount"),
        ("E9306", "Resources/Kafka/Properties/NumberOfBrokerNodes"),
        ("E9307", "Resources/Bucket/Properties/ReplicationConfiguration"),
        ("E9308", "Resources/SubnetGroup/Properties/SubnetIds"),
        ("E9309", "Resources/Server/Properties/ImageId/Fn::FindInMap"),
        ("I9409", "Resources/Bucket/Properties"),
        ("W9151", "Resources/Database"),
        ("W9402", "Resources/SplitCache/Properties/AutomaticFailoverEnabled"),
    ],
    "bad/services/zonal.yaml": [
        ("E9120", "Resources/Primary/Properties"),
        ("E9400", "Resources/Endpoint/Properties/SubnetIds"),
        ("E9400", "Resources/Function/Properties/VpcConfig/SubnetIds"),
        ("E9400", "Resources/Service/Properties/NetworkConfiguration/AwsvpcConfiguration/Subnets"),
        ("I9409", "Resources/Logs/Properties"),
        ("W9151", "Resources/Primary"),
        ("W9401", "Resources/Service/Properties/DesiredCount"),
        ("W9402", "Resources/Redis/Properties/Engine"),
        ("W9403", "Resources/Search/Properties/ClusterConfig"),
        ("W9403", "Resources/Search/Properties/ClusterConfig/DedicatedMasterCount"),
        ("W9404", "Resources/Table/Properties"),
        ("W9405", "Resources/Queue/Properties"),
        ("W9406", "Resources/Files/Properties/AvailabilityZoneName"),
        ("W9406", "Resources/Windows/Properties/WindowsConfiguration/DeploymentType"),
        ("W9407", "Resources/NatRoute/Properties/InstanceId"),
        ("W9407", "Resources/PublicAddress/Properties/InstanceId"),
        ("W9408", "Resources/Replica/Properties/AvailabilityZone"),
        ("W9408", "Resources/Sessions/Properties/PreferredCacheClusterAZs"),
    ],
    "bad/services/objectives.yaml": [
        ("W9160", "Resources/Check/Properties/HealthCheckConfig"),
        ("W9161", "Resources/Fleet/Properties/MinSize"),
    ],
    "bad/meta/suppressions.yaml": [
        ("W9001", "Resources/Malformed/Metadata/hastack/suppress/not-a-rule"),
        ("W9001", "Resources/UnjustifiedTopic/Metadata/hastack/suppress/W9213"),
        ("W9213", "Resources/UnjustifiedTopic/Properties"),
    ],
    "bad/services/clusters_and_cross_zone.yaml": [
        ("E9124", "Resources/DocumentCluster"),
        ("E9124", "Resources/GraphCluster"),
        ("E9310", "Mappings/RegionAmis/eu-west-1/Ami"),
        ("I9109", "Resources/TcpTargets/Properties"),
        ("I9203", "Resources/ClassicLoadBalancer/Properties"),
        ("I9614", "Resources/NetworkLoadBalancer/Properties"),
        ("W9104", "Resources/Fleet/Properties"),
        ("W9104", "Resources/Fleet/Properties"),
        ("W9106", "Resources/Fleet/Properties/MaxSize"),
        ("W9107", "Resources/Fleet"),
        ("W9113", "Resources/ClassicLoadBalancer/Properties"),
        ("W9113", "Resources/TcpTargets/Properties"),
        ("W9150", "Resources/NetworkLoadBalancer"),
    ],
}

merge_into(EXPECTED)

GOOD = sorted(
    str(p.relative_to(FIXTURES))
    for p in (FIXTURES / "good").glob("*.yaml")
    if p.name != "webapp.yaml"
)  # checked in full by the test above


@pytest.mark.parametrize("fixture", sorted(EXPECTED))
def test_bad_fixtures_are_flagged_with_exact_rule_ids_and_paths(fixture, lint_fixture):
    assert pack_only(lint_fixture(fixture)) == sorted(EXPECTED[fixture])


def test_the_reference_web_app_passes_everything_in_three_regions(lint_fixture):
    findings = lint_fixture("good/webapp.yaml", regions=REGIONS)
    assert [(f.rule, f.path_string, f.message) for f in findings] == []


@pytest.mark.parametrize("fixture", GOOD)
def test_good_fixtures_raise_nothing_from_the_pack(fixture, lint_fixture):
    findings = lint_fixture(fixture, regions=REGIONS)
    assert pack_only(findings) == []
    assert not [f for f in findings if f.rule == "E0002"], "a rule crashed"


def test_unresolvable_values_give_no_pack_finding_and_no_crash(lint_fixture):
    findings = lint_fixture("good/intrinsics.yaml")
    assert {f.rule for f in findings} <= {"W1011"}  # cfn-lint's own advice on NoEcho parameters


def test_every_pack_rule_is_flagged_by_some_bad_fixture():
    from hastack.validate.docs import pack_rules

    flagged = {rule for expected in EXPECTED.values() for rule, _ in expected}
    assert {r.id for r in pack_rules()} - flagged == set()


def test_every_pack_rule_is_documented_and_named_after_its_file():
    from hastack.validate.docs import pack_rules
    from hastack.validate.rules import RULES_DIR

    rules = pack_rules()
    assert len(rules) >= 30
    files = {p.stem for p in Path(RULES_DIR).glob("[A-Za-z1-9]*.py")}
    assert {type(r).__name__ for r in rules} == files
    for rule in rules:
        assert re.fullmatch(r"[EWI]9\d{3}", rule.id), rule.id
        assert rule.shortdesc and rule.description and rule.fix, rule.id
        assert rule.source_url.startswith("https://"), rule.id
        assert "hastack" in rule.tags, rule.id


def test_a_third_az_from_getazs_fails_only_in_regions_with_two(tmp_path):
    from hastack.validate.api import validate

    template = {
        "Resources": {
            "Subnet": {
                "Type": "AWS::EC2::Subnet",
                "Properties": {
                    "VpcId": "vpc-1",
                    "CidrBlock": "10.0.2.0/24",
                    "AvailabilityZone": {"Fn::Select": [2, {"Fn::GetAZs": ""}]},
                },
            }
        }
    }
    in_two = validate(template, regions=["us-west-1"], use_cache=False).findings
    assert [(f.rule, f.path_string) for f in in_two if f.rule == "E9112"] == [
        ("E9112", "Resources/Subnet/Properties/AvailabilityZone/Fn::Select")
    ]
    in_three = validate(template, regions=REGIONS, use_cache=False).findings
    assert not [f for f in in_three if f.rule == "E9112"]


def test_the_web_apps_distribution_passes_only_while_it_forwards_the_host() -> None:
    """The blueprint reaches its load balancer by ``GetAtt LoadBalancer.DNSName`` and passes
    because Managed-AllViewer forwards the site's name as Host; dropping the Host makes every
    origin request fail the certificate check, which the rule must say."""
    from hastack.validate.api import validate
    from tests.blueprints.test_cdn_option import named_web

    body = named_web().synth().body
    assert not [f for f in validate(body, use_cache=False).findings if f.rule == "E9804"]
    config = body["Resources"]["Distribution"]["Properties"]["DistributionConfig"]
    config["DefaultCacheBehavior"]["OriginRequestPolicyId"] = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
    flagged = [f for f in validate(body, use_cache=False).findings if f.rule == "E9804"]
    assert [f.path_string for f in flagged] == [
        "Resources/Distribution/Properties/DistributionConfig/Origins/0/DomainName"
    ]


def test_the_web_app_whose_name_skips_its_distribution_is_flagged() -> None:
    """HAWebApp(cdn, dns) aliases its name to the distribution and passes; the same template
    with the records as they were (to the load balancer) sends viewers around CloudFront."""
    from hastack.validate.api import validate
    from tests.blueprints.test_cdn_option import named_web

    body = named_web().synth().body
    assert not [f for f in validate(body, use_cache=False).findings if f.rule == "W9805"]
    for suffix in ("", "Ipv6"):
        alias = body["Resources"][f"AliasRecord{suffix}"]["Properties"]["AliasTarget"]
        alias["DNSName"] = {"Fn::GetAtt": ["LoadBalancer", "DNSName"]}
        alias["HostedZoneId"] = {"Fn::GetAtt": ["LoadBalancer", "CanonicalHostedZoneID"]}
    flagged = [f for f in validate(body, use_cache=False).findings if f.rule == "W9805"]
    assert sorted(f.path_string for f in flagged) == [
        "Resources/AliasRecord/Properties",
        "Resources/AliasRecordIpv6/Properties",
    ]


def test_the_web_apps_origin_passes_only_while_it_checks_the_distributions_header() -> None:
    """HAWebApp(cdn) answers 403 by default and forwards what carries CloudFront's secret
    header; with the default action forwarding again, its load balancer (open to 0.0.0.0/0 on
    443 for CloudFront and the health checkers) serves anyone around the distribution's WAF."""
    from hastack.validate.api import validate
    from tests.blueprints.test_cdn_option import named_web

    body = named_web().synth().body
    assert not [f for f in validate(body, use_cache=False).findings if f.rule == "W9806"]
    listener = body["Resources"]["HttpsListener"]["Properties"]
    listener["DefaultActions"] = [{"Type": "forward", "TargetGroupArn": {"Ref": "TargetGroup"}}]
    flagged = [f for f in validate(body, use_cache=False).findings if f.rule == "W9806"]
    assert [f.path_string for f in flagged] == ["Resources/HttpsListener/Properties/DefaultActions"]
    assert "CdnWebAcl" in body["Resources"] and "and its WAF" in flagged[0].message
