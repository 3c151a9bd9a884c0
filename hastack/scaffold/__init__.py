"""``hastack init``: a new project that passes its own tests right away, as ``cdk init`` makes.

The files come from jinja2 templates in ``project/``; nothing is overwritten unless asked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import jinja2

from hastack.errors import UsageError

TEMPLATES = Path(__file__).parent / "project"
FILES: tuple[tuple[str, str], ...] = (
    ("app.py.j2", "app.py"),
    ("test_app.py.j2", "tests/test_app.py"),
    ("workflow.yml.j2", ".github/workflows/hastack.yml"),
    ("gitignore.j2", ".gitignore"),
    ("README.md.j2", "README.md"),
)
NAME = re.compile(r"[a-z][a-z0-9-]{0,30}")
EXAMPLE_CERTIFICATE = (
    "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"
)


@dataclass(frozen=True)
class Scaffold:
    folder: Path
    written: list[Path]


def init_project(folder: str | Path, name: str | None = None, *, force: bool = False) -> Scaffold:
    """Write a new hastack project into ``folder`` (created when missing)."""
    root = Path(folder)
    name = name or root.resolve().name.lower().replace("_", "-")
    if not NAME.fullmatch(name):
        raise UsageError(
            f"project name {name!r}: lower-case letters, digits and hyphens, starting with a "
            "letter (at most 31 characters); pass --name"
        )
    targets = [(src, root / dest) for src, dest in FILES]
    existing = [dest for _src, dest in targets if dest.exists()]
    if existing and not force:
        listed = ", ".join(str(p) for p in existing)
        raise UsageError(f"would overwrite {listed}; pass --force to replace them")
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # noqa: S701 - Python and YAML files, not HTML
    )
    written = []
    for src, dest in targets:
        text = env.get_template(src).render(name=name, certificate=EXAMPLE_CERTIFICATE)
        try:
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(text)
        except OSError as error:
            raise UsageError(f"cannot write {dest}: {error.strerror or error}") from error
        written.append(dest)
    return Scaffold(root, written)
