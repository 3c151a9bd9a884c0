from __future__ import annotations

import ipaddress

import pytest
from troposphere import Template

from hastack.components.network import NetworkOptions, add_network, subnet_cidrs
from hastack.errors import OptionsError
from tests.conftest import props, resources


def build(**options) -> dict:
    t = Template()
    add_network(t, NetworkOptions.parse(options), log_bucket_arn="arn:aws:s3:::logs")
    return t.to_dict()


def test_three_azs_by_default_with_three_subnet_tiers_and_a_nat_per_az() -> None:
    body = build()
    assert len(resources(body, "AWS::EC2::Subnet")) == 9
    assert sorted(resources(body, "AWS::EC2::NatGateway")) == [
        "NatGateway1",
        "NatGateway2",
        "NatGateway3",
    ]
    for i in (1, 2, 3):
        route = props(body, f"PrivateDefaultRoute{i}")
        assert route["NatGatewayId"] == {"Ref": f"NatGateway{i}"}
        assert route["RouteTableId"] == {"Ref": f"PrivateRouteTable{i}"}
        assert props(body, f"NatGateway{i}")["SubnetId"] == {"Ref": f"PublicSubnet{i}"}


def test_subnets_use_getazs_by_default_and_explicit_names_when_given() -> None:
    body = build(az_count=2)
    assert props(body, "PrivateSubnet2")["AvailabilityZone"] == {
        "Fn::Select": [1, {"Fn::GetAZs": ""}]
    }
    body = build(availability_zones=["eu-west-1a", "eu-west-1b", "eu-west-1c", "eu-west-1a"][:3])
    assert props(body, "IsolatedSubnet3")["AvailabilityZone"] == "eu-west-1c"


def test_subnet_cidrs_are_disjoint_inside_the_vpc_and_stable_when_azs_are_added() -> None:
    three = build(cidr="10.20.0.0/16")
    four = build(cidr="10.20.0.0/16", az_count=4)
    vpc = ipaddress.ip_network("10.20.0.0/16")
    cidrs = [
        ipaddress.ip_network(r["Properties"]["CidrBlock"])
        for r in resources(four, "AWS::EC2::Subnet").values()
    ]
    assert all(c.subnet_of(vpc) for c in cidrs)
    assert not any(a.overlaps(b) for i, a in enumerate(cidrs) for b in cidrs[i + 1 :])
    for name, res in resources(three, "AWS::EC2::Subnet").items():
        assert four["Resources"][name]["Properties"]["CidrBlock"] == res["Properties"]["CidrBlock"]
    assert subnet_cidrs("10.0.0.0/16", 1, 2) == ["10.0.64.0/21", "10.0.72.0/21"]


def test_single_nat_routes_every_private_subnet_through_nat_one() -> None:
    body = build(nat="single")
    assert list(resources(body, "AWS::EC2::NatGateway")) == ["NatGateway1"]
    assert {props(body, f"PrivateDefaultRoute{i}")["NatGatewayId"]["Ref"] for i in (1, 2, 3)} == {
        "NatGateway1"
    }


def test_no_nat_means_no_default_route_from_private_subnets() -> None:
    body = build(nat="none")
    assert not resources(body, "AWS::EC2::NatGateway")
    assert not [k for k in body["Resources"] if k.startswith("PrivateDefaultRoute")]


def test_subnets_never_assign_public_ips_and_flow_logs_go_to_the_bucket() -> None:
    body = build()
    assert all(
        r["Properties"]["MapPublicIpOnLaunch"] is False
        for r in resources(body, "AWS::EC2::Subnet").values()
    )
    assert props(body, "VpcFlowLog")["LogDestination"] == "arn:aws:s3:::logs"


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"az_count": 1}, "az_count"),
        ({"az_count": 7}, "az_count"),
        ({"cidr": "10.0.0.0/8"}, "cidr"),
        ({"cidr": "10.0.0.0/33"}, "cidr"),
        ({"availability_zones": ["us-east-1a", "us-east-1a"]}, "availability_zones"),
        ({"availability_zones": ["mars"]}, "availability_zones[0]"),
        ({"nat": "two"}, "nat"),
    ],
)
def test_bad_network_options_name_the_field(options, field) -> None:
    with pytest.raises(OptionsError) as caught:
        NetworkOptions.parse(options)
    assert field in {p[0] for p in caught.value.problems}


def test_ipv6_gives_each_subnet_a_stable_64_and_private_egress_only_routes() -> None:
    body = build(ipv6=True)
    assert props(body, "VpcIpv6CidrBlock")["AmazonProvidedIpv6CidrBlock"] is True
    assert props(body, "IsolatedSubnet2")["Ipv6CidrBlock"]["Fn::Select"][0] == 2 * 8 + 1
    assert body["Resources"]["PublicSubnet1"]["DependsOn"] == "VpcIpv6CidrBlock"
    route = props(body, "PrivateDefaultIpv6Route3")
    assert route["DestinationIpv6CidrBlock"] == "::/0"
    assert route["EgressOnlyInternetGatewayId"] == {"Ref": "EgressOnlyInternetGateway"}
    assert props(body, "PublicDefaultIpv6Route")["GatewayId"] == {"Ref": "InternetGateway"}
    assert "VpcIpv6CidrBlock" not in build()["Resources"]


def test_risky_nat_choices_carry_stable_warnings() -> None:
    assert NetworkOptions.parse({}).warnings() == []
    assert [w[0] for w in NetworkOptions.parse({"nat": "single"}).warnings()] == [
        "hastack:network:single-nat"
    ]
    assert [w[0] for w in NetworkOptions.parse({"nat": "none"}).warnings()] == [
        "hastack:network:no-nat"
    ]
