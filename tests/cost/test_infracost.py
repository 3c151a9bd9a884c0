"""``--format infracost-json``: the shape infracost's own ``breakdown --format json`` writes.

The expected keys come from a recorded infracost 0.10 output (its breakdown_format_json golden
file, format version 0.2): root, project, breakdown, resource and cost component keys, decimal
strings for every amount, and the summary counters.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from click.testing import CliRunner

from hastack.cli.main import cli, main
from hastack.cost.api import estimate
from hastack.cost.infracost import to_infracost
from tests.cost.conftest import FIXTURES

ROOT_KEYS = {
    "version",
    "metadata",
    "currency",
    "projects",
    "totalHourlyCost",
    "totalMonthlyCost",
    "totalMonthlyUsageCost",
    "pastTotalHourlyCost",
    "pastTotalMonthlyCost",
    "pastTotalMonthlyUsageCost",
    "diffTotalHourlyCost",
    "diffTotalMonthlyCost",
    "diffTotalMonthlyUsageCost",
    "timeGenerated",
    "summary",
}
PROJECT_KEYS = {"name", "displayName", "metadata", "pastBreakdown", "breakdown", "diff", "summary"}
BREAKDOWN_KEYS = {"resources", "totalHourlyCost", "totalMonthlyCost", "totalMonthlyUsageCost"}
RESOURCE_REQUIRED = {"name", "resourceType", "tags", "metadata", "hourlyCost", "monthlyCost"}
RESOURCE_OPTIONAL = {"monthlyUsageCost", "costComponents", "subresources"}
COMPONENT_REQUIRED = {
    "name",
    "unit",
    "hourlyQuantity",
    "monthlyQuantity",
    "price",
    "hourlyCost",
    "monthlyCost",
    "priceNotFound",
}
SUMMARY_KEYS = {
    "totalDetectedResources",
    "totalSupportedResources",
    "totalUnsupportedResources",
    "totalUsageBasedResources",
    "totalNoPriceResources",
    "unsupportedResourceCounts",
    "noPriceResourceCounts",
}


def _decimal(text: str) -> Decimal:
    assert isinstance(text, str) and "e" not in text.lower()
    return Decimal(text)


def test_the_document_has_infracost_keys_and_decimal_strings_that_add_up():
    result = estimate(
        str(FIXTURES / "apps" / "fargate_alb_efs.yaml"),
        usage=str(FIXTURES / "apps" / "fargate_alb_efs_usage.yaml"),
    )
    doc = to_infracost(result, now=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))
    assert set(doc) == ROOT_KEYS and doc["version"] == "0.2"
    assert doc["timeGenerated"] == "2026-01-02T03:04:05Z"
    (project,) = doc["projects"]
    assert set(project) == PROJECT_KEYS
    assert project["metadata"]["type"] == "cloudformation"
    breakdown = project["breakdown"]
    assert set(breakdown) == BREAKDOWN_KEYS and project["pastBreakdown"]["resources"] == []
    total = Decimal(0)
    for resource in breakdown["resources"]:
        assert RESOURCE_REQUIRED <= set(resource) <= RESOURCE_REQUIRED | RESOURCE_OPTIONAL
        parts = Decimal(0)
        for component in resource["costComponents"]:
            assert COMPONENT_REQUIRED <= set(component) <= COMPONENT_REQUIRED | {"usageBased"}
            monthly = _decimal(component["monthlyCost"])
            assert monthly == _decimal(component["monthlyQuantity"]) * _decimal(component["price"])
            parts += monthly
        assert _decimal(resource["monthlyCost"]) == parts
        total += parts
    assert _decimal(doc["totalMonthlyCost"]) == total == result.total_monthly
    service = next(r for r in breakdown["resources"] if r["name"] == "Service")
    assert service["resourceType"] == "AWS::ECS::Service"
    assert service["costComponents"][0]["monthlyQuantity"] == "730"
    assert set(doc["summary"]) == SUMMARY_KEYS
    assert doc["summary"]["totalNoPriceResources"] == len(result.free)
    assert doc["summary"]["noPriceResourceCounts"]["AWS::EFS::MountTarget"] == 2


def test_the_cli_prints_infracost_json_and_refuses_it_with_compare(capsys):
    runner = CliRunner()
    site = str(FIXTURES / "apps" / "cloudfront_s3_site.yaml")
    ok = runner.invoke(cli, ["cost", site, "--format", "infracost-json"])
    assert ok.exit_code == 0, ok.output
    doc = json.loads(ok.stdout)
    assert doc["projects"][0]["metadata"]["path"] == site
    with pytest.raises(SystemExit) as exit_:
        main(["cost", site, "--format", "infracost-json", "--compare", site])
    assert exit_.value.code == 2 and "drop --compare" in capsys.readouterr().err
