"""``--format infracost-json``: an estimate in infracost's JSON output format (version 0.2).

Tools that read infracost's output (its comment and policy tooling, dashboards) read this too:
one project per stack, each with ``breakdown`` (the priced resources and their
``costComponents``), an empty ``pastBreakdown`` (nothing is deployed to compare with: use
``--compare`` for deltas), a ``diff`` equal to the breakdown, and a ``summary`` counting
resources. Amounts are decimal strings, exact (not rounded), as infracost writes them; hourly
figures are the monthly ones over the catalog's hours per month. Resources are named
``Stack.LogicalId`` and typed with their CloudFormation type. hastack's free resources count as
infracost's "no price" resources, its not-priced ones as "unsupported".
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from hastack.cost.model import Component, Estimate, ResourceCost, Unpriced

INFRACOST_VERSION = "0.2"
PROJECT_TYPE = "cloudformation"


def _text(value: Decimal) -> str:
    """A decimal string without exponent or trailing zeros (``"742.64"``, ``"0"``)."""
    text = format(value.normalize(), "f")
    return text if text != "-0" else "0"


def to_infracost(
    estimate: Estimate, *, paths: dict[str, str] | None = None, now: datetime | None = None
) -> dict[str, Any]:
    """The infracost document of ``estimate``; ``paths`` maps stack names to template paths."""
    hours = estimate.hours_per_month
    stacks = estimate.stacks or [""]
    first = stacks[0]

    def of(items: list[Any], stack: str) -> list[Any]:
        """Items of ``stack``; stack-less ones (data transfer) go to the first project."""
        return [i for i in items if i.stack == stack or (not i.stack and stack == first)]

    projects = [
        _project(
            stack or "template",
            (paths or {}).get(stack, stack),
            of(estimate.resources, stack),
            of(estimate.free, stack),
            of(estimate.not_priced, stack),
            hours,
            estimate.multi_stack,
        )
        for stack in stacks
    ]
    total = estimate.total_monthly
    usage = estimate.total_monthly_usage
    zero = "0"
    return {
        "version": INFRACOST_VERSION,
        "metadata": {"infracostCommand": "breakdown", "usageFilePath": estimate.usage_file or ""},
        "currency": estimate.currency,
        "projects": projects,
        "totalHourlyCost": _text(total / hours),
        "totalMonthlyCost": _text(total),
        "totalMonthlyUsageCost": _text(usage),
        "pastTotalHourlyCost": zero,
        "pastTotalMonthlyCost": zero,
        "pastTotalMonthlyUsageCost": zero,
        "diffTotalHourlyCost": _text(total / hours),
        "diffTotalMonthlyCost": _text(total),
        "diffTotalMonthlyUsageCost": _text(usage),
        "timeGenerated": (now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "summary": _summary(estimate.resources, estimate.free, estimate.not_priced),
    }


def _project(
    name: str,
    path: str,
    resources: list[ResourceCost],
    free: list[Unpriced],
    not_priced: list[Unpriced],
    hours: Decimal,
    multi: bool,
) -> dict[str, Any]:
    breakdown = _breakdown(resources, hours, multi)
    return {
        "name": name,
        "displayName": name,
        "metadata": {"path": path, "type": PROJECT_TYPE, "providers": [{"name": "aws"}]},
        "pastBreakdown": {
            "resources": [],
            "totalHourlyCost": "0",
            "totalMonthlyCost": "0",
            "totalMonthlyUsageCost": "0",
        },
        "breakdown": breakdown,
        "diff": _breakdown(resources, hours, multi),
        "summary": _summary(resources, free, not_priced),
    }


def _breakdown(resources: list[ResourceCost], hours: Decimal, multi: bool) -> dict[str, Any]:
    total = sum((r.monthly for r in resources), Decimal(0))
    usage = sum((r.monthly_usage for r in resources), Decimal(0))
    return {
        "resources": [_resource(r, hours, multi) for r in sorted(resources, key=_name_key(multi))],
        "totalHourlyCost": _text(total / hours),
        "totalMonthlyCost": _text(total),
        "totalMonthlyUsageCost": _text(usage),
    }


def _name_key(multi: bool) -> Any:
    return lambda r: _name(r, multi)


def _name(resource: ResourceCost | Unpriced, multi: bool) -> str:
    return (
        f"{resource.stack}.{resource.logical_id}"
        if multi and resource.stack
        else resource.logical_id
    )


def _resource(resource: ResourceCost, hours: Decimal, multi: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": _name(resource, multi),
        "resourceType": resource.type,
        "tags": {},
        "metadata": {"logicalId": resource.logical_id, "stack": resource.stack},
        "hourlyCost": _text(resource.monthly / hours),
        "monthlyCost": _text(resource.monthly),
    }
    if any(c.usage_based for c in resource.components):
        data["monthlyUsageCost"] = _text(resource.monthly_usage)
    data["costComponents"] = [_component(c, hours) for c in resource.components]
    return data


def _component(component: Component, hours: Decimal) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": component.name,
        "unit": component.unit,
        "hourlyQuantity": _text(component.quantity / hours),
        "monthlyQuantity": _text(component.quantity),
        "price": _text(component.unit_price),
        "hourlyCost": _text(component.monthly / hours),
        "monthlyCost": _text(component.monthly),
    }
    if component.usage_based:
        data["usageBased"] = True
    data["priceNotFound"] = False
    return data


def _summary(
    resources: list[ResourceCost], free: list[Unpriced], not_priced: list[Unpriced]
) -> dict[str, Any]:
    return {
        "totalDetectedResources": len(resources) + len(free) + len(not_priced),
        "totalSupportedResources": len(resources) + len(free),
        "totalUnsupportedResources": len(not_priced),
        "totalUsageBasedResources": sum(
            1 for r in resources if any(c.usage_based for c in r.components)
        ),
        "totalNoPriceResources": len(free),
        "unsupportedResourceCounts": dict(sorted(Counter(n.type for n in not_priced).items())),
        "noPriceResourceCounts": dict(sorted(Counter(f.type for f in free).items())),
    }
