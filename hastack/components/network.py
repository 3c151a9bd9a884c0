"""VPC over N Availability Zones: public, private (app) and isolated (database) subnets.

Layout: the VPC CIDR is cut into four equal blocks — public, private, isolated, spare — and
each block into eight subnets, one per AZ index. A subnet's CIDR therefore depends only on its
tier and AZ index, so adding an AZ later adds subnets without renumbering (and replacing)
existing ones. Each AZ gets its own NAT gateway and private route table by default, so losing an
AZ never cuts the others off the internet; ``nat="single"`` saves money and is flagged as a
single point of failure.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Any, Literal

from hastack.components._azs import az_expression
from hastack.core.options import Options, option
from hastack.core.records import Record
from hastack.core.regions import region as region_of

VPC = "Vpc"
INTERNET_GATEWAY = "InternetGateway"
GATEWAY_ATTACHMENT = "VpcGatewayAttachment"
PUBLIC_ROUTE_TABLE = "PublicRouteTable"
PUBLIC_DEFAULT_ROUTE = "PublicDefaultRoute"
ISOLATED_ROUTE_TABLE = "IsolatedRouteTable"
FLOW_LOG = "VpcFlowLog"
VPC_IPV6_BLOCK = "VpcIpv6CidrBlock"
EGRESS_ONLY_GATEWAY = "EgressOnlyInternetGateway"
PUBLIC_DEFAULT_IPV6_ROUTE = "PublicDefaultIpv6Route"
TIERS = ("Public", "Private", "Isolated")
SINGLE_NAT_WARNING = "hastack:network:single-nat"
NO_NAT_WARNING = "hastack:network:no-nat"

CIDR_PATTERN = r"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}/\d{1,2}"
AZ_PATTERN = r"[a-z]{2}(-gov)?-[a-z]+-\d[a-z]"


def network_region_problems(
    options: NetworkOptions, region: str, field: str = "network"
) -> list[tuple[str, object, str]]:
    """``az_count`` above what ``region`` offers (explicit AZ names are the user's call)."""
    known = region_of(region)
    available = known.az_count if known else None
    if available is not None and not options.availability_zones and options.az_count > available:
        return [
            (
                f"{field}.az_count",
                options.az_count,
                f"at most {available} in {region} (it has {available} AZs), or list "
                "availability_zones explicitly",
            )
        ]
    return []


def subnet_id(tier: str, index: int) -> str:
    """Logical ID of the subnet of ``tier`` ("Public", "Private", "Isolated") in AZ ``index``."""
    return f"{tier}Subnet{index + 1}"


def nat_gateway_id(index: int) -> str:
    return f"NatGateway{index + 1}"


def nat_eip_id(index: int) -> str:
    return f"NatEip{index + 1}"


def private_route_table_id(index: int) -> str:
    return f"PrivateRouteTable{index + 1}"


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class NetworkOptions(Options):
    """The VPC: CIDR, AZs, NAT gateways, flow logs, IPv6."""

    cidr: str = option("10.0.0.0/16", help="VPC CIDR block, /16 to /22.", pattern=CIDR_PATTERN)
    az_count: int = option(
        3,
        help="Availability Zones to span; 3 survives one AZ loss with two thirds of capacity left.",
        ge=2,
        le=6,
    )
    availability_zones: list[str] = option(
        [],
        help="Explicit AZ names (default: the region's first az_count AZs via Fn::GetAZs).",
        max_items=6,
        item_pattern=AZ_PATTERN,
    )
    nat: Literal["per-az", "single", "none"] = option(
        "per-az",
        help="NAT gateways: one per AZ (default), a single one (a single point of "
        "failure: losing its AZ cuts every private subnet off), or none.",
    )
    flow_logs: bool = option(True, help="VPC flow logs to the log bucket (needs one).")
    ipv6: bool = option(
        False,
        help="Dual stack: an Amazon-provided IPv6 /56 with a /64 per "
        "subnet, egress-only IPv6 internet for private subnets, a dual-stack "
        "load balancer and AAAA records.",
    )

    @property
    def zones(self) -> int:
        return len(self.availability_zones) or self.az_count

    def warnings(self) -> list[tuple[str, str]]:
        found = super().warnings()
        if self.nat == "single":
            found.append(
                (
                    SINGLE_NAT_WARNING,
                    "nat='single' is a single point of failure: losing "
                    "its AZ cuts every private subnet off the internet",
                )
            )
        elif self.nat == "none":
            found.append(
                (
                    NO_NAT_WARNING,
                    "nat='none': instances in private subnets cannot reach "
                    "the internet (package installs and AWS APIs need VPC endpoints)",
                )
            )
        return found

    def check(self) -> list[tuple[str, object, str]]:
        problems: list[tuple[str, object, str]] = []
        try:
            net = ipaddress.IPv4Network(self.cidr)
        except ValueError as error:
            return [("cidr", self.cidr, f"a valid IPv4 network ({error})")]
        if not 16 <= net.prefixlen <= 22:
            problems.append(("cidr", self.cidr, "prefix length from /16 to /22"))
        if self.availability_zones:
            if len(set(self.availability_zones)) != len(self.availability_zones):
                problems.append(
                    ("availability_zones", self.availability_zones, "distinct AZ names")
                )
            if not 2 <= len(self.availability_zones) <= 6:
                problems.append(("availability_zones", self.availability_zones, "2 to 6 AZ names"))
        return problems


@dataclass(frozen=True, eq=False, repr=False)
class NetworkHandle(Record):
    """What the other components need from the network (refs, or parameter refs in split stacks)."""

    vpc_id: Any
    public_subnet_ids: Any
    private_subnet_ids: Any
    isolated_subnet_ids: Any
    az_count: int
    availability_zones: tuple[str, ...] = ()
    vpc_cidr: Any = None
    ipv6: bool = False

    def az(self, index: int) -> Any:
        return az_expression(index, self.availability_zones)


def subnet_cidrs(vpc_cidr: str, tier_index: int, count: int) -> list[str]:
    """CIDRs of ``count`` subnets of one tier (index 0 public, 1 private, 2 isolated)."""
    vpc = ipaddress.IPv4Network(vpc_cidr)
    tier_block = list(vpc.subnets(prefixlen_diff=2))[tier_index]
    return [str(s) for s in list(tier_block.subnets(prefixlen_diff=3))[:count]]


def add_network(t: Any, options: NetworkOptions, *, log_bucket_arn: Any = None) -> NetworkHandle:
    """Add the VPC, subnets, gateways and routes; return their refs."""
    from troposphere import Cidr, GetAtt, Ref, Select, Tags
    from troposphere.ec2 import (
        EIP,
        EgressOnlyInternetGateway,
        FlowLog,
        InternetGateway,
        NatGateway,
        Route,
        RouteTable,
        Subnet,
        SubnetRouteTableAssociation,
        VPCCidrBlock,
        VPCGatewayAttachment,
    )
    from troposphere.ec2 import (
        VPC as VPCResource,
    )

    zones = options.zones
    explicit = tuple(options.availability_zones)
    t.add_resource(
        VPCResource(
            VPC,
            CidrBlock=options.cidr,
            EnableDnsHostnames=True,
            EnableDnsSupport=True,
            Tags=Tags(Name=Ref("AWS::StackName")),
        )
    )
    t.add_resource(InternetGateway(INTERNET_GATEWAY, Tags=Tags(Name=Ref("AWS::StackName"))))
    t.add_resource(
        VPCGatewayAttachment(
            GATEWAY_ATTACHMENT, VpcId=Ref(VPC), InternetGatewayId=Ref(INTERNET_GATEWAY)
        )
    )
    t.add_resource(RouteTable(PUBLIC_ROUTE_TABLE, VpcId=Ref(VPC), Tags=Tags(Name="public")))
    t.add_resource(
        Route(
            PUBLIC_DEFAULT_ROUTE,
            DependsOn=GATEWAY_ATTACHMENT,
            RouteTableId=Ref(PUBLIC_ROUTE_TABLE),
            DestinationCidrBlock="0.0.0.0/0",
            GatewayId=Ref(INTERNET_GATEWAY),
        )
    )
    t.add_resource(RouteTable(ISOLATED_ROUTE_TABLE, VpcId=Ref(VPC), Tags=Tags(Name="isolated")))
    ipv6_blocks: Any = None
    if options.ipv6:
        t.add_resource(
            VPCCidrBlock(VPC_IPV6_BLOCK, VpcId=Ref(VPC), AmazonProvidedIpv6CidrBlock=True)
        )
        t.add_resource(EgressOnlyInternetGateway(EGRESS_ONLY_GATEWAY, VpcId=Ref(VPC)))
        t.add_resource(
            Route(
                PUBLIC_DEFAULT_IPV6_ROUTE,
                DependsOn=GATEWAY_ATTACHMENT,
                RouteTableId=Ref(PUBLIC_ROUTE_TABLE),
                DestinationIpv6CidrBlock="::/0",
                GatewayId=Ref(INTERNET_GATEWAY),
            )
        )
        ipv6_blocks = Cidr(Select(0, GetAtt(VPC, "Ipv6CidrBlocks")), 256, 64)

    cidrs = {tier: subnet_cidrs(options.cidr, i, zones) for i, tier in enumerate(TIERS)}
    for index in range(zones):
        for tier_index, tier in enumerate(TIERS):
            name = subnet_id(tier, index)
            extra: dict[str, Any] = {}
            if options.ipv6:
                # /64 number tier*8 + AZ index: stable when AZs are added, like the IPv4 layout
                extra = dict(
                    Ipv6CidrBlock=Select(tier_index * 8 + index, ipv6_blocks),
                    DependsOn=VPC_IPV6_BLOCK,
                )
            t.add_resource(
                Subnet(
                    name,
                    VpcId=Ref(VPC),
                    CidrBlock=cidrs[tier][index],
                    AvailabilityZone=az_expression(index, explicit),
                    MapPublicIpOnLaunch=False,
                    Tags=Tags(Name=f"{tier.lower()}-{index + 1}", **{"hastack:tier": tier.lower()}),
                    **extra,
                )
            )
        t.add_resource(
            SubnetRouteTableAssociation(
                f"{subnet_id('Public', index)}RouteTableAssociation",
                SubnetId=Ref(subnet_id("Public", index)),
                RouteTableId=Ref(PUBLIC_ROUTE_TABLE),
            )
        )
        t.add_resource(
            SubnetRouteTableAssociation(
                f"{subnet_id('Isolated', index)}RouteTableAssociation",
                SubnetId=Ref(subnet_id("Isolated", index)),
                RouteTableId=Ref(ISOLATED_ROUTE_TABLE),
            )
        )

        nat_count = {"per-az": zones, "single": 1, "none": 0}[options.nat]
        if index < nat_count:
            t.add_resource(
                EIP(
                    nat_eip_id(index),
                    Domain="vpc",
                    DependsOn=GATEWAY_ATTACHMENT,
                    Tags=Tags(Name=f"nat-{index + 1}"),
                )
            )
            t.add_resource(
                NatGateway(
                    nat_gateway_id(index),
                    AllocationId=GetAtt(nat_eip_id(index), "AllocationId"),
                    SubnetId=Ref(subnet_id("Public", index)),
                    Tags=Tags(Name=f"nat-{index + 1}"),
                )
            )
        route_table = private_route_table_id(index)
        t.add_resource(
            RouteTable(route_table, VpcId=Ref(VPC), Tags=Tags(Name=f"private-{index + 1}"))
        )
        if nat_count:
            t.add_resource(
                Route(
                    f"PrivateDefaultRoute{index + 1}",
                    RouteTableId=Ref(route_table),
                    DestinationCidrBlock="0.0.0.0/0",
                    NatGatewayId=Ref(nat_gateway_id(min(index, nat_count - 1))),
                )
            )
        if options.ipv6:
            t.add_resource(
                Route(
                    f"PrivateDefaultIpv6Route{index + 1}",
                    RouteTableId=Ref(route_table),
                    DestinationIpv6CidrBlock="::/0",
                    EgressOnlyInternetGatewayId=Ref(EGRESS_ONLY_GATEWAY),
                )
            )
        t.add_resource(
            SubnetRouteTableAssociation(
                f"{subnet_id('Private', index)}RouteTableAssociation",
                SubnetId=Ref(subnet_id("Private", index)),
                RouteTableId=Ref(route_table),
            )
        )

    if options.flow_logs and log_bucket_arn is not None:
        t.add_resource(
            FlowLog(
                FLOW_LOG,
                ResourceId=Ref(VPC),
                ResourceType="VPC",
                TrafficType="ALL",
                LogDestinationType="s3",
                LogDestination=log_bucket_arn,
            )
        )

    return NetworkHandle(
        vpc_id=Ref(VPC),
        public_subnet_ids=[Ref(subnet_id("Public", i)) for i in range(zones)],
        private_subnet_ids=[Ref(subnet_id("Private", i)) for i in range(zones)],
        isolated_subnet_ids=[Ref(subnet_id("Isolated", i)) for i in range(zones)],
        az_count=zones,
        availability_zones=explicit,
        vpc_cidr=GetAtt(VPC, "CidrBlock"),
        ipv6=options.ipv6,
    )


def network_outputs(t: Any, net: NetworkHandle) -> None:
    """Outputs a split deployment's other stacks consume (names are part of the contract)."""
    from troposphere import Join, Output

    t.add_output(Output("VpcId", Value=net.vpc_id, Description="VPC id"))
    t.add_output(Output("VpcCidr", Value=net.vpc_cidr, Description="VPC CIDR block"))
    t.add_output(
        Output(
            "PublicSubnetIds",
            Value=Join(",", net.public_subnet_ids),
            Description="Public subnets, one per AZ",
        )
    )
    t.add_output(
        Output(
            "PrivateSubnetIds",
            Value=Join(",", net.private_subnet_ids),
            Description="Private (app) subnets, one per AZ",
        )
    )
    t.add_output(
        Output(
            "IsolatedSubnetIds",
            Value=Join(",", net.isolated_subnet_ids),
            Description="Isolated (database) subnets, one per AZ",
        )
    )
