"""CloudFormation's size limits, checked at synth (cfn-lint does not check the inline one)."""

from __future__ import annotations

from typing import Literal

from hastack.core.stack import INLINE_TEMPLATE_LIMIT, MAX_RESOURCES, MAX_TEMPLATE_BYTES


def check_stack_size(
    name: str, size: int, resources: int
) -> list[tuple[Literal["warning", "error"], str]]:
    """Warnings and errors for a template of ``size`` bytes with ``resources`` resources."""
    problems: list[tuple[Literal["warning", "error"], str]] = []
    if resources > MAX_RESOURCES:
        problems.append(
            (
                "error",
                f"{name}: {resources} resources, over CloudFormation's "
                f"{MAX_RESOURCES}; split it into several stacks of one App",
            )
        )
    if size > MAX_TEMPLATE_BYTES:
        problems.append(
            (
                "error",
                f"{name}: {size:,} bytes, over CloudFormation's 1 MB limit; "
                "split it into several stacks of one App",
            )
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
