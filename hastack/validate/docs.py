"""The rule table of docs/validate.md and README.md, generated from the rule classes (a test
keeps them equal).

Run ``python -m hastack.validate.docs FILE`` for each of them after changing a rule to rewrite the
table between the ``rules:start``/``rules:end`` markers.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from hastack.validate.rules import RULES_DIR

START = "<!-- rules:start -->"
END = "<!-- rules:end -->"


def pack_rules() -> list[Any]:
    """One instance of each rule of the pack, loaded the way ``--append-rules`` loads them."""
    from cfnlint.rules import Rules

    rules = Rules.create_from_directory(str(RULES_DIR))
    return [rules[rule_id] for rule_id in sorted(rules)]


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def rules_table() -> str:
    lines = [
        "| Id | What | Why | Fix | Reference |",
        "|----|------|-----|-----|-----------|",
    ]
    for rule in pack_rules():
        lines.append(
            f"| {rule.id} | {_cell(rule.shortdesc)} | {_cell(rule.description)} | "
            f"{_cell(rule.fix)} | [docs]({rule.source_url}) |"
        )
    return "\n".join(lines)


def replace_table(document: str) -> str:
    head, _, rest = document.partition(START)
    _, _, tail = rest.partition(END)
    return f"{head}{START}\n{rules_table()}\n{END}{tail}"


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m hastack.validate.docs FILE.md", file=sys.stderr)
        return 2
    path = Path(argv[0])
    path.write_text(replace_table(path.read_text()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
