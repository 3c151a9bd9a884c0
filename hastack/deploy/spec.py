"""What the deploy engine deploys: :class:`StackSpec`, built from app stacks or template files.

The engine does not read troposphere objects: a spec carries the body as plain data, so a
template file a user wrote by hand deploys through the same path as a hastack blueprint.
Parameter values are checked here, before any AWS call: unknown keys and parameters with no
value and no default are errors naming the parameter.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from hastack.core.artifact import TAG_APP, TAG_STACK, StackArtifact
from hastack.core.loader import Targets, from_stack, load
from hastack.core.regions import default_region, region_problem
from hastack.core.stack import STACK_NAME_PATTERN
from hastack.errors import DependencyCycleError, UsageError

__all__ = [
    "TAG_APP",
    "TAG_STACK",
    "StackSpec",
    "check_stack_name",
    "from_stack",
    "from_template",
    "specs_of",
    "template_file",
]

StackSpec = StackArtifact
"""What the engine deploys: the stack artifact every command reads."""


def from_template(name: str, body: dict[str, Any], region: str) -> StackSpec:
    if not re.fullmatch(STACK_NAME_PATTERN, name):
        raise UsageError(
            f"--stack-name {name!r}: must start with a letter and contain only letters, digits "
            "and hyphens (at most 128 characters)"
        )
    if region_problem(region) is not None:
        raise UsageError(f"--region {region!r} is not an AWS region name (e.g. us-east-1)")
    if not isinstance(body.get("Resources"), dict) or not body["Resources"]:
        raise UsageError(f"stack {name}: the template has no Resources to deploy")
    return StackSpec(name=name, body=body, region=region)


def template_file(path: str | Path, name: str, region: str | None = None) -> StackSpec:
    """The spec of template file ``path`` deployed as stack ``name`` (the CLI's --stack-name).

    ``region`` is the region of a template that carries none; by default the one the AWS CLI
    would use (``AWS_REGION``, the profile's region, ...). The file's text is kept, so the
    checks before the deploy report its line numbers, as ``hastack validate`` does.
    """
    loaded = load(str(path), verb="deploy", unique_names=False)
    if len(loaded) != 1:
        raise UsageError(
            f"{path}: holds {len(loaded)} stacks ({', '.join(a.name for a in loaded)}), so it is "
            "no single template file: deploy it as it is, without a stack name"
        )
    [artifact] = loaded
    spec = from_template(name, artifact.body, region or default_region().name)
    spec.text = artifact.text
    return spec


def specs_of(target: Targets) -> list[StackSpec]:
    """Specs for an App, a Stack, an artifact or a sequence of them, in the order given."""
    return load(target, verb="deploy", unique_names=False)


def check_stack_name(spec: StackSpec) -> None:
    """A name CloudFormation refuses is a usage error before any AWS call.

    A template file loaded by path is named after the file (``web.yaml``), which is no stack
    name: :func:`template_file` names it.
    """
    if not re.fullmatch(STACK_NAME_PATTERN, spec.name):
        raise UsageError(
            f"stack name {spec.name!r} is not a CloudFormation stack name (a letter, then "
            "letters, digits and hyphens): name a template file's stack with "
            "hastack.deploy.spec.template_file(path, name), or --stack-name on the command line"
        )


def apply_parameters(specs: list[StackSpec], values: Mapping[str, str]) -> None:
    """Give each ``KEY=VALUE`` to every stack whose template declares KEY; unknown keys fail."""
    for key, value in values.items():
        takers = [s for s in specs if key in s.declared_parameters]
        if not takers:
            declared = sorted({p for s in specs for p in s.declared_parameters})
            raise UsageError(
                f"--parameter {key}: no stack declares a parameter named {key!r} "
                f"(declared: {', '.join(declared) or 'none'})"
            )
        for spec in takers:
            if key in spec.inputs:
                raise UsageError(
                    f"--parameter {key}: stack {spec.name} reads it from "
                    f"{spec.inputs[key]} at deploy"
                )
            spec.parameters[key] = str(value)


def check_parameters(spec: StackSpec, deployed: set[str] | None = None) -> None:
    """Every parameter without a default needs a value, an input, or a previous value."""
    for key in spec.parameters:
        if key not in spec.declared_parameters:
            raise UsageError(
                f"stack {spec.name}: parameter {key!r} is not declared by its template "
                f"(declared: {', '.join(sorted(spec.declared_parameters)) or 'none'})"
            )
    missing = [
        key
        for key, declaration in spec.declared_parameters.items()
        if key not in spec.parameters
        and key not in spec.inputs
        and "Default" not in (declaration or {})
        and not (deployed and key in deployed)
    ]
    if missing:
        plural = "s" if len(missing) > 1 else ""
        raise UsageError(
            f"stack {spec.name}: parameter{plural} {', '.join(missing)} "
            f"{'have' if plural else 'has'} no value and no default; pass "
            + " ".join(f"--parameter {key}=VALUE" for key in missing)
        )


def order_levels(specs: list[StackSpec]) -> list[list[StackSpec]]:
    """Specs grouped so that each group depends only on earlier groups (selected stacks only).

    A dependency outside the selection (``--stack web`` without ``network``) is assumed deployed:
    its outputs are read from CloudFormation at deploy time.
    """
    by_name = {s.name: s for s in specs}
    remaining = {s.name: {d for d in s.depends_on if d in by_name} for s in specs}
    levels: list[list[StackSpec]] = []
    done: set[str] = set()
    while remaining:
        ready = [name for name, deps in remaining.items() if deps <= done]
        if not ready:
            raise DependencyCycleError(sorted(remaining))
        levels.append([by_name[n] for n in ready])
        done.update(ready)
        for name in ready:
            del remaining[name]
    return levels
