"""``diagram()`` and ``report()``: what the CLI commands call, usable from Python too."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hastack.analysis.resilience import check_resilience
from hastack.analysis.sources import load_sources
from hastack.analysis.topology import build_model
from hastack.core.context import Context
from hastack.errors import UsageError
from hastack.report.diagram import render_svg, svg_to_png
from hastack.report.page import gather, render_html

DIAGRAM_SUFFIXES = (".svg", ".png")


def diagram(
    targets: Any,
    *,
    lose: str | None = None,
    region: str | None = None,
    context: Context | None = None,
    stacks: tuple[str, ...] = (),
    title: str = "",
) -> str:
    """The SVG diagram of ``targets``; ``lose`` names an AZ (``AZ-2``) or a region to grey out."""
    sources = load_sources(targets, context=context, stacks=stacks, region=region)
    model = build_model(sources)
    report = check_resilience(model) if lose else None
    return render_svg(model, report=report, lose=lose, title=title or _title(sources))


def write_diagram(svg: str, output: str | Path) -> Path:
    """Write ``svg`` to ``output`` as SVG or PNG, by its suffix."""
    path = Path(output)
    suffix = path.suffix.lower()
    if suffix not in DIAGRAM_SUFFIXES:
        raise UsageError(f"-o {output}: write a .svg or a .png file")
    data = svg.encode() if suffix == ".svg" else svg_to_png(svg)
    return _write(path, data)


def report(
    targets: Any,
    output: str | Path,
    *,
    region: str | None = None,
    context: Context | None = None,
    stacks: tuple[str, ...] = (),
    usage: str | None = None,
    drills: tuple[str, ...] = (),
    title: str = "",
    run_validate: bool = True,
) -> Path:
    """Write the one-page HTML report of ``targets`` to ``output``; returns its path."""
    path = Path(output)
    if path.suffix.lower() not in (".html", ".htm"):
        raise UsageError(f"-o {output}: the report is an .html file")
    data = gather(
        targets,
        region=region,
        context=context,
        stacks=stacks,
        usage=usage,
        drills=drills,
        title=title,
        run_validate=run_validate,
    )
    return _write(path, render_html(data).encode())


def _title(sources: list[Any]) -> str:
    apps = sorted({s.app for s in sources if getattr(s, "app", None)})
    return ", ".join(apps) if apps else ", ".join(s.name for s in sources)


def _write(path: Path, data: bytes) -> Path:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as error:
        raise UsageError(f"cannot write {path}: {error.strerror or error}") from error
    return path
