"""Route 53: hosted zones, queries and health checks with their optional features.

Health checks cost more for endpoints outside AWS, and each optional feature (HTTPS, string
matching, fast 10-second interval, latency measurement) is a separate monthly charge. An
endpoint counts as an AWS endpoint when the template points the check at one of its own
resources (``Ref``/``GetAtt``) or at an AWS host name; otherwise the higher non-AWS price applies
and the estimate says so.
"""

from __future__ import annotations

from typing import Any

from hastack.cost.model import Component
from hastack.cost.pricers.base import PriceContext, as_bool, as_int, charge, pricer
from hastack.cost.resolver import Unresolved
from hastack.cost.usage import key
from hastack.template import types

AWS_HOST_SUFFIXES = (
    ".amazonaws.com",
    ".amazonaws.com.cn",
    ".cloudfront.net",
    ".awsglobalaccelerator.com",
)


@pricer(
    types.ROUTE53_HOSTED_ZONE,
    usage=[
        key("queries_millions", 1, "million queries/month", "standard DNS queries"),
        key(
            "latency_queries_millions", 0, "million queries/month", "latency-based routing queries"
        ),
    ],
)
def hosted_zone(ctx: PriceContext) -> list[Component]:
    parts = [
        charge("hosted zone", "zone-months", 1, ctx.price("route53", "hosted-zone")),
        charge(
            "standard queries",
            "million queries",
            ctx.usage.get("queries_millions"),
            ctx.price("route53", "queries-standard-million"),
            usage_based=True,
        ),
    ]
    latency = ctx.usage.get("latency_queries_millions")
    if latency:
        parts.append(
            charge(
                "latency-based queries",
                "million queries",
                latency,
                ctx.price("route53", "queries-latency-million"),
                usage_based=True,
            )
        )
    ctx.note("queries to alias records of AWS resources are free and not counted")
    return parts


def _endpoint_is_aws(ctx: PriceContext, config: dict[str, Any]) -> bool:
    for field in ("FullyQualifiedDomainName", "IPAddress"):
        node = config.get(field)
        if node is None:
            continue
        if ctx.resolver.mentions_resource(node):
            return True
        try:
            value = ctx.resolver.value(node)
        except Unresolved as why:
            ctx.note(f"endpoint {field} unresolved ({why}); priced as a non-AWS endpoint")
            return False
        if isinstance(value, str) and value.lower().rstrip(".").endswith(AWS_HOST_SUFFIXES):
            return True
        return False
    rtype = str(config.get("Type", ""))
    return rtype in ("CALCULATED", "CLOUDWATCH_METRIC", "RECOVERY_CONTROL")


@pricer(types.ROUTE53_HEALTH_CHECK)
def health_check(ctx: PriceContext) -> list[Component]:
    config = ctx.props.get("HealthCheckConfig") or {}
    check_type = str(ctx.get_or("Type", "HTTP", "health check type", props=config))
    aws = _endpoint_is_aws(ctx, config)
    where = "aws" if aws else "non-aws"
    label = "AWS endpoint" if aws else "non-AWS endpoint"
    parts = [
        charge(
            f"health check ({label})", "checks", 1, ctx.price("route53", f"health-check-{where}")
        )
    ]
    features: list[str] = []
    if check_type.startswith("HTTPS"):
        features.append("HTTPS")
    if check_type.endswith("STR_MATCH"):
        features.append("string matching")
    try:
        interval = as_int(ctx.get("RequestInterval", 30, props=config), "RequestInterval")
    except Unresolved:
        interval = 30
    if interval == 10:
        features.append("fast interval (10 s)")
    if as_bool(ctx.get_or("MeasureLatency", False, "MeasureLatency", props=config)):
        features.append("latency measurement")
    feature_price = ctx.price("route53", f"health-check-feature-{where}")
    for feature in features:
        parts.append(
            charge(f"health check option: {feature} ({label})", "checks", 1, feature_price)
        )
    return parts
