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


AVAILABILITY_ROW = (
    r"^\| `examples/(\w+)\.py` \| ([\d.]+%) \| ([\d,.]+) min/year \| ([^|]+) \| ([\d.]+%) \|$"
)
AVAILABILITY_ROWS = re.findall(AVAILABILITY_ROW, README, flags=re.MULTILINE)
DOCS_ROWS = re.findall(
    AVAILABILITY_ROW, (ROOT / "docs" / "analysis.md").read_text(), flags=re.MULTILINE
)
"""docs/analysis.md quotes some of the same figures: they are checked the same way."""


def test_the_readme_has_an_availability_row_for_every_example() -> None:
    assert {row[0] for row in AVAILABILITY_ROWS} == {p.stem for p in EXAMPLES.glob("*.py")}


def test_docs_analysis_quotes_example_figures() -> None:
    assert len(DOCS_ROWS) >= 4


@pytest.mark.parametrize(
    ("example", "estimate", "minutes", "weakest", "sla"),
    [pytest.param(*row, id=f"README-{row[0]}") for row in AVAILABILITY_ROWS]
    + [pytest.param(*row, id=f"docs-{row[0]}") for row in DOCS_ROWS],
)
def test_readme_availability_figures_match_the_model(example, estimate, minutes, weakest, sla):
    from hastack.analysis.units import percent as fmt

    report = estimate_availability(str(EXAMPLES / f"{example}.py"))
    model = report.downtime_model
    assert model is not None and model.weakest is not None
    assert fmt(report.availability) == estimate
    assert f"{model.minutes:,.1f}" == minutes
    assert f"{model.weakest.title} ({model.weakest.minutes:,.1f} min)" == weakest.strip()
    assert fmt(report.sla_availability) == sla


def test_docs_analysis_webapp_output_is_what_the_model_prints() -> None:
    """The console and JSON samples of docs/analysis.md quote examples/webapp.py's figures."""
    from hastack.analysis.units import percent as fmt

    docs = (ROOT / "docs" / "analysis.md").read_text()
    report = estimate_availability(str(EXAMPLES / "webapp.py"))
    model = report.downtime_model
    assert model is not None
    assert f"Availability (estimate): {fmt(report.availability)}\n" in docs
    assert f"Expected downtime: {model.minutes:,.1f} min/year" in docs
    assert (
        f'"availability": {report.availability:.8f}, "percent": "{fmt(report.availability)}"'
        in (docs)
    )
    assert f'"downtime_minutes_per_year": {model.minutes:.2f},' in docs


def test_readme_rule_table_is_generated_from_the_rules() -> None:
    from hastack.validate.docs import replace_table

    assert replace_table(README) == README
