"""docs/extending.md's examples run, in order, as one program: each asserts what it shows."""

from __future__ import annotations

import re

from tests.conftest import ROOT

DOC = (ROOT / "docs" / "extending.md").read_text()
BLOCKS = re.findall(r"```python\n(.*?)```", DOC, flags=re.DOTALL)


def test_every_extension_point_has_a_running_example():
    assert len(BLOCKS) >= 5
    for title in ("A component", "A blueprint", "A rule", "A pricer", "An emulator handler"):
        assert f"## {title}" in DOC
    namespace: dict = {}
    for i, block in enumerate(BLOCKS):
        exec(compile(block, f"docs/extending.md block {i + 1}", "exec"), namespace)  # noqa: S102
