"""RTO/RPO per disruption type (Resilience Hub's categories), the score and the CI gates."""

from __future__ import annotations

import copy
import dataclasses
import json
from typing import Any

import pytest

from hastack.analysis.recovery import parse_targets
from hastack.analysis.resilience import check_resilience
from hastack.core.loader import load
from hastack.errors import UsageError
from tests.conftest import detach_resources


@pytest.fixture(scope="module")
def webapp() -> list[Any]:
    return load("examples/webapp.py", verb="analyse")


def by_kind(report: Any) -> dict[str, Any]:
    return {d.kind: d for d in report.recovery.disruptions}


def test_the_three_single_region_types_are_estimated_from_the_template(webapp):
    found = by_kind(check_resilience(webapp))
    assert set(found) == {"application", "infrastructure", "az"}
    assert found["infrastructure"].rto == 35  # Aurora promotion 30 s + 5 s endpoint TTL
    assert found["infrastructure"].rpo == 0
    assert found["az"].rpo == 0
    assert found["application"].rpo == 300  # point-in-time restore, 5 min behind


def test_a_single_az_rds_instance_loses_the_az_and_recommends_multi_az():
    rds = load("examples/rds_multiaz.py", verb="analyse")
    body = copy.deepcopy(rds[0].body)
    name = next(k for k, v in body["Resources"].items() if v["Type"] == "AWS::RDS::DBInstance")
    body["Resources"][name]["Properties"]["MultiAZ"] = False
    report = check_resilience([dataclasses.replace(rds[0], body=body)])
    found = by_kind(report)
    # down for the whole impairment; its data outlives the AZ in the automated backups (S3),
    # restored to another AZ up to the point-in-time restore lag behind
    assert found["az"].rto == 7200 and not found["az"].rto_met
    assert found["az"].rpo == 300 and "restored from backup" in found["az"].rpo_why
    assert found["infrastructure"].rto > by_kind(check_resilience(rds))["infrastructure"].rto
    assert any("MultiAZ: true" in r for r in found["infrastructure"].recommendations)
    assert report.recovery.score < 100


def test_no_backups_means_an_unbounded_application_rpo(webapp):
    body = copy.deepcopy(webapp[0].body)
    body["Resources"]["DatabaseCluster"]["Properties"]["BackupRetentionPeriod"] = 0
    found = by_kind(check_resilience([dataclasses.replace(webapp[0], body=body)]))
    assert found["application"].rpo is None
    assert any("BackupRetentionPeriod" in r for r in found["application"].recommendations)


def test_a_two_instance_fleet_that_carries_the_peak_recovers_in_its_detection_time(webapp):
    """Losing one of two instances is no outage when the other carries the peak: the
    infrastructure RTO is the health check's detection; when it cannot, it is detection plus
    the replacement (the survivors lack capacity until then)."""
    body = copy.deepcopy(webapp[0].body)
    for resource in body["Resources"].values():
        if resource["Type"] == "AWS::AutoScaling::AutoScalingGroup":
            resource["Properties"]["MinSize"] = "2"
    database = {k for k, v in body["Resources"].items() if v["Type"].startswith("AWS::RDS::")}
    detach_resources(body, database)  # the fleet alone
    source = [dataclasses.replace(webapp[0], body=body)]
    carried = by_kind(check_resilience(source, peak_rps=100, rps_per_instance=500))
    short = by_kind(check_resilience(source, peak_rps=900, rps_per_instance=500))
    assert "survivors carry the load" in carried["infrastructure"].rto_why
    assert carried["infrastructure"].rto < short["infrastructure"].rto
    assert "AutoScalingGroup" in short["infrastructure"].rto_why


def test_a_region_target_on_one_region_is_missed_with_a_recommendation(webapp):
    report = check_resilience(webapp, rto_targets={"region": 3600.0})
    region = by_kind(report)["region"]
    assert region.rto is None and region.missed == ["RTO"]
    assert not report.recovery.met
    assert any("standby region" in r for r in region.recommendations)


def test_the_multi_region_example_fails_over_without_waiting_for_a_person():
    # the example's failover runbook stack promotes the standby (rds:FailoverGlobalCluster)
    report = check_resilience("examples/multi_region.py")
    region = by_kind(report)["region"]
    assert region.rpo == 1  # Aurora Global lag
    assert region.rto is not None and region.rto < 3600
    assert "by hand" not in region.rto_why
    assert "PrimaryHealthCheck" in region.rto_why
    assert report.recovery.score == 100.0


def test_targets_parse_for_every_type_or_one():
    assert parse_targets(["5m"], "--require-rto") == dict.fromkeys(
        ("application", "infrastructure", "az", "region"), 300.0
    )
    assert parse_targets(["region=1h", "az=30s"], "--require-rto") == {
        "region": 3600.0,
        "az": 30.0,
    }
    with pytest.raises(UsageError, match="TYPE is one of"):
        parse_targets(["planet=1h"], "--require-rto")


def test_the_cli_gates_exit_one_when_a_target_is_missed(hastack):
    ok = hastack("resilience", "examples/webapp.py", "--require-rto", "az=5m")
    assert ok.code == 0, ok.stderr
    missed = hastack("resilience", "examples/webapp.py", "--require-rto", "application=1m")
    assert missed.code == 1
    assert "application RTO" in missed.stderr
    rpo = hastack("resilience", "examples/webapp.py", "--require-rpo", "1s")
    assert rpo.code == 1 and "application RPO" in rpo.stderr
    bad = hastack("resilience", "examples/webapp.py", "--require-rto", "soon")
    assert bad.code == 2


def test_the_cli_json_carries_the_score_and_each_type(hastack):
    result = hastack("resilience", "examples/multi_region.py", "--format", "json")
    assert result.code == 0, result.stderr
    recovery = json.loads(result.stdout)["recovery"]
    assert recovery["score"] == 100.0
    keys = {d["resilience_hub_key"] for d in recovery["disruptions"]}
    assert keys == {"Software", "Hardware", "AZ", "Region"}
