"""Nested stacks: price a child template as a stack of its own, named ``Parent.LogicalId``.

An ``AWS::CloudFormation::Stack`` costs nothing itself; its resources do. The child template is
found from the ``TemplateURL`` when that is a local path (relative to the parent template's
folder, as ``aws cloudformation package`` expects before upload), or given by the user as
``{"LogicalId": "child.yaml"}`` (or ``"Parent.LogicalId"``). The child gets the parameter values
the parent passes when they are known before deploy; others keep the child's defaults.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from hastack.core.artifact import StackArtifact, parameter_text
from hastack.core.loader import load_template
from hastack.cost.resolver import Resolver, Unresolved
from hastack.errors import UsageError
from hastack.template import types

STACK_TYPE = types.CLOUDFORMATION_STACK
MAX_NESTING = 5
_REMOTE = ("http://", "https://", "s3://")


def nested_stacks(
    sources: list[StackArtifact],
    given: Mapping[str, str | Path],
    transform: Callable[[StackArtifact], None],
    region: str | None,
) -> tuple[list[StackArtifact], dict[tuple[str, str], str]]:
    """The child artifacts of ``sources`` (recursively), and (parent, logical id) → child name."""
    children: list[StackArtifact] = []
    names: dict[tuple[str, str], str] = {}
    used: set[str] = set()
    queue = [(source, 0) for source in sources]
    while queue:
        parent, depth = queue.pop(0)
        if depth >= MAX_NESTING:
            continue
        resources = parent.body.get("Resources") or {}
        for logical_id, resource in resources.items():
            if not isinstance(resource, dict) or resource.get("Type") != STACK_TYPE:
                continue
            key = next((k for k in (f"{parent.name}.{logical_id}", logical_id) if k in given), None)
            path = Path(given[key]) if key else _local_url(parent, resource)
            if key:
                used.add(key)
            if path is None:
                continue
            if not path.is_file():
                if key:
                    raise UsageError(f"--nested {key}={path}: no such template file")
                continue
            child = load_template(path)
            child.name = f"{parent.name}.{logical_id}"
            child.region = parent.region  # a nested stack runs in its parent's region
            child.parameters = _passed_parameters(parent, resource, region)
            transform(child)
            names[(parent.name, logical_id)] = child.name
            children.append(child)
            queue.append((child, depth + 1))
    unknown = sorted(set(given) - used)
    if unknown:
        raise UsageError(
            f"--nested {', '.join(unknown)}: no AWS::CloudFormation::Stack with this logical id"
        )
    return children, names


def _local_url(parent: StackArtifact, resource: dict[str, Any]) -> Path | None:
    props = resource.get("Properties") or {}
    url = props.get("TemplateURL") if isinstance(props, dict) else None
    if not isinstance(url, str) or url.startswith(_REMOTE):
        return None
    base = Path(parent.origin.path).parent if parent.origin.path else Path.cwd()
    if parent.origin.kind != "file":
        base = Path.cwd()
    path = Path(url)
    return path if path.is_absolute() else base / path


def _passed_parameters(
    parent: StackArtifact, resource: dict[str, Any], region: str | None
) -> dict[str, str]:
    props = resource.get("Properties") or {}
    passed = props.get("Parameters") if isinstance(props, dict) else None
    if not isinstance(passed, dict):
        return {}
    resolver = Resolver(parent.body, parent.region, parent.parameters)
    values: dict[str, str] = {}
    for name, node in passed.items():
        try:
            values[str(name)] = parameter_text(resolver.value(node))
        except Unresolved:
            continue
    return values
