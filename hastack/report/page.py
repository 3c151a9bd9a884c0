"""One self-contained HTML page: diagram, cost, availability, resilience, findings, drills.

The page is built in two steps so each can be tested on its own: :func:`gather` runs the
analyses once and keeps their JSON forms (the same data ``--format json`` prints), and
:func:`render_html` turns that data into markup. Everything is inline (CSS, SVG): the page makes
no network request, so it works offline and can be attached to a review or a pull request.
Structure is for people first: one ``h1``, one ``h2`` per section, tables with header cells,
charts with a title and a description, and their numbers also in a table.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

from hastack.analysis.availability import compose
from hastack.analysis.resilience import check_resilience
from hastack.analysis.sources import load_sources
from hastack.analysis.topology import build_model
from hastack.core.context import Context
from hastack.cost.api import estimate
from hastack.errors import HastackError, UsageError
from hastack.report import charts
from hastack.report.diagram import render_svg
from hastack.validate.api import validate

TIERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Load balancing", ("AWS::ElasticLoadBalancing",)),
    ("Compute", ("AWS::AutoScaling::", "AWS::EC2::Instance", "AWS::EC2::LaunchTemplate")),
    ("Containers and functions", ("AWS::ECS::", "AWS::Lambda::", "AWS::Serverless::")),
    ("Database", ("AWS::RDS::", "AWS::DynamoDB::", "AWS::DocDB::", "AWS::Neptune::")),
    ("Cache", ("AWS::ElastiCache::", "AWS::MemoryDB::")),
    ("Network", ("AWS::EC2::",)),
    ("DNS and CDN", ("AWS::Route53", "AWS::CloudFront::", "AWS::GlobalAccelerator::")),
    ("Monitoring", ("AWS::CloudWatch::", "AWS::Logs::", "AWS::SNS::")),
    ("Storage", ("AWS::S3::", "AWS::EFS::", "AWS::FSx::")),
    ("Security", ("AWS::KMS::", "AWS::SecretsManager::", "AWS::WAFv2::", "AWS::IAM::")),
)
"""Resource types grouped into the tiers the cost chart shows (first match wins)."""


def tier_of(resource_type: str) -> str:
    for tier, prefixes in TIERS:
        if resource_type.startswith(prefixes):
            return tier
    return "Other"


@dataclass
class ReportData:
    """What the page shows, as plain data (each section's JSON, or why it is missing)."""

    title: str
    stacks: list[str]
    diagram_svg: str
    cost: dict[str, Any] | None = None
    availability: dict[str, Any] | None = None
    resilience: dict[str, Any] | None = None
    findings: list[dict[str, Any]] | None = None
    drills: list[dict[str, Any]] = field(default_factory=list)
    missing: dict[str, str] = field(default_factory=dict)
    """Section → why it could not be computed (shown on the page, never hidden)."""

    def cost_by_tier(self) -> list[tuple[str, float]]:
        totals: dict[str, float] = {}
        for res in (self.cost or {}).get("resources", []):
            tier = tier_of(str(res.get("type", "")))
            totals[tier] = totals.get(tier, 0.0) + float(res.get("monthly", 0))
        return sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))

    def usage_components(self) -> list[tuple[str, float]]:
        rows: list[tuple[str, float]] = []
        for res in (self.cost or {}).get("resources", []):
            for comp in res.get("components", []):
                if comp.get("usage_based"):
                    rows.append((f"{res['logical_id']}: {comp['name']}", float(comp["monthly"])))
        return sorted(rows, key=lambda kv: (-kv[1], kv[0]))


def gather(
    targets: Any,
    *,
    region: str | None = None,
    context: Context | None = None,
    stacks: tuple[str, ...] = (),
    usage: str | None = None,
    drills: tuple[str, ...] = (),
    title: str = "",
    run_validate: bool = True,
) -> ReportData:
    """Run every analysis once on the targets and keep the results as data."""
    sources = load_sources(targets, context=context, stacks=stacks, region=region)
    model = build_model(sources)
    resilience = check_resilience(model)
    names = [s.name for s in sources]
    data = ReportData(
        title=title or ", ".join(names),
        stacks=names,
        diagram_svg=render_svg(model, title=title or ", ".join(names)),
        resilience=resilience.to_dict(),
    )
    try:
        data.availability = compose(model).to_dict()
    except HastackError as error:
        data.missing["availability"] = str(error)
    try:
        data.cost = estimate(sources, usage=usage).to_dict()
    except HastackError as error:
        data.missing["cost"] = str(error)
    if run_validate:
        try:
            data.findings = validate(sources).to_list()
        except HastackError as error:
            data.missing["findings"] = str(error)
    for path in drills:
        data.drills.append(_read_drill(path))
    return data


def _read_drill(path: str) -> dict[str, Any]:
    try:
        loaded = json.loads(Path(path).read_text())
    except (OSError, ValueError) as error:
        raise UsageError(f"--drill {path}: not a readable drill result JSON ({error})") from error
    if not isinstance(loaded, dict):
        raise UsageError(f"--drill {path}: a drill result is a JSON object")
    loaded.setdefault("source", path)
    return loaded


CSS = """
body{font-family:Helvetica,Arial,sans-serif;margin:0 auto;max-width:1100px;padding:24px;
color:#1d2330;line-height:1.45}
h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;margin:32px 0 8px;border-bottom:2px solid
#dde3ec;padding-bottom:4px}h3{font-size:16px;margin:18px 0 6px}
table{border-collapse:collapse;margin:8px 0;width:100%;font-size:13px}
th,td{border:1px solid #d5dbe5;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f0f3f8}td.num{text-align:right;font-variant-numeric:tabular-nums}
.figure{font-size:28px;font-weight:bold}.pass{color:#1b5e20}.fail{color:#b71c1c}
.error{color:#b71c1c;font-weight:bold}.warning{color:#a35200}.info{color:#37474f}
.missing{background:#fff4e5;border-left:4px solid #f0a030;padding:6px 10px}
figure{margin:8px 0}figure svg{max-width:100%;height:auto}nav a{margin-right:12px}
@media print{nav{display:none}h2{page-break-after:avoid}figure,table{page-break-inside:avoid}}
"""


def render_html(data: ReportData) -> str:
    """The whole page (deterministic for the same data)."""
    sections = [
        ("architecture", "Architecture", _architecture(data)),
        ("cost", "Cost", _cost(data)),
        ("availability", "Availability", _availability(data)),
        ("resilience", "Resilience", _resilience(data)),
        ("findings", "Validator findings", _findings(data)),
        ("drills", "Drill results", _drills(data)),
    ]
    nav = " ".join(f'<a href="#{key}">{escape(name)}</a>' for key, name, _ in sections)
    body = "\n".join(
        f'<section id="{key}" aria-labelledby="{key}-h"><h2 id="{key}-h">{escape(name)}</h2>'
        f"{content}</section>"
        for key, name, content in sections
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>hastack report: {escape(data.title)}</title><style>{CSS}</style></head>"
        f"<body><header><h1>hastack report: {escape(data.title)}</h1>"
        f"<p>Stacks: {escape(', '.join(data.stacks))}</p>"
        f'<nav aria-label="Sections">{nav}</nav></header><main>{body}</main></body></html>\n'
    )


def _missing(data: ReportData, key: str) -> str:
    why = data.missing.get(key)
    return f'<p class="missing">Not available: {escape(why)}</p>' if why else ""


def _table(headers: list[str], rows: list[list[str]], numeric: set[int] | None = None) -> str:
    numeric = numeric or set()
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in headers)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="num">{cell}</td>' if i in numeric else f"<td>{cell}</td>"
            for i, cell in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _architecture(data: ReportData) -> str:
    return (
        '<figure id="diagram">'
        + data.diagram_svg.replace('<?xml version="1.0" encoding="UTF-8"?>', "")
        + "<figcaption>Regions, AZs and tiers; arrows follow traffic, dashed arrows "
        "replication.</figcaption></figure>"
    )


def _money(value: Any) -> str:
    return f"${float(value):,.2f}"


def _cost(data: ReportData) -> str:
    if data.cost is None:
        return _missing(data, "cost")
    cost = data.cost
    parts = [
        f'<p><span class="figure" id="cost-total">{_money(cost["total_monthly"])}</span> per '
        f"month in {escape(str(cost['region']))} (fixed {_money(cost['total_monthly_fixed'])},"
        f" usage-based {_money(cost['total_monthly_usage'])}; prices of "
        f"{escape(str(cost['catalog_date']))})</p>"
    ]
    tiers = data.cost_by_tier()
    if tiers:
        parts.append(f"<figure>{charts.bar_chart('Monthly cost by tier', tiers)}</figure>")
        parts.append(_table(["Tier", "Monthly"], [[escape(t), _money(v)] for t, v in tiers], {1}))
    usage = data.usage_components()
    if usage:
        parts.append(
            "<figure>"
            + charts.bar_chart("Usage-based charges (from the usage model)", usage[:12])
            + "</figure>"
        )
    rows = [
        [escape(str(r["logical_id"])), escape(str(r["type"])), _money(r["monthly"])]
        for r in sorted(cost["resources"], key=lambda r: (-float(r["monthly"]), r["logical_id"]))
    ]
    parts.append("<h3>Resources</h3>" + _table(["Resource", "Type", "Monthly"], rows, {2}))
    if cost.get("not_priced"):
        rows = [
            [escape(str(n["logical_id"])), escape(str(n["type"])), escape(n.get("reason", ""))]
            for n in cost["not_priced"]
        ]
        parts.append("<h3>Not priced</h3>" + _table(["Resource", "Type", "Why"], rows))
    if cost.get("assumptions"):
        items = "".join(
            f"<li>{escape(str(a.get('resource', '')))}: {escape(str(a.get('message', '')))}</li>"
            for a in cost["assumptions"]
        )
        parts.append(f"<h3>Assumptions</h3><ul>{items}</ul>")
    return "".join(parts)


def _cells(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, (dict, list)):
        return escape(json.dumps(value, sort_keys=True)[:160])
    return escape("" if value is None else str(value))


def _dict_rows(items: list[dict[str, Any]]) -> str:
    """A table of a list of flat records, columns in first-seen order."""
    headers: list[str] = []
    for item in items:
        for key in item:
            if key not in headers and not isinstance(item[key], (dict, list)):
                headers.append(key)
    rows = [[_cells(item.get(h)) for h in headers] for item in items]
    return _table(headers, rows)


def _availability(data: ReportData) -> str:
    if data.availability is None:
        return _missing(data, "availability")
    a = data.availability
    parts = []
    percent = a.get("percent")
    if percent is not None:
        parts.append(
            f'<p><span class="figure" id="availability-figure">{escape(str(percent))}'
            "</span> estimated availability</p>"
        )
    if a.get("downtime_minutes_per_year") is not None:
        minutes = float(a["downtime_minutes_per_year"])
        parts.append(f"<p>Expected downtime: {minutes:,.1f} minutes per year</p>")
    elif a.get("downtime"):
        parts.append(f"<p>Downtime: {escape(str(a['downtime']))}</p>")
    modes = a.get("modes") or a.get("failure_modes")
    if isinstance(modes, list) and modes and all(isinstance(m, dict) for m in modes):
        parts.append("<h3>Failure modes</h3>" + _dict_rows(modes))
    for region in a.get("regions") or []:
        if isinstance(region, dict) and isinstance(region.get("parts"), list):
            label = region.get("label") or region.get("region") or "region"
            parts.append(f"<h3>{escape(str(label))}</h3>" + _dict_rows(region["parts"]))
    if a.get("notes"):
        parts.append("<ul>" + "".join(f"<li>{escape(str(n))}</li>" for n in a["notes"]) + "</ul>")
    return "".join(parts) or "<p>No modelled tiers.</p>"


def _resilience(data: ReportData) -> str:
    if data.resilience is None:
        return _missing(data, "resilience")
    parts = []
    for scenario in data.resilience.get("scenarios", []):
        verdict = "PASS" if scenario.get("passed") else "FAIL"
        css = "pass" if scenario.get("passed") else "fail"
        lost = escape(str(scenario.get("lost")))
        parts.append(f'<h3>Lose {lost}: <span class="{css}">{verdict}</span></h3>')
        rows = [
            [
                f'<span class="{escape(c["status"])}">{escape(c["status"])}</span>',
                escape(c["part"]),
                escape(c["name"]),
                escape(c["detail"]),
            ]
            for c in scenario.get("checks", [])
        ]
        parts.append(_table(["Status", "Part", "Name", "Detail"], rows))
    return "".join(parts) or "<p>No scenarios.</p>"


def _findings(data: ReportData) -> str:
    if data.findings is None:
        return _missing(data, "findings") or "<p>Validation was not run.</p>"
    if not data.findings:
        return '<p class="pass" id="findings-count">0 findings.</p>'
    rows = [
        [
            f'<span class="{escape(f["severity"])}">{escape(f["severity"])}</span>',
            escape(f["rule"]),
            escape(str(f.get("resource") or "")),
            escape(f["message"]),
            escape(f.get("fix") or ""),
        ]
        for f in data.findings
    ]
    return f'<p id="findings-count">{len(rows)} finding(s).</p>' + _table(
        ["Severity", "Rule", "Resource", "Finding", "Fix"], rows
    )


def _drills(data: ReportData) -> str:
    if not data.drills:
        return "<p>No drill results given (<code>hastack report --drill RESULT.json</code>).</p>"
    parts = []
    for drill in data.drills:
        name = escape(str(drill.get("name") or drill.get("kind") or drill.get("source")))
        parts.append(f"<h3>{name}</h3>")
        summary = {k: v for k, v in drill.items() if not isinstance(v, (dict, list))}
        parts.append(
            _table(["Figure", "Value"], [[escape(k), _cells(v)] for k, v in summary.items()])
        )
        series = drill.get("latency")  # hastack drill --traffic: per 100 ms of sending
        if isinstance(series, list) and series and all(isinstance(p, dict) for p in series):
            lines = [
                (label, [(float(p["t"]), float(p[key])) for p in series if "t" in p and key in p])
                for label, key in (("p50", "p50_ms"), ("p99", "p99_ms"))
            ]
            parts.append(
                "<figure>"
                + charts.line_chart("Latency over time", lines, "seconds", "ms")
                + "</figure>"
            )
    return "".join(parts)
