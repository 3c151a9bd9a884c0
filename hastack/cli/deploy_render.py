"""Drawing deploys for people: diffs, live events with a progress bar, results, outputs.

:class:`ConsoleReporter` is the CLI's :class:`~hastack.deploy.reporter.Reporter`. Messages and
the progress bar go to stderr (a rich console looked up per write, so tests capture it); only
data (outputs, a diff asked for with ``hastack diff``) goes to stdout.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import click
from rich.markup import escape

from hastack.deploy.reporter import Reporter

if TYPE_CHECKING:
    from rich.console import Console

    from hastack.deploy.changes import ResourceChange, StackDiff
    from hastack.deploy.report import DeployReport, StackResult

SYMBOLS = {"Add": ("+", "green"), "Modify": ("~", "yellow"), "Remove": ("-", "red")}


def diff_lines(diff: StackDiff) -> list[str]:
    """A diff as rich-markup lines: destructive changes first, in red."""
    counts = diff.counts()
    if diff.kind == "unchanged" or diff.empty:
        head = f"[bold]{diff.stack}[/] ({diff.region}): no changes"
        return [head] + ([f"  [dim]{escape(diff.note)}[/]"] if diff.note else [])
    summary = ", ".join(f"{n} to {a.lower()}" for a, n in counts.items() if n) or "parameters only"
    lines = [f"[bold]{diff.stack}[/] ({diff.region}): {diff.kind} - {summary}"]
    if diff.note:
        lines.append(f"  [dim]{escape(diff.note)}[/]")
    width = max((len(c.logical_id) for c in diff.changes), default=0)
    for change in diff.ordered():
        lines.append(_change_line(change, width))
    for key, old, new in diff.parameters:
        lines.append(
            f"  [yellow]~ parameter[/] {escape(key)}: {escape(str(old))} -> {escape(str(new))}"
        )
    return lines


COMPACT_CREATE = 25
"""A new stack with more resources than this is summarised by type in a deploy's diff."""


def compact_create_lines(diff: StackDiff) -> list[str]:
    """A large new stack as counts per resource type (``hastack diff`` lists every one)."""
    by_type: dict[str, int] = {}
    for change in diff.changes:
        by_type[change.resource_type] = by_type.get(change.resource_type, 0) + 1
    lines = [
        f"[bold]{diff.stack}[/] ({diff.region}): create - {len(diff.changes)} to add "
        "[dim](per type; `hastack diff` lists each)[/]"
    ]
    width = max(len(str(n)) for n in by_type.values())
    for resource_type, count in sorted(by_type.items(), key=lambda item: (-item[1], item[0])):
        lines.append(f"  [green]+ {count:>{width}} × {escape(resource_type)}[/]")
    return lines


def _change_line(change: ResourceChange, width: int) -> str:
    symbol, colour = SYMBOLS.get(change.action, ("?", "white"))
    text = f"{symbol} {change.action:<6} {change.logical_id:<{width}}  {change.resource_type}"
    if change.action == "Modify":
        if change.properties:
            text += f"  ({', '.join(change.properties)})"
        if change.replaces:
            text += "  REPLACEMENT" if change.replacement == "True" else "  MAY REPLACE"
        elif change.replacement == "False":
            text += "  in place"
    if change.destructive:
        return f"  [bold red]{escape(text)}\n      ! {escape(change.describe_risk())}[/]"
    return f"  [{colour}]{escape(text)}[/]"


def print_diff(console: Console, diff: StackDiff) -> None:
    for line in diff_lines(diff):
        console.print(line, highlight=False, soft_wrap=True)


def status_colour(status: str) -> str:
    if status.endswith("FAILED") or "ROLLBACK" in status:
        return "red"
    if status.endswith("IN_PROGRESS"):
        return "yellow"
    return "green"


class ConsoleReporter(Reporter):
    """Diffs, events and a progress bar per stack on stderr; prompts through click.

    Use it as a context manager: leaving the block stops a progress bar still running.
    """

    def __init__(self, console: Console) -> None:
        self.console = console
        self._lock = threading.RLock()
        self._progress: Any = None
        self._tasks: dict[str, Any] = {}

    # -- messages -----------------------------------------------------------------------------
    def _print(self, text: str) -> None:
        with self._lock:
            target = self._progress.console if self._progress is not None else self.console
            target.print(text, highlight=False, soft_wrap=True)

    def info(self, stack: str, message: str) -> None:
        self._print(f"[bold]{escape(stack)}[/]: {escape(message)}")

    def warn(self, stack: str, message: str) -> None:
        self._print(f"[bold yellow]warning[/] [bold]{escape(stack)}[/]: {escape(message)}")

    def show_diff(self, diff: StackDiff) -> None:
        compact = diff.kind == "create" and len(diff.changes) > COMPACT_CREATE
        with self._lock:
            for line in compact_create_lines(diff) if compact else diff_lines(diff):
                self._print(line)

    def confirm(self, question: str) -> bool:
        with self._lock:
            live = self._progress
            if live is not None:
                live.stop()
            try:
                return click.confirm(question, default=False, err=True)
            except click.exceptions.Abort:
                raise KeyboardInterrupt from None  # Ctrl-C or end of input at the prompt
            finally:
                if live is not None:
                    live.start()

    # -- progress -----------------------------------------------------------------------------
    def start(self, stack: str, total: int) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        with self._lock:
            if self._progress is None:
                self._progress = Progress(
                    SpinnerColumn(),
                    TextColumn("[bold]{task.description}"),
                    BarColumn(),
                    MofNCompleteColumn(),
                    TextColumn("resources"),
                    TimeElapsedColumn(),
                    console=self.console,
                    transient=False,
                )
                self._progress.start()
            self._tasks[stack] = self._progress.add_task(stack, total=total)

    def event(self, stack: str, event: dict[str, Any]) -> None:
        status = str(event.get("ResourceStatus", ""))
        reason = event.get("ResourceStatusReason") or ""
        colour = status_colour(status)
        line = (
            f"  {escape(stack)}  {escape(str(event.get('LogicalResourceId', '')))}  "
            f"[dim]{escape(str(event.get('ResourceType', '')))}[/]  [{colour}]{status}[/]"
        )
        if reason:
            line += f"  [dim]{escape(str(reason))}[/]"
        self._print(line)

    def progress(self, stack: str, done: int, total: int) -> None:
        with self._lock:
            task = self._tasks.get(stack)
            if self._progress is not None and task is not None:
                self._progress.update(task, completed=done, total=total)

    def finish(self, result: StackResult) -> None:
        with self._lock:
            task = self._tasks.pop(result.name, None)
            if task is not None and self._progress is not None:
                self._progress.update(task, completed=self._progress.tasks[task].total)
            line = result_line(result)
            self._print(line)
            if not self._tasks and self._progress is not None:
                self._progress.stop()
                self._progress = None

    def close(self) -> None:
        with self._lock:
            if self._progress is not None:
                self._progress.stop()
                self._progress = None

    def __enter__(self) -> ConsoleReporter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def result_line(result: StackResult) -> str:
    good = result.ok
    mark = (
        "[green]✓[/]"
        if good
        else ("[yellow]•[/]" if result.status in ("cancelled", "skipped") else "[red]✗[/]")
    )
    text = f"{mark} [bold]{escape(result.name)}[/] {result.status}"
    if result.stack_status and result.status not in ("unchanged",):
        text += f" ({result.stack_status})"
    if result.seconds:
        text += f" in {result.seconds:.1f} s"
    if result.reason and not good:
        text += f"\n    {escape(result.reason)}"
    if result.failed_resource is not None:
        text += f"\n    [red]first failure: {escape(result.failed_resource.describe())}[/]"
    return text


def outputs_text(outputs: Mapping[str, Mapping[str, str] | None]) -> str:
    """``stack.Key = value`` lines (stack names and keys sorted)."""
    lines = []
    for stack in outputs:
        values = outputs[stack]
        if values is None:
            continue
        for key in sorted(values):
            lines.append(f"{stack}.{key} = {values[key]}")
    return "\n".join(lines)


def summary_counts(report: DeployReport) -> str:
    counts: dict[str, int] = {}
    for result in report.results:
        counts[result.status] = counts.get(result.status, 0) + 1
    return ", ".join(f"{n} {status}" for status, n in counts.items())
