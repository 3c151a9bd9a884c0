"""One pricer per resource type, one module per service family; importing this registers them."""

from hastack.cost.pricers import (
    analytics,
    apigateway,
    cache,
    compute,
    containers,
    database,
    dns,
    dynamodb,
    edge,
    efs,
    governance,
    monitoring,
    network,
    security,
    serverless,
    storage,
)
from hastack.cost.pricers.base import PRICERS, Free, NotPriced, PriceContext, Pricer
from hastack.cost.pricers.free import FREE_TYPES

__all__ = [
    "FREE_TYPES",
    "PRICERS",
    "Free",
    "NotPriced",
    "PriceContext",
    "Pricer",
    "analytics",
    "apigateway",
    "cache",
    "compute",
    "containers",
    "database",
    "dns",
    "dynamodb",
    "edge",
    "efs",
    "governance",
    "monitoring",
    "network",
    "security",
    "serverless",
    "storage",
]
