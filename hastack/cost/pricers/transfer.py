"""Data transfer: traffic to the internet and between AZs, which no one resource owns.

It is priced once per estimate, from the usage file's reserved ``data_transfer`` entry, whenever
the templates run something that moves traffic (instances, load balancers, NAT gateways) or the
usage file gives the entry. Free tiers (the first 100 GB out each month) are per account, not per
stack, so they are not subtracted.

How each row counts (the catalog's ``counting`` says the same per row): ``internet_out_gb`` is
billed once, on the AWS side. ``inter_az_gb`` is the GB that cross from one AZ to another; AWS
bills $0.01/GB on each side of the crossing (out of one AZ, into the other), so each GB is
counted twice at the catalog's per-direction price. ``inter_region_gb`` is billed once, by the
sending region.
"""

from __future__ import annotations

from hastack.cost.model import Component
from hastack.cost.pricers.base import PriceContext, charge
from hastack.cost.usage import key
from hastack.template import types

INTER_AZ_SIDES = 2
"""A GB that crosses AZs is billed on both sides: out of the first AZ and into the second."""
DATA_TRANSFER_KEYS = {
    u.name: u
    for u in (
        key("internet_out_gb", 100, "GB/month", "data transfer out to the internet"),
        key(
            "inter_az_gb",
            100,
            "GB/month",
            "data crossing AZs inside the region, each GB billed out of one AZ and into the other",
        ),
        key(
            "inter_region_gb",
            0,
            "GB/month",
            "data sent to other regions (replication of multi-region stacks)",
        ),
    )
}
BEHIND_CDN_INTERNET_OUT = key(
    "internet_out_gb",
    0,
    "GB/month",
    "behind CloudFront: viewers' data out is priced at the distribution (data_out_gb); "
    "origin to CloudFront is free",
)
"""The ``internet_out_gb`` default when a CloudFront distribution fronts the stacks."""
TRAFFIC_TYPES = frozenset(
    {
        types.EC2_INSTANCE,
        types.AUTOSCALING_AUTO_SCALING_GROUP,
        types.EC2_NAT_GATEWAY,
        types.ELBV2_LOAD_BALANCER,
        types.ELB_LOAD_BALANCER,
    }
)


def data_transfer(ctx: PriceContext, multi_region: bool = False) -> list[Component]:
    parts = [
        charge(
            "data transfer out to the internet",
            "GB",
            ctx.usage.get("internet_out_gb"),
            ctx.price("transfer", "internet-out-gb"),
            usage_based=True,
        ),
        charge(
            "data transfer between AZs (each GB billed out and in)",
            "GB (per direction)",
            ctx.usage.get("inter_az_gb") * INTER_AZ_SIDES,
            ctx.price("transfer", "inter-az-gb-each-direction"),
            usage_based=True,
        ),
    ]
    if ctx.usage.given("inter_region_gb") or multi_region:
        if not ctx.usage.given("inter_region_gb"):
            ctx.note("inter_region_gb not given: traffic between the regions is not counted")
        parts.append(
            charge(
                "data transfer to other regions",
                "GB",
                ctx.usage.get("inter_region_gb"),
                ctx.price("transfer", "inter-region-gb"),
                usage_based=True,
            )
        )
    return parts
