"""API Gateway: REST APIs, HTTP APIs and WebSocket APIs, billed by requests and messages.

Methods, resources, deployments, stages and authorizers cost nothing by themselves; the API
bills its requests. A REST stage's cache cluster (``CacheClusterEnabled``) is billed per hour
and is not in the catalog: such a stage is listed as not priced. The free tier (first 12
months) is not subtracted.
"""

from __future__ import annotations

from hastack.cost.model import Component
from hastack.cost.pricers.base import Free, NotPriced, PriceContext, as_bool, pricer, usage_charge
from hastack.cost.usage import key
from hastack.template import types


@pricer(
    types.APIGATEWAY_REST_API,
    usage=[key("requests_millions", 1, "million requests/month", "API calls received")],
)
def rest_api(ctx: PriceContext) -> list[Component]:
    return [
        usage_charge(
            ctx,
            "API Gateway REST API requests",
            "million requests",
            "requests_millions",
            "apigateway",
            "rest-requests-million",
        )
    ]


@pricer(
    types.APIGATEWAYV2_API,
    usage=[
        key("requests_millions", 1, "million requests/month", "HTTP API calls (512 KB each)"),
        key("messages_millions", 1, "million messages/month", "WebSocket messages (32 KB each)"),
        key(
            "connection_minutes_millions",
            1,
            "million connection-minutes/month",
            "WebSocket connection time",
        ),
    ],
)
def api_v2(ctx: PriceContext) -> list[Component]:
    protocol = str(ctx.get_or("ProtocolType", "HTTP", "protocol", default="HTTP")).upper()
    if protocol == "WEBSOCKET":
        return [
            usage_charge(
                ctx,
                "API Gateway WebSocket messages",
                "million messages",
                "messages_millions",
                "apigateway",
                "websocket-messages-million",
            ),
            usage_charge(
                ctx,
                "API Gateway WebSocket connection minutes",
                "million minutes",
                "connection_minutes_millions",
                "apigateway",
                "websocket-connection-minutes-million",
            ),
        ]
    return [
        usage_charge(
            ctx,
            "API Gateway HTTP API requests",
            "million requests",
            "requests_millions",
            "apigateway",
            "http-requests-million",
        )
    ]


@pricer(types.APIGATEWAY_STAGE)
def rest_stage(ctx: PriceContext) -> list[Component]:
    if as_bool(ctx.get_or("CacheClusterEnabled", False, "CacheClusterEnabled")):
        raise NotPriced("the stage's cache cluster (hourly by size) is not in the catalog")
    raise Free("a stage costs nothing by itself; its API bills the requests")
