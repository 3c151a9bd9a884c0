"""CloudFront: data transfer out to viewers and HTTPS requests, by where the viewers are.

CloudFront bills per edge-location region class; a distribution limited to PriceClass_100
serves North America and Europe only, so its traffic is priced at those rates whatever the
usage file says about other places (the estimate notes it). The managed cache and origin
request policies, origin access control and the origin fetches from AWS origins are free.
"""

from __future__ import annotations

from hastack.cost.model import Component
from hastack.cost.pricers.base import PriceContext, charge, pricer
from hastack.cost.usage import key


@pricer(
    "AWS::CloudFront::Distribution",
    usage=[
        key("gb_na_eu", 100, "GB/month", "data out to viewers in North America and Europe"),
        key("gb_other", 0, "GB/month", "data out to viewers elsewhere (Asia Pacific rate)"),
        key("requests_millions_na_eu", 10, "million requests/month", "HTTPS requests, NA/EU"),
        key("requests_millions_other", 0, "million requests/month", "HTTPS requests elsewhere"),
    ],
)
def distribution(ctx: PriceContext) -> list[Component]:
    config = ctx.props.get("DistributionConfig") or {}
    price_class = str(ctx.get_or("PriceClass", "PriceClass_All", "price class", props=config))
    na_gb, other_gb = ctx.usage.get("gb_na_eu"), ctx.usage.get("gb_other")
    na_req, other_req = (
        ctx.usage.get("requests_millions_na_eu"),
        ctx.usage.get("requests_millions_other"),
    )
    if price_class == "PriceClass_100" and (other_gb or other_req):
        ctx.note("PriceClass_100 serves every viewer from North America and Europe edges")
        na_gb, na_req, other_gb, other_req = na_gb + other_gb, na_req + other_req, 0, 0
    parts = [
        charge(
            "data out to viewers (North America, Europe)",
            "GB",
            na_gb,
            ctx.price("cloudfront", "transfer-gb-na-eu"),
            usage_based=True,
        ),
        charge(
            "HTTPS requests (North America, Europe)",
            "10K requests",
            na_req * 100,
            ctx.price("cloudfront", "https-requests-10k-na-eu"),
            usage_based=True,
        ),
    ]
    if other_gb or other_req:
        parts += [
            charge(
                "data out to viewers (elsewhere, Asia Pacific rate)",
                "GB",
                other_gb,
                ctx.price("cloudfront", "transfer-gb-asia"),
                usage_based=True,
            ),
            charge(
                "HTTPS requests (elsewhere)",
                "10K requests",
                other_req * 100,
                ctx.price("cloudfront", "https-requests-10k-asia"),
                usage_based=True,
            ),
        ]
    ctx.note("origin fetches from AWS origins are free; the first 1 TB/month free tier is ignored")
    return parts
