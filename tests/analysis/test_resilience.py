"""AZ- and region-loss scenarios on the good examples and on deliberately weak templates."""

from __future__ import annotations

import json

import pytest

from hastack.analysis.resilience import check_resilience
from hastack.analysis.sources import AnalysisSource


def _check(report, lost, part, name=None):
    scenario = next(s for s in report.scenarios if s.lost == lost)
    return next(c for c in scenario.checks if c.part == part and (name is None or c.name == name))


def _finding_ids(report):
    return sorted(f.id for f in report.findings)


@pytest.mark.parametrize("example", ["examples/webapp.py", "examples/rds_multiaz.py"])
def test_the_examples_survive_the_loss_of_any_az(example):
    report = check_resilience(example)
    assert [s.lost for s in report.scenarios] == ["AZ-1", "AZ-2", "AZ-3"]
    assert report.passed, [c for s in report.scenarios for c in s.checks if c.status == "fail"]
    assert report.findings == []


def test_losing_the_writers_az_fails_over_to_a_reader_in_another_az():
    report = check_resilience("examples/webapp.py")
    check = _check(report, "AZ-1", "database")
    assert check.status == "pass"
    assert "fails over to DatabaseReader1 in AZ-2" in check.detail


def test_instances_left_are_counted_against_min_size():
    report = check_resilience("examples/webapp.py")
    check = _check(report, "AZ-2", "compute")
    assert check.detail.startswith("2 of min 3 left in AZ-1, AZ-3")


def test_a_single_nat_gateway_is_flagged_and_fails_its_az(fixture_path):
    report = check_resilience(fixture_path("weak_single_nat.yaml"))
    assert "single-nat" in _finding_ids(report)
    nat = _check(report, "us-east-1a", "nat")
    assert nat.status == "fail"
    assert "PrivateSubnetB (us-east-1b) route through NatGateway" in nat.detail
    assert _check(report, "us-east-1b", "nat").status == "pass"


def test_an_aurora_reader_in_the_writers_az_is_flagged(fixture_path):
    report = check_resilience(fixture_path("weak_single_nat.yaml"))
    assert "aurora-reader-same-az" in _finding_ids(report)
    db = _check(report, "us-east-1a", "database")
    assert db.status == "fail"
    assert "sit in the writer's AZ" in db.detail
    assert _check(report, "us-east-1b", "database").status == "pass"


def test_an_asg_whose_minimum_cannot_cover_peak_after_an_az_loss_is_flagged(template):
    report = check_resilience(template(min_size=3), peak_rps=1200)  # c7g.large: 500 rps
    assert "capacity-after-az-loss" in _finding_ids(report)
    check = _check(report, "AZ-1", "compute")
    assert check.status == "fail"
    assert "2 < 3 needed for peak 1200 rps at 500 rps each" in check.detail
    assert "MinSize 5 over 3 AZs survives" in check.detail


def test_a_minimum_sized_for_static_stability_passes_at_peak(template):
    report = check_resilience(template(min_size=6), peak_rps=2000)
    assert report.passed
    assert "4 ≥ 4 needed" in _check(report, "AZ-3", "compute").detail


def test_rps_per_instance_overrides_the_capacity_table(template):
    report = check_resilience(template(min_size=3), peak_rps=1200, rps_per_instance=600)
    assert report.passed
    assert "at 600 rps each" in _check(report, "AZ-1", "compute").detail


def test_an_instance_type_outside_the_table_fails_the_peak_check_with_advice(template):
    report = check_resilience(template(instance_type="x9.mega"), peak_rps=100)
    check = _check(report, "AZ-1", "compute")
    assert check.status == "fail"
    assert "pass --rps-per-instance" in check.detail


def test_aurora_without_a_reader_cannot_promote(template):
    report = check_resilience(template(reader_azs=[]))
    assert "aurora-no-reader" in _finding_ids(report)
    assert _check(report, "AZ-1", "database").status == "fail"
    assert _check(report, "AZ-2", "database").status == "pass"


def test_readers_without_an_az_are_assumed_in_the_lost_az(template):
    report = check_resilience(template(writer_az=0, reader_azs=[None]))
    check = _check(report, "AZ-1", "database")
    assert check.status == "fail"
    assert "no AvailabilityZone" in check.detail


def test_a_single_az_rds_instance_fails_the_loss_of_its_az(fixture_path):
    report = check_resilience(fixture_path("single_az.yaml"))
    assert [s.lost for s in report.scenarios] == ["AZ-1"]
    checks = {c.part: c for c in report.scenarios[0].checks}
    assert checks["database"].status == "fail"
    assert "RPO up to 5 min, RTO hours" in checks["database"].detail
    assert checks["load balancer"].status == "fail"
    assert checks["compute"].status == "fail"


def test_a_load_balancer_in_one_az_has_no_az_left(template):
    report = check_resilience(template(lb_azs=[0]))
    assert _check(report, "AZ-1", "load balancer").status == "fail"
    assert _check(report, "AZ-2", "load balancer").status == "pass"


def test_unknown_placement_never_passes(corpus_templates):
    path = next(p for p in corpus_templates if p.name == "AutoScalingMultiAZWithNotifications.yaml")
    report = check_resilience(str(path))
    assert not report.passed
    assert "placement not known" in report.scenarios[0].checks[0].detail


def _regions(template, **primary):
    return [
        AnalysisSource(
            "shop-primary",
            template(failover="PRIMARY", global_role="primary", reader_azs=[1, 2], **primary),
            region="us-east-1",
        ),
        AnalysisSource(
            "shop-secondary",
            template(failover="SECONDARY", global_role="secondary", writer_az=None),
            region="us-west-2",
        ),
    ]


def test_a_multi_region_app_survives_the_loss_of_either_region(template):
    report = check_resilience(_regions(template), peak_rps=1000)
    regions = [s for s in report.scenarios if s.kind == "region"]
    assert [s.lost for s in regions] == ["us-east-1", "us-west-2"]
    assert all(s.passed for s in regions)
    db = _check(report, "us-east-1", "database")
    assert "promote secondary DatabaseCluster in us-west-2" in db.detail
    assert "SECONDARY in us-west-2" in _check(report, "us-east-1", "dns").detail


def test_losing_the_primary_region_without_a_health_check_fails_dns(template):
    sources = _regions(template)
    sources[0].body = template(failover="PRIMARY", health_check=False, global_role="primary")
    report = check_resilience(sources)
    dns = _check(report, "us-east-1", "dns")
    assert dns.status == "fail"
    assert "never fails over" in dns.detail


def test_losing_a_region_without_a_database_copy_fails(template):
    sources = _regions(template)
    sources[1].body = template(failover="SECONDARY", db=None)
    sources[0].body = template(failover="PRIMARY")
    report = check_resilience(sources)
    db = _check(report, "us-east-1", "database")
    assert db.status == "fail"
    assert "no copy of the database in another region" in db.detail


def test_the_synthesized_multiregion_fixture_reads_regions_from_its_manifest(fixture_path):
    import glob

    files = sorted(glob.glob(fixture_path("multiregion/*.template.json")))
    report = check_resilience(files)
    assert {s.region for s in report.scenarios} == {"us-east-1", "us-west-2"}
    assert report.passed


def test_the_cli_exits_one_on_a_failing_scenario_and_zero_on_the_examples(hastack, fixture_path):
    weak = hastack("resilience", fixture_path("weak_single_nat.yaml"), "--peak-rps", "800")
    assert weak.code == 1
    assert "lose us-east-1a (us-east-1, from AZ names): FAIL" in weak.stdout
    assert "single-nat" in weak.stdout
    good = hastack("resilience", "examples/webapp.py")
    assert good.code == 0, good.stdout
    assert "3 scenario(s): 3 passed, 0 failed" in good.stdout


def test_the_cli_json_lists_scenarios_findings_and_a_summary(hastack, fixture_path):
    result = hastack("resilience", fixture_path("weak_single_nat.yaml"), "--format", "json")
    data = json.loads(result.stdout)
    assert data["passed"] is False
    assert data["summary"] == {"scenarios": 2, "passed": 1, "failed": 1}
    assert {f["id"] for f in data["findings"]} == {"single-nat", "aurora-reader-same-az"}


@pytest.mark.parametrize("option", ["--peak-rps", "--rps-per-instance"])
def test_non_positive_rates_are_usage_errors(hastack, option):
    result = hastack("resilience", "examples/webapp.py", option, "0")
    assert result.code == 2
    assert option in result.stderr


def test_the_multi_region_example_survives_every_az_and_region_loss():
    report = check_resilience("examples/multi_region.py")
    assert [s.lost for s in report.scenarios if s.kind == "region"] == ["us-east-1", "us-west-2"]
    assert report.passed, [c for s in report.scenarios for c in s.checks if c.status == "fail"]
    db = _check(report, "us-east-1", "database")
    assert "Aurora Global: promote secondary DatabaseCluster in us-west-2" in db.detail


def test_an_az_lost_in_a_warm_standby_region_is_a_warning_not_an_outage(tmp_path):
    """A standby region serves no viewer while the primary is healthy: losing an AZ there
    (its one warm-standby instance with it) costs the users nothing, so the scenario passes,
    with a warning that a region failover during the gap starts from fewer instances. The
    primary's own AZ losses are judged as before."""
    from pathlib import Path

    text = Path("examples/multi_region.py").read_text()
    warm = text.replace(
        "    secondary={\n", '    secondary={\n        "fleet": {"min_size": 1, "max_size": 6},\n'
    )
    assert warm != text
    app = tmp_path / "warm.py"
    app.write_text(warm)
    report = check_resilience(str(app))
    standby = [s for s in report.scenarios if s.kind == "az" and s.region == "us-west-2"]
    assert standby and all(s.passed for s in standby)
    compute = [c for s in standby for c in s.checks if c.part == "compute"]
    assert {c.status for c in compute} == {"warn"}
    assert all("standby region, serving no viewer" in c.detail for c in compute)
    primary = [s for s in report.scenarios if s.kind == "az" and s.region == "us-east-1"]
    assert all(c.status == "pass" for s in primary for c in s.checks)


def test_a_template_without_region_takes_it_from_explicit_az_names(fixture_path):
    from hastack.analysis.sources import load_sources
    from hastack.analysis.topology import build_model

    model = build_model(load_sources(fixture_path("weak_single_nat.yaml")))
    assert model.regions[0].label == "us-east-1, from AZ names"
    report = check_resilience(model)
    assert report.scenarios[0].title == "lose us-east-1a (us-east-1, from AZ names)"


def test_a_whole_getazs_list_has_the_regions_own_number_of_azs():
    template = {
        "Resources": {
            "LaunchTemplate": {
                "Type": "AWS::EC2::LaunchTemplate",
                "Properties": {"LaunchTemplateData": {"InstanceType": "t3.micro"}},
            },
            "Fleet": {
                "Type": "AWS::AutoScaling::AutoScalingGroup",
                "Properties": {
                    "MinSize": "2",
                    "MaxSize": "4",
                    "AvailabilityZones": {"Fn::GetAZs": ""},
                    "LaunchTemplate": {
                        "LaunchTemplateId": {"Ref": "LaunchTemplate"},
                        "Version": "1",
                    },
                },
            },
        }
    }
    east = check_resilience(AnalysisSource("fleet", template, region="us-east-1"))
    assert [s.lost for s in east.scenarios] == ["AZ-1", "AZ-2", "AZ-3"]
    west = check_resilience(AnalysisSource("fleet", template, region="us-west-1"))  # two AZs
    assert [s.lost for s in west.scenarios] == ["AZ-1", "AZ-2"]
    assert _check(west, "AZ-1", "compute").detail.startswith("1 of min 2 left in AZ-2;")
