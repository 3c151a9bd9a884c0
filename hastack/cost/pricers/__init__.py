"""One pricer per resource type, one module per service family; importing this registers them."""

from hastack.cost.pricers import (
    cache,
    cdn,
    compute,
    database,
    dns,
    monitoring,
    network,
    security,
    storage,
    waf,
)
from hastack.cost.pricers.base import PRICERS, NotPriced, PriceContext, Pricer
from hastack.cost.pricers.free import FREE_TYPES

__all__ = [
    "FREE_TYPES",
    "PRICERS",
    "NotPriced",
    "PriceContext",
    "Pricer",
    "cache",
    "cdn",
    "compute",
    "database",
    "dns",
    "monitoring",
    "network",
    "security",
    "storage",
    "waf",
]
