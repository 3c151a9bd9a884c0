"""Per-resource semantics: what each pricer charges for, checked against us-east-1 catalog prices
(catalog 2025-06-01; each expected figure is spelled out as quantity x unit price)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from hastack.cost.api import estimate
from tests.cost.conftest import template

D = Decimal


def _one(body, logical_id, **kwargs):
    return estimate(body, **kwargs).resource(logical_id)


def _lt(instance_type="t3.micro", **data):
    return {
        "Type": "AWS::EC2::LaunchTemplate",
        "Properties": {"LaunchTemplateData": {"InstanceType": instance_type, **data}},
    }


def _asg(**props):
    return {
        "Type": "AWS::AutoScaling::AutoScalingGroup",
        "Properties": {
            "MaxSize": "10",
            "LaunchTemplate": {"LaunchTemplateId": {"Ref": "Lt"}, "Version": "1"},
            **props,
        },
    }


GP3_ROOT = [{"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 10, "VolumeType": "gp3"}}]


# -- Auto Scaling groups -------------------------------------------------------------------------
def test_an_asg_runs_desired_capacity_times_the_launch_template_instance_type_plus_volumes():
    body = template(
        {
            "Lt": _lt("t3.micro", BlockDeviceMappings=GP3_ROOT),
            "Asg": _asg(MinSize="1", DesiredCapacity="4"),
        }
    )
    asg = _one(body, "Asg")
    # 4 x 730 h x $0.0104 = 30.368; 4 x 10 GB gp3 x $0.08 = 3.20
    assert [c.monthly for c in asg.components] == [D("30.3680"), D("3.20")]


def test_an_asg_without_desired_capacity_runs_min_size():
    body = template({"Lt": _lt("t3.micro", BlockDeviceMappings=GP3_ROOT), "Asg": _asg(MinSize="2")})
    assert _one(body, "Asg").components[0].quantity == 2 * 730


def test_an_asg_reads_the_instance_type_of_its_launch_configuration():
    body = template(
        {
            "Lc": {
                "Type": "AWS::AutoScaling::LaunchConfiguration",
                "Properties": {"InstanceType": "m6i.large", "ImageId": "ami-1"},
            },
            "Asg": {
                "Type": "AWS::AutoScaling::AutoScalingGroup",
                "Properties": {
                    "MinSize": "2",
                    "MaxSize": "2",
                    "LaunchConfigurationName": {"Ref": "Lc"},
                },
            },
        }
    )
    result = estimate(body)
    asg = result.resource("Asg")
    # 2 x 730 x $0.096 = 140.16, plus the assumed 8 GB gp3 root volume each (2 x 8 x $0.08)
    assert asg.components[0].monthly == D("140.16")
    assert asg.components[1].monthly == D("1.28")
    assert any("root volume assumed 8 GB gp3" in a.message for a in result.assumptions)


def test_parameter_defaults_and_overrides_choose_the_instance_type():
    body = template(
        {"Lt": _lt({"Ref": "Type"}), "Asg": _asg(MinSize="1")},
        Parameters={"Type": {"Type": "String", "Default": "t3.micro"}},
    )
    assert "t3.micro" in _one(body, "Asg").components[0].name
    overridden = _one(body, "Asg", parameters={"Type": "c7g.large"})
    assert overridden.components[0].unit_price == D("0.0725")


def test_a_mapping_keyed_by_region_chooses_the_instance_type_and_its_regional_price():
    body = template(
        {
            "Lt": _lt({"Fn::FindInMap": ["Types", {"Ref": "AWS::Region"}, "Web"]}),
            "Asg": _asg(MinSize="1"),
        },
        Mappings={"Types": {"us-east-1": {"Web": "t3.small"}, "eu-west-1": {"Web": "t3.large"}}},
    )
    assert _one(body, "Asg").components[0].unit_price == D("0.0208")
    # eu-west-1 t3.large: $0.0912/h
    assert _one(body, "Asg", region="eu-west-1").components[0].unit_price == D("0.0912")


def test_resources_whose_condition_is_false_cost_nothing_and_are_listed_as_not_created():
    body = template(
        {
            "Lt": _lt(),
            "Asg": _asg(MinSize="1"),
            "Eip": {"Type": "AWS::EC2::EIP", "Condition": "IsProd"},
        },
        Parameters={"Env": {"Type": "String", "Default": "dev"}},
        Conditions={"IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]}},
    )
    dev = estimate(body)
    assert [r.logical_id for r in dev.resources if r.logical_id == "Eip"] == []
    assert any(f.logical_id == "Eip" and "condition IsProd is false" in f.reason for f in dev.free)
    prod = estimate(body, parameters={"Env": "prod"})
    assert prod.resource("Eip").monthly == D("3.65")  # 730 x $0.005


def test_an_instance_type_from_a_parameter_without_default_is_listed_as_not_priced_with_why():
    body = template(
        {"Lt": _lt({"Ref": "Type"}), "Asg": _asg(MinSize="1")},
        Parameters={"Type": {"Type": "String"}},
    )
    result = estimate(body)
    (item,) = [n for n in result.not_priced if n.logical_id == "Asg"]
    assert "parameter Type has no default" in item.reason


def test_an_ec2_instance_with_a_public_ip_pays_for_its_ipv4_address():
    body = template(
        {
            "Web": {
                "Type": "AWS::EC2::Instance",
                "Properties": {
                    "InstanceType": "t4g.small",
                    "BlockDeviceMappings": GP3_ROOT,
                    "NetworkInterfaces": [{"DeviceIndex": "0", "AssociatePublicIpAddress": "true"}],
                },
            }
        }
    )
    # 730 x $0.0168 = 12.264; 10 GB x $0.08 = 0.80; 730 x $0.005 = 3.65
    assert _one(body, "Web").monthly == D("12.264") + D("0.80") + D("3.65")


# -- EBS, EIP, NAT, load balancers ---------------------------------------------------------------
def test_a_gp3_volume_pays_for_iops_and_throughput_above_the_included_baseline():
    body = template(
        {
            "Vol": {
                "Type": "AWS::EC2::Volume",
                "Properties": {
                    "Size": 100,
                    "VolumeType": "gp3",
                    "Iops": 4000,
                    "Throughput": 225,
                    "AvailabilityZone": "us-east-1a",
                },
            }
        }
    )
    # 100 GB x $0.08 + 1000 IOPS x $0.005 + 100 MiB/s x $0.04
    assert [c.monthly for c in _one(body, "Vol").components] == [D("8.00"), D("5.000"), D("4.00")]


def test_an_io1_volume_pays_for_storage_and_provisioned_iops():
    body = template(
        {
            "Vol": {
                "Type": "AWS::EC2::Volume",
                "Properties": {
                    "Size": 50,
                    "VolumeType": "io1",
                    "Iops": 1000,
                    "AvailabilityZone": "us-east-1a",
                },
            }
        }
    )
    assert _one(body, "Vol").monthly == D("50") * D("0.125") + D("1000") * D("0.065")


def test_a_nat_gateway_charges_hours_and_processed_gigabytes_from_the_usage_file():
    body = template({"Nat": {"Type": "AWS::EC2::NatGateway", "Properties": {"SubnetId": "s"}}})
    nat = _one(body, "Nat", usage={"Nat": {"gb_processed": 1000}})
    assert [c.monthly for c in nat.components] == [D("32.850"), D("45.000")]
    assert [c.usage_based for c in nat.components] == [False, True]


def test_an_nlb_pays_nlcus_and_no_extra_ipv4_for_subnet_mappings_with_their_own_eip():
    body = template(
        {
            "Nlb": {
                "Type": "AWS::ElasticLoadBalancingV2::LoadBalancer",
                "Properties": {
                    "Type": "network",
                    "SubnetMappings": [
                        {"SubnetId": "a", "AllocationId": "eipalloc-1"},
                        {"SubnetId": "b", "AllocationId": {"Fn::GetAtt": ["Eip", "AllocationId"]}},
                    ],
                },
            },
            "Eip": {"Type": "AWS::EC2::EIP", "Properties": {"Domain": "vpc"}},
        }
    )
    nlb = _one(body, "Nlb", usage={"Nlb": {"nlcu": 3}})
    # 730 x $0.0225 + 3 x 730 x $0.006
    assert [c.monthly for c in nlb.components] == [D("16.4250"), D("13.140")]


def test_an_internal_alb_has_no_public_addresses():
    body = template(
        {
            "Alb": {
                "Type": "AWS::ElasticLoadBalancingV2::LoadBalancer",
                "Properties": {"Scheme": "internal", "Subnets": ["a", "b", "c"]},
            }
        }
    )
    assert [c.name for c in _one(body, "Alb").components] == [
        "Application Load Balancer",
        "ALB capacity units",
    ]


def test_a_classic_load_balancer_charges_hours_gigabytes_and_one_address_per_az():
    body = template(
        {
            "Elb": {
                "Type": "AWS::ElasticLoadBalancing::LoadBalancer",
                "Properties": {"Subnets": ["a", "b"], "Listeners": []},
            }
        }
    )
    elb = _one(body, "Elb", usage={"Elb": {"gb_processed": 10}})
    # 730 x $0.025 + 10 GB x $0.008 + 2 x 730 x $0.005
    assert elb.monthly == D("18.25") + D("0.08") + D("7.30")


# -- Route 53 ------------------------------------------------------------------------------------
def test_a_health_check_of_a_non_aws_endpoint_pays_each_option_at_the_non_aws_rate():
    body = template(
        {
            "Hc": {
                "Type": "AWS::Route53::HealthCheck",
                "Properties": {
                    "HealthCheckConfig": {
                        "Type": "HTTPS_STR_MATCH",
                        "FullyQualifiedDomainName": "example.org",
                        "SearchString": "ok",
                        "RequestInterval": 10,
                        "MeasureLatency": True,
                    }
                },
            }
        }
    )
    hc = _one(body, "Hc")
    # $0.75 base + 4 options (HTTPS, string matching, fast interval, latency) x $2.00
    assert hc.monthly == D("0.75") + 4 * D("2.00")
    assert len(hc.components) == 5


def test_a_health_check_of_an_aws_host_name_pays_the_aws_endpoint_rates():
    body = template(
        {
            "Hc": {
                "Type": "AWS::Route53::HealthCheck",
                "Properties": {
                    "HealthCheckConfig": {
                        "Type": "HTTP",
                        "RequestInterval": 10,
                        "FullyQualifiedDomainName": "my-lb.us-east-1.elb.amazonaws.com",
                    }
                },
            }
        }
    )
    assert _one(body, "Hc").monthly == D("0.50") + D("1.00")


# -- RDS and Aurora ------------------------------------------------------------------------------
def _rds(**props):
    return {
        "Type": "AWS::RDS::DBInstance",
        "Properties": {
            "Engine": "postgres",
            "DBInstanceClass": "db.t4g.medium",
            "AllocatedStorage": "50",
            "StorageType": "gp2",
            **props,
        },
    }


def test_multi_az_doubles_the_rds_instance_and_storage_price():
    single = _one(template({"Db": _rds()}), "Db")
    multi = _one(template({"Db": _rds(MultiAZ="true")}), "Db")
    assert multi.monthly == 2 * single.monthly
    # 730 x $0.065 + 50 GB x $0.115
    assert single.monthly == D("47.45") + D("5.75")


def test_rds_io1_storage_pays_for_provisioned_iops():
    db = _one(template({"Db": _rds(StorageType="io1", Iops=3000)}), "Db")
    assert [c.monthly for c in db.components][1:] == [D("6.250"), D("300.00")]


def test_an_engine_outside_the_catalog_is_not_priced_rather_than_free():
    result = estimate(template({"Db": _rds(Engine="sqlserver-se")}))
    assert result.resources == []
    assert "sqlserver-se" in result.not_priced[0].reason


def _aurora(storage_type=None):
    cluster = {"Engine": "aurora-postgresql"}
    if storage_type:
        cluster["StorageType"] = storage_type
    return template(
        {
            "Cluster": {"Type": "AWS::RDS::DBCluster", "Properties": cluster},
            "Writer": {
                "Type": "AWS::RDS::DBInstance",
                "Properties": {
                    "Engine": "aurora-postgresql",
                    "DBInstanceClass": "db.r6g.large",
                    "DBClusterIdentifier": {"Ref": "Cluster"},
                },
            },
        }
    )


def test_aurora_io_optimized_costs_more_per_instance_and_gb_and_bills_no_io():
    usage = {"Cluster": {"storage_gb": 100, "io_requests_millions": 500}}
    standard = estimate(_aurora(), usage=usage)
    optimized = estimate(_aurora("aurora-iopt1"), usage=usage)
    assert standard.resource("Writer").monthly == D("730") * D("0.26")
    assert optimized.resource("Writer").monthly == D("730") * D("0.338")
    # standard: 100 GB x $0.10 + 500 M x $0.20; I/O-Optimized: 100 GB x $0.225 only
    assert standard.resource("Cluster").monthly == D("10.00") + D("100.00")
    assert [c.name for c in optimized.resource("Cluster").components] == [
        "Aurora storage (I/O-Optimized)"
    ]
    assert optimized.resource("Cluster").monthly == D("22.500")


def test_aurora_serverless_v2_capacity_starts_from_the_cluster_minimum_acus():
    body = _aurora()
    body["Resources"]["Cluster"]["Properties"]["ServerlessV2ScalingConfiguration"] = {
        "MinCapacity": 2,
        "MaxCapacity": 8,
    }
    body["Resources"]["Writer"]["Properties"]["DBInstanceClass"] = "db.serverless"
    writer = estimate(body).resource("Writer")
    assert writer.monthly == 2 * D("730") * D("0.12")
    assert estimate(body, usage={"Writer": {"acu": 4}}).resource("Writer").monthly == 4 * D(
        "730"
    ) * D("0.12")


# -- monitoring, messaging, security, storage ----------------------------------------------------
@pytest.mark.parametrize(
    ("props", "expected"),
    [
        ({"MetricName": "CPU", "Period": 60}, D("0.10")),
        ({"MetricName": "CPU", "Period": 10}, D("0.30")),
        (
            {
                "Metrics": [
                    {"Id": "a", "MetricStat": {"Metric": {}, "Period": 60, "Stat": "Sum"}},
                    {"Id": "b", "MetricStat": {"Metric": {}, "Period": 60, "Stat": "Sum"}},
                    {"Id": "e", "Expression": "a/b"},
                ]
            },
            D("0.20"),
        ),
        (
            {
                "Metrics": [
                    {"Id": "m", "MetricStat": {"Metric": {}, "Period": 300, "Stat": "Avg"}},
                    {"Id": "ad", "Expression": "ANOMALY_DETECTION_BAND(m)"},
                ],
                "ThresholdMetricId": "ad",
            },
            D("0.30"),
        ),
    ],
)
def test_alarms_are_billed_per_metric_and_high_resolution_costs_three_times(props, expected):
    assert (
        _one(
            template({"Alarm": {"Type": "AWS::CloudWatch::Alarm", "Properties": props}}), "Alarm"
        ).monthly
        == expected
    )


def test_secrets_kms_keys_topics_and_buckets_have_fixed_and_usage_based_parts():
    result = estimate(
        template(
            {
                "Secret": {"Type": "AWS::SecretsManager::Secret"},
                "Key": {"Type": "AWS::KMS::Key", "Properties": {"KeyPolicy": {}}},
                "Topic": {"Type": "AWS::SNS::Topic"},
                "Bucket": {"Type": "AWS::S3::Bucket"},
            }
        ),
        usage={
            "Secret": {"api_calls_10k": 0},
            "Key": {"requests_10k": 10},
            "Topic": {"requests_millions": 2},
            "Bucket": {
                "storage_gb": 1000,
                "put_requests_thousands": 0,
                "get_requests_thousands": 0,
            },
        },
    )
    assert result.resource("Secret").monthly_fixed == D("0.40")
    assert result.resource("Key").monthly == D("1.00") + D("0.30")
    assert result.resource("Topic").monthly_usage == D("1.00")
    assert result.resource("Bucket").monthly == D("23.000")


def test_free_types_are_summarized_and_unknown_types_are_listed_as_not_priced_never_zero():
    result = estimate(
        template(
            {
                "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}},
                "Role": {"Type": "AWS::IAM::Role", "Properties": {}},
                "Fn": {"Type": "AWS::DirectoryService::SimpleAD", "Properties": {}},
                "Custom": {"Type": "Custom::Thing", "Properties": {"ServiceToken": "x"}},
            }
        )
    )
    assert {f.logical_id for f in result.free} == {"Vpc", "Role"}
    reasons = {n.logical_id: n.reason for n in result.not_priced}
    assert reasons["Fn"] == "resource type not in the price catalog"
    assert reasons["Custom"].startswith("custom resource")
    assert result.resources == [] and result.total_monthly == 0


def test_malformed_properties_make_a_resource_not_priced_instead_of_crashing():
    result = estimate(
        template(
            {
                "Asg": {
                    "Type": "AWS::AutoScaling::AutoScalingGroup",
                    "Properties": {"MinSize": "1", "LaunchTemplate": "lt-123"},
                }
            }
        )
    )
    assert result.not_priced[0].logical_id == "Asg"


def test_asg_instances_in_subnets_that_map_public_ips_pay_for_one_address_each():
    subnet = {
        "Type": "AWS::EC2::Subnet",
        "Properties": {"VpcId": "v", "CidrBlock": "10.0.0.0/24", "MapPublicIpOnLaunch": True},
    }
    private = {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": "v", "CidrBlock": "10.0.1.0/24"}}
    body = template(
        {
            "Lt": _lt(BlockDeviceMappings=GP3_ROOT),
            "Public": subnet,
            "Private": private,
            "Asg": _asg(MinSize="2", VPCZoneIdentifier=[{"Ref": "Public"}]),
        }
    )
    asg = _one(body, "Asg")
    # 2 x 730 h x $0.005
    assert asg.components[-1].name.startswith("public IPv4") and asg.components[-1].monthly == D(
        "7.300"
    )
    body["Resources"]["Asg"]["Properties"]["VPCZoneIdentifier"] = [{"Ref": "Private"}]
    assert not any(c.name.startswith("public IPv4") for c in _one(body, "Asg").components)


def test_an_alb_takes_its_az_count_from_a_list_parameter_of_subnets():
    body = template(
        {
            "Alb": {
                "Type": "AWS::ElasticLoadBalancingV2::LoadBalancer",
                "Properties": {"Subnets": {"Ref": "Subnets"}},
            }
        },
        Parameters={
            "Subnets": {
                "Type": "List<AWS::EC2::Subnet::Id>",
                "Default": "subnet-1,subnet-2,subnet-3",
            }
        },
    )
    # three public IPv4 addresses: 3 x 730 h x $0.005
    assert _one(body, "Alb").components[-1].monthly == D("10.950")
    unknown = estimate(
        template(
            {
                "Alb": {
                    "Type": "AWS::ElasticLoadBalancingV2::LoadBalancer",
                    "Properties": {"Subnets": {"Ref": "Subnets"}},
                }
            },
            Parameters={"Subnets": {"Type": "List<AWS::EC2::Subnet::Id>"}},
        )
    )
    assert unknown.resource("Alb").components[-1].quantity == 2 * 730
    assert any("2 AZs assumed" in a.message for a in unknown.assumptions)


def test_a_mixed_instances_group_is_priced_at_its_first_override_on_demand_and_says_so():
    body = template(
        {
            "Lt": _lt("t3.micro", BlockDeviceMappings=GP3_ROOT),
            "Asg": {
                "Type": "AWS::AutoScaling::AutoScalingGroup",
                "Properties": {
                    "MinSize": "2",
                    "MaxSize": "4",
                    "MixedInstancesPolicy": {
                        "LaunchTemplate": {
                            "LaunchTemplateSpecification": {"LaunchTemplateId": {"Ref": "Lt"}},
                            "Overrides": [
                                {"InstanceType": "m7g.large"},
                                {"InstanceType": "m6g.large"},
                            ],
                        },
                        "InstancesDistribution": {"OnDemandPercentageAboveBaseCapacity": 50},
                    },
                },
            },
        }
    )
    result = estimate(body)
    # 2 x 730 x $0.0816
    assert result.resource("Asg").components[0].monthly == D("119.1360")
    notes = [a.message for a in result.assumptions if a.logical_id == "Asg"]
    assert any("first override m7g.large" in n for n in notes)
    assert any("Spot share priced at on-demand rates" in n for n in notes)


def test_a_read_replica_without_its_own_class_uses_its_source_class():
    body = template(
        {
            "Db": _rds(),
            "Replica": {
                "Type": "AWS::RDS::DBInstance",
                "Properties": {"SourceDBInstanceIdentifier": {"Ref": "Db"}},
            },
        }
    )
    replica = _one(body, "Replica")
    assert replica.monthly == D("47.45") + D("5.75")  # same class, engine and storage as Db


def test_each_replica_of_a_secret_is_billed_as_a_secret():
    # Secrets Manager bills a replica secret like any secret ($0.40 a month in each region)
    replicated = {"ReplicaRegions": [{"Region": "us-west-2"}, {"Region": "eu-west-1"}]}
    result = estimate(
        template({"Secret": {"Type": "AWS::SecretsManager::Secret", "Properties": replicated}}),
        usage={"Secret": {"api_calls_10k": 0}},
    )
    secret = result.resource("Secret")
    assert secret.monthly_fixed == D("0.40") * 3
    assert [c.quantity for c in secret.components if "replica" in c.name] == [2]
