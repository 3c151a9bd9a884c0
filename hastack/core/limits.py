"""CloudFormation's template limits, one check used by synth, validate and deploy.

CloudFormation refuses a template over 1 MB (by ``TemplateURL``; 51,200 bytes inline as
``TemplateBody``), with more than 500 resources, 200 parameters or 200 outputs. cfn-lint does
not check the byte sizes of the text hastack sends, so every command that accepts a template
asks :func:`check_template` instead of finding out from a rejected change set.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Literal

from hastack.core.stack import INLINE_TEMPLATE_LIMIT, MAX_RESOURCES, MAX_TEMPLATE_BYTES

MAX_PARAMETERS = 200
MAX_OUTPUTS = 200

Level = Literal["warning", "error"]
Problem = tuple[Level, str]


def deploy_text(body: Mapping[str, Any]) -> str:
    """The JSON text hastack deploys for ``body`` (sorted keys, so an unchanged body compares
    equal to the deployed one)."""
    return json.dumps(body, sort_keys=True, indent=1, ensure_ascii=False, default=str)


def check_stack_size(
    name: str, size: int, resources: int, parameters: int = 0, outputs: int = 0
) -> list[Problem]:
    """Warnings and errors for a template of ``size`` bytes with these section counts."""
    split = "split it into several stacks of one App"
    problems: list[Problem] = []
    if resources > MAX_RESOURCES:
        problems.append(
            (
                "error",
                f"{name}: {resources} resources, over CloudFormation's {MAX_RESOURCES}; {split}",
            )
        )
    for count, limit, what in (
        (parameters, MAX_PARAMETERS, "parameters"),
        (outputs, MAX_OUTPUTS, "outputs"),
    ):
        if count > limit:
            problems.append(
                ("error", f"{name}: {count} {what}, over CloudFormation's {limit}; {split}")
            )
    if size > MAX_TEMPLATE_BYTES:
        problems.append(
            ("error", f"{name}: {size:,} bytes, over CloudFormation's 1 MB limit; {split}")
        )
    elif size > INLINE_TEMPLATE_LIMIT:
        problems.append(
            (
                "warning",
                f"{name}: {size:,} bytes, over the {INLINE_TEMPLATE_LIMIT:,}-byte "
                "inline limit; deploy uploads it to S3 first",
            )
        )
    return problems


def check_template(name: str, body: Mapping[str, Any], size: int | None = None) -> list[Problem]:
    """:func:`check_stack_size` for a body; ``size`` defaults to its deployed text's bytes."""

    def count(section: str) -> int:
        value = body.get(section)
        return len(value) if isinstance(value, Mapping) else 0

    measured = len(deploy_text(body).encode()) if size is None else size
    return check_stack_size(
        name, measured, count("Resources"), count("Parameters"), count("Outputs")
    )
