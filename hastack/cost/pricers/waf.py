"""AWS WAF (v2): a monthly charge per web ACL and per rule, and one per million requests."""

from __future__ import annotations

from hastack.cost.model import Component
from hastack.cost.pricers.base import PriceContext, charge, pricer
from hastack.cost.resolver import Unresolved
from hastack.cost.usage import key


@pricer(
    "AWS::WAFv2::WebACL",
    usage=[key("requests_millions", 10, "million requests/month", "requests inspected")],
)
def web_acl(ctx: PriceContext) -> list[Component]:
    try:
        rules = ctx.get("Rules", [])
        count = len(rules) if isinstance(rules, list) else 0
    except Unresolved as why:
        ctx.note(f"rules unresolved ({why}); counted as none")
        count = 0
    ctx.note("managed rule groups bought from AWS Marketplace sellers are charged on top")
    return [
        charge("web ACL", "ACL-months", 1, ctx.price("wafv2", "web-acl-month")),
        charge("rules", "rule-months", count, ctx.price("wafv2", "rule-month")),
        charge(
            "requests",
            "million requests",
            ctx.usage.get("requests_millions"),
            ctx.price("wafv2", "requests-million"),
            usage_based=True,
        ),
    ]
