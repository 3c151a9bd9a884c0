"""NAT gateways and load balancers (ALB, NLB, Classic), including their public IPv4 addresses."""

from __future__ import annotations

from hastack.cost.model import Component
from hastack.cost.pricers.base import Free, NotPriced, PriceContext, charge, pricer, usage_charge
from hastack.cost.pricers.compute import public_ipv4
from hastack.cost.resolver import Unresolved
from hastack.cost.usage import key
from hastack.template import types

DEFAULT_LB_AZS = 2
"""A load balancer spans at least two AZs; the count used when its subnets are unknown."""


@pricer(
    types.EC2_NAT_GATEWAY,
    usage=[key("gb_processed", 100, "GB/month", "data processed by the NAT gateway")],
)
def nat_gateway(ctx: PriceContext) -> list[Component]:
    gb = ctx.usage.get("gb_processed")
    return [
        charge("NAT gateway", "hours", ctx.hours, ctx.price("vpc", "nat-hour")),
        charge(
            "NAT gateway data processed", "GB", gb, ctx.price("vpc", "nat-gb"), usage_based=True
        ),
    ]


def _az_count(ctx: PriceContext, *keys: str) -> tuple[int, int]:
    """(AZs, addresses the load balancer brings itself) from its subnets or subnet mappings."""
    for name in keys:
        if name not in ctx.props:
            continue
        raw = ctx.props[name]
        if isinstance(raw, list) and raw:  # subnet ids may be unknown, their number is not
            own = sum(1 for m in raw if not (isinstance(m, dict) and "AllocationId" in m))
            return len(raw), own
        count = ctx.resolver.count(raw)
        if count:
            return count, count
        try:
            ctx.get(name)
        except Unresolved as why:
            ctx.note(f"{name} unresolved ({why}); {DEFAULT_LB_AZS} AZs assumed")
            return DEFAULT_LB_AZS, DEFAULT_LB_AZS
    ctx.note(f"subnets not set; {DEFAULT_LB_AZS} AZs assumed")
    return DEFAULT_LB_AZS, DEFAULT_LB_AZS


def _internet_facing(ctx: PriceContext) -> bool:
    scheme = ctx.get_or("Scheme", "internet-facing", "scheme", default="internet-facing")
    return bool(scheme != "internal")


@pricer(
    types.ELBV2_LOAD_BALANCER,
    usage=[
        key("lcu", 1, "LCUs (average per hour)", "Application Load Balancer capacity units"),
        key("nlcu", 1, "NLCUs (average per hour)", "Network Load Balancer capacity units"),
    ],
)
def load_balancer_v2(ctx: PriceContext) -> list[Component]:
    lb_type = ctx.get_or("Type", "application", "type", default="application")
    if lb_type == "application":
        parts = [
            charge("Application Load Balancer", "hours", ctx.hours, ctx.price("elb", "alb-hour")),
            charge(
                "ALB capacity units",
                "LCU-hours",
                ctx.usage.get("lcu") * ctx.hours,
                ctx.price("elb", "alb-lcu"),
                usage_based=True,
            ),
        ]
    elif lb_type == "network":
        parts = [
            charge("Network Load Balancer", "hours", ctx.hours, ctx.price("elb", "nlb-hour")),
            charge(
                "NLB capacity units",
                "NLCU-hours",
                ctx.usage.get("nlcu") * ctx.hours,
                ctx.price("elb", "nlb-nlcu"),
                usage_based=True,
            ),
        ]
    else:
        raise NotPriced(f"load balancer type {lb_type!r} is not in the catalog")
    if _internet_facing(ctx):
        _, own = _az_count(ctx, "SubnetMappings", "Subnets")
        if own:
            parts.append(public_ipv4(ctx, own, f"one per AZ, {own}"))
    return parts


@pricer(
    types.ELB_LOAD_BALANCER,
    usage=[key("gb_processed", 100, "GB/month", "data processed by the Classic Load Balancer")],
)
def classic_load_balancer(ctx: PriceContext) -> list[Component]:
    parts = [
        charge("Classic Load Balancer", "hours", ctx.hours, ctx.price("elb", "clb-hour")),
        charge(
            "Classic Load Balancer data processed",
            "GB",
            ctx.usage.get("gb_processed"),
            ctx.price("elb", "clb-gb"),
            usage_based=True,
        ),
    ]
    if _internet_facing(ctx):
        _, own = _az_count(ctx, "Subnets", "AvailabilityZones")
        parts.append(public_ipv4(ctx, own, f"one per AZ, {own}"))
    return parts


@pricer(
    types.EC2_VPC_ENDPOINT,
    usage=[key("gb_processed", 10, "GB/month", "data processed by the interface endpoint")],
)
def vpc_endpoint(ctx: PriceContext) -> list[Component]:
    """Interface (and Gateway Load Balancer) endpoints bill each AZ they are in, per hour, and
    the data they process; gateway endpoints (S3, DynamoDB) are free. ``VpcEndpointType`` is
    ``Gateway`` unless set (CloudFormation's default)."""
    kind = str(ctx.get_or("VpcEndpointType", "Gateway", "endpoint type", default="Gateway"))
    if kind == "Gateway":
        raise Free("gateway endpoints (S3, DynamoDB) cost nothing")
    azs, _ = _az_count(ctx, "SubnetIds")
    if kind == "GatewayLoadBalancer":
        ctx.note("Gateway Load Balancer endpoint priced at interface endpoint rates")
    return [
        charge(
            f"VPC {kind.lower()} endpoint ({azs} AZs)",
            "AZ-hours",
            ctx.hours * azs,
            ctx.price("vpc", "endpoint-az-hour"),
        ),
        usage_charge(
            ctx, "VPC endpoint data processed", "GB", "gb_processed", "vpc", "endpoint-gb"
        ),
    ]


@pricer(
    types.EC2_TRANSIT_GATEWAY_ATTACHMENT,
    types.EC2_TRANSIT_GATEWAY_VPC_ATTACHMENT,
    types.EC2_TRANSIT_GATEWAY_PEERING_ATTACHMENT,
    types.EC2_TRANSIT_GATEWAY_CONNECT,
    usage=[key("gb_processed", 10, "GB/month", "data sent through the transit gateway")],
)
def transit_gateway_attachment(ctx: PriceContext) -> list[Component]:
    """A transit gateway bills each attachment per hour and the data sent to it; the gateway
    itself costs nothing."""
    return [
        charge(
            "Transit Gateway attachment",
            "hours",
            ctx.hours,
            ctx.price("vpc", "tgw-attachment-hour"),
        ),
        usage_charge(ctx, "Transit Gateway data processed", "GB", "gb_processed", "vpc", "tgw-gb"),
    ]


@pricer(types.EC2_CLIENT_VPN_TARGET_NETWORK_ASSOCIATION)
def client_vpn_association(ctx: PriceContext) -> list[Component]:
    return [
        charge(
            "Client VPN endpoint association",
            "hours",
            ctx.hours,
            ctx.price("vpc", "clientvpn-association-hour"),
        )
    ]


@pricer(
    types.EC2_CLIENT_VPN_ENDPOINT,
    usage=[key("connections", 1, "connections (average)", "concurrent client connections")],
)
def client_vpn_endpoint(ctx: PriceContext) -> list[Component]:
    """Connections are billed per hour; the subnet associations on their own resources."""
    return [
        charge(
            "Client VPN connections",
            "connection-hours",
            ctx.usage.get("connections") * ctx.hours,
            ctx.price("vpc", "clientvpn-connection-hour"),
            usage_based=True,
        )
    ]
