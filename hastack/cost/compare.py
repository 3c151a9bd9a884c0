"""Per-resource and total differences between two estimates (TARGET against OTHER)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from hastack.cost.model import Estimate, cents, number


@dataclass(frozen=True)
class DeltaRow:
    key: str
    type: str
    before: Decimal | None
    """Monthly cost in OTHER; None when OTHER does not have the resource."""
    after: Decimal | None
    """Monthly cost in TARGET; None when TARGET does not have it."""

    @property
    def delta(self) -> Decimal:
        return (self.after or Decimal(0)) - (self.before or Decimal(0))

    @property
    def change(self) -> str:
        if self.before is None:
            return "added"
        if self.after is None:
            return "removed"
        return "changed" if cents(self.delta) else "unchanged"

    def to_dict(self) -> dict[str, Any]:
        return {
            "logical_id": self.key,
            "type": self.type,
            "before": None if self.before is None else number(cents(self.before)),
            "after": None if self.after is None else number(cents(self.after)),
            "delta": number(cents(self.delta)),
            "change": self.change,
        }


@dataclass(frozen=True)
class Comparison:
    """``target`` priced against ``other`` (the baseline): delta = target - other."""

    target: Estimate
    other: Estimate
    rows: list[DeltaRow]

    @property
    def total_delta(self) -> Decimal:
        return self.target.total_monthly - self.other.total_monthly

    def to_dict(self) -> dict[str, Any]:
        return {
            "currency": self.target.currency,
            "total_monthly_before": number(cents(self.other.total_monthly)),
            "total_monthly_after": number(cents(self.target.total_monthly)),
            "total_monthly_delta": number(cents(self.total_delta)),
            "resources": [r.to_dict() for r in self.rows],
            "before": self.other.to_dict(),
            "after": self.target.to_dict(),
        }


def compare(target: Estimate, other: Estimate) -> Comparison:
    """Match resources by logical id (``stack.LogicalId`` when an estimate spans stacks)."""
    before = {other.key(r): r for r in other.resources}
    after = {target.key(r): r for r in target.resources}
    rows = []
    for key in [*before, *(k for k in after if k not in before)]:
        old, new = before.get(key), after.get(key)
        either = new or old
        assert either is not None  # every key comes from one of the two estimates
        rtype = either.type
        rows.append(
            DeltaRow(key, rtype, old.monthly if old else None, new.monthly if new else None)
        )
    return Comparison(target, other, rows)
