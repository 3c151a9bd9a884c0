"""docs/cost.md documents every usage key with the default the code uses."""

from __future__ import annotations

from hastack.cost.pricers import PRICERS
from hastack.cost.pricers.transfer import DATA_TRANSFER_KEYS
from tests.conftest import ROOT


def test_every_usage_key_and_its_default_is_in_the_cost_docs():
    text = (ROOT / "docs" / "cost.md").read_text()
    rows = [(rtype, spec) for rtype, p in PRICERS.items() for spec in p.usage.values()]
    rows += [("data_transfer", spec) for spec in DATA_TRANSFER_KEYS.values()]
    for rtype, spec in rows:
        row = next(
            (
                line
                for line in text.splitlines()
                if line.startswith(f"| `{rtype}`") and f"| `{spec.name}` |" in line
            ),
            None,
        )
        assert row is not None, f"{rtype} {spec.name} missing from docs/cost.md"
        assert f"| {spec.default} |" in row, f"{rtype} {spec.name}: default {spec.default}"
