"""Estimates and comparisons as a rich table or Markdown (JSON is ``Estimate.to_dict``)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from hastack.cost.compare import Comparison
from hastack.cost.model import Component, Estimate, cents

if TYPE_CHECKING:
    from rich.console import Console, JustifyMethod


def money(amount: Decimal | None, sign: bool = False) -> str:
    if amount is None:
        return "-"
    value = cents(amount)
    text = f"${abs(value):,.2f}"
    if value < 0:
        return "-" + text
    return ("+" + text) if sign and value > 0 else text


def quantity(value: Decimal) -> str:
    text = f"{value:,.6f}".rstrip("0").rstrip(".")
    return text or "0"


def unit_price(value: Decimal) -> str:
    text = f"{value:.6f}".rstrip("0")
    if text.endswith("."):
        text += "00"
    elif len(text.split(".")[1]) < 2:
        text += "0"
    return "$" + text


PIPE_WIDTH = 120
"""Width for tables written to a file or pipe, where there is no terminal to fit."""


def _fit(console: Console) -> Console:
    """``console``, or for a pipe or file a console as wide as a table needs (not 80 columns)."""
    if console.is_terminal or console.width >= PIPE_WIDTH:
        return console
    from rich.console import Console

    return Console(
        highlight=False,
        soft_wrap=False,
        width=PIPE_WIDTH,
        stderr=console.stderr,
        color_system=None,
        no_color=console.no_color,
    )


def _label(estimate: Estimate, logical_id: str, stack: str) -> str:
    return f"{stack}.{logical_id}" if estimate.multi_stack and stack else logical_id


def _component_name(component: Component) -> str:
    return component.name + (" *" if component.usage_based else "")


def render_table(estimate: Estimate, console: Console) -> None:
    """Rows per component, grouped by resource; then free, not priced, assumptions and totals."""
    from rich.table import Table

    title = (
        f"Monthly cost estimate — {estimate.region} — catalog {estimate.catalog_date} "
        f"({estimate.currency}, {estimate.hours_per_month} h/month)"
    )
    table = Table(title=title, show_lines=False, title_justify="left")
    columns: list[tuple[str, JustifyMethod]] = [
        ("Resource / component", "left"),
        ("Quantity", "right"),
        ("Unit", "left"),
        ("Unit price", "right"),
        ("Monthly", "right"),
    ]
    for name, justify in columns:
        table.add_column(name, justify=justify)
    for res in estimate.resources:
        label = _label(estimate, res.logical_id, res.stack)
        table.add_row(
            f"[bold]{label}[/bold] [dim]{res.type}[/dim]",
            "",
            "",
            "",
            f"[bold]{money(res.monthly)}[/bold]",
        )
        for i, comp in enumerate(res.components):
            last = i == len(res.components) - 1
            table.add_row(
                f"  {_component_name(comp)}",
                quantity(comp.quantity),
                comp.unit,
                unit_price(comp.unit_price),
                money(comp.monthly),
                end_section=last,
            )
    console = _fit(console)
    console.print(table)
    _print_lists(estimate, console)
    console.print(f"Fixed:       {money(estimate.total_monthly_fixed):>12}")
    console.print(f"Usage-based: {money(estimate.total_monthly_usage):>12}   (* = from usage)")
    console.print(f"[bold]Total:       {money(estimate.total_monthly):>12} per month[/bold]")


def _print_lists(estimate: Estimate, console: Console) -> None:
    if estimate.free:
        by_type: dict[str, int] = {}
        for item in estimate.free:
            by_type[item.type] = by_type.get(item.type, 0) + 1
        summary = ", ".join(f"{t.split('::', 1)[-1]} x{n}" for t, n in sorted(by_type.items()))
        console.print(f"Free ({len(estimate.free)}): {summary}", soft_wrap=True)
        for item in estimate.free:
            if item.reason and not item.of_type:
                console.print(f"  {_label(estimate, item.logical_id, item.stack)}: {item.reason}")
    if estimate.not_priced:
        console.print(f"[yellow]Not priced ({len(estimate.not_priced)}):[/yellow]")
        for item in estimate.not_priced:
            console.print(
                f"  {_label(estimate, item.logical_id, item.stack)} ({item.type}): {item.reason}",
                soft_wrap=True,
            )
    if estimate.assumptions:
        console.print("Assumptions:")
        for note in estimate.assumptions:
            console.print(
                f"  {_label(estimate, note.logical_id, note.stack)}: {note.message}",
                soft_wrap=True,
                markup=False,
            )


def render_markdown(estimate: Estimate) -> str:
    """A pull-request comment: one table of components, then the lists and totals."""
    lines = [
        f"### Monthly cost estimate: {money(estimate.total_monthly)}",
        "",
        f"Region {estimate.region}, catalog {estimate.catalog_date}, {estimate.currency}, "
        f"{estimate.hours_per_month} hours/month. Fixed {money(estimate.total_monthly_fixed)}, "
        f"usage-based {money(estimate.total_monthly_usage)}.",
        "",
        "| Resource | Type | Component | Quantity | Unit | Unit price | Monthly |",
        "|---|---|---|---:|---|---:|---:|",
    ]
    for res in estimate.resources:
        label = _label(estimate, res.logical_id, res.stack)
        for i, comp in enumerate(res.components):
            lines.append(
                "| "
                + " | ".join(
                    [
                        f"`{label}`" if i == 0 else "",
                        f"`{res.type}`" if i == 0 else "",
                        _md(_component_name(comp)),
                        quantity(comp.quantity),
                        comp.unit,
                        unit_price(comp.unit_price),
                        money(comp.monthly),
                    ]
                )
                + " |"
            )
        lines.append(f"| | | **{_md(label)} total** | | | | **{money(res.monthly)}** |")
    lines.append(f"| **Total** | | | | | | **{money(estimate.total_monthly)}** |")
    lines.append("")
    lines.append("\\* usage-based (from the usage file or its documented defaults)")
    if estimate.free:
        lines += [
            "",
            f"**Free ({len(estimate.free)}):** "
            + ", ".join(
                f"`{_label(estimate, f.logical_id, f.stack)}`"
                + (f" ({f.reason})" if f.reason and not f.of_type else "")
                for f in estimate.free
            ),
        ]
    if estimate.not_priced:
        lines += ["", f"**Not priced ({len(estimate.not_priced)}):**", ""]
        lines += [
            f"- `{_label(estimate, n.logical_id, n.stack)}` ({n.type}): {_md(n.reason)}"
            for n in estimate.not_priced
        ]
    if estimate.assumptions:
        lines += ["", "<details><summary>Assumptions</summary>", ""]
        lines += [
            f"- `{_label(estimate, a.logical_id, a.stack)}`: {_md(a.message)}"
            for a in estimate.assumptions
        ]
        lines += ["", "</details>"]
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|")


def render_compare_table(comparison: Comparison, console: Console) -> None:
    from rich.table import Table

    table = Table(
        title=f"Monthly cost: TARGET vs OTHER ({comparison.target.currency})", title_justify="left"
    )
    columns: list[tuple[str, JustifyMethod]] = [
        ("Resource", "left"),
        ("Type", "left"),
        ("OTHER", "right"),
        ("TARGET", "right"),
        ("Delta", "right"),
    ]
    for name, justify in columns:
        table.add_column(name, justify=justify)
    for row in comparison.rows:
        style = {"added": "green", "removed": "red"}.get(row.change, "")
        table.add_row(
            row.key,
            row.type,
            money(row.before),
            money(row.after),
            money(row.delta, sign=True),
            style=style or None,
        )
    table.add_row(
        "[bold]Total[/bold]",
        "",
        money(comparison.other.total_monthly),
        money(comparison.target.total_monthly),
        f"[bold]{money(comparison.total_delta, sign=True)}[/bold]",
        end_section=True,
    )
    _fit(console).print(table)


def render_compare_markdown(comparison: Comparison) -> str:
    lines = [
        f"### Monthly cost change: {money(comparison.total_delta, sign=True)}",
        "",
        f"{money(comparison.other.total_monthly)} → {money(comparison.target.total_monthly)} "
        f"per month ({comparison.target.currency}, catalog {comparison.target.catalog_date}).",
        "",
        "| Resource | Type | Before | After | Delta |",
        "|---|---|---:|---:|---:|",
    ]
    for row in comparison.rows:
        if row.change == "unchanged":
            continue
        lines.append(
            f"| `{row.key}` | `{row.type}` | {money(row.before)} | {money(row.after)} | "
            f"{money(row.delta, sign=True)} |"
        )
    lines.append(
        f"| **Total** | | {money(comparison.other.total_monthly)} | "
        f"{money(comparison.target.total_monthly)} | "
        f"**{money(comparison.total_delta, sign=True)}** |"
    )
    return "\n".join(lines) + "\n"
