"""The cost and availability figures the README quotes are what the tools compute."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from hastack.analysis.availability import estimate_availability
from hastack.cost.api import estimate
from tests.conftest import EXAMPLES, ROOT

README = (ROOT / "README.md").read_text()


def money(text: str) -> Decimal:
    return Decimal(text.replace("$", "").replace(",", ""))


COST_ROWS = re.findall(
    r"^\| `examples/(\w+)\.py( --usage examples/usage\.yaml)?`[^|]*\| (\$[\d,.]+) \| "
    r"(\$[\d,.]+) \| (\$[\d,.]+) \|$",
    README,
    flags=re.MULTILINE,
)


def test_the_readme_has_an_estimate_for_every_example() -> None:
    assert {row[0] for row in COST_ROWS} == {p.stem for p in EXAMPLES.glob("*.py")}


@pytest.mark.parametrize(("example", "usage", "fixed", "usage_based", "total"), COST_ROWS)
def test_readme_cost_table_matches_the_estimator(example, usage, fixed, usage_based, total):
    result = estimate(
        str(EXAMPLES / f"{example}.py"), usage=str(EXAMPLES / "usage.yaml") if usage else None
    )
    cents = Decimal("0.01")
    got = (result.total_monthly_fixed, result.total_monthly_usage, result.total_monthly)
    assert tuple(amount.quantize(cents) for amount in got) == (
        money(fixed),
        money(usage_based),
        money(total),
    )


@pytest.mark.parametrize(
    ("example", "percent"),
    [("webapp", "99.9700%"), ("rds_multiaz", "99.9300%"), ("multi_region", "99.99999%")],
)
def test_readme_availability_figures_match_the_model(example, percent) -> None:
    from hastack.analysis.units import percent as fmt

    report = estimate_availability(str(EXAMPLES / f"{example}.py"))
    assert fmt(report.availability) == percent
    assert f"| `examples/{example}.py` | {percent}" in README


def test_readme_rule_table_is_generated_from_the_rules() -> None:
    from hastack.validate.docs import replace_table

    assert replace_table(README) == README
