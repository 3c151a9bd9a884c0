"""One unit test per rule of the newer part of the pack: the rule alone, on a minimal template,
reports exactly the expected paths, and nothing on the fixed variant."""

from __future__ import annotations

from typing import Any

import pytest

SUBNET_A = {"Ref": "SubnetA"}
SUBNETS = {
    "SubnetA": {
        "Type": "AWS::EC2::Subnet",
        "Properties": {
            "VpcId": "vpc-1",
            "CidrBlock": "10.0.0.0/24",
            "AvailabilityZone": "us-east-1a",
        },
    },
    "SubnetB": {
        "Type": "AWS::EC2::Subnet",
        "Properties": {
            "VpcId": "vpc-1",
            "CidrBlock": "10.0.1.0/24",
            "AvailabilityZone": "us-east-1b",
        },
    },
}


def res(type_: str, **props: Any) -> dict[str, Any]:
    return {"Type": type_, "Properties": props}


def nlb_with_targets(attributes: list[dict[str, str]] | None = None) -> dict[str, Any]:
    """A network load balancer over two AZs forwarding to three instances, two in the first AZ."""
    target_group = res(
        "AWS::ElasticLoadBalancingV2::TargetGroup",
        Targets=[{"Id": {"Ref": "A1"}}, {"Id": {"Ref": "A2"}}, {"Id": {"Ref": "B1"}}],
    )
    if attributes is not None:
        target_group["Properties"]["TargetGroupAttributes"] = attributes
    return {
        **SUBNETS,
        "Nlb": res(
            "AWS::ElasticLoadBalancingV2::LoadBalancer",
            Type="network",
            Subnets=[SUBNET_A, {"Ref": "SubnetB"}],
        ),
        "L": res(
            "AWS::ElasticLoadBalancingV2::Listener",
            LoadBalancerArn={"Ref": "Nlb"},
            DefaultActions=[{"Type": "forward", "TargetGroupArn": {"Ref": "Tg"}}],
        ),
        "Tg": target_group,
        "A1": res("AWS::EC2::Instance", SubnetId=SUBNET_A),
        "A2": res("AWS::EC2::Instance", AvailabilityZone="us-east-1a"),
        "B1": res("AWS::EC2::Instance", SubnetId={"Ref": "SubnetB"}),
    }


CASES: list[tuple[str, dict[str, Any], list[str], dict[str, Any]]] = [
    # (rule, bad resources, expected paths, good resources)
    (
        "E9300",
        {"S": res("AWS::EC2::Subnet", AvailabilityZone="eu-west-1b")},
        ["Resources/S/Properties/AvailabilityZone"],
        {"S": res("AWS::EC2::Subnet", AvailabilityZone="us-east-1b")},
    ),
    (
        "E9301",
        {
            "C": res(
                "AWS::CloudFront::Distribution",
                DistributionConfig={
                    "ViewerCertificate": {
                        "AcmCertificateArn": "arn:aws:acm:eu-west-1:1:certificate/x"
                    }
                },
            )
        },
        ["Resources/C/Properties/DistributionConfig/ViewerCertificate/AcmCertificateArn"],
        {
            "C": res(
                "AWS::CloudFront::Distribution",
                DistributionConfig={
                    "ViewerCertificate": {
                        "AcmCertificateArn": "arn:aws:acm:us-east-1:1:certificate/x"
                    }
                },
            )
        },
    ),
    (
        "E9301",
        {"K": res("AWS::RDS::DBCluster", KmsKeyId="arn:aws:kms:us-west-2:1:key/x")},
        ["Resources/K/Properties/KmsKeyId"],
        {"K": res("AWS::RDS::DBCluster", KmsKeyId="arn:aws:kms:us-east-1:1:key/x")},
    ),
    (
        "E9302",
        {"A": res("AWS::CloudWatch::Alarm", Threshold=float("nan"))},
        ["Resources/A/Properties/Threshold"],
        {"A": res("AWS::CloudWatch::Alarm", Threshold=1.5)},
    ),
    (
        "E9303",
        {"D": res("AWS::RDS::DBInstance", MultiAZ="true", AvailabilityZone="us-east-1a")},
        ["Resources/D/Properties/AvailabilityZone"],
        {"D": res("AWS::RDS::DBInstance", MultiAZ=True)},
    ),
    (
        "E9304",
        {
            "R": res(
                "AWS::ElastiCache::ReplicationGroup",
                AutomaticFailoverEnabled=True,
                ReplicasPerNodeGroup=0,
                NumNodeGroups=2,
            )
        },
        ["Resources/R/Properties/AutomaticFailoverEnabled"],
        {
            "R": res(
                "AWS::ElastiCache::ReplicationGroup",
                AutomaticFailoverEnabled=True,
                ReplicasPerNodeGroup=1,
                NumNodeGroups=2,
            )
        },
    ),
    (
        "E9305",
        {
            "O": res(
                "AWS::Elasticsearch::Domain",
                ElasticsearchClusterConfig={
                    "ZoneAwarenessEnabled": True,
                    "InstanceCount": 4,
                    "ZoneAwarenessConfig": {"AvailabilityZoneCount": 3},
                },
            )
        },
        ["Resources/O/Properties/ElasticsearchClusterConfig/InstanceCount"],
        {
            "O": res(
                "AWS::Elasticsearch::Domain",
                ElasticsearchClusterConfig={
                    "ZoneAwarenessEnabled": True,
                    "InstanceCount": 6,
                    "ZoneAwarenessConfig": {"AvailabilityZoneCount": 3},
                },
            )
        },
    ),
    (
        "E9306",
        {
            "M": res(
                "AWS::MSK::Cluster",
                NumberOfBrokerNodes=3,
                BrokerNodeGroupInfo={"ClientSubnets": ["subnet-1", "subnet-2"]},
            )
        },
        ["Resources/M/Properties/NumberOfBrokerNodes"],
        {
            "M": res(
                "AWS::MSK::Cluster",
                NumberOfBrokerNodes=4,
                BrokerNodeGroupInfo={"ClientSubnets": ["subnet-1", "subnet-2"]},
            )
        },
    ),
    (
        "E9307",
        {
            "B": res(
                "AWS::S3::Bucket",
                ReplicationConfiguration={},
                VersioningConfiguration={"Status": "Suspended"},
            )
        },
        ["Resources/B/Properties/ReplicationConfiguration"],
        {
            "B": res(
                "AWS::S3::Bucket",
                ReplicationConfiguration={},
                VersioningConfiguration={"Status": "Enabled"},
            )
        },
    ),
    (
        "E9308",
        {**SUBNETS, "G": res("AWS::RDS::DBSubnetGroup", SubnetIds=[SUBNET_A])},
        ["Resources/G/Properties/SubnetIds"],
        {**SUBNETS, "G": res("AWS::RDS::DBSubnetGroup", SubnetIds=[SUBNET_A, {"Ref": "SubnetB"}])},
    ),
    (
        "E9400",
        {**SUBNETS, "N": res("AWS::EKS::Nodegroup", Subnets=[SUBNET_A, SUBNET_A])},
        ["Resources/N/Properties/Subnets"],
        {**SUBNETS, "N": res("AWS::EKS::Nodegroup", Subnets=[SUBNET_A, {"Ref": "SubnetB"}])},
    ),
    (
        "W9401",
        {"S": res("AWS::ECS::Service")},
        ["Resources/S/Properties"],
        {"S": res("AWS::ECS::Service", SchedulingStrategy="DAEMON")},
    ),
    (
        "W9402",
        {"R": res("AWS::ElastiCache::ReplicationGroup", Engine="valkey")},
        ["Resources/R/Properties"],
        {"R": res("AWS::ElastiCache::ReplicationGroup", Engine="memcached")},
    ),
    (
        "W9403",
        {"O": res("AWS::OpenSearchService::Domain", ClusterConfig={"InstanceCount": 2})},
        ["Resources/O/Properties/ClusterConfig"],
        {"O": res("AWS::OpenSearchService::Domain", ClusterConfig={"InstanceCount": 1})},
    ),
    (
        "W9404",
        {"T": res("AWS::DynamoDB::GlobalTable", Replicas=[{"Region": "us-east-1"}])},
        ["Resources/T/Properties/Replicas/0"],
        {
            "T": res(
                "AWS::DynamoDB::GlobalTable",
                Replicas=[
                    {
                        "Region": "us-east-1",
                        "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": "true"},
                    }
                ],
            )
        },
    ),
    (
        "W9405",
        {"Q": res("AWS::SQS::Queue", DelaySeconds=0)},
        ["Resources/Q/Properties"],
        {"Q": res("AWS::SQS::Queue", RedriveAllowPolicy={"redrivePermission": "allowAll"})},
    ),
    (
        "W9406",
        {"F": res("AWS::FSx::FileSystem", OntapConfiguration={"DeploymentType": "SINGLE_AZ_1"})},
        ["Resources/F/Properties/OntapConfiguration/DeploymentType"],
        {"F": res("AWS::FSx::FileSystem", OntapConfiguration={"DeploymentType": "MULTI_AZ_1"})},
    ),
    (
        "W9407",
        {
            "I": res("AWS::EC2::Instance"),
            "A": res("AWS::EC2::EIPAssociation", InstanceId={"Ref": "I"}),
        },
        ["Resources/A/Properties/InstanceId"],
        {"I": res("AWS::EC2::Instance"), "R": res("AWS::EC2::Route", NatGatewayId="nat-1")},
    ),
    (
        "W9408",
        {
            "R": res(
                "AWS::ElastiCache::ReplicationGroup",
                NodeGroupConfiguration=[
                    {
                        "PrimaryAvailabilityZone": "us-east-1a",
                        "ReplicaAvailabilityZones": ["us-east-1a"],
                    }
                ],
            )
        },
        ["Resources/R/Properties/NodeGroupConfiguration/0"],
        {
            "R": res(
                "AWS::ElastiCache::ReplicationGroup",
                NodeGroupConfiguration=[
                    {
                        "PrimaryAvailabilityZone": "us-east-1a",
                        "ReplicaAvailabilityZones": ["us-east-1b"],
                    }
                ],
            )
        },
    ),
    (
        "E9124",
        {
            **SUBNETS,
            "C": res("AWS::Neptune::DBCluster"),
            "I": res("AWS::Neptune::DBInstance", DBClusterIdentifier={"Ref": "C"}),
            "D": res("AWS::DocDB::DBCluster"),
            "D1": res(
                "AWS::DocDB::DBInstance",
                DBClusterIdentifier={"Ref": "D"},
                AvailabilityZone="us-east-1a",
            ),
            "D2": res(
                "AWS::DocDB::DBInstance",
                DBClusterIdentifier={"Ref": "D"},
                AvailabilityZone="us-east-1a",
            ),
        },
        ["Resources/C", "Resources/D"],
        {
            "C": res("AWS::Neptune::DBCluster"),
            "I": res("AWS::Neptune::DBInstance", DBClusterIdentifier={"Ref": "C"}),
            "J": res("AWS::Neptune::DBInstance", DBClusterIdentifier={"Ref": "C"}),
            "D": res("AWS::DocDB::DBCluster"),
            "D1": res(
                "AWS::DocDB::DBInstance",
                DBClusterIdentifier={"Ref": "D"},
                AvailabilityZone="us-east-1a",
            ),
            "D2": res(
                "AWS::DocDB::DBInstance",
                DBClusterIdentifier={"Ref": "D"},
                AvailabilityZone="us-east-1b",
            ),
            # joins a cluster by its literal name: the member count is unknown, so silence
            "E": res("AWS::DocDB::DBCluster"),
            "E1": res("AWS::DocDB::DBInstance", DBClusterIdentifier={"Ref": "E"}),
            "E2": res("AWS::DocDB::DBInstance", DBClusterIdentifier="e-cluster"),
        },
    ),
    (
        "W9113",
        nlb_with_targets(),
        ["Resources/Tg/Properties"],
        {
            # the target group turns cross-zone balancing on for itself
            **nlb_with_targets([{"Key": "load_balancing.cross_zone.enabled", "Value": "true"}]),
            # an even fleet behind a classic load balancer without cross-zone balancing
            "Clb": res(
                "AWS::ElasticLoadBalancing::LoadBalancer",
                AvailabilityZones=["us-east-1a", "us-east-1b"],
            ),
            "Fleet": res(
                "AWS::AutoScaling::AutoScalingGroup",
                MinSize="4",
                MaxSize="8",
                VPCZoneIdentifier=[SUBNET_A, {"Ref": "SubnetB"}],
                LoadBalancerNames=[{"Ref": "Clb"}],
            ),
        },
    ),
    (
        "W9105",
        {
            **SUBNETS,
            "N": res(
                "AWS::EKS::Nodegroup",
                Subnets=[SUBNET_A, {"Ref": "SubnetB"}],
                ScalingConfig={"MinSize": 1, "MaxSize": 3},
            ),
        },
        ["Resources/N/Properties/ScalingConfig/MinSize"],
        {
            **SUBNETS,
            "N": res(
                "AWS::EKS::Nodegroup",
                Subnets=[SUBNET_A, {"Ref": "SubnetB"}],
                ScalingConfig={"MinSize": 2, "MaxSize": 3},
            ),
            "One": res(
                "AWS::EKS::Nodegroup", Subnets=[SUBNET_A], ScalingConfig={"MinSize": 1}
            ),  # one AZ is E9400's finding
        },
    ),
    (
        "I9409",
        {"B": res("AWS::S3::Bucket")},
        ["Resources/B/Properties"],
        {"B": res("AWS::S3::Bucket", AccessControl="LogDeliveryWrite")},
    ),
]


def run_rule(
    rule_id: str, template_resources: dict[str, Any], metadata: Any = None, mappings: Any = None
) -> list[str]:
    from cfnlint.template import Template

    from hastack.validate.docs import pack_rules

    (rule,) = [r for r in pack_rules() if r.id == rule_id]
    body: dict[str, Any] = {"Resources": template_resources}
    if metadata is not None:
        body["Metadata"] = metadata
    if mappings is not None:
        body["Mappings"] = mappings
    cfn = Template("unit.yaml", body, ["us-east-1"])
    return sorted("/".join(str(p) for p in m.path) for m in rule.match(cfn))


@pytest.mark.parametrize(("rule_id", "bad", "paths", "good"), CASES, ids=[c[0] for c in CASES])
def test_rule_flags_the_bad_shape_and_passes_the_fixed_one(rule_id, bad, paths, good):
    assert run_rule(rule_id, bad) == paths
    assert run_rule(rule_id, good) == []


def test_health_check_detection_is_judged_only_against_a_stated_rto():
    group = {"T": res("AWS::ElasticLoadBalancingV2::TargetGroup", Protocol="HTTP")}
    assert run_rule("W9160", group) == []  # no objective stated: nothing to compare with
    objectives = {"hastack": {"objectives": {"rto": "45"}}}
    assert run_rule("W9160", group, objectives) == ["Resources/T/Properties"]  # 30 s x 2
    fast = {"T": res("AWS::ElasticLoadBalancingV2::TargetGroup", HealthCheckIntervalSeconds=10)}
    assert run_rule("W9160", fast, objectives) == []


def test_static_stability_counts_the_largest_az_of_an_uneven_spread():
    asg = {
        **SUBNETS,
        "G": {
            "Type": "AWS::AutoScaling::AutoScalingGroup",
            "Metadata": {"hastack": {"peak_instances": 2}},
            "Properties": {"MinSize": 3, "VPCZoneIdentifier": [SUBNET_A, {"Ref": "SubnetB"}]},
        },
    }
    assert run_rule("W9161", asg) == ["Resources/G/Properties/MinSize"]  # 3 - ceil(3/2) = 1
    asg["G"]["Properties"]["MinSize"] = 4
    assert run_rule("W9161", asg) == []


def test_region_rules_stay_silent_when_the_stack_region_is_not_one_region():
    from cfnlint.template import Template

    from hastack.validate.docs import pack_rules

    body = {"Resources": {"S": res("AWS::EC2::Subnet", AvailabilityZone="eu-west-1b")}}
    (rule,) = [r for r in pack_rules() if r.id == "E9300"]
    assert rule.match(Template("t.yaml", body, ["us-east-1", "eu-west-1"])) == []


def test_a_region_mapping_is_judged_against_the_stack_region_unless_it_has_a_default():
    lookup = {"Fn::FindInMap": ["Amis", {"Ref": "AWS::Region"}, "Id"]}
    server = {"I": res("AWS::EC2::Instance", ImageId=lookup)}
    other = {"Amis": {"eu-west-1": {"Id": "ami-1"}}}
    assert run_rule("E9309", server, mappings=other) == [
        "Resources/I/Properties/ImageId/Fn::FindInMap"
    ]
    assert run_rule("E9309", server, mappings={"Amis": {"us-east-1": {"Id": "ami-1"}}}) == []
    lookup["Fn::FindInMap"].append({"DefaultValue": "ami-2"})
    assert run_rule("E9309", server, mappings=other) == []


def test_a_custom_resource_service_token_is_an_arn_not_a_secret():
    token = {"C": res("AWS::CloudFormation::CustomResource", ServiceToken="arn:aws:sns:x")}
    assert run_rule("W9210", token) == []
    assert run_rule("W9210", {"C": res("AWS::Lambda::Url", AuthToken="abc")}) == [
        "Resources/C/Properties/AuthToken"
    ]


def test_one_ami_id_under_two_region_keys_is_an_error_and_other_keys_are_ignored():
    server = {
        "S": {"Type": "AWS::EC2::Instance", "Properties": {"ImageId": "ami-0123456789abcdef0"}}
    }
    copied = {
        "Ami": {
            "us-east-1": {"Id": "ami-0123456789abcdef0", "Arm": "ami-0aaaaaaaaaaaaaaaa"},
            "us-west-2": {"Id": "ami-0123456789abcdef0", "Arm": "ami-0bbbbbbbbbbbbbbbb"},
        }
    }
    assert run_rule("E9310", server, mappings=copied) == ["Mappings/Ami/us-west-2/Id"]
    own = {"Ami": {"us-east-1": {"Id": "ami-0123456789abcdef0"}, "us-west-2": {"Id": "ami-1"}}}
    assert run_rule("E9310", server, mappings=own) == []
    # keys that are not regions (environments, a default) may share an id
    by_env = {"Ami": {"prod": {"Id": "ami-12345678"}, "dev": {"Id": "ami-12345678"}}}
    assert run_rule("E9310", server, mappings=by_env) == []
    # a literal ImageId alone cannot be checked offline: nothing
    assert run_rule("E9310", server) == []
