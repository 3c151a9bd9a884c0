"""Resource type names are written once, in hastack/template/types.py."""

from __future__ import annotations

import io
import re
import tokenize

from tests.conftest import ROOT

TYPE_NAME = re.compile(r"""^["']AWS::[A-Za-z0-9]+::[A-Za-z0-9]+["']$""")
CHECKED = ("core", "template", "cost", "analysis", "planner")
"""Packages whose code names types only through the constants (docstrings and messages may
still mention them in prose)."""


def test_no_resource_type_literal_outside_the_constants() -> None:
    found = []
    for package in CHECKED:
        for path in sorted((ROOT / "hastack" / package).rglob("*.py")):
            if path.name == "types.py" and package == "template":
                continue
            tokens = tokenize.generate_tokens(io.StringIO(path.read_text()).readline)
            found += [
                f"{path.relative_to(ROOT)}:{t.start[0]}: {t.string}"
                for t in tokens
                if t.type == tokenize.STRING and TYPE_NAME.match(t.string)
            ]
    assert found == [], "use hastack.template.types constants:\n" + "\n".join(found)
