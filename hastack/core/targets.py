"""TARGET arguments for validate, cost and the analysis commands: template files or apps."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hastack.core.app_loader import is_app_target, load_app
from hastack.core.context import Context
from hastack.core.template_file import parse_template_text, read_template_text


@dataclass(frozen=True)
class TemplateSource:
    """One template to check: its name, where it came from, its region and its body."""

    name: str
    """The stack name (for an app) or the file name (for a template file)."""
    body: dict[str, Any]
    path: str | None = None
    """The template file, or the app file it was synthesized from."""
    region: str | None = None
    """The stack's region for an app; None for a plain file (the caller's default applies)."""
    text: str | None = None
    """The original text of a template file (keeps line numbers for findings)."""
    stack_name: str | None = None
    """Set when the template comes from an app stack."""


def resolve_targets(
    targets: list[str] | tuple[str, ...],
    context: Context | None = None,
    stacks: list[str] | tuple[str, ...] = (),
) -> list[TemplateSource]:
    """Turn each TARGET into the templates it stands for, in the order given."""
    sources: list[TemplateSource] = []
    for target in targets:
        if is_app_target(target):
            app = load_app(target, context)
            for stack in app.select(stacks):
                sources.append(
                    TemplateSource(
                        name=stack.name,
                        body=stack.body,
                        path=target,
                        region=stack.region,
                        text=stack.to_json(),
                        stack_name=stack.name,
                    )
                )
        else:
            text = read_template_text(target)
            body = parse_template_text(text, target)
            sources.append(
                TemplateSource(name=Path(target).name, body=body, path=target, text=text)
            )
    return sources


def target_list(targets: Any) -> list[Any]:
    """One target or several as a list (a str, Path or template dict is one target)."""
    if isinstance(targets, (str, Path, dict)) or not isinstance(targets, Iterable):
        return [targets]
    return list(targets)


def expand_target(
    target: Any, context: Context | None = None, stacks: tuple[str, ...] = ()
) -> list[tuple[Any, str | None]] | None:
    """What one target of the Python API stands for; None when it is not a kind of target.

    Each item is a Stack (of an app file, an App or a Blueprint, or given as one), a
    :class:`TemplateSource` (of a template file, or given as one) or a template dict, paired
    with the app file it was loaded from (None unless from an app file). ``stacks`` selects
    the stacks of an app. A template dict is passed on unchecked.
    """
    from hastack.core.stack import Stack

    if isinstance(target, Path):
        target = str(target)
    if isinstance(target, str):
        if is_app_target(target):
            return [(s, target) for s in load_app(target, context).select(stacks)]
        return [(s, None) for s in resolve_targets([target], context)]
    if isinstance(target, (Stack, TemplateSource, dict)):
        return [(target, None)]
    if hasattr(target, "stacks") and hasattr(target, "select"):  # an App
        return [(s, None) for s in target.select(stacks)]
    if hasattr(target, "synth") and callable(target.synth):  # a Blueprint
        return [(target.synth(), None)]
    return None


def number_duplicate_names(sources: Iterable[Any]) -> None:
    """Rename the second and later sources of one name to ``name#2``, ``name#3``..."""
    seen: dict[str, int] = {}
    for source in sources:
        if source.name in seen:
            seen[source.name] += 1
            source.name = f"{source.name}#{seen[source.name]}"
        else:
            seen[source.name] = 1
