"""S3 buckets: storage and requests, all by use (a bucket itself costs nothing)."""

from __future__ import annotations

from hastack.cost.model import Component
from hastack.cost.pricers.base import PriceContext, charge, pricer
from hastack.cost.usage import key
from hastack.template import types


@pricer(
    types.S3_BUCKET,
    usage=[
        key("storage_gb", 10, "GB-months", "S3 Standard storage"),
        key("put_requests_thousands", 10, "1K requests/month", "PUT, COPY, POST, LIST"),
        key("get_requests_thousands", 100, "1K requests/month", "GET, SELECT and others"),
    ],
)
def bucket(ctx: PriceContext) -> list[Component]:
    return [
        charge(
            "S3 Standard storage",
            "GB-months",
            ctx.usage.get("storage_gb"),
            ctx.price("s3", "standard-gb"),
            usage_based=True,
        ),
        charge(
            "S3 PUT/COPY/POST/LIST requests",
            "1K requests",
            ctx.usage.get("put_requests_thousands"),
            ctx.price("s3", "put-1k"),
            usage_based=True,
        ),
        charge(
            "S3 GET requests",
            "1K requests",
            ctx.usage.get("get_requests_thousands"),
            ctx.price("s3", "get-1k"),
            usage_based=True,
        ),
    ]


@pricer(
    types.BACKUP_BACKUP_VAULT,
    usage=[key("warm_gb", 10, "GB-months", "backup storage kept in the vault (warm)")],
)
def backup_vault(ctx: PriceContext) -> list[Component]:
    """Backups are billed by the storage they keep; plans and selections cost nothing. Priced at
    the EBS/EFS warm rate."""
    return [
        charge(
            "AWS Backup warm storage",
            "GB-months",
            ctx.usage.get("warm_gb"),
            ctx.price("backup", "warm-gb"),
            usage_based=True,
        )
    ]
