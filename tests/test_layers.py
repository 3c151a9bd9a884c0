"""The layers of docs/architecture.md, checked on every import the code makes.

Every ``import`` and ``from ... import`` of hastack (``blueprints/`` installs as
``hastack.blueprints``) is read from the source (inside
functions and ``TYPE_CHECKING`` blocks too: a lazy import is still an arrow), and each must point
to a lower layer, to its own package, or along one of the few declared arrows inside the
middle layer. A new package must be placed in :data:`LAYERS` before it can import anything.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("hastack", "blueprints")

LAYERS: tuple[tuple[str, ...], ...] = (
    ("hastack.errors",),
    ("hastack.core",),
    ("hastack.template",),
    ("hastack.components",),
    ("hastack.blueprints",),
    ("hastack.local", "hastack.deploy.local"),
    (
        "hastack.validate",
        "hastack.cost",
        "hastack.analysis",
        "hastack.deploy",
        "hastack.drills",
        "hastack.report",
        "hastack.testing",
    ),
    ("hastack.planner", "hastack.scaffold"),
    ("hastack.cli",),
    ("hastack.__main__",),
)
"""Lowest first. A package imports only from layers below its own."""

SIBLING_ARROWS = {
    ("hastack.deploy", "hastack.validate"): "the deploy gate runs the same checks as validate",
    ("hastack.deploy", "hastack.cost"): "the deploy prints the cost note before the change sets",
    ("hastack.drills", "hastack.deploy"): "a drill deploys the app before breaking it",
    ("hastack.testing", "hastack.deploy"): "the pytest plugin deploys to the emulator",
    ("hastack.report", "hastack.validate"): "the report shows the findings",
    ("hastack.report", "hastack.cost"): "the report shows the estimate",
    ("hastack.report", "hastack.analysis"): "the report shows availability and resilience",
}
"""Arrows allowed inside the middle layer; validate, cost and analysis know nothing of each other.
"""

ONLY_FROM_TOP = {"hastack.blueprints": ("hastack.planner", "hastack.cli")}
"""The library does not depend on its shipped blueprints except through the planner (and CLI)."""


@dataclass(frozen=True)
class Arrow:
    source: str
    target: str
    where: str


def _package(module: str) -> str | None:
    """The entry of :data:`LAYERS` that holds ``module`` (longest prefix), or None."""
    best = None
    for layer in LAYERS:
        for package in layer:
            if module == package or module.startswith(package + "."):
                if best is None or len(package) > len(best):
                    best = package
    return best


def _layer(package: str) -> int:
    return next(i for i, layer in enumerate(LAYERS) if package in layer)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[0] == "blueprints":  # the wheel maps the top-level folder into the package
        parts.insert(0, "hastack")
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _arrows() -> list[Arrow]:
    arrows = []
    for base in SOURCES:
        for path in sorted((ROOT / base).rglob("*.py")):
            module = _module_name(path)
            package_path = module if path.name == "__init__.py" else module.rpartition(".")[0]
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                names: list[str] = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom):
                    if node.level:
                        base_parts = package_path.split(".")
                        base_parts = base_parts[: len(base_parts) - node.level + 1]
                        names = [".".join([*base_parts, *([node.module] if node.module else [])])]
                    elif node.module:
                        names = [node.module]
                for name in names:
                    if name.split(".")[0] == "hastack" or name.split(".")[0] in SOURCES:
                        where = f"{path.relative_to(ROOT)}:{node.lineno}"
                        arrows.append(Arrow(module, name, where))
    return arrows


def test_every_module_belongs_to_a_layer() -> None:
    unplaced = sorted(
        {a.source for a in _arrows() if a.source != "hastack" and _package(a.source) is None}
        | {a.target for a in _arrows() if a.target != "hastack" and _package(a.target) is None}
    )
    assert unplaced == [], f"place these in LAYERS (tests/test_layers.py): {unplaced}"


def test_imports_point_down_the_layers() -> None:
    wrong = []
    for arrow in _arrows():
        source, target = _package(arrow.source), _package(arrow.target)
        if arrow.target == "hastack" or source is None or target is None or source == target:
            continue  # the package root is a lazy facade; own package; unplaced is tested above
        if _layer(target) < _layer(source) or (source, target) in SIBLING_ARROWS:
            continue
        wrong.append(f"{arrow.where}: {arrow.source} imports {arrow.target}")
    assert wrong == [], "imports against the layers:\n" + "\n".join(wrong)


def test_blueprints_are_used_only_by_the_top_layers() -> None:
    wrong = [
        f"{a.where}: {a.source} imports {a.target}"
        for a in _arrows()
        for shipped, users in ONLY_FROM_TOP.items()
        if _package(a.target) == shipped
        and _package(a.source) != shipped
        and _package(a.source) not in users
    ]
    assert wrong == [], "\n".join(wrong)


def test_the_checker_sees_function_level_and_relative_imports(tmp_path: Path) -> None:
    tree = ast.parse("def f():\n    from hastack.cost.api import estimate\n")
    [node] = [n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert node.module == "hastack.cost.api"
    assert _package("hastack.deploy.local.emulator") == "hastack.deploy.local"
    assert _layer("hastack.cost") > _layer("hastack.template") > _layer("hastack.core")
    assert any(a.source == "hastack.cli.main" for a in _arrows())


FUNCTION_LEVEL = {
    "hastack/validate/__init__.py": "the callable package forwards to its api module",
    "hastack/template/view.py": "a view builds its evaluator, which reads views",
}
"""Files still allowed an internal import inside a function, and why; this list only shrinks."""


def test_internal_imports_are_at_module_top() -> None:
    """A lazy import hides an arrow; only heavy third-party packages are imported lazily."""
    found = set()
    for base in SOURCES:
        for path in sorted((ROOT / base).rglob("*.py")):
            tree = ast.parse(path.read_text(), str(path))
            for func in ast.walk(tree):
                if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    continue
                for node in ast.walk(func):
                    module = node.module if isinstance(node, ast.ImportFrom) else None
                    names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
                    if any(n.split(".")[0] in SOURCES for n in [*names, module or ""]):
                        found.add(f"{path.relative_to(ROOT)}")
    assert sorted(found - set(FUNCTION_LEVEL)) == []
    assert sorted(set(FUNCTION_LEVEL) - found) == [], "no longer needed: drop from FUNCTION_LEVEL"
