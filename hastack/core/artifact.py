"""The stack artifact: one template with a name, a region and how it deploys.

Every command after synth (validate, cost, availability, resilience, diff, deploy) reads
:class:`StackArtifact` objects and nothing else, whether they came from an app file, a
``module:attr``, a template file, a synth output folder or a Python object: see
:mod:`hastack.core.loader`. A :class:`~hastack.core.stack.Stack` is the builder (a troposphere
``Template`` that can still change); its artifact is what the later steps read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, NamedTuple

from hastack.core.records import Record
from hastack.core.regions import DEFAULT_REGION

TemplateBody = dict[str, Any]
OriginKind = Literal["app", "stack", "file", "dict"]


class OutputRef(NamedTuple):
    """A reference to another stack's output, resolved at deploy time.

    The consumer receives the value as a CloudFormation parameter, not through
    Export/ImportValue, so a producer's output can change without the deadlock that an export
    in use causes. A tuple, so ``stack, output = ref`` reads it.
    """

    stack: str
    output: str

    def __str__(self) -> str:
        return f"{self.stack}.{self.output}"


@dataclass(frozen=True, eq=False, repr=False)
class Origin(Record):
    """Where an artifact was read from, for messages and for the file a finding names."""

    kind: OriginKind = "stack"
    """``app``: an app file or ``module:attr``; ``stack``: a Stack, App or Blueprint object;
    ``file``: a template file; ``dict``: a template given as data."""
    path: str | None = None
    """The app target or the template file."""


def parameter_text(value: Any) -> str:
    """A parameter value as CloudFormation receives it: ``true``/``false``, lists comma-joined.

    CloudFormation parameter values are strings; ``str(True)`` would give ``True``, which an
    ``AllowedValues: [true, false]`` parameter refuses.
    """
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (list, tuple)):
        return ",".join(parameter_text(v) for v in value)
    return str(value)


def render_json(body: TemplateBody) -> str:
    """The one JSON text of a template body: sorted keys, two-space indent, trailing newline."""
    return json.dumps(body, sort_keys=True, indent=2, ensure_ascii=False, default=str) + "\n"


@dataclass(eq=False)
class StackArtifact:
    """One template and what CloudFormation needs besides the body.

    ``region`` is the stack's own or its manifest's; for a template that carries none (a plain
    file or dict) it is the loader's ``region`` (``--region``), else :data:`DEFAULT_REGION`.
    ``parameters`` are literal values (strings, as CloudFormation takes them); ``inputs`` are
    parameters fed by another stack's output at deploy.
    """

    name: str
    body: TemplateBody
    region: str = DEFAULT_REGION
    parameters: dict[str, str] = field(default_factory=dict)
    inputs: dict[str, OutputRef] = field(default_factory=dict)
    depends_on: list[str] = field(default_factory=list)
    tags: dict[str, str] = field(default_factory=dict)
    termination_protection: bool = False
    text: str | None = None
    """The text the body was read from (keeps line numbers); None: :func:`render_json`."""
    origin: Origin = field(default_factory=Origin)
    region_assumed: bool = False
    """True when the template carries no region and none was given: ``region`` is the default.
    The analysis then infers the region from explicit AZ names instead."""
    app: str | None = None
    """The app the stack belongs to (tagged on the stack at deploy; its own name when None)."""
    transform_notes: list[str] = field(default_factory=list)
    """What expanding the template's transforms left out (a loop whose collection is not known
    before deploy, a SAM type not expanded): the body is then only part of what AWS would run,
    and every reader says so."""

    def __post_init__(self) -> None:
        self.parameters = {str(k): parameter_text(v) for k, v in self.parameters.items()}
        self.inputs = {str(k): OutputRef(*ref) for k, ref in self.inputs.items()}
        for ref in self.inputs.values():
            if ref.stack not in self.depends_on:
                self.depends_on.append(ref.stack)

    @property
    def resources(self) -> dict[str, Any]:
        resources = self.body.get("Resources")
        return resources if isinstance(resources, dict) else {}

    @property
    def declared_parameters(self) -> dict[str, Any]:
        declared = self.body.get("Parameters")
        return declared if isinstance(declared, dict) else {}

    @property
    def outputs(self) -> list[str]:
        declared = self.body.get("Outputs")
        return sorted(declared) if isinstance(declared, dict) else []

    def source_text(self) -> str:
        """The template as text: as read from its file, else rendered as synth writes it."""
        if self.text is None:
            self.text = render_json(self.body)
        return self.text

    @property
    def label(self) -> str:
        """How messages name it: the file name for a template file, else the stack name."""
        if self.origin.kind == "file" and self.origin.path:
            return Path(self.origin.path).name
        return self.name

    @property
    def stack_name(self) -> str | None:
        """The stack name when it comes from an app or a Stack object; None for a template."""
        return self.name if self.origin.kind in ("app", "stack") else None

    @property
    def file(self) -> str:
        """Where a finding points: the template file, ``app.py#stack``, or the name."""
        path = self.origin.path
        if not path:
            return self.label
        if self.origin.kind == "file":
            return path
        return f"{path}#{self.name}"

    def stack_tags(self) -> list[dict[str, str]]:
        """Tags for the stack (CloudFormation copies them onto every resource that takes tags)."""
        tags = {TAG_APP: self.app or self.name, TAG_STACK: self.name, **self.tags}
        return [{"Key": k, "Value": str(v)} for k, v in sorted(tags.items())]


TAG_APP = "hastack:app"
TAG_STACK = "hastack:stack"
