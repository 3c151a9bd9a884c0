"""The Stack artifact: what every later step (validate, cost, deploy) reads.

A Stack is a troposphere ``Template`` plus what CloudFormation needs besides the body: a stack
name, a region, tags, literal parameter values, parameters fed from other stacks' outputs, and
the stacks it depends on. Serialisation is deterministic (sorted keys, fixed indentation, no
timestamps), so the same options always give the same bytes and a diff means a real change.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from hastack.core.artifact import OutputRef as OutputRef
from hastack.core.regions import default_region, region_problem
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


@dataclass(init=False, eq=False)
class Stack:
    """A synthesized CloudFormation stack and its deploy settings.

    A stack a blueprint built can be *sealed* (:meth:`seal`, done by :meth:`App.add
    <hastack.core.app.App.add>`): it keeps its JSON text, compressed (about a fifth of the
    text, which is about a sixth of the troposphere objects), and drops the objects, which every
    garbage-collection pass would walk again, so an app of many stacks neither grows by a
    template per stack nor slows down as it grows. Reading :attr:`template` again rebuilds it
    from the blueprint (the same options give the same template) and unseals the stack, since
    the caller may change it.
    """

    name: str
    region: str
    tags: dict[str, str]
    parameters: dict[str, str]
    """Literal values for the template's parameters, passed at deploy."""
    inputs: dict[str, OutputRef]
    """Template parameters whose value is another stack's output, resolved at deploy."""
    depends_on: list[str]
    termination_protection: bool
    source: str | None
    """What built it, e.g. the blueprint class name; for messages only."""
    warnings: list[tuple[str, str]]
    """``(stable id, message)`` for valid but risky options (printed by synth)."""
    region_source: str
    """Where ``region`` came from when the code named none (``AWS_REGION``, a profile...)."""

    def __init__(
        self,
        name: str,
        template: Template,
        region: str | None = None,
        tags: dict[str, str] | None = None,
        parameters: dict[str, str] | None = None,
        inputs: dict[str, OutputRef] | None = None,
        depends_on: list[str] | None = None,
        termination_protection: bool = False,
        source: str | None = None,
        warnings: list[tuple[str, str]] | None = None,
        region_source: str = "region=",
        builder: Callable[[], Template] | None = None,
    ) -> None:
        self.name = name
        if region is None:  # the same chain as a blueprint's: --region, AWS_REGION, profile...
            choice = default_region()
            region, region_source = choice.name, choice.source
        self.region = region
        self.tags = tags if tags is not None else {}
        self.parameters = parameters if parameters is not None else {}
        self.inputs = inputs if inputs is not None else {}
        self.depends_on = depends_on if depends_on is not None else []
        self.termination_protection = termination_protection
        self.source = source
        self.warnings = warnings if warnings is not None else []
        self.region_source = region_source
        self._template: Template | None = template
        self._builder = builder
        """Builds the same template again (a blueprint's build); None: the template is the
        caller's object and is never dropped."""
        self._touched = False
        """True once ``template`` was handed out: it may have changed, so it is kept."""
        self._sealed: tuple[list[str], int] | None = None
        """(output names, resource count) of a sealed stack, read without its template."""
        self._packed: bytes | None = None
        """The JSON text of a sealed stack, zlib-compressed (its only copy of the template)."""
        self.__post_init__()

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

    @property
    def template(self) -> Template:
        """The troposphere template, rebuilt when the stack was sealed.

        The caller may change it, so the cached body and JSON are forgotten and the stack is
        never sealed again.
        """
        template = self._built()
        self._touched = True
        self.refresh()
        return template

    def _built(self) -> Template:
        if self._template is None:
            assert self._builder is not None  # only a stack with a builder drops its template
            self._template = self._builder()
            self._sealed = None
            self._packed = None
        return self._template

    def seal(self) -> None:
        """Keep the JSON text and drop the troposphere objects, if they can be built again.

        A no-op for a stack whose template was handed out (it may have changed since) or that
        has no builder (the template is the caller's object).
        """
        if self._template is None or self._builder is None or self._touched:
            return
        self._sealed = (sorted(self._template.outputs), len(self._template.resources))
        self._packed = zlib.compress(self.to_json().encode(), 1)
        self._template = None
        for key in ("_body", "_json"):
            self.__dict__.pop(key, None)

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
        # ``template`` forgets the cached body and JSON: they now carry the new parameter
        return input_parameter(self.template, parameter, ref, type)

    # -- views ----------------------------------------------------------------------------------
    @property
    def body(self) -> dict[str, Any]:
        """The template as plain data (computed once while the template is held).

        troposphere's ``to_dict`` already gives plain dicts, lists and scalars: no JSON round
        trip is needed (it cost a second serialisation of every template). A sealed stack
        parses its text on each call and keeps nothing, so it stays small.
        """
        if self._packed is not None:
            sealed: dict[str, Any] = json.loads(self.to_json())
            return sealed
        cached: dict[str, Any] | None = self.__dict__.get("_body")
        if cached is None:
            cached = self._built().to_dict()
            self.__dict__["_body"] = cached
        return cached

    def refresh(self) -> None:
        """Forget cached serialisations after changing ``template`` by hand.

        A sealed stack keeps its JSON text: it is the only copy of the template it holds.
        """
        if self._template is not None:
            for key in ("_body", "_json"):
                self.__dict__.pop(key, None)

    @property
    def outputs(self) -> list[str]:
        """Read from the troposphere template (or the sealed record): no serialisation."""
        if self._sealed is not None:
            return list(self._sealed[0])
        return sorted(self._built().outputs)

    @property
    def resource_count(self) -> int:
        """Read from the troposphere template: counting needs no serialisation."""
        if self._sealed is not None:
            return self._sealed[1]
        return len(self._built().resources)

    @cached_property
    def _json(self) -> str:
        return json.dumps(self.body, sort_keys=True, indent=2, ensure_ascii=False) + "\n"

    def to_json(self) -> str:
        """The template as synth writes it; a sealed stack unpacks it on each call (about
        0.1 ms for a web app) and keeps nothing."""
        if self._packed is not None:
            return zlib.decompress(self._packed).decode()
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
