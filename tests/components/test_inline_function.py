"""Inline Lambda code: what ``compact_code`` removes, and that the program is unchanged."""

from __future__ import annotations

import types

from hastack.components.inline_function import compact_code

SOURCE = '''"""First line: what this is.

More text that is not deployed.
"""

from typing import Any

LIMIT: int = 3
declared: str


def double(value: Any, *args: Any, times: int = 2, **rest: Any) -> list[Any]:
    """Docstring that is not deployed."""
    # a comment
    doubled: list[Any] = [value] * times
    return doubled + list(args)


class Box:
    """Docstring."""

    size: int = LIMIT
'''


def load(code: str) -> types.ModuleType:
    module = types.ModuleType("compacted")
    exec(compile(code, "compacted", "exec"), module.__dict__)  # noqa: S102
    return module


def test_compact_code_drops_hints_docstrings_comments_and_typing_but_keeps_the_program() -> None:
    code = compact_code(SOURCE)
    assert code.startswith('"""First line: what this is."""\n')
    for gone in ("Any", "typing", "Docstring", "a comment", "More text", "declared", ": int"):
        assert gone not in code, gone
    module, original = load(code), load(SOURCE)
    assert module.double(1, 5, times=3) == original.double(1, 5, times=3) == [1, 1, 1, 5]
    assert module.Box.size == original.Box.size == 3
    assert len(code) < len(SOURCE)
