"""CloudFront distributions, WAF web ACLs and Global Accelerator: global services.

CloudFront bills data out and requests by the edge location that serves them. The price class
decides which edges serve: ``PriceClass_100`` serves every viewer from North America and Europe
edges (at their rates), ``PriceClass_200`` and ``PriceClass_All`` (the default) serve viewers
elsewhere from their own, dearer edges. The usage key ``other_geo_share`` says which share of
traffic comes from outside North America and Europe; it is priced at the Asia-Pacific rate, the
highest of those regions (an upper bound, marked approximated in the catalog). The free tier
(1 TB and 10M requests a month) is per account and not subtracted.
"""

from __future__ import annotations

from decimal import Decimal

from hastack.cost.model import Component
from hastack.cost.pricers.base import PriceContext, charge, pricer, usage_charge
from hastack.cost.usage import key
from hastack.template import types

CLOUDFRONT_DEFAULT_PRICE_CLASS = "PriceClass_All"


@pricer(
    types.CLOUDFRONT_DISTRIBUTION,
    usage=[
        key("data_out_gb", 100, "GB/month", "data transfer out to viewers"),
        key("requests_10k", 100, "10K requests/month", "HTTPS requests"),
        key("other_geo_share", 0, "fraction 0-1", "share of traffic from outside NA/Europe"),
    ],
)
def distribution(ctx: PriceContext) -> list[Component]:
    config = ctx.props.get("DistributionConfig")
    config = config if isinstance(config, dict) else {}
    price_class = str(
        ctx.get_or(
            "PriceClass",
            CLOUDFRONT_DEFAULT_PRICE_CLASS,
            "price class",
            config,
            CLOUDFRONT_DEFAULT_PRICE_CLASS,
        )
    )
    share = min(ctx.usage.get("other_geo_share"), Decimal(1))
    if price_class == "PriceClass_100":
        if share:
            ctx.note("PriceClass_100: viewers outside NA/Europe are served at NA/Europe rates")
        share = Decimal(0)
    gb = ctx.usage.get("data_out_gb")
    requests = ctx.usage.get("requests_10k")
    parts = [
        charge(
            f"CloudFront data out, NA/Europe ({price_class})",
            "GB",
            gb * (1 - share),
            ctx.price("cloudfront", "out-us-eu-gb"),
            usage_based=True,
        ),
        charge(
            "CloudFront HTTPS requests, NA/Europe",
            "10K requests",
            requests * (1 - share),
            ctx.price("cloudfront", "https-requests-10k"),
            usage_based=True,
        ),
    ]
    if share:
        parts += [
            charge(
                "CloudFront data out, other regions",
                "GB",
                gb * share,
                ctx.price("cloudfront", "out-other-gb"),
                usage_based=True,
            ),
            charge(
                "CloudFront HTTPS requests, other regions",
                "10K requests",
                requests * share,
                ctx.price("cloudfront", "https-requests-10k-other"),
                usage_based=True,
            ),
        ]
    return parts


def _rule_count(ctx: PriceContext) -> int:
    rules = ctx.props.get("Rules")
    return len(rules) if isinstance(rules, list) else 0


@pricer(
    types.WAFV2_WEB_ACL,
    types.WAF_WEB_ACL,
    types.WAFREGIONAL_WEB_ACL,
    usage=[key("requests_millions", 1, "million requests/month", "requests inspected")],
)
def web_acl(ctx: PriceContext) -> list[Component]:
    """A web ACL, each rule or rule group in it, and the requests it inspects."""
    rules = _rule_count(ctx)
    parts = [charge("WAF web ACL", "web ACL-months", 1, ctx.price("waf", "web-acl"))]
    if rules:
        parts.append(charge(f"WAF rules ({rules})", "rule-months", rules, ctx.price("waf", "rule")))
    parts.append(
        usage_charge(
            ctx, "WAF requests", "million requests", "requests_millions", "waf", "requests-million"
        )
    )
    return parts


@pricer(
    types.GLOBALACCELERATOR_ACCELERATOR,
    usage=[key("premium_gb", 10, "GB/month", "data transfer-premium (dominant direction)")],
)
def accelerator(ctx: PriceContext) -> list[Component]:
    return [
        charge(
            "Global Accelerator",
            "hours",
            ctx.hours,
            ctx.price("globalaccelerator", "accelerator-hour"),
        ),
        usage_charge(
            ctx,
            "Global Accelerator data transfer-premium",
            "GB",
            "premium_gb",
            "globalaccelerator",
            "dt-premium-gb",
        ),
    ]
