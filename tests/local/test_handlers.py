"""Resource handlers create what AWS creates, through moto's backends' public methods.

UG = https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.local.helpers import create, outputs


@pytest.fixture
def cfn(cfn_env: Any) -> Any:
    return cfn_env("cloudformation")


def _network() -> dict[str, Any]:
    return {
        "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}},
        "A": {
            "Type": "AWS::EC2::Subnet",
            "Properties": {"VpcId": {"Ref": "Vpc"}, "CidrBlock": "10.0.0.0/24"},
        },
    }


def test_a_network_load_balancer_is_one_with_its_attributes_and_a_tcp_listener(
    cfn_env, cfn
) -> None:
    """UG aws-resource-elasticloadbalancingv2-loadbalancer.html: ``Type: network`` makes an
    NLB (which takes TCP listeners), ``LoadBalancerAttributes`` are applied at creation."""
    body = {
        "Resources": {
            **_network(),
            "Nlb": {
                "Type": "AWS::ElasticLoadBalancingV2::LoadBalancer",
                "Properties": {
                    "Type": "network",
                    "Scheme": "internal",
                    "Subnets": [{"Ref": "A"}],
                    "LoadBalancerAttributes": [
                        {"Key": "load_balancing.cross_zone.enabled", "Value": "true"}
                    ],
                    "Tags": [{"Key": "tier", "Value": "proxy"}],
                },
            },
            "Group": {
                "Type": "AWS::ElasticLoadBalancingV2::TargetGroup",
                "Properties": {"Port": 5432, "Protocol": "TCP", "VpcId": {"Ref": "Vpc"}},
            },
            "Listener": {
                "Type": "AWS::ElasticLoadBalancingV2::Listener",
                "Properties": {
                    "LoadBalancerArn": {"Ref": "Nlb"},
                    "Port": 5432,
                    "Protocol": "TCP",
                    "DefaultActions": [{"Type": "forward", "TargetGroupArn": {"Ref": "Group"}}],
                },
            },
        },
        "Outputs": {"Dns": {"Value": {"Fn::GetAtt": ["Nlb", "DNSName"]}}},
    }
    stack = create(cfn, "nlb", body)
    assert stack["StackStatus"] == "CREATE_COMPLETE", stack.get("StackStatusReason")
    elbv2 = cfn_env("elbv2")
    (balancer,) = elbv2.describe_load_balancers()["LoadBalancers"]
    assert (balancer["Type"], balancer["Scheme"]) == ("network", "internal")
    assert outputs(stack)["Dns"] == balancer["DNSName"]
    attributes = elbv2.describe_load_balancer_attributes(
        LoadBalancerArn=balancer["LoadBalancerArn"]
    )["Attributes"]
    assert {"Key": "load_balancing.cross_zone.enabled", "Value": "true"} in attributes
    tags = elbv2.describe_tags(ResourceArns=[balancer["LoadBalancerArn"]])
    assert tags["TagDescriptions"][0]["Tags"] == [{"Key": "tier", "Value": "proxy"}]
    cfn.delete_stack(StackName="nlb")
    assert elbv2.describe_load_balancers()["LoadBalancers"] == []
