"""Where a template puts things: the AZ of a subnet, of an ``AvailabilityZone`` expression.

Placement is written as explicit AZ names, ``Select(i, GetAZs(''))``, a ``Ref`` to a subnet
whose ``AvailabilityZone`` says where it is, or a parameter or another stack's output that
leads to one of those. Validate, analysis and cost all ask these questions, through here.
"""

from __future__ import annotations

from typing import Any

from hastack.template import types as T
from hastack.template.evaluate import Evaluator
from hastack.template.values import Az, ResourceRef, Unknown
from hastack.template.view import properties


def as_az(value: Any, region: str | None) -> Az | Unknown:
    """An evaluated ``AvailabilityZone`` value as an :class:`Az`."""
    if isinstance(value, Az):
        return value
    if isinstance(value, str) and value:
        return Az(region, value, value)
    if isinstance(value, Unknown):
        return value
    return Unknown(f"AZ not known ({value!r})")


def az_of(evaluator: Evaluator, expr: Any) -> Az | Unknown:
    """The AZ an ``AvailabilityZone``-like expression names."""
    return as_az(evaluator.value(expr), evaluator.view.region)


def subnet_az(evaluator: Evaluator, subnet: Any) -> tuple[str, Az | Unknown]:
    """(label, AZ) of an evaluated subnet value: a reference to a subnet resource of this or
    (through the workspace) another template, or an existing subnet id."""
    if isinstance(subnet, ResourceRef):
        owner = evaluator
        if subnet.stack != evaluator.view.name and evaluator.workspace is not None:
            if subnet.stack not in evaluator.workspace.views:
                return subnet.logical_id, Unknown(f"stack {subnet.stack} is not read here")
            owner = evaluator.workspace.evaluator(subnet.stack)
        label = subnet.logical_id
        resource = owner.view.resources.get(label)
        if not isinstance(resource, dict) or resource.get("Type") != T.EC2_SUBNET:
            return label, Unknown(f"{label} is not a subnet")
        props = properties(resource)
        for key in ("AvailabilityZone", "AvailabilityZoneId"):
            if key in props:
                return label, az_of(owner, props[key])
        return label, Unknown(f"subnet {label} has no AvailabilityZone (AWS picks one)")
    if isinstance(subnet, str):
        where = f"subnet {subnet}: an existing subnet, its AZ is not in the template"
        return subnet, Unknown(where)
    if isinstance(subnet, Unknown):
        return "?", subnet
    return "?", Unknown(f"subnet not understood ({subnet!r})")


def subnet_list(evaluator: Evaluator, expr: Any) -> list[tuple[str, Az | Unknown]]:
    """(label, AZ) of each subnet an expression lists (a single value counts as a list of one)."""
    value = evaluator.value(expr)
    items = value if isinstance(value, list) else [value]
    return [subnet_az(evaluator, item) for item in items if item is not None]
