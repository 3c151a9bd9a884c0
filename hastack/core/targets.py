"""TARGET arguments for validate, cost and the analysis commands: template files or apps."""

from __future__ import annotations

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
