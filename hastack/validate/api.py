"""``hastack.validate(...)``: the one entry point the CLI, deploy and users call."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from hastack.core.artifact import StackArtifact
from hastack.core.context import Context
from hastack.core.loader import Targets, load
from hastack.core.regions import region_problem
from hastack.errors import UsageError
from hastack.validate import cache
from hastack.validate.finding import Finding, Report, SourceResult
from hastack.validate.parallel import lint_jobs
from hastack.validate.rules import RULES_DIR

PACK_FOLDER = str(RULES_DIR)


def validate(
    targets: Targets,
    *,
    regions: list[str] | tuple[str, ...] | None = None,
    region: str | None = None,
    strict: bool = False,
    rules_path: str | Path | None = None,
    context: Context | None = None,
    stacks: Iterable[str] = (),
    use_cache: bool = True,
) -> Report:
    """Lint templates with cfn-lint (informational checks included) and the rule pack.

    Each template is checked in its own region: a stack's, the manifest.json's beside
    synthesized files, else ``region`` (the region of templates that carry none, as for every
    command), else the default region. ``regions`` checks every template against those regions
    instead (``--check-region``). ``rules_path`` adds a
    folder of cfn-lint rules. ``strict`` makes warnings block in :meth:`Report.has_blocking`.
    Bad input raises :class:`~hastack.errors.UsageError` before anything is linted.
    """
    sources = load(
        targets,
        context=context,
        stacks=stacks,
        region=region,
        verb="validate",
        unique_names=False,
        well_formed=False,  # cfn-lint reports each format error with its line
    )
    folders = (PACK_FOLDER,) + ((_rules_folder(rules_path),) if rules_path else ())
    extra = folders[1:]
    wanted = [str(r) for r in regions] if regions else None
    if wanted:
        _check_regions(wanted)

    results: list[SourceResult] = []
    misses: list[tuple[int, str, list[str], str]] = []
    for source in sources:
        text = source.source_text()
        source_regions = wanted or [source.region]
        if not wanted and source.region:
            _check_regions(source_regions)
        result = SourceResult(
            name=source.label,
            file=source.origin.path,
            regions=source_regions,
            findings=[],
            stack=source.stack_name,
        )
        key = cache.cache_key(text, source_regions, folders)
        hit = cache.load(key) if use_cache else None
        if hit is not None:
            result.findings = [_with_file(d, source) for d in hit]
            result.cached = True
        else:
            misses.append((len(results), key, source_regions, text))
        results.append(result)

    if misses:
        outputs = lint_jobs([(text, regs, extra) for _, _, regs, text in misses])
        for (index, key, _, _), found in zip(misses, outputs, strict=True):
            if use_cache:
                cache.store(key, found)
            results[index].findings = [_with_file(d, sources[index]) for d in found]
    if len(sources) > 1:
        _pair_failover_records(results, sources)
    return Report(results=results, strict=strict)


def _pair_failover_records(results: list[SourceResult], sources: list[StackArtifact]) -> None:
    """Drop W9141 (PRIMARY without SECONDARY) when the SECONDARY is in another checked template.

    Multi-region apps often put each failover role in its own region's stack; checked together,
    the pair is complete. The rule itself only sees one template.
    """
    secondaries = [
        (index, record)
        for index, source in enumerate(sources)
        for record in _records(source.body)
        if record.get("Failover") == "SECONDARY"
    ]
    for index, result in enumerate(results):
        kept = []
        for finding in result.findings:
            record = _record_at(sources[index].body, finding.path)
            if (
                finding.rule == "W9141"
                and record is not None
                and any(
                    other != index
                    and _same(s.get("Name"), record.get("Name"))
                    and _same(s.get("Type"), record.get("Type"))
                    for other, s in secondaries
                )
            ):
                continue
            kept.append(finding)
        result.findings = kept


def _records(body: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for resource in (body.get("Resources") or {}).values():
        if not isinstance(resource, dict):
            continue
        props = resource.get("Properties")
        if not isinstance(props, dict):
            continue
        if resource.get("Type") == "AWS::Route53::RecordSet":
            found.append(props)
        elif resource.get("Type") == "AWS::Route53::RecordSetGroup":
            found.extend(r for r in props.get("RecordSets") or [] if isinstance(r, dict))
    return found


def _same(a: Any, b: Any) -> bool:
    return json.dumps(a, sort_keys=True, default=str) == json.dumps(b, sort_keys=True, default=str)


def _record_at(body: dict[str, Any], path: list[str | int]) -> dict[str, Any] | None:
    node: Any = body
    for key in path:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            return None
    return node if isinstance(node, dict) else None


def _with_file(data: dict[str, Any], source: StackArtifact) -> Finding:
    return Finding.from_dict({**data, "file": source.file})


def _rules_folder(path: str | Path) -> str:
    folder = Path(path).expanduser()
    if not folder.is_dir():
        raise UsageError(f"--rules {path}: not a folder of cfn-lint rule files")
    if not any(folder.glob("*.py")):
        raise UsageError(f"--rules {path}: contains no .py rule files")
    return str(folder.resolve())


def _check_regions(regions: list[str]) -> None:
    unknown = [r for r in regions if region_problem(r) is not None]
    if unknown:
        raise UsageError(
            f"unknown region {', '.join(unknown)}: use an AWS region name such as us-east-1, "
            "eu-west-1 or ap-southeast-2"
        )
