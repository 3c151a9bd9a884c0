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
    """A secret, and each of its replicas (``ReplicaRegions``): Secrets Manager bills a replica
    as a secret of its own."""
    price = ctx.price("secretsmanager", "secret")
    replicas = ctx.get_or("ReplicaRegions", [], "ReplicaRegions")
    count = len(replicas) if isinstance(replicas, list) else 0
    replica_charges = (
        [charge("replica secrets (each billed as a secret)", "secret-months", count, price)]
        if count
        else []
    )
    return [
        charge("secret", "secret-months", 1, price),
        *replica_charges,
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
