"""What an estimate is made of: components, resource costs, and the estimate with its JSON shape.

Amounts stay exact :class:`~decimal.Decimal` products of quantity and unit price; rounding to
cents happens once, when a figure is shown or serialised, so a total equals the hand computation
of the same prices to the cent.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from hastack.errors import UsageError

CENT = Decimal("0.01")


def cents(amount: Decimal) -> Decimal:
    """Round half up to the cent, the way a person rounds a bill."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def number(value: Decimal) -> int | float:
    """A JSON number for ``value``: an int when whole, else a float of its exact digits."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


@dataclass(frozen=True)
class Component:
    """One charge of a resource: ``quantity`` ``unit`` at ``unit_price`` each, per month."""

    name: str
    unit: str
    quantity: Decimal
    unit_price: Decimal
    usage_based: bool = False
    source: str = ""
    date: str = ""

    @property
    def monthly(self) -> Decimal:
        return self.quantity * self.unit_price

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "unit": self.unit,
            "quantity": number(self.quantity),
            "unit_price": number(self.unit_price),
            "monthly": number(cents(self.monthly)),
            "usage_based": self.usage_based,
        }


@dataclass
class ResourceCost:
    """The priced components of one resource of one template."""

    logical_id: str
    type: str
    components: list[Component] = field(default_factory=list)
    stack: str = ""

    @property
    def monthly(self) -> Decimal:
        return sum((c.monthly for c in self.components), Decimal(0))

    @property
    def monthly_fixed(self) -> Decimal:
        return sum((c.monthly for c in self.components if not c.usage_based), Decimal(0))

    @property
    def monthly_usage(self) -> Decimal:
        return sum((c.monthly for c in self.components if c.usage_based), Decimal(0))

    def to_dict(self, with_stack: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {"logical_id": self.logical_id, "type": self.type}
        if with_stack:
            data["stack"] = self.stack
        data["monthly"] = number(cents(self.monthly))
        data["components"] = [c.to_dict() for c in self.components]
        return data


@dataclass(frozen=True)
class Unpriced:
    """A resource left out of the totals, free or not priced, and why."""

    logical_id: str
    type: str
    reason: str = ""
    stack: str = ""
    of_type: bool = False
    """The reason is its type's (every IAM role is free), not this resource's own (a false
    condition, a gateway endpoint): tables and comments name such resources without it."""

    def to_dict(self, with_stack: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {"logical_id": self.logical_id, "type": self.type}
        if with_stack:
            data["stack"] = self.stack
        if self.reason:
            data["reason"] = self.reason
        return data


@dataclass(frozen=True)
class Assumption:
    """A value the estimate had to assume: a usage default, an unresolved property."""

    logical_id: str
    message: str
    stack: str = ""

    def __str__(self) -> str:
        return f"{self.logical_id}: {self.message}"

    def to_dict(self, with_stack: bool = False) -> dict[str, Any]:
        data = {"logical_id": self.logical_id, "message": self.message}
        if with_stack:
            data["stack"] = self.stack
        return data


@dataclass
class Estimate:
    """The monthly cost of one or more templates."""

    region: str
    catalog_date: str
    currency: str = "USD"
    hours_per_month: Decimal = Decimal(730)
    resources: list[ResourceCost] = field(default_factory=list)
    free: list[Unpriced] = field(default_factory=list)
    not_priced: list[Unpriced] = field(default_factory=list)
    assumptions: list[Assumption] = field(default_factory=list)
    stacks: list[str] = field(default_factory=list)
    usage_file: str | None = None

    @property
    def total_monthly(self) -> Decimal:
        """Exact total; :func:`cents` of it is what every format shows."""
        return sum((r.monthly for r in self.resources), Decimal(0))

    @property
    def total_monthly_fixed(self) -> Decimal:
        return sum((r.monthly_fixed for r in self.resources), Decimal(0))

    @property
    def total_monthly_usage(self) -> Decimal:
        return sum((r.monthly_usage for r in self.resources), Decimal(0))

    @property
    def multi_stack(self) -> bool:
        return len(self.stacks) > 1

    def summary(self) -> str:
        """One line for other commands (deploy, plan): total, split and what was left out."""
        text = (
            f"${cents(self.total_monthly):,.2f}/month in {self.region} "
            f"(fixed ${cents(self.total_monthly_fixed):,.2f}, "
            f"usage-based ${cents(self.total_monthly_usage):,.2f}; "
            f"catalog {self.catalog_date})"
        )
        if self.not_priced:
            text += f"; {len(self.not_priced)} resource(s) not priced"
        return text

    def resource(self, logical_id: str, stack: str | None = None) -> ResourceCost:
        for res in self.resources:
            if res.logical_id == logical_id and (stack is None or res.stack == stack):
                return res
        raise KeyError(logical_id)

    def key(self, item: ResourceCost | Unpriced) -> str:
        """How a resource is named across estimates: ``stack.LogicalId`` when there are several."""
        if self.multi_stack and item.stack:
            return f"{item.stack}.{item.logical_id}"
        return item.logical_id

    def to_dict(self) -> dict[str, Any]:
        multi = self.multi_stack
        return {
            "currency": self.currency,
            "region": self.region,
            "hours_per_month": number(self.hours_per_month),
            "catalog_date": self.catalog_date,
            "total_monthly": number(cents(self.total_monthly)),
            "total_monthly_fixed": number(cents(self.total_monthly_fixed)),
            "total_monthly_usage": number(cents(self.total_monthly_usage)),
            "resources": [r.to_dict(multi) for r in self.resources],
            "free": [f.to_dict(multi) for f in self.free],
            "not_priced": [n.to_dict(multi) for n in self.not_priced],
            "assumptions": [a.to_dict(multi) for a in self.assumptions],
            "stacks": list(self.stacks),
            "usage_file": self.usage_file,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Estimate:
        """An estimate saved with ``cost --format json``, read back (the baseline of a diff).

        A component's quantity and unit price round-trip exactly; its monthly amount is
        recomputed from them, as when it was priced."""
        try:
            result = cls(
                region=str(data["region"]),
                catalog_date=str(data["catalog_date"]),
                currency=str(data.get("currency", "USD")),
                hours_per_month=Decimal(str(data.get("hours_per_month", 730))),
                stacks=[str(s) for s in data.get("stacks", [])],
                usage_file=data.get("usage_file"),
            )
            for res in data["resources"]:
                result.resources.append(
                    ResourceCost(
                        logical_id=str(res["logical_id"]),
                        type=str(res["type"]),
                        stack=str(res.get("stack", "")),
                        components=[
                            Component(
                                name=str(c["name"]),
                                unit=str(c["unit"]),
                                quantity=Decimal(str(c["quantity"])),
                                unit_price=Decimal(str(c["unit_price"])),
                                usage_based=bool(c.get("usage_based", False)),
                            )
                            for c in res.get("components", [])
                        ],
                    )
                )
            for key, target in (("free", result.free), ("not_priced", result.not_priced)):
                for item in data.get(key, []):
                    target.append(
                        Unpriced(
                            str(item["logical_id"]),
                            str(item["type"]),
                            str(item.get("reason", "")),
                            str(item.get("stack", "")),
                        )
                    )
            for item in data.get("assumptions", []):
                result.assumptions.append(
                    Assumption(
                        str(item["logical_id"]), str(item["message"]), str(item.get("stack", ""))
                    )
                )
        except (KeyError, TypeError, ValueError, ArithmeticError) as error:
            raise UsageError(f"not a saved hastack cost estimate ({error!r})") from error
        return result
