"""What the analysis reads: templates with their region and the stack outputs they consume.

A split app passes subnet ids from the network stack to the web stack as parameters, so the web
stack's Auto Scaling group only says ``Ref: PrivateSubnetIds``. To know which AZs it spans, the
analysis follows the parameter back to the producer's output and resolves it there. For app
targets the wiring comes from each Stack's ``inputs``; for template files written by
``hastack synth`` it comes from the ``manifest.json`` beside them (or, failing that, the
``From stack output STACK.OUTPUT`` parameter description synth writes).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hastack.errors import UsageError

FROM_OUTPUT = re.compile(r"From stack output ([A-Za-z][-A-Za-z0-9]*)\.([A-Za-z0-9]+)$")
TEMPLATE_SUFFIX = re.compile(r"\.template\.(json|ya?ml)$")


@dataclass
class AnalysisSource:
    """One template with what the analysis needs around it."""

    name: str
    body: dict[str, Any]
    region: str | None = None
    parameters: dict[str, str] = field(default_factory=dict)
    """Literal parameter values (the stack's, or a manifest's)."""
    inputs: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Parameter → (producer stack name, output name)."""
    path: str | None = None

    @property
    def resources(self) -> dict[str, Any]:
        resources = self.body.get("Resources")
        return resources if isinstance(resources, dict) else {}


def load_sources(
    targets: Any, *, context: Any = None, stacks: Iterable[str] = (), region: str | None = None
) -> list[AnalysisSource]:
    """Turn TARGET strings, Stacks, Apps, Blueprints or template dicts into analysis sources.

    ``region`` applies to templates that carry none (plain files); app stacks keep their own.
    """
    from hastack.core.targets import number_duplicate_names, target_list

    wanted = tuple(stacks)
    sources: list[AnalysisSource] = []
    for target in target_list(targets):
        sources.extend(_load(target, context, wanted))
    if not sources:
        raise UsageError("nothing to analyse: no templates given")
    for source in sources:
        if source.region is None:
            source.region = region
    number_duplicate_names(sources)
    wire_from_descriptions(sources)
    return sources


def _load(target: Any, context: Any, stacks: tuple[str, ...]) -> list[AnalysisSource]:
    from hastack.core.targets import TemplateSource, expand_target

    if isinstance(target, AnalysisSource):
        return [target]
    items = expand_target(target, context, stacks)
    if items is None:
        raise UsageError(
            f"cannot analyse a {type(target).__name__}: give a template file, app file, "
            "Stack, App, Blueprint or template dict"
        )
    sources: list[AnalysisSource] = []
    for item, app_path in items:
        if isinstance(item, TemplateSource):
            sources.append(from_template_file(item))
        elif isinstance(item, dict):
            if not isinstance(item.get("Resources"), dict):
                raise UsageError(
                    "template dict has no Resources section: not a CloudFormation template"
                )
            sources.append(AnalysisSource("template", item))
        else:
            sources.append(from_stack(item, app_path))
    return sources


def from_stack(stack: Any, path: str | None = None) -> AnalysisSource:
    return AnalysisSource(
        name=stack.name,
        body=stack.body,
        region=stack.region,
        parameters={k: str(v) for k, v in stack.parameters.items()},
        inputs={k: (v.stack, v.output) for k, v in stack.inputs.items()},
        path=path,
    )


def from_template_file(source: Any) -> AnalysisSource:
    """A :class:`~hastack.core.targets.TemplateSource`, named and wired by its manifest.json."""
    name = source.stack_name or TEMPLATE_SUFFIX.sub("", source.name)
    result = AnalysisSource(name=name, body=source.body, region=source.region, path=source.path)
    if source.path and source.stack_name is None:
        _apply_manifest(result, Path(source.path))
    return result


def manifest_entry(path: Path) -> dict[str, Any] | None:
    """The entry for template file ``path`` in the manifest.json synth writes beside it."""
    manifest = path.parent / "manifest.json"
    if not manifest.is_file():
        return None
    try:
        data = json.loads(manifest.read_text())
        entries = {e.get("template"): e for e in data.get("stacks", []) if isinstance(e, dict)}
    except (OSError, ValueError, AttributeError):
        return None
    return entries.get(path.name)


def _apply_manifest(source: AnalysisSource, path: Path) -> None:
    """Region, parameters and inputs from the manifest.json synth writes next to templates."""
    entry = manifest_entry(path)
    if entry is None:
        return
    source.name = str(entry.get("name") or source.name)
    if isinstance(entry.get("region"), str):
        source.region = entry["region"]
    params = entry.get("parameters")
    if isinstance(params, dict):
        source.parameters = {str(k): str(v) for k, v in params.items()}
    inputs = entry.get("inputs")
    if isinstance(inputs, dict):
        for param, ref in inputs.items():
            if isinstance(ref, dict) and "stack" in ref and "output" in ref:
                source.inputs[str(param)] = (str(ref["stack"]), str(ref["output"]))


def wire_from_descriptions(sources: list[AnalysisSource]) -> None:
    """Parameters described as ``From stack output S.O`` whose producer S is among the sources."""
    names = {s.name for s in sources}
    for source in sources:
        params = source.body.get("Parameters")
        if not isinstance(params, dict):
            continue
        for param, spec in params.items():
            if param in source.inputs or param in source.parameters or not isinstance(spec, dict):
                continue
            match = FROM_OUTPUT.match(str(spec.get("Description", "")))
            if match and match.group(1) in names:
                source.inputs[param] = (match.group(1), match.group(2))
