"""Template assertions for tests: does the template declare this resource, with these properties?

They take whatever a test has at hand (a troposphere ``Template``, a hastack ``Stack`` or
``Blueprint``, or a template dict) and fail with a message that names the nearest candidate and
each property that differs, so a failing test says what to fix.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

__all__ = [
    "has_resource",
    "has_resource_properties",
    "outputs",
    "resources",
    "template_body",
]


def template_body(template: Any) -> dict[str, Any]:
    """The template as plain data, from a dict, Stack, Blueprint or troposphere Template."""
    if isinstance(template, Mapping):
        return dict(template)
    body = getattr(template, "body", None)
    if isinstance(body, Mapping):  # hastack Stack
        return dict(body)
    if hasattr(template, "to_json") and hasattr(template, "add_resource"):  # troposphere
        parsed: dict[str, Any] = json.loads(template.to_json())
        return parsed
    if hasattr(template, "synth") and hasattr(template, "options"):  # hastack Blueprint
        return dict(template.synth().body)
    raise TypeError(
        "expected a troposphere Template, a hastack Stack or Blueprint, or a template dict; "
        f"got {type(template).__name__}"
    )


def resources(template: Any, resource_type: str | None = None) -> dict[str, dict[str, Any]]:
    """Logical id -> resource, optionally only those of ``resource_type``."""
    found = template_body(template).get("Resources") or {}
    return {
        logical_id: resource
        for logical_id, resource in sorted(found.items())
        if resource_type is None or resource.get("Type") == resource_type
    }


def has_resource(
    template: Any, resource_type: str, count: int | None = None
) -> dict[str, dict[str, Any]]:
    """Assert the template declares ``resource_type`` (exactly ``count`` times when given).

    Returns the matching resources by logical id, for further checks.
    """
    matching = resources(template, resource_type)
    if count is None and matching:
        return matching
    if count is not None and len(matching) == count:
        return matching
    wanted = "at least one" if count is None else f"{count}"
    if matching:
        found = f"found {len(matching)}: {', '.join(matching)}"
    else:
        types = sorted({r.get("Type", "?") for r in resources(template).values()})
        found = "found none; the template has " + (", ".join(types) if types else "no resources")
    raise AssertionError(f"expected {wanted} {resource_type}, {found}")


def has_resource_properties(
    template: Any, resource_type: str, properties: Mapping[str, Any]
) -> list[str]:
    """Assert some ``resource_type`` resource has ``properties`` (a recursive subset).

    Dicts match when every expected key matches (other keys are ignored); lists match when they
    have the same length and match item by item; other values must be equal (``unittest.mock.ANY``
    matches anything). Returns the logical ids of every matching resource.
    """
    candidates = has_resource(template, resource_type)
    problems: dict[str, list[str]] = {}
    matched = []
    for logical_id, resource in candidates.items():
        differences = _differences(properties, resource.get("Properties") or {}, "Properties")
        if differences:
            problems[logical_id] = differences
        else:
            matched.append(logical_id)
    if matched:
        return matched
    nearest = min(problems, key=lambda lid: (len(problems[lid]), lid))
    listed = "\n".join(f"  - {problem}" for problem in problems[nearest])
    others = len(problems) - 1
    tail = f"\n({others} other {resource_type} resource(s) differ more)" if others else ""
    raise AssertionError(
        f"no {resource_type} has the expected properties; nearest is {nearest}:\n{listed}{tail}"
    )


def outputs(template: Any) -> dict[str, dict[str, Any]]:
    """Output name -> its definition (Value, Description, Export...)."""
    return dict(sorted((template_body(template).get("Outputs") or {}).items()))


def _differences(expected: Any, actual: Any, path: str) -> list[str]:
    if isinstance(expected, Mapping):
        if not isinstance(actual, Mapping):
            return [f"{path}: expected an object, got {_show(actual)}"]
        found: list[str] = []
        for key, value in expected.items():
            if key not in actual:
                found.append(f"{path}.{key}: missing (expected {_show(value)})")
            else:
                found.extend(_differences(value, actual[key], f"{path}.{key}"))
        return found
    if isinstance(expected, list | tuple):
        if not isinstance(actual, list):
            return [f"{path}: expected a list, got {_show(actual)}"]
        if len(expected) != len(actual):
            return [f"{path}: expected {len(expected)} item(s), got {len(actual)}: {_show(actual)}"]
        found = []
        for index, (want, have) in enumerate(zip(expected, actual, strict=True)):
            found.extend(_differences(want, have, f"{path}[{index}]"))
        return found
    if expected == actual:
        return []
    return [f"{path}: expected {_show(expected)}, got {_show(actual)}"]


def _show(value: Any, limit: int = 120) -> str:
    text = json.dumps(value, sort_keys=True, default=str)
    return text if len(text) <= limit else text[: limit - 3] + "..."
