"""Every example synthesizes, lints clean (errors, warnings and informational) and is stable."""

from __future__ import annotations

import pytest

from hastack.core.app_loader import load_app
from tests.conftest import EXAMPLES

EXAMPLE_FILES = sorted(p.name for p in EXAMPLES.glob("*.py"))


@pytest.mark.parametrize("example", EXAMPLE_FILES)
def test_example_passes_cfn_lint_with_no_findings_in_three_regions(example, cfn_lint) -> None:
    app = load_app(str(EXAMPLES / example))
    assert len(app) >= 1
    for stack in app.order():
        findings = cfn_lint(stack.to_json())
        assert findings == [], f"{stack.name}: " + "; ".join(
            f"{m.rule.id} {'/'.join(map(str, m.path))}: {m.message}" for m in findings
        )


@pytest.mark.parametrize("example", EXAMPLE_FILES)
def test_example_synthesizes_the_same_bytes_twice(example) -> None:
    first = load_app(str(EXAMPLES / example))
    second = load_app(str(EXAMPLES / example))
    for a, b in zip(first.order(), second.order(), strict=True):
        assert a.to_json() == b.to_json()
        assert a.to_yaml() == b.to_yaml()


def test_webapp_example_is_the_documented_topology() -> None:
    (stack,) = load_app(str(EXAMPLES / "webapp.py")).stacks
    types = [r["Type"] for r in stack.body["Resources"].values()]
    assert types.count("AWS::EC2::NatGateway") == 3
    assert types.count("AWS::RDS::DBInstance") == 3  # writer + 2 readers
    assert "AWS::Route53::RecordSet" in types
    assert "AWS::Route53::HealthCheck" not in types  # no failover record would read it
    assert stack.body["Resources"]["HttpsListener"]["Properties"]["Port"] == 443


def test_rds_example_is_multi_az_with_two_replicas() -> None:
    (stack,) = load_app(str(EXAMPLES / "rds_multiaz.py")).stacks
    res = stack.body["Resources"]
    assert res["DatabaseInstance"]["Properties"]["MultiAZ"] is True
    assert {"DatabaseReplica1", "DatabaseReplica2"} <= set(res)
