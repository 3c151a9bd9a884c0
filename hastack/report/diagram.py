"""An architecture diagram that shows failure domains: regions, AZ columns, tiers in rows.

Architects review a highly available design as a picture of what sits in each AZ and what dies
with it. The diagram is drawn from the same topology the availability and resilience analyses
read (:func:`hastack.analysis.topology.build_model`, itself on the shared template model), so
the picture cannot disagree with the figures.

Layout: one box per region, one column per AZ (plus a column for parts whose AZ the template
does not say), one row per tier: load balancing, NAT, compute (instances per AZ: an Auto
Scaling group spreads its instances evenly over its AZs), data (writer, readers, standby), and
the serving types the model lists but does not place. DNS records, health checks and the
CloudFront distributions viewers go through sit above the regions because they are global.
Arrows follow traffic (DNS → distribution → its origins' load balancers, the failover origin's
dashed; DNS → load balancer for the names Route 53 sends there; load balancer → fleet →
database writer) and replication (writer → readers, global primary → secondary region). A
distribution the site's records go around is not drawn: viewers do not pass through it (the
analyses leave it out too).

The layout is computed here rather than by a graph layout engine: the picture is a grid of
failure domains, not a graph, and a grid of our own is deterministic (same template, same
bytes) and needs no system package. ``--lose`` greys out what a scenario of the resilience
analysis loses and marks what fails over, with that scenario's checks printed under the
diagram.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from hastack.analysis.resilience import ResilienceReport, Scenario
from hastack.analysis.topology import Cdn, Database, Fleet, Model, RegionModel
from hastack.errors import UsageError

FONT = "Helvetica, Arial, sans-serif"
COL_W = 190
ROW_H = 74
LABEL_W = 110
MARGIN = 20
REGION_GAP = 30
HEADER_H = 34
TOP_BAND_H = 86
CHECK_LINE_H = 16

ROW_ORDER = ("Load balancing", "Compute", "Data", "NAT", "Other")

COLORS = {
    "lb": ("#e8f1fb", "#2f6db5"),
    "nat": ("#f3f0fa", "#6a4fb0"),
    "fleet": ("#eaf6ec", "#2e7d32"),
    "writer": ("#fdf0e6", "#c05a00"),
    "reader": ("#fff8e6", "#a37800"),
    "replica": ("#fff8e6", "#a37800"),
    "other": ("#f2f2f2", "#616161"),
    "dns": ("#eef7f7", "#00796b"),
    "cdn": ("#fdf3f8", "#ad1457"),
}
LOST_FILL = "#d9d9d9"
FAILOVER_STROKE = "#d84315"


@dataclass
class Box:
    """One drawn part: where, what, and how a scenario affects it."""

    x: float
    y: float
    w: float
    h: float
    kind: str
    title: str
    subtitle: str = ""
    lost: bool = False
    promoted: bool = False
    ident: str = ""


@dataclass
class Arrow:
    """A line from its first point to its last, with a head at the end."""

    points: list[tuple[float, float]]
    dashed: bool = False
    label: str = ""

    @classmethod
    def straight(cls, x1: float, y1: float, x2: float, y2: float) -> Arrow:
        return cls([(x1, y1), (x2, y2)])


@dataclass
class Canvas:
    width: float = 0
    height: float = 0
    parts: list[str] = field(default_factory=list)


def _text_width(text: str, size: float = 12) -> float:
    return len(text) * size * 0.56


def _fit(text: str, width: float, size: float = 12) -> str:
    """``text`` shortened with an ellipsis to fit ``width`` pixels."""
    if _text_width(text, size) <= width:
        return text
    keep = max(1, int(width / (size * 0.56)) - 1)
    return text[:keep] + "…"


def _az_columns(region: RegionModel) -> list[str]:
    names = [az.name for az in region.azs()]
    if _has_unplaced(region):
        names.append("AZ not known")
    return names or ["AZ not known"]


def _has_unplaced(region: RegionModel) -> bool:
    if any(not f.placement.azs for f in region.fleets):
        return True
    if any(not lb.placement.azs for lb in region.load_balancers):
        return True
    if any(m.az is None for db in region.databases for m in db.members):
        return True
    return any(n.az is None for n in region.nats)


def _rows(model: Model) -> list[str]:
    """The tiers any region has something in (load balancing, compute and data always)."""
    rows = ["Load balancing", "Compute", "Data"]
    if any(r.nats for r in model.regions):
        rows.append("NAT")
    if any(r.unmodelled for r in model.regions):
        rows.append("Other")
    return [name for name in ROW_ORDER if name in rows]


def _per_az(fleet: Fleet) -> dict[str, int | None]:
    """Instances per AZ: min size spread evenly, the first AZs taking the remainder (AWS's
    Auto Scaling balances a group's instances across its AZs)."""
    names = [az.name for az in fleet.placement.azs] or ["AZ not known"]
    running = fleet.running
    if running is None:
        return dict.fromkeys(names)
    base, extra = divmod(running, len(names))
    return {name: base + (1 if i < extra else 0) for i, name in enumerate(names)}


def _scenario(report: ResilienceReport | None, lose: str | None) -> Scenario | None:
    if lose is None or report is None:
        return None
    wanted = lose.strip().lower()
    for scenario in report.scenarios:
        if scenario.lost.lower() == wanted:
            return scenario
    choices = ", ".join(s.lost for s in report.scenarios) or "none"
    raise UsageError(f"--lose {lose!r}: no such AZ or region in this app (choose from {choices})")


def _promoted_members(scenario: Scenario | None) -> set[str]:
    """What the scenario's database checks say their failover makes the writer."""
    if scenario is None:
        return set()
    return {c.promotes for c in scenario.checks if c.part == "database" and c.promotes}


def build_boxes(
    model: Model, scenario: Scenario | None
) -> tuple[
    list[Box], list[Arrow], list[tuple[float, float, float, float, str, bool]], float, float
]:
    """Boxes, arrows and region frames (x, y, w, h, label, lost) of the whole picture."""
    boxes: list[Box] = []
    arrows: list[Arrow] = []
    frames: list[tuple[float, float, float, float, str, bool]] = []
    lost_region = scenario.lost if scenario and scenario.kind == "region" else None
    lost_az = scenario.lost if scenario and scenario.kind == "az" else None
    lost_az_region = scenario.region if scenario and scenario.kind == "az" else None
    promoted = _promoted_members(scenario)

    rows = _rows(model)
    width: float = (
        MARGIN * 2 + LABEL_W + COL_W * max(len(_az_columns(r)) for r in model.regions or [])
    )
    width = max(width, 640.0)
    y = MARGIN + TOP_BAND_H
    dns_anchors: list[tuple[float, float, float, float]] = []
    lb_boxes: dict[str, tuple[Box, float]] = {}
    global_members: list[tuple[Database, float, float, Box]] = []

    for region in model.regions:
        columns = _az_columns(region)
        region_lost = lost_region is not None and region.label.split(",")[0] == lost_region
        top = y
        frame_h = HEADER_H + ROW_H * len(rows) + 10
        frames.append((MARGIN, top, width - 2 * MARGIN, frame_h, region.label, region_lost))
        x0 = MARGIN + LABEL_W
        row_y: dict[str, float] = {name: top + HEADER_H + i * ROW_H for i, name in enumerate(rows)}
        col_x: dict[str, float] = {name: x0 + i * COL_W for i, name in enumerate(columns)}
        az_lost = {
            name: region_lost
            or (lost_az is not None and name == lost_az and lost_az_region == region.region)
            for name in columns
        }

        def cell(
            column: str,
            row: str,
            kind: str,
            title: str,
            subtitle: str,
            ident: str,
            *,
            frames_lost: dict[str, bool] = az_lost,
            xs: dict[str, float] = col_x,
            ys: dict[str, float] = row_y,
        ) -> Box:
            box = Box(
                xs[column] + 8,
                ys[row] + 10,
                COL_W - 16,
                ROW_H - 20,
                kind,
                title,
                subtitle,
                lost=frames_lost.get(column, False),
                ident=ident,
            )
            boxes.append(box)
            return box

        for lb in sorted(region.load_balancers, key=lambda lb: lb.name):
            names = [az.name for az in lb.placement.azs] or ["AZ not known"]
            first, last = col_x[names[0]], max(col_x[n] for n in names)
            all_lost = all(az_lost.get(n, False) for n in names)
            box = Box(
                min(first, last) + 8,
                row_y["Load balancing"] + 10,
                abs(last - first) + COL_W - 16,
                ROW_H - 20,
                "lb",
                lb.name,
                f"{lb.kind} load balancer · {len(lb.placement.azs)} AZ(s)",
                lost=all_lost,
                ident=lb.name,
            )
            boxes.append(box)
            dns_anchors.append((box.x + box.w / 2, box.y, box.x + 24, top + HEADER_H - 2))
            lb_boxes[f"{lb.stack}/{lb.name}"] = (box, top + HEADER_H - 2)
            for fleet in region.fleets:
                if fleet.stack != lb.stack and len(region.load_balancers) > 1:
                    continue
                for name in _per_az(fleet):
                    cx = col_x[name] + COL_W / 2
                    arrows.append(Arrow.straight(cx, box.y + box.h, cx, row_y["Compute"] + 10))

        for nat in sorted(region.nats, key=lambda n: n.name):
            column = nat.az.name if nat.az else "AZ not known"
            cell(column, "NAT", "nat", nat.name, "NAT gateway", nat.name)

        for fleet in sorted(region.fleets, key=lambda f: f.name):
            for name, count in _per_az(fleet).items():
                label = "instance" if count == 1 else "instances"
                shown = "?" if count is None else str(count)
                what = fleet.instance_type or ""
                cell(name, "Compute", "fleet", fleet.name, f"{shown} {label} {what}".strip(), "")

        for db in sorted(region.databases, key=lambda d: d.name):
            writer_at: tuple[float, float] | None = None
            reader_at: list[tuple[float, float]] = []
            data_boxes: list[Box] = []
            ordered = sorted(
                db.members,
                key=lambda m: (m.role != "writer", "writer" not in m.name.lower(), m.name),
            )
            for member in ordered:
                column = member.az.name if member.az else "AZ not known"
                role = member.role
                subtitle = f"{role} · {db.kind}"
                if db.global_role:
                    subtitle += f" · global {db.global_role}"
                box = cell(column, "Data", role, member.name, subtitle, member.name)
                box.promoted = member.name in promoted and not box.lost
                if db.name in promoted and not box.lost and not any(b.promoted for b in data_boxes):
                    box.promoted = True  # the cluster is promoted: its first member writes
                data_boxes.append(box)
                bottom = (box.x + box.w / 2, box.y + box.h)
                if role == "writer":
                    writer_at = bottom
                else:
                    reader_at.append(bottom)
            first_member = data_boxes[0] if data_boxes else None
            if db.kind.startswith("rds") and not db.members:
                cell(columns[0], "Data", "writer", db.name, f"{db.kind} instance", db.name)
            if writer_at is not None:
                wx, wy = writer_at
                for i, (rx, ry) in enumerate(reader_at):
                    drop = wy + 5 + 3 * i  # under the boxes, so the line never crosses a label
                    arrows.append(
                        Arrow([(wx, wy), (wx, drop), (rx, drop), (rx, ry)], True, "replication")
                    )
                for fleet in region.fleets:
                    for name in _per_az(fleet):
                        cx = col_x[name] + COL_W / 2
                        if abs(cx - wx) < 1:
                            arrows.append(
                                Arrow.straight(
                                    cx, row_y["Compute"] + ROW_H - 10, cx, row_y["Data"] + 10
                                )
                            )
            if db.global_cluster and first_member is not None:
                anchor = writer_at or (
                    first_member.x + first_member.w / 2,
                    first_member.y + first_member.h,
                )
                global_members.append((db, anchor[0], anchor[1], first_member))

        others = sorted({f"{what}: {name}" for _stack, name, what in region.unmodelled})
        if others:
            text = "; ".join(others)
            boxes.append(
                Box(
                    x0 + 8,
                    row_y["Other"] + 10,
                    COL_W * len(columns) - 16,
                    ROW_H - 20,
                    "other",
                    _fit(text, COL_W * len(columns) - 40),
                    "not placed in AZs by the model",
                    lost=region_lost,
                    ident=" ".join(sorted({name for _s, name, _w in region.unmodelled})),
                )
            )
        frames_rows = [(name, row_y[name]) for name in rows]
        for name, ry in frames_rows:
            boxes.append(Box(MARGIN + 8, ry + ROW_H / 2 - 8, LABEL_W - 16, 16, "row", name))
        for name in columns:
            boxes.append(
                Box(col_x[name], top + HEADER_H - 20, COL_W, 16, "column", name, lost=az_lost[name])
            )
        y = top + frame_h + REGION_GAP

    side = width - MARGIN / 2
    for db, x, y1, _box in global_members:
        if db.global_role != "primary":
            continue
        for other, _x2, _y2, target in global_members:
            if other is not db and other.global_cluster == db.global_cluster:
                ty = target.y + target.h / 2
                arrows.append(
                    Arrow(
                        [
                            (x, y1),
                            (x, y1 + 8),
                            (side - 8, y1 + 8),
                            (side - 8, ty),
                            (target.x + target.w, ty),
                        ],
                        True,
                        "global replication",
                    )
                )

    dns_names = sorted({r.record_name for r in model.dns})
    global_parts: list[str] = []
    if dns_names:
        global_parts.append("Route 53: " + ", ".join(dns_names))
    if model.health_checks:
        global_parts.append(f"{model.health_checks} health check(s)")
    if model.hosted_zones:
        global_parts.append(f"{model.hosted_zones} hosted zone(s)")
    band_x, band_w = MARGIN + LABEL_W + 8, width - 2 * MARGIN - LABEL_W - 16
    cdns = sorted(model.serving_cdns, key=lambda c: (c.stack, c.name))
    dns_w = (band_w - 40) / 2 if cdns and global_parts else band_w
    dns_box: Box | None = None
    if global_parts:
        failover = sorted({f"{r.failover.lower()}" for r in model.dns if r.failover})
        subtitle = "failover: " + ", ".join(failover) if failover else "global service"
        box = Box(
            band_x,
            MARGIN + 10,
            dns_w,
            44,
            "dns",
            _fit(" · ".join(global_parts), dns_w - 24),
            subtitle,
            ident="dns",
        )
        boxes.append(box)
        dns_box = box
        first_region_top = MARGIN + TOP_BAND_H
        for i, (ax, ay, lx, ly) in enumerate(dns_anchors):
            if ay < first_region_top + HEADER_H + ROW_H:
                arrows.append(Arrow.straight(ax, box.y + box.h, ax, ay))
                continue
            # a later region: down the left margin, so the line does not cross the first region
            lane = MARGIN / 2 + 3 * i
            arrows.append(
                Arrow(
                    [
                        (box.x, box.y + box.h / 2),
                        (lane, box.y + box.h / 2),
                        (lane, ly),
                        (lx, ly),
                        (lx, ay),
                    ],
                )
            )
    if cdns:
        cdn_x = band_x + (dns_w + 40 if dns_box is not None else 0)
        cdn_w = (band_x + band_w - cdn_x) / len(cdns)
        for i, cdn in enumerate(cdns):
            _draw_cdn(cdn, cdn_x + i * cdn_w, cdn_w, dns_box, lb_boxes, width, boxes, arrows)
    boxes.append(Box(MARGIN + 8, MARGIN + 24, LABEL_W - 16, 16, "row", "Global"))
    return boxes, arrows, frames, width, y


def _draw_cdn(
    cdn: Cdn,
    x: float,
    w: float,
    dns_box: Box | None,
    lb_boxes: dict[str, tuple[Box, float]],
    width: float,
    boxes: list[Box],
    arrows: list[Arrow],
) -> None:
    """A distribution in the global band, the site's alias into it and its origins out of it:
    the first origin's line solid, the origins it fails over to dashed."""
    chain = cdn.chain()
    names = ", ".join(cdn.aliases) or "its *.cloudfront.net name"
    route = " → ".join(origin.region or origin.id for origin in chain)
    box = Box(
        x + 4,
        MARGIN + 10,
        w - 8,
        44,
        "cdn",
        f"CloudFront: {names}",
        f"origin failover: {route}" if len(chain) > 1 else f"origin: {route}",
        ident=f"{cdn.stack}/{cdn.name}",
    )
    boxes.append(box)
    mid = box.y + box.h / 2
    if dns_box is not None and cdn.entry == "fronted":
        arrows.append(
            Arrow([(dns_box.x + dns_box.w, mid), (box.x, mid)], label="alias to the distribution")
        )
    first_region = MARGIN + TOP_BAND_H + HEADER_H + ROW_H
    for i, origin in enumerate(chain):
        target = lb_boxes.get(origin.target or "")
        if origin.kind != "load-balancer" or target is None:
            continue
        lb, region_top = target
        label = "origin" if i == 0 else "failover origin"
        ax = lb.x + lb.w - 24 - 6 * i
        if box.x <= ax <= box.x + box.w and lb.y < first_region:
            arrows.append(Arrow([(ax, box.y + box.h), (ax, lb.y)], i > 0, label))
            continue
        # down the right margin, so the line does not cross the regions above this one
        lane = width - MARGIN / 2 - 3 * i
        sx = box.x + box.w - 12 - 6 * i
        drop = box.y + box.h + 8 + 3 * i
        arrows.append(
            Arrow(
                [
                    (sx, box.y + box.h),
                    (sx, drop),
                    (lane, drop),
                    (lane, region_top),
                    (ax, region_top),
                    (ax, lb.y),
                ],
                i > 0,
                label,
            )
        )


def render_svg(
    model: Model,
    *,
    report: ResilienceReport | None = None,
    lose: str | None = None,
    title: str = "",
) -> str:
    """The diagram as a standalone SVG document (deterministic for the same model)."""
    if not model.regions:
        raise UsageError("nothing to draw: the templates have no load balancer, fleet or database")
    scenario = _scenario(report, lose)
    boxes, arrows, frames, width, height = build_boxes(model, scenario)
    checks = scenario.checks if scenario else []
    caption_h = (len(checks) + 2) * CHECK_LINE_H if scenario else 0
    total_h = height + caption_h + MARGIN
    heading = title or "Architecture"
    if scenario is not None:
        heading += f" — {scenario.title}: {'PASS' if scenario.passed else 'FAIL'}"
    out: list[str] = [
        '<svg xmlns="http://www.w3.org/2000/svg" '
        f'width="{width:.0f}" height="{total_h:.0f}" viewBox="0 0 {width:.0f} {total_h:.0f}" '
        f'role="img" aria-labelledby="diagram-title" font-family="{FONT}" font-size="12">',
        f'<title id="diagram-title">{escape(heading)}</title>',
        "<defs>"
        '<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="#555"/></marker></defs>',
        f'<rect x="0" y="0" width="{width:.0f}" height="{total_h:.0f}" fill="#ffffff"/>',
        f'<text x="{MARGIN}" y="{MARGIN}" font-size="15" font-weight="bold">'
        f"{escape(heading)}</text>",
    ]
    for x, y, w, h, label, lost in frames:
        fill = "#f4f4f4" if lost else "#fbfcfe"
        dash = ' stroke-dasharray="6 4"' if lost else ""
        out.append(
            f'<g class="region"><rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" '
            f'rx="10" fill="{fill}" stroke="#8a99ad"{dash}/>'
            f'<text x="{x + 10:.1f}" y="{y + 20:.1f}" font-size="14" font-weight="bold">'
            f"Region {escape(label)}{' (lost)' if lost else ''}</text></g>"
        )
    for box in boxes:
        out.append(_box_svg(box))
    for arrow in arrows:
        dash = ' stroke-dasharray="5 4"' if arrow.dashed else ""
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in arrow.points)
        label = f' aria-label="{escape(arrow.label)}"' if arrow.label else ""
        out.append(
            f'<polyline points="{points}" fill="none" stroke="#555" stroke-width="1.3"{dash}'
            f'{label} marker-end="url(#arrow)"/>'
        )
    if scenario is not None:
        y = height + 4
        out.append(
            f'<text x="{MARGIN}" y="{y:.1f}" font-weight="bold">'
            f"{escape(scenario.title)} (resilience analysis)</text>"
        )
        for check in checks:
            y += CHECK_LINE_H
            mark = check.status.upper()
            color = "#b71c1c" if check.status == "fail" else "#1b5e20"
            line = _fit(f"{mark} {check.part}: {check.detail}", width - 2 * MARGIN)
            out.append(f'<text x="{MARGIN}" y="{y:.1f}" fill="{color}">{escape(line)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _box_svg(box: Box) -> str:
    if box.kind == "row":
        return (
            f'<text x="{box.x:.1f}" y="{box.y + 12:.1f}" font-weight="bold" fill="#445">'
            f"{escape(box.title)}</text>"
        )
    if box.kind == "column":
        color = "#999" if box.lost else "#223"
        suffix = " (lost)" if box.lost else ""
        return (
            f'<text x="{box.x + box.w / 2:.1f}" y="{box.y + 12:.1f}" text-anchor="middle" '
            f'font-weight="bold" fill="{color}">{escape(box.title + suffix)}</text>'
        )
    fill, stroke = COLORS.get(box.kind, COLORS["other"])
    width = 1.2
    if box.lost:
        fill, stroke = LOST_FILL, "#9e9e9e"
    if box.promoted:
        stroke, width = FAILOVER_STROKE, 2.6
    opacity = ' opacity="0.55"' if box.lost else ""
    title = _fit(box.title, box.w - 12)
    subtitle = box.subtitle
    if box.lost:
        subtitle = "lost · " + subtitle
    if box.promoted:
        subtitle = "promoted (failover) · " + subtitle
    subtitle = _fit(subtitle, box.w - 12, 10.5)
    ident = f' data-id="{escape(box.ident)}"' if box.ident else ""
    return (
        f'<g class="part {box.kind}"{ident}{opacity}>'
        f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="{box.w:.1f}" height="{box.h:.1f}" rx="6" '
        f'fill="{fill}" stroke="{stroke}" stroke-width="{width}"/>'
        f'<text x="{box.x + 8:.1f}" y="{box.y + 20:.1f}" font-weight="bold">{escape(title)}</text>'
        f'<text x="{box.x + 8:.1f}" y="{box.y + 37:.1f}" font-size="10.5" fill="#333">'
        f"{escape(subtitle)}</text></g>"
    )


def svg_to_png(svg: str, scale: float = 1.5) -> bytes:
    """Rasterise with cairosvg (the ``report`` extra: ``pip install 'hastack[report]'``)."""
    try:
        import cairosvg
    except (ImportError, OSError) as error:
        raise UsageError(
            "a PNG needs cairosvg and the cairo library: pip install 'hastack[report]' "
            f"(and the system package libcairo2); or write .svg instead ({error})"
        ) from error
    png: bytes = cairosvg.svg2png(bytestring=svg.encode(), scale=scale)
    return png
