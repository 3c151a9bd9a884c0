"""Secrets Manager secrets and KMS keys: a monthly fee each plus API calls by use."""

from __future__ import annotations

from hastack.cost.model import Component
from hastack.cost.pricers.base import PriceContext, charge, pricer
from hastack.cost.usage import key
from hastack.template import types


@pricer(
    types.SECRETSMANAGER_SECRET,
    usage=[key("api_calls_10k", 1, "10K API calls/month", "GetSecretValue and other calls")],
)
def secret(ctx: PriceContext) -> list[Component]:
    return [
        charge("secret", "secret-months", 1, ctx.price("secretsmanager", "secret")),
        charge(
            "Secrets Manager API calls",
            "10K calls",
            ctx.usage.get("api_calls_10k"),
            ctx.price("secretsmanager", "api-10k"),
            usage_based=True,
        ),
    ]


@pricer(
    types.KMS_KEY,
    types.KMS_REPLICA_KEY,
    usage=[key("requests_10k", 1, "10K requests/month", "encrypt/decrypt/generate data key")],
)
def kms_key(ctx: PriceContext) -> list[Component]:
    return [
        charge("KMS key", "key-months", 1, ctx.price("kms", "key")),
        charge(
            "KMS requests",
            "10K requests",
            ctx.usage.get("requests_10k"),
            ctx.price("kms", "requests-10k"),
            usage_based=True,
        ),
    ]
