"""The one-page report: data gathered once, then a self-contained, accessible page."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from hastack.errors import UsageError
from hastack.report.page import ReportData, gather, render_html, tier_of
from tests.conftest import ROOT

WEBAPP = str(ROOT / "examples" / "webapp.py")


@pytest.fixture(scope="module")
def webapp() -> ReportData:
    return gather(WEBAPP, usage=str(ROOT / "examples" / "usage.yaml"))


class _Structure(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_the_cost_breakdown_adds_up_to_the_estimate(webapp):
    assert webapp.cost is not None
    by_tier = webapp.cost_by_tier()
    assert sum(v for _, v in by_tier) == pytest.approx(webapp.cost["total_monthly"], abs=0.05)
    usage = webapp.usage_components()
    assert sum(v for _, v in usage) == pytest.approx(webapp.cost["total_monthly_usage"], abs=0.05)
    assert tier_of("AWS::RDS::DBCluster") == "Database"
    assert tier_of("AWS::ElasticLoadBalancingV2::LoadBalancer") == "Load balancing"


def test_every_section_holds_what_the_commands_print(webapp):
    page = render_html(webapp)
    assert f"${webapp.cost['total_monthly']:,.2f}" in page
    assert webapp.availability is not None and str(webapp.availability["percent"]) in page
    for scenario in webapp.resilience["scenarios"]:
        assert f"Lose {scenario['lost']}" in page
    assert webapp.findings == [] and "0 findings." in page
    assert page.count("<h2") == 6 and page.count("<h1") == 1


def test_the_page_fetches_nothing_and_is_accessible(webapp):
    page = render_html(webapp)
    parser = _Structure()
    parser.feed(page)
    for tag, attrs in parser.tags:
        for key in ("src", "href"):
            value = attrs.get(key) or ""
            assert not re.match(r"^(https?:)?//", value), (tag, key, value)
        if tag == "th":
            assert attrs.get("scope") == "col"
        if tag == "svg":
            assert attrs.get("role") == "img"
    assert "<script" not in page and "<link" not in page
    assert ("html", {"lang": "en"}) in parser.tags
    svgs = page.count("<svg")
    assert page.count("<title") >= svgs + 1  # every chart and the diagram has a title


def test_same_data_same_page(webapp):
    assert render_html(webapp) == render_html(webapp)


def test_drill_results_are_charted_and_bad_ones_refused(tmp_path):
    result = tmp_path / "drill.json"
    result.write_text(
        json.dumps(
            {
                "name": "traffic drill",
                "requests_per_second": 950.5,
                "latency": [{"t": i, "p99_ms": 5 + (40 if i == 3 else 0)} for i in range(6)],
            }
        )
    )
    data = gather(WEBAPP, drills=(str(result),), run_validate=False)
    page = render_html(data)
    assert "traffic drill" in page and "Latency over time" in page and "950.5" in page
    assert "Validation was not run." in page
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]")
    with pytest.raises(UsageError, match="a drill result is a JSON object"):
        gather(WEBAPP, drills=(str(bad),), run_validate=False)


@pytest.mark.parametrize("example", sorted((ROOT / "examples").glob("*.py")), ids=lambda p: p.name)
def test_every_example_has_a_report(example, tmp_path):
    from hastack.report.api import report

    page = report(str(example), tmp_path / "r.html", run_validate=False).read_text()
    assert 'id="diagram"' in page and "<h2" in page
    assert "Not available" not in page.split('id="resilience"')[0].split('id="cost"')[1]


def test_a_traffic_drill_result_charts_its_own_latency_series(tmp_path):
    """The drill's JSON carries the series its PNG plots, so the page can chart it."""
    from hastack.drills.traffic import Sample, latency_series

    samples = [Sample(0.01, 0.002, True, "a"), Sample(0.02, 0.004, True, "b")]
    samples += [Sample(0.15, 0.5, False, None), Sample(0.25, 0.003, True, "a")]
    series = latency_series(samples)
    assert [p["t"] for p in series] == [0.0, 0.1, 0.2]
    assert series[0]["p99_ms"] == 4.0 and series[0]["errors"] == 0
    assert series[1]["errors"] == 1 and "p99_ms" not in series[1]  # no answer: no latency
    result = tmp_path / "traffic-haproxy.json"
    result.write_text(json.dumps({"kind": "haproxy", "requests": 4, "latency": series}))
    page = render_html(gather(WEBAPP, drills=(str(result),), run_validate=False))
    assert "Latency over time" in page and "<polyline" in page.split('id="drills"')[1]
