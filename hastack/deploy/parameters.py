"""Parameter values checked against their declarations before any AWS call.

CloudFormation checks ``Type``, ``AllowedValues``, ``AllowedPattern``, ``Min/MaxLength`` and
``Min/MaxValue`` only when it creates the change set, after the stack (for a new one) already
exists in REVIEW_IN_PROGRESS. The same checks here fail first, naming the parameter and the
constraint; a secret parameter's value is never repeated in the message.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from hastack.deploy.secrets import MASK, is_secret_parameter
from hastack.errors import UsageError


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _bound(declaration: Mapping[str, Any], key: str) -> float | None:
    return _number(str(declaration[key])) if key in declaration else None


def problems(name: str, declaration: Mapping[str, Any], value: str) -> list[str]:
    """What is wrong with ``value`` for parameter ``name`` (empty when it is fine)."""
    kind = str(declaration.get("Type", "String"))
    shown = MASK if is_secret_parameter(name, declaration) else repr(value)
    found: list[str] = []
    items = (
        [value]
        if not kind.startswith("List<") and not kind.startswith("CommaDelimited")
        else (value.split(",") if value else [])
    )
    numeric = kind in ("Number", "List<Number>")
    for item in items:
        if numeric and _number(item.strip()) is None:
            found.append(f"{shown} is not a number (Type {kind})")
            continue
        allowed = declaration.get("AllowedValues")
        if isinstance(allowed, list) and allowed and item not in [str(a) for a in allowed]:
            found.append(f"{shown} is not one of AllowedValues {[str(a) for a in allowed]}")
        pattern = declaration.get("AllowedPattern")
        if isinstance(pattern, str) and not kind.startswith("List<"):
            try:
                if re.fullmatch(pattern, item) is None:
                    found.append(f"{shown} does not match AllowedPattern {pattern}")
            except re.error:
                pass  # a pattern Python cannot read: CloudFormation will judge it
        number = _number(item.strip()) if numeric else None
        low, high = _bound(declaration, "MinValue"), _bound(declaration, "MaxValue")
        if number is not None and low is not None and number < low:
            found.append(f"{shown} is below MinValue {declaration['MinValue']}")
        if number is not None and high is not None and number > high:
            found.append(f"{shown} is above MaxValue {declaration['MaxValue']}")
    if not numeric:
        shortest, longest = _bound(declaration, "MinLength"), _bound(declaration, "MaxLength")
        if shortest is not None and len(value) < shortest:
            found.append(f"{shown} is shorter than MinLength {declaration['MinLength']}")
        if longest is not None and len(value) > longest:
            found.append(f"{shown} is longer than MaxLength {declaration['MaxLength']}")
    return found


def check_values(stack: str, declared: Mapping[str, Any], values: Mapping[str, str]) -> None:
    """Raise one UsageError listing every value that breaks its parameter's declaration."""
    lines: list[str] = []
    for name, value in values.items():
        declaration = declared.get(name)
        if isinstance(declaration, Mapping):
            lines.extend(f"  - {name}: {p}" for p in problems(name, declaration, str(value)))
    if lines:
        raise UsageError(
            f"stack {stack}: parameter values CloudFormation would reject:\n" + "\n".join(lines)
        )
