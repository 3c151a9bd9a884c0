"""CloudTrail trails, AWS Config rules and recorders, CodeBuild projects, Cloud Map namespaces.

CloudTrail: the first copy of management events in each region is free; a trail logging data
events (``EventSelectors`` with ``DataResources``, or ``AdvancedEventSelectors``) pays per
100,000 of them. A second trail of the same management events pays for them as well; whether
this trail is the first cannot be known from one template, so it is priced as the first (and
said so). Config bills each configuration item a recorder records and each rule evaluation.
CodeBuild bills build minutes by compute type (Linux, on demand). A private DNS namespace
creates a Route 53 hosted zone, billed monthly.
"""

from __future__ import annotations

from hastack.cost.model import Component
from hastack.cost.pricers.base import Free, PriceContext, charge, pricer, usage_charge
from hastack.cost.usage import key
from hastack.template import types

CODEBUILD_TYPES = {
    "BUILD_GENERAL1_SMALL": "general1-small-minute",
    "BUILD_GENERAL1_MEDIUM": "general1-medium-minute",
    "BUILD_GENERAL1_LARGE": "general1-large-minute",
}


@pricer(
    types.CLOUDTRAIL_TRAIL,
    usage=[key("data_events_100k", 1, "100K data events/month", "S3 object and Lambda events")],
)
def trail(ctx: PriceContext) -> list[Component]:
    selectors = ctx.props.get("EventSelectors")
    data = bool(ctx.props.get("AdvancedEventSelectors")) or any(
        isinstance(s, dict) and s.get("DataResources") for s in (selectors or [])
    )
    ctx.note("priced as the account's first trail: its management events are free")
    if not data:
        raise Free("the first copy of management events is free; this trail logs no data events")
    return [
        usage_charge(
            ctx,
            "CloudTrail data events",
            "100K events",
            "data_events_100k",
            "cloudtrail",
            "data-events-100k",
        )
    ]


@pricer(
    types.CONFIG_CONFIG_RULE,
    usage=[key("evaluations", 1000, "evaluations/month", "rule evaluations")],
)
def config_rule(ctx: PriceContext) -> list[Component]:
    return [
        usage_charge(
            ctx,
            "Config rule evaluations",
            "evaluations",
            "evaluations",
            "config",
            "rule-evaluation",
        )
    ]


@pricer(
    types.CONFIG_CONFIGURATION_RECORDER,
    usage=[key("configuration_items", 1000, "items/month", "configuration items recorded")],
)
def configuration_recorder(ctx: PriceContext) -> list[Component]:
    return [
        usage_charge(
            ctx,
            "Config configuration items",
            "items",
            "configuration_items",
            "config",
            "configuration-item",
        )
    ]


@pricer(
    types.CODEBUILD_PROJECT,
    usage=[key("build_minutes", 100, "minutes/month", "build minutes")],
)
def codebuild_project(ctx: PriceContext) -> list[Component]:
    environment = ctx.props.get("Environment")
    environment = environment if isinstance(environment, dict) else {}
    compute = str(
        ctx.get_or(
            "ComputeType",
            "BUILD_GENERAL1_SMALL",
            "compute type",
            environment,
            "BUILD_GENERAL1_SMALL",
        )
    )
    price_key = CODEBUILD_TYPES.get(compute)
    if price_key is None:
        ctx.note(f"compute type {compute} priced as BUILD_GENERAL1_LARGE (a lower bound)")
        price_key = CODEBUILD_TYPES["BUILD_GENERAL1_LARGE"]
    return [
        usage_charge(
            ctx,
            f"CodeBuild {compute} build minutes",
            "minutes",
            "build_minutes",
            "codebuild",
            price_key,
        )
    ]


@pricer(types.SERVICEDISCOVERY_PRIVATE_DNS_NAMESPACE, types.SERVICEDISCOVERY_PUBLIC_DNS_NAMESPACE)
def dns_namespace(ctx: PriceContext) -> list[Component]:
    return [
        charge(
            "Route 53 hosted zone of the namespace",
            "zone-months",
            1,
            ctx.price("route53", "hosted-zone"),
        )
    ]
