"""``hastack synth`` itself, without click: write an app's templates and say how big each is.

The click command (:mod:`hastack.cli.synth`) parses the arguments and calls :func:`run`; so
does :mod:`hastack.cli.fastpath`, which parses the common invocations itself so that synth,
the command run on every change, does not load click.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hastack.cli.console import fail, info, out, warn
from hastack.cli.exit_codes import ExitCode
from hastack.core.app_loader import is_app_target, load_app
from hastack.core.artifact import render_json
from hastack.core.context import Context
from hastack.core.limits import check_stack_size, check_template
from hastack.core.loader import load_template
from hastack.core.regions import choose_region
from hastack.errors import UsageError


def run(
    app_target: str,
    *,
    output_dir: str,
    fmt: str,
    region: str | None,
    stack_names: tuple[str, ...],
    context_pairs: tuple[str, ...],
    env_name: str | None,
) -> int:
    """Synthesize ``app_target`` (an app, or a template file) into ``output_dir``."""
    if region:
        choose_region(region, "--region")
    if not is_app_target(app_target):
        return _synth_template(app_target, output_dir, fmt)
    app = load_app(app_target, Context.from_pairs(context_pairs, env_name))
    stacks = app.select(stack_names)
    if not stacks:
        raise UsageError(
            f"{app_target}: app {app.name} defines no stacks: add a blueprint's stacks "
            "(app.extend(blueprint.stacks())) or a Stack (app.add(...))"
        )
    if output_dir == "-":
        return _to_stdout(stacks, fmt)
    written = (
        app.synth(output_dir, fmt)
        if not stack_names
        else [s.write(output_dir, fmt) for s in stacks]
    )
    status = ExitCode.OK
    for stack, path in zip(stacks, written, strict=True):
        size = path.stat().st_size
        out(f"{path}  {size:,} bytes  {stack.resource_count} resources  ({stack.region})")
        for warning_id, message in stack.warnings:
            warn(f"{stack.name}: {message} [{warning_id}]")
        for level, message in check_stack_size(stack.name, size, stack.resource_count):
            if level == "error":
                fail(message)
                status = ExitCode.FAIL
            else:
                warn(message)
    out(f"{len(written)} template(s) in {Path(output_dir)}")
    sources = sorted({_region_source(s) for s in stacks} - {""})
    if sources:
        info("region: " + "; ".join(sources))
    return status


def _synth_template(path: str, output_dir: str, fmt: str) -> int:
    """A template file is read as a template (never imported): written out and checked."""
    artifact = load_template(Path(path))
    folder = Path(output_dir)
    folder.mkdir(parents=True, exist_ok=True)
    stem = Path(path).name
    for suffix in (
        ".template.json",
        ".template.yaml",
        ".template.yml",
        ".template",
        ".json",
        ".yaml",
        ".yml",
    ):
        stem = stem.removesuffix(suffix) if stem.endswith(suffix) else stem
    written = folder / f"{stem}.{fmt}"
    if fmt == "yaml":
        import yaml

        written.write_text(yaml.safe_dump(dict(artifact.body), sort_keys=True))
    else:
        written.write_text(render_json(artifact.body))
    size = written.stat().st_size
    out(f"{written}  {size:,} bytes  {len(artifact.resources)} resources  (template file)")
    status = ExitCode.OK
    for level, message in check_template(artifact.name, artifact.body, size=size):
        if level == "error":
            fail(message)
            status = ExitCode.FAIL
        else:
            warn(message)
    out(f"1 template(s) in {folder}")
    return status


def _region_source(stack: Any) -> str:
    """``us-east-1 from AWS_REGION``: where a blueprint that named no region got its region."""
    source = getattr(stack, "region_source", "region=")
    return "" if source == "region=" else f"{stack.region} from {source}"


def _to_stdout(stacks: list[Any], fmt: str) -> int:
    """``synth -o -``: the one selected template on stdout, nothing else there."""
    if len(stacks) != 1:
        names = ", ".join(s.name for s in stacks)
        raise UsageError(
            f"-o - writes one template; this app has {len(stacks)} ({names}): "
            "choose one with --stack NAME"
        )
    stack = stacks[0]
    out(stack.to_yaml() if fmt == "yaml" else stack.to_json(), nl=False)
    for warning_id, message in stack.warnings:
        warn(f"{stack.name}: {message} [{warning_id}]")
    return ExitCode.OK
