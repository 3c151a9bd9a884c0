"""Drill results as text (before / actions / after / checks / notes per drill) or JSON."""

from __future__ import annotations

import json

from hastack.drills.model import DrillReport, DrillResult

MARKS = {True: "ok  ", False: "FAIL"}


def result_text(result: DrillResult) -> str:
    where = f" ({result.region})" if result.region else ""
    lines = [
        f"{result.drill}  {result.subject}{where}  {result.status.upper()}  {result.seconds:.2f} s"
    ]
    for label, rows in (
        ("before", result.before),
        ("action", result.actions),
        ("after", result.after),
    ):
        for row in rows:
            lines.append(f"  {label + ':':8} {row}")
    for check in result.checks:
        lines.append(f"  {MARKS[check.ok]}     {check.description}")
    if result.skipped_reason:
        lines.append(f"  skipped: {result.skipped_reason}")
    for note in result.notes:
        lines.append(f"  note:    {note}")
    return "\n".join(lines)


def summary(report: DrillReport) -> str:
    counts = report.counts()
    text = f"{counts['passed']} passed, {counts['failed']} failed, {counts['skipped']} skipped"
    if report.deploy_seconds is not None:
        text += f" (local deploy {report.deploy_seconds:.2f} s)"
    return text


def report_json(report: DrillReport) -> str:
    return json.dumps(report.to_dict(), indent=2, sort_keys=True)
