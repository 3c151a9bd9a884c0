"""One pricer per resource type, one module per service family; importing this registers them."""

from hastack.cost.pricers import (
    compute,
    database,
    dns,
    monitoring,
    network,
    security,
    serverless,
    storage,
)
from hastack.cost.pricers.base import PRICERS, NotPriced, PriceContext, Pricer
from hastack.cost.pricers.free import FREE_TYPES

__all__ = [
    "FREE_TYPES",
    "PRICERS",
    "NotPriced",
    "PriceContext",
    "Pricer",
    "compute",
    "database",
    "dns",
    "monitoring",
    "network",
    "security",
    "serverless",
    "storage",
]
