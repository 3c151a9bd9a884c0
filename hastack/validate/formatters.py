"""Text and JSON renderings of a :class:`~hastack.validate.finding.Report`."""

from __future__ import annotations

import json
from collections.abc import Callable
from enum import StrEnum

import click

from hastack.validate.ci_formats import render_junit, render_sarif
from hastack.validate.finding import Finding, Report

COLOURS = {"error": "red", "warning": "yellow", "info": "blue"}
RANK = {"error": 0, "warning": 1, "info": 2}
TEMPLATE_LEVEL = "(template)"


def render_json(report: Report) -> str:
    """A JSON list of findings: rule, severity, resource, path, message, fix, file."""
    return json.dumps(report.to_list(), indent=2) + "\n"


def render_text(report: Report) -> str:
    """Findings grouped by template (stack) then resource; colour is stripped off a terminal."""
    lines: list[str] = []
    for result in report.results:
        if not result.findings:
            continue
        title = result.stack or result.name
        where = result.file if result.file and result.file != title else None
        header = click.style(title, bold=True)
        extra = ", ".join(x for x in [where, "/".join(result.regions)] if x)
        lines.append(f"{header} ({extra})")
        groups: dict[str, list[Finding]] = {}
        for finding in result.findings:
            groups.setdefault(finding.resource or TEMPLATE_LEVEL, []).append(finding)
        for resource, findings in groups.items():
            lines.append(f"  {click.style(resource, bold=True)}")
            for f in sorted(findings, key=lambda f: (RANK[f.severity], f.line or 0)):
                severity = click.style(f"{f.severity:<7}", fg=COLOURS[f.severity], bold=True)
                location = f.path_string or "-"
                if f.line:
                    location += f":{f.line}"
                lines.append(f"    {severity} {f.rule}  {location}")
                lines.append(f"            {f.message}")
                if f.fix:
                    lines.append(click.style(f"            fix: {f.fix}", dim=True))
        lines.append("")
    return "\n".join(lines) + "\n" if lines else ""


class OutputFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    SARIF = "sarif"
    JUNIT = "junit"

    def renderer(self) -> Callable[[Report], str]:
        return {
            OutputFormat.TEXT: render_text,
            OutputFormat.JSON: render_json,
            OutputFormat.SARIF: render_sarif,
            OutputFormat.JUNIT: render_junit,
        }[self]
