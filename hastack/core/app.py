"""An App: the stacks one deployment manages, possibly across regions, in dependency order."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from hastack.core.blueprint import Blueprint
from hastack.core.context import Context, current_context
from hastack.core.stack import Format, Stack
from hastack.errors import DependencyCycleError, UsageError

if TYPE_CHECKING:
    from hastack.core.blueprint import Blueprint


class App:
    """A named set of stacks with their dependencies.

    Stacks are added as built :class:`Stack` artifacts or as blueprints (built on add). A stack
    that consumes another's output depends on it; :meth:`order` and :meth:`levels` give the
    deploy order (levels can run in parallel), ``reversed(order())`` the destroy order.
    """

    def __init__(self, name: str = "app", *, context: Context | None = None) -> None:
        self.name = name
        self.context = context if context is not None else current_context()
        self._stacks: dict[str, Stack] = {}

    def add(self, item: Stack | Blueprint) -> Stack:
        stack = item.synth() if isinstance(item, Blueprint) else item
        if not isinstance(stack, Stack):
            raise UsageError(f"App.add takes a Stack or a Blueprint, got {type(item).__name__}")
        if stack.name in self._stacks and self._stacks[stack.name] is not stack:
            raise UsageError(f"app {self.name}: two stacks are named {stack.name!r}")
        self._stacks[stack.name] = stack
        stack.seal()  # an app of many stacks keeps their text, not their object graphs
        return stack

    def extend(self, items: Iterable[Stack | Blueprint]) -> None:
        for item in items:
            self.add(item)

    @property
    def stacks(self) -> list[Stack]:
        return list(self._stacks.values())

    def __iter__(self) -> Iterator[Stack]:
        return iter(self.order())

    def __len__(self) -> int:
        return len(self._stacks)

    def stack(self, name: str) -> Stack:
        try:
            return self._stacks[name]
        except KeyError:
            raise UsageError(
                f"app {self.name} has no stack {name!r}; "
                f"it has: {', '.join(self._stacks) or 'none'}"
            ) from None

    def select(self, names: Iterable[str]) -> list[Stack]:
        """The named stacks (all when ``names`` is empty), in dependency order."""
        wanted = list(names)
        for name in wanted:
            self.stack(name)
        return [s for s in self.order() if not wanted or s.name in wanted]

    @property
    def regions(self) -> list[str]:
        return sorted({s.region for s in self._stacks.values()})

    def _check_dependencies(self) -> None:
        for stack in self._stacks.values():
            for dep in stack.depends_on:
                if dep not in self._stacks:
                    raise UsageError(
                        f"stack {stack.name} depends on {dep!r}, which is not in app {self.name}"
                    )
            for param, ref in stack.inputs.items():
                producer = self._stacks.get(ref.stack)
                if producer is not None and ref.output not in producer.outputs:
                    raise UsageError(
                        f"stack {stack.name} parameter {param} reads output {ref.output!r} of "
                        f"{ref.stack}, which has no such output "
                        f"(it has: {', '.join(producer.outputs)})"
                    )

    def levels(self) -> list[list[Stack]]:
        """Stacks grouped so that each group depends only on earlier groups (Kahn's algorithm)."""
        self._check_dependencies()
        remaining = {name: set(s.depends_on) for name, s in self._stacks.items()}
        levels: list[list[Stack]] = []
        done: set[str] = set()
        while remaining:
            ready = [name for name, deps in remaining.items() if deps <= done]
            if not ready:
                raise DependencyCycleError(_find_cycle(remaining))
            levels.append([self._stacks[name] for name in ready])
            done.update(ready)
            for name in ready:
                del remaining[name]
        return levels

    def order(self) -> list[Stack]:
        return [stack for level in self.levels() for stack in level]

    def synth(self, directory: str | Path, fmt: Format = "json") -> list[Path]:
        """Write every template plus ``manifest.json`` (deploy order, inputs, regions)."""
        out = Path(directory)
        paths, entries = [], []
        for stack in self.order():
            paths.append(stack.write(out, fmt))
            entries.append(dict(stack.manifest_entry(), template=stack.file_name(fmt)))
            stack.refresh()  # written: keep no serialisation, so memory stays flat in stacks
        manifest = {"app": self.name, "format": fmt, "stacks": entries}
        (out / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
        return paths


def _find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One dependency loop among ``graph``'s stacks, first stack repeated at the end."""
    start = sorted(graph)[0]
    path: list[str] = []
    node = start
    while node not in path:
        path.append(node)
        node = sorted(d for d in graph[node] if d in graph)[0]
    cycle = path[path.index(node) :]
    return [*cycle, node]
