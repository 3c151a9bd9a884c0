"""The one loader: any target to :class:`~hastack.core.artifact.StackArtifact` objects.

A target is an app file (``app.py``), a ``module:attr``, a template file (JSON or YAML), a synth
output folder (its ``manifest.json`` names the stacks, their regions, parameters and wiring, as
``cdk.out`` does for CDK), the ``manifest.json`` itself, or a Python object: a Stack, an App, a
Blueprint, a template dict or an artifact. validate, cost, availability, resilience, diff and
deploy all read their targets here, so they agree on what a target means:

- a template with no ``Resources`` (or an empty one) is refused everywhere, as CloudFormation
  refuses it, and so is one with any other template format error
  (:mod:`hastack.core.template_format`), except by validate, whose cfn-lint reports each with
  its line;
- parameter values are strings the way CloudFormation takes them (:func:`parameter_text`);
- ``region`` is the region of templates that carry none: a plain file or dict, and the
  blueprints of an app file that name no region (as ``hastack synth --region`` places them);
  a stack that names its region and a file described by a manifest keep their own.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from hastack.core.app import App
from hastack.core.app_loader import is_app_target, load_app
from hastack.core.artifact import Origin, OutputRef, StackArtifact
from hastack.core.blueprint import Blueprint
from hastack.core.context import Context
from hastack.core.limits import check_template
from hastack.core.regions import DEFAULT_REGION, check_region, region_chosen
from hastack.core.stack import Stack
from hastack.core.template_file import parse_template_text, read_template_text
from hastack.core.template_format import format_errors
from hastack.errors import TemplateFileError, UsageError

MANIFEST = "manifest.json"
FROM_OUTPUT = re.compile(r"From stack output ([A-Za-z][-A-Za-z0-9]*)\.([A-Za-z0-9]+)$")
TEMPLATE_SUFFIX = re.compile(r"\.template\.(json|ya?ml)$")

Target = str | Path | Stack | App | Blueprint | StackArtifact | dict[str, Any]
"""What a command accepts as one target (see the module docstring)."""
Targets = Target | Iterable[Target]


def load(
    targets: Targets,
    *,
    context: Context | None = None,
    stacks: Iterable[str] = (),
    region: str | None = None,
    verb: str = "load",
    unique_names: bool = True,
    transform: ArtifactTransform | None = None,
    well_formed: bool = True,
) -> list[StackArtifact]:
    """Every artifact ``targets`` stand for, in the order given.

    ``stacks`` selects stacks of an app or a synth folder (unknown names are errors).
    ``region`` applies to templates that carry none. With ``unique_names`` the second and later
    artifacts of one name become ``name#2``, ``name#3``... (the deploy refuses them instead).
    ``verb`` names the command in errors ("nothing to validate").
    ``transform`` is applied to each artifact once loaded: readers pass
    :func:`hastack.template.transforms.expand_artifact` to see templates as CloudFormation runs
    them (``Fn::ForEach`` and SAM expanded); deploy passes nothing and sends them as written.
    ``well_formed`` refuses a template CloudFormation would refuse as malformed
    (:func:`check_well_formed`, after ``transform``); validate turns it off to report each
    defect as a finding.
    """
    wanted = tuple(stacks)
    if region is not None:
        check_region(region, "--region")
    artifacts: list[StackArtifact] = []
    seen_files: set[Path] = set()
    for target in target_list(targets):
        for artifact in _load_one(target, context, wanted, verb, region):
            if artifact.origin.kind == "file" and artifact.origin.path:
                resolved = Path(artifact.origin.path).resolve()
                if resolved in seen_files:  # out/*.json and out/manifest.json name it twice
                    continue
                seen_files.add(resolved)
            artifacts.append(artifact)
    if not artifacts:
        raise UsageError(f"nothing to {verb}: no template or stack given")
    if transform is not None:
        # a reader's transform works on its own copies: an artifact given as a target (the
        # deploy gate's, the pytest plugin's) is still sent as written afterwards
        artifacts = [_own_copy(artifact) for artifact in artifacts]
        for artifact in artifacts:
            transform(artifact)
    if well_formed:
        for artifact in artifacts:
            check_well_formed(artifact)
    if unique_names:
        number_duplicate_names(artifacts)
    wire_from_descriptions(artifacts)
    return artifacts


def _own_copy(artifact: StackArtifact) -> StackArtifact:
    """A copy whose ``body`` a transform may rebind (the expansion builds a new dict; it never
    edits the one it is given) and whose notes are its own."""
    return dataclasses.replace(artifact, transform_notes=list(artifact.transform_notes))


ArtifactTransform = Callable[[StackArtifact], object]
"""The template layer's transforms: they give an artifact a new body (rebinding
``artifact.body``; the dict they were given is not edited). What they return (the expansion's
notes) is not the loader's to use."""


def check_well_formed(artifact: StackArtifact) -> None:
    """Refuse ``artifact`` with every template format error CloudFormation would give it.

    A template whose transforms could not be fully expanded is not judged: what is missing from
    the partial expansion (a loop left out) would read as errors AWS never sees."""
    if artifact.transform_notes:
        return
    errors = format_errors(artifact.body) + [
        message
        for level, message in check_template(artifact.name, artifact.body)
        if level == "error"
    ]
    if errors:
        where = artifact.origin.path or artifact.name
        listed = "\n".join(f"  - {error}" for error in errors)
        raise TemplateFileError(
            f"{where}: CloudFormation would refuse this template "
            f"({len(errors)} format error{'s' if len(errors) > 1 else ''}; "
            f"hastack validate shows each with its line):\n{listed}"
        )


def target_list(targets: Any) -> list[Any]:
    """One target or several as a list (a str, Path, template dict or object is one target)."""
    if isinstance(targets, (str, Path, dict, App)) or not isinstance(targets, Iterable):
        return [targets]
    return list(targets)


def _load_one(
    target: Any, context: Context | None, stacks: tuple[str, ...], verb: str, region: str | None
) -> list[StackArtifact]:
    if isinstance(target, Path):
        target = str(target)
    if isinstance(target, str):
        if is_app_target(target):
            with region_chosen(region, "--region"):  # blueprints that name no region
                app = load_app(target, context)
            return [from_stack(s, Origin("app", target), app.name) for s in app.select(stacks)]
        path = Path(target)
        if path.is_dir() or path.name == MANIFEST:
            return load_synth_folder(path if path.is_dir() else path.parent, stacks, region)
        return [load_template(path, region)]
    if isinstance(target, StackArtifact):
        return [target]
    if isinstance(target, Stack):
        return [from_stack(target)]
    if isinstance(target, App):
        return [from_stack(s, app=target.name) for s in target.select(stacks)]
    if isinstance(target, Blueprint):
        return [from_stack(target.synth())]
    if isinstance(target, dict):
        return [from_dict(target, region=region)]
    raise UsageError(
        f"cannot {verb} a {type(target).__name__}: give a template file, a synth output folder, "
        "an app file, a Stack, an App, a Blueprint or a template dict"
    )


def from_stack(stack: Stack, origin: Origin | None = None, app: str | None = None) -> StackArtifact:
    """The artifact of a built :class:`~hastack.core.stack.Stack`."""
    return StackArtifact(
        name=stack.name,
        body=stack.body,
        region=stack.region,
        parameters=dict(stack.parameters),
        inputs=dict(stack.inputs),
        depends_on=list(stack.depends_on),
        tags=dict(stack.tags),
        termination_protection=stack.termination_protection,
        text=stack.to_json(),
        origin=origin or Origin("stack"),
        app=app,
    )


def from_dict(
    body: dict[str, Any], name: str = "template", region: str | None = None
) -> StackArtifact:
    """A template given as data; refused without Resources, as a template file would be."""
    resources = body.get("Resources")
    if not isinstance(resources, dict) or not resources:
        raise UsageError(
            "template dict has no Resources section, so it is not a CloudFormation template"
        )
    return StackArtifact(
        name=name,
        body=body,
        region=region or DEFAULT_REGION,
        region_assumed=region is None,
        origin=Origin("dict"),
    )


def load_template(path: Path, region: str | None = None) -> StackArtifact:
    """A template file, named, placed and wired by the manifest.json beside it when there is one."""
    text = read_template_text(path)
    body = parse_template_text(text, str(path))
    artifact = StackArtifact(
        name=TEMPLATE_SUFFIX.sub("", path.name),
        body=body,
        region=region or DEFAULT_REGION,
        region_assumed=region is None,
        text=text,
        origin=Origin("file", str(path)),
    )
    entry = manifest_entry(path)
    if entry is not None:
        _apply_manifest(artifact, entry)
    return artifact


def load_synth_folder(
    folder: Path, stacks: tuple[str, ...] = (), region: str | None = None
) -> list[StackArtifact]:
    """The stacks of a ``hastack synth`` output folder, in the manifest's (deploy) order."""
    manifest = folder / MANIFEST
    if not manifest.is_file():
        raise UsageError(
            f"{folder}: is a folder without {MANIFEST}, so not a synth output folder "
            "(give its template files, or run hastack synth -o into it)"
        )
    entries = _manifest_entries(manifest)
    names = [str(e.get("name")) for e in entries]
    for name in stacks:
        if name not in names:
            raise UsageError(
                f"--stack {name}: {folder} has no such stack; it has: {', '.join(names)}"
            )
    artifacts = []
    for entry in entries:
        if stacks and entry.get("name") not in stacks:
            continue
        template = entry.get("template")
        if not isinstance(template, str):
            raise UsageError(f"{manifest}: stack {entry.get('name')!r} names no template file")
        artifacts.append(load_template(folder / template, region))
    return artifacts


def _manifest_entries(manifest: Path) -> list[dict[str, Any]]:
    try:
        data = json.loads(manifest.read_text())
    except (OSError, ValueError) as error:
        raise UsageError(f"{manifest}: cannot be read as a synth manifest ({error})") from None
    entries = data.get("stacks") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise UsageError(f"{manifest}: has no list of stacks, so it is not a synth manifest")
    return [e for e in entries if isinstance(e, dict)]


def manifest_entry(path: Path) -> dict[str, Any] | None:
    """The entry for template file ``path`` in the manifest.json synth writes beside it."""
    manifest = path.parent / MANIFEST
    if not manifest.is_file():
        return None
    try:
        entries = {e.get("template"): e for e in _manifest_entries(manifest)}
    except UsageError:
        return None
    return entries.get(path.name)


def _apply_manifest(artifact: StackArtifact, entry: dict[str, Any]) -> None:
    """Name, region, parameters, inputs and deploy settings from a manifest entry."""
    artifact.name = str(entry.get("name") or artifact.name)
    if isinstance(entry.get("region"), str):
        artifact.region = entry["region"]
        artifact.region_assumed = False
    params = entry.get("parameters")
    if isinstance(params, dict):
        artifact.parameters = {str(k): str(v) for k, v in params.items()}
    inputs = entry.get("inputs")
    if isinstance(inputs, dict):
        for param, ref in inputs.items():
            if isinstance(ref, dict) and "stack" in ref and "output" in ref:
                artifact.inputs[str(param)] = OutputRef(str(ref["stack"]), str(ref["output"]))
    depends = entry.get("depends_on")
    if isinstance(depends, list):
        artifact.depends_on = [str(d) for d in depends]
    for ref in artifact.inputs.values():
        if ref.stack not in artifact.depends_on:
            artifact.depends_on.append(ref.stack)
    tags = entry.get("tags")
    if isinstance(tags, dict):
        artifact.tags = {str(k): str(v) for k, v in tags.items()}
    artifact.termination_protection = bool(entry.get("termination_protection", False))


def number_duplicate_names(artifacts: Iterable[StackArtifact]) -> None:
    """Rename the second and later artifacts of one name to ``name#2``, ``name#3``..."""
    seen: dict[str, int] = {}
    for artifact in artifacts:
        if artifact.name in seen:
            seen[artifact.name] += 1
            artifact.name = f"{artifact.name}#{seen[artifact.name]}"
        else:
            seen[artifact.name] = 1


def wire_from_descriptions(artifacts: list[StackArtifact]) -> None:
    """Parameters described as ``From stack output S.O`` whose producer S is among the artifacts.

    ``hastack synth`` writes that description on every parameter a stack consumes, so two
    template files copied without their manifest are still wired together.
    """
    names = {a.name for a in artifacts}
    for artifact in artifacts:
        for param, spec in artifact.declared_parameters.items():
            if (
                param in artifact.inputs
                or param in artifact.parameters
                or not isinstance(spec, dict)
            ):
                continue
            match = FROM_OUTPUT.match(str(spec.get("Description", "")))
            if match and match.group(1) in names:
                artifact.inputs[param] = OutputRef(match.group(1), match.group(2))
                if match.group(1) not in artifact.depends_on:
                    artifact.depends_on.append(match.group(1))
