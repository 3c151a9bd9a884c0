"""``hastack.validate(...)``: the one entry point the CLI, deploy and users call."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from hastack.core.context import Context
from hastack.core.regions import DEFAULT_REGION
from hastack.core.targets import TemplateSource
from hastack.errors import UsageError
from hastack.validate import cache
from hastack.validate.finding import Finding, Report, SourceResult
from hastack.validate.rules import RULES_DIR

PACK_FOLDER = str(RULES_DIR)

Target = Any
"""A TARGET string (template file, app file, module:attr), a TemplateSource, a Stack, an App,
a Blueprint or a template dict."""


def validate(
    targets: Target | Iterable[Target],
    *,
    regions: list[str] | tuple[str, ...] | None = None,
    strict: bool = False,
    rules_path: str | Path | None = None,
    context: Context | None = None,
    stacks: Iterable[str] = (),
    use_cache: bool = True,
) -> Report:
    """Lint templates with cfn-lint (informational checks included) and the rule pack.

    ``regions`` overrides each template's own region (a stack's region, also read from the
    manifest.json beside synthesized files; us-east-1 for a plain file). ``rules_path`` adds a
    folder of cfn-lint rules. ``strict`` makes warnings block in :meth:`Report.has_blocking`.
    Bad input raises :class:`~hastack.errors.UsageError` before anything is linted.
    """
    sources = _sources(targets, context, tuple(stacks))
    folders = (PACK_FOLDER,) + ((_rules_folder(rules_path),) if rules_path else ())
    extra = folders[1:]
    wanted = [str(r) for r in regions] if regions else None
    if wanted:
        _check_regions(wanted)

    results: list[SourceResult] = []
    misses: list[tuple[int, str, list[str], str]] = []
    for source in sources:
        text = source.text if source.text is not None else _json_text(source.body)
        source_regions = wanted or [source.region or DEFAULT_REGION]
        if not wanted and source.region:
            _check_regions(source_regions)
        result = SourceResult(
            name=source.name,
            file=source.path,
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
        from hastack.validate.parallel import lint_jobs

        outputs = lint_jobs([(text, regs, extra) for _, _, regs, text in misses])
        for (index, key, _, _), found in zip(misses, outputs, strict=True):
            if use_cache:
                cache.store(key, found)
            results[index].findings = [_with_file(d, sources[index]) for d in found]
    if len(sources) > 1:
        _pair_failover_records(results, sources)
    return Report(results=results, strict=strict)


def _pair_failover_records(results: list[SourceResult], sources: list[TemplateSource]) -> None:
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


def _sources(
    targets: Any, context: Context | None, stacks: tuple[str, ...]
) -> list[TemplateSource]:
    from hastack.core.targets import expand_target, target_list

    sources: list[TemplateSource] = []
    for target in target_list(targets):
        items = expand_target(target, context, stacks)
        if items is None:
            raise UsageError(
                f"cannot validate a {type(target).__name__}: give a template file, an app, "
                "a Stack, a Blueprint or a template dict"
            )
        sources.extend(_template_source(item, app_path) for item, app_path in items)
    if not sources:
        raise UsageError("nothing to validate: no template or stack given")
    return sources


def _template_source(item: Any, app_path: str | None) -> TemplateSource:
    """A TemplateSource as is; a template dict or Stack with its JSON text (for line numbers)."""
    if isinstance(item, TemplateSource):
        return _with_manifest_region(item)
    if isinstance(item, dict):
        if not isinstance(item.get("Resources"), dict) or not item["Resources"]:
            raise UsageError("template dict has no Resources section")
        return TemplateSource(name="template", body=item, text=_json_text(item))
    return TemplateSource(
        name=item.name,
        body=item.body,
        path=app_path,
        region=item.region,
        text=item.to_json(),
        stack_name=item.name,
    )


def _with_manifest_region(source: TemplateSource) -> TemplateSource:
    """A file ``hastack synth`` wrote is checked in its stack's region, from manifest.json."""
    if source.path is None or source.region is not None or source.stack_name is not None:
        return source
    from hastack.analysis.sources import manifest_entry

    entry = manifest_entry(Path(source.path))
    region = entry.get("region") if entry is not None else None
    return replace(source, region=region) if isinstance(region, str) else source


def _json_text(body: dict[str, Any]) -> str:
    return json.dumps(body, indent=2, sort_keys=True, default=str) + "\n"


def _with_file(data: dict[str, Any], source: TemplateSource) -> Finding:
    if not source.path:
        file = source.name
    elif source.stack_name is None:
        file = source.path
    else:
        file = f"{source.path}#{source.name}"
    return Finding.from_dict({**data, "file": file})


def _rules_folder(path: str | Path) -> str:
    folder = Path(path).expanduser()
    if not folder.is_dir():
        raise UsageError(f"--rules {path}: not a folder of cfn-lint rule files")
    if not any(folder.glob("*.py")):
        raise UsageError(f"--rules {path}: contains no .py rule files")
    return str(folder.resolve())


def _check_regions(regions: list[str]) -> None:
    from hastack.core.regions import KNOWN_REGIONS

    unknown = [r for r in regions if r not in KNOWN_REGIONS]
    if unknown:
        raise UsageError(
            f"unknown region {', '.join(unknown)}: use an AWS region name such as us-east-1, "
            "eu-west-1 or ap-southeast-2"
        )
