"""What every pricer gets and returns, and the registry that maps resource types to pricers.

A pricer is a function of a :class:`PriceContext` returning the resource's components. It raises
:class:`NotPriced` when the catalog cannot price the resource (an instance class it lacks, an
engine it does not cover): such a resource is listed as not priced, never counted as $0.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from hastack.cost.catalog import Catalog, Price
from hastack.cost.model import Component
from hastack.cost.resolver import Resolver, Unresolved
from hastack.cost.usage import UsageKey, UsageView


class NotPriced(Exception):
    """The resource cannot be priced from the catalog; the message says why."""


class Free(Exception):
    """The resource, as configured, costs nothing by itself; the message says why (a gateway
    endpoint, an ECS service on EC2 capacity whose instances are priced on their group)."""


@dataclass
class PriceContext:
    """One resource being priced: its properties, the resolver, the catalog and its usage."""

    catalog: Catalog
    region: str
    resolver: Resolver
    logical_id: str
    resource: dict[str, Any]
    usage: UsageView
    notes: list[str] = field(default_factory=list)

    @property
    def props(self) -> dict[str, Any]:
        props = self.resource.get("Properties")
        return props if isinstance(props, dict) else {}

    @property
    def hours(self) -> Decimal:
        return self.catalog.hours_per_month

    def get(self, key: str, default: Any = None, props: dict[str, Any] | None = None) -> Any:
        """A resolved property; raises :class:`Unresolved` when only known at deploy."""
        return self.resolver.get(self.props if props is None else props, key, default)

    def get_or(
        self,
        key: str,
        fallback: Any,
        what: str,
        props: dict[str, Any] | None = None,
        default: Any = None,
    ) -> Any:
        """A resolved property, or ``fallback`` with a note when it cannot be resolved."""
        try:
            return self.get(key, default, props)
        except Unresolved as why:
            self.note(f"{what} assumed {fallback} ({why})")
            return fallback

    def note(self, message: str) -> None:
        if message not in self.notes:
            self.notes.append(message)

    def price(self, service: str, key: str, index: int | None = None, what: str = "") -> Price:
        try:
            return self.catalog.price(self.region, service, key, index)
        except KeyError:
            raise NotPriced(
                f"{what or key} has no {service} price in the catalog for {self.region}"
            ) from None

    def other(self, logical_id: str) -> dict[str, Any] | None:
        res = self.resolver.resources.get(logical_id)
        return res if isinstance(res, dict) else None


def charge(
    name: str, unit: str, quantity: Decimal | int | str, price: Price, usage_based: bool = False
) -> Component:
    return Component(
        name=name,
        unit=unit,
        quantity=Decimal(quantity),
        unit_price=price.value,
        usage_based=usage_based,
        source=price.source,
        date=price.date,
    )


def usage_charge(
    ctx: PriceContext,
    name: str,
    unit: str,
    usage_key: str,
    service: str,
    price_key: str,
    scale: Decimal | int = 1,
) -> Component:
    """A usage-based charge: the usage value ``usage_key`` (times ``scale``) at one price."""
    return charge(
        name,
        unit,
        ctx.usage.get(usage_key) * Decimal(scale),
        ctx.price(service, price_key),
        usage_based=True,
    )


def number_or(
    ctx: PriceContext, key: str, fallback: int | str, what: str, props: dict[str, Any] | None = None
) -> Decimal:
    """A numeric property, or ``fallback`` (with a note when it was set but not resolvable)."""
    value = ctx.get_or(key, fallback, what, props=props, default=fallback)
    try:
        return Decimal(str(value).strip())
    except ArithmeticError:
        raise Unresolved(f"{what} {value!r} is not a number") from None


PricerFunc = Callable[[PriceContext], list[Component]]


@dataclass(frozen=True)
class Pricer:
    types: tuple[str, ...]
    func: PricerFunc
    usage: dict[str, UsageKey]


PRICERS: dict[str, Pricer] = {}


def pricer(*types: str, usage: Iterable[UsageKey] = ()) -> Callable[[PricerFunc], PricerFunc]:
    """Register ``func`` as the pricer of ``types``, reading the usage keys ``usage``."""

    def register(func: PricerFunc) -> PricerFunc:
        entry = Pricer(types, func, {u.name: u for u in usage})
        for rtype in types:
            PRICERS[rtype] = entry
        return func

    return register


def as_int(value: Any, what: str) -> int:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        raise Unresolved(f"{what} {value!r} is not a whole number") from None


def as_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() == "true"
