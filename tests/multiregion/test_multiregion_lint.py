"""The multi-region example passes cfn-lint (informational included) and hastack's rule pack."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from hastack.core.app_loader import load_app
from hastack.core.context import Context

ROOT = Path(__file__).resolve().parents[2]
REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2"]


@pytest.fixture(scope="module")
def app() -> Any:
    return load_app(str(ROOT / "examples" / "multi_region.py"), Context({}))


def lint(body: dict[str, Any]) -> list[tuple[str, str]]:
    from cfnlint.api import lint as cfn_lint
    from cfnlint.config import ManualArgs

    matches = cfn_lint(json.dumps(body), config=ManualArgs(regions=REGIONS, include_checks=["I"]))
    return [(m.rule.id, m.message) for m in matches]


@pytest.mark.parametrize("index", [0, 1, 2], ids=["primary", "secondary", "dns"])
def test_each_stack_has_no_cfn_lint_finding_in_three_regions(app: Any, index: int) -> None:
    assert lint(app.order()[index].body) == []


def test_cfn_lint_reports_informational_findings_so_a_clean_result_means_something(
    app: Any,
) -> None:
    body = copy.deepcopy(app.order()[0].body)
    del body["Resources"]["DatabaseCluster"]["DeletionPolicy"]
    assert "I3011" in {rule for rule, _ in lint(body)}


def test_the_rule_pack_finds_nothing_on_any_stack(app: Any) -> None:
    from hastack.validate.api import validate

    report = validate(app.stacks, regions=REGIONS, use_cache=False)
    assert [r.name for r in report.results] == [s.name for s in app.stacks]
    assert report.findings == []


def test_the_rule_pack_flags_a_primary_record_without_its_secondary(app: Any) -> None:
    from hastack.validate.api import validate

    body = copy.deepcopy(app.order()[2].body)
    del body["Resources"]["SecondaryRecord"]
    rules = {(f.rule, f.resource) for f in validate(body, use_cache=False).findings}
    assert ("W9141", "PrimaryRecord") in rules
