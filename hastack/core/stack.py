"""The Stack artifact: what every later step (validate, cost, deploy) reads.

A Stack is a troposphere ``Template`` plus what CloudFormation needs besides the body: a stack
name, a region, tags, literal parameter values, parameters fed from other stacks' outputs, and
the stacks it depends on. Serialisation is deterministic (sorted keys, fixed indentation, no
timestamps), so the same options always give the same bytes and a diff means a real change.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from hastack.core.artifact import OutputRef as OutputRef
from hastack.core.regions import DEFAULT_REGION, region_problem
from hastack.errors import UsageError

if TYPE_CHECKING:
    from troposphere import Template

STACK_NAME_PATTERN = r"[A-Za-z][-A-Za-z0-9]{0,127}"
INLINE_TEMPLATE_LIMIT = 51_200
"""Bytes CloudFormation accepts as ``TemplateBody``; larger ones must go through S3."""
MAX_TEMPLATE_BYTES = 1_000_000
MAX_RESOURCES = 500

Format = Literal["json", "yaml"]


def input_parameter(t: Template, parameter: str, ref: OutputRef, type: str = "String") -> Any:
    """Declare (once) the parameter that carries ``ref`` into ``t``; return a ``Ref`` to it."""
    from troposphere import Parameter, Ref

    if parameter not in t.parameters:
        t.add_parameter(Parameter(parameter, Type=type, Description=f"From stack output {ref}"))
    return Ref(parameter)


@dataclass
class Stack:
    """A synthesized CloudFormation stack and its deploy settings."""

    name: str
    template: Template
    region: str = DEFAULT_REGION
    tags: dict[str, str] = field(default_factory=dict)
    parameters: dict[str, str] = field(default_factory=dict)
    """Literal values for the template's parameters, passed at deploy."""
    inputs: dict[str, OutputRef] = field(default_factory=dict)
    """Template parameters whose value is another stack's output, resolved at deploy."""
    depends_on: list[str] = field(default_factory=list)
    termination_protection: bool = False
    source: str | None = None
    """What built it, e.g. the blueprint class name; for messages only."""
    warnings: list[tuple[str, str]] = field(default_factory=list)
    """``(stable id, message)`` for valid but risky options (printed by synth)."""
    region_source: str = "region="
    """Where ``region`` came from when the code named none (``AWS_REGION``, a profile...)."""

    def __post_init__(self) -> None:
        if not re.fullmatch(STACK_NAME_PATTERN, self.name):
            raise UsageError(
                f"stack name {self.name!r}: must start with a letter and contain only letters, "
                "digits and hyphens (at most 128 characters)"
            )
        if region_problem(self.region) is not None:
            raise UsageError(f"stack {self.name}: region {self.region!r} is not an AWS region name")
        for ref in self.inputs.values():
            if ref.stack not in self.depends_on:
                self.depends_on.append(ref.stack)

    # -- cross-stack wiring -------------------------------------------------------------------
    def output(self, name: str) -> OutputRef:
        """A handle on one of this stack's outputs, for another stack to :meth:`consume`."""
        if name not in self.outputs:
            raise UsageError(
                f"stack {self.name} has no output {name!r}; "
                f"it has: {', '.join(self.outputs) or 'none'}"
            )
        return OutputRef(self.name, name)

    def consume(self, parameter: str, ref: OutputRef, *, type: str = "String") -> Any:
        """Add a parameter fed by ``ref`` at deploy time and return a ``Ref`` to it."""
        self.inputs[parameter] = ref
        if ref.stack not in self.depends_on:
            self.depends_on.append(ref.stack)
        self.refresh()  # the body and its JSON now carry the new parameter
        return input_parameter(self.template, parameter, ref, type)

    # -- views ----------------------------------------------------------------------------------
    @cached_property
    def body(self) -> dict[str, Any]:
        """The template as plain data (computed once; the template is frozen after synth).

        troposphere's ``to_dict`` already gives plain dicts, lists and scalars: no JSON round
        trip is needed (it cost a second serialisation of every template).
        """
        body: dict[str, Any] = self.template.to_dict()
        return body

    def refresh(self) -> None:
        """Forget cached serialisations after changing ``template`` by hand."""
        for key in ("body", "_json"):
            self.__dict__.pop(key, None)

    @property
    def outputs(self) -> list[str]:
        return sorted(self.body.get("Outputs", {}))

    @property
    def resource_count(self) -> int:
        """Read from the troposphere template: counting needs no serialisation."""
        return len(self.template.resources)

    @cached_property
    def _json(self) -> str:
        return json.dumps(self.body, sort_keys=True, indent=2, ensure_ascii=False) + "\n"

    def to_json(self) -> str:
        return self._json

    def to_yaml(self) -> str:
        import yaml

        dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
        return yaml.dump(
            self.body,
            Dumper=dumper,
            sort_keys=True,
            default_flow_style=False,
            allow_unicode=True,
            width=120,
        )

    def render(self, fmt: Format = "json") -> str:
        if fmt == "json":
            return self.to_json()
        if fmt == "yaml":
            return self.to_yaml()
        raise UsageError(f"format {fmt!r}: allowed json, yaml")

    def file_name(self, fmt: Format = "json") -> str:
        return f"{self.name}.template.{fmt}"

    def write(self, directory: str | Path, fmt: Format = "json") -> Path:
        """Write the template to ``directory/<name>.template.<fmt>`` and return the path."""
        out = Path(directory)
        out.mkdir(parents=True, exist_ok=True)
        path = out / self.file_name(fmt)
        data = self.render(fmt).encode()
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
        return path

    def template_hash(self) -> str:
        """sha256 of the JSON body: the identity used by caches and the deploy no-op check."""
        import hashlib  # here, not at import: OpenSSL's start-up is a cost synth need not pay

        return hashlib.sha256(self.to_json().encode()).hexdigest()

    def manifest_entry(self) -> dict[str, Any]:
        """How this stack deploys, minus the body (written to ``manifest.json`` by synth)."""
        return {
            "name": self.name,
            "region": self.region,
            "tags": dict(sorted(self.tags.items())),
            "parameters": dict(sorted(self.parameters.items())),
            "inputs": {
                k: {"stack": v.stack, "output": v.output} for k, v in sorted(self.inputs.items())
            },
            "depends_on": sorted(self.depends_on),
            "termination_protection": self.termination_protection,
            "outputs": self.outputs,
            "resources": self.resource_count,
        }
