"""Availability math checked against hand-computed values, on examples, fixtures and the corpus."""

from __future__ import annotations

import json

import pytest

from hastack.analysis.availability import estimate_availability
from hastack.analysis.failures import MODES
from hastack.analysis.sources import AnalysisSource
from hastack.analysis.units import MINUTES_PER_YEAR, parse_duration
from hastack.errors import UsageError


def _parts(report):
    return {p.name: p for r in report.regions for p in r.parts}


def test_the_webapp_example_composes_three_multi_az_tiers_in_series():
    report = estimate_availability("examples/webapp.py")
    assert report.composition == "single"
    assert {p.sla for p in _parts(report).values()} == {
        "elb-multi-az",
        "ec2-multi-az",
        "aurora-multi-az",
    }
    assert report.dns is not None and report.dns.availability == 1.0
    assert report.sla_availability == pytest.approx(0.9999 * 0.9999 * 0.9999, abs=1e-12)
    assert report.sla_availability == pytest.approx(0.99970003, abs=1e-8)


def test_the_rds_example_uses_the_rds_multi_az_sla_and_names_it_the_weakest_link():
    report = estimate_availability("examples/rds_multiaz.py")
    assert report.sla_availability == pytest.approx(0.9999 * 0.9999 * 0.9995, abs=1e-12)
    assert report.weakest is not None
    assert (report.weakest.name, report.weakest.sla) == ("DatabaseInstance", "rds-multi-az")


def test_split_stacks_resolve_subnets_through_the_network_stacks_outputs():
    report = estimate_availability("examples/split_stacks.py")
    parts = _parts(report)
    assert parts["AutoScalingGroup"].azs == ["AZ-1", "AZ-2", "AZ-3"]
    assert parts["LoadBalancer"].multi_az
    assert parts["DatabaseCluster"].sla == "aurora-multi-az"


def test_synthesized_split_templates_are_wired_through_their_manifest(tmp_path):
    from hastack.core.app_loader import load_app

    load_app("examples/split_stacks.py").synth(tmp_path)
    files = sorted(str(p) for p in tmp_path.glob("*.template.json"))
    report = estimate_availability(files)
    assert report.sla_availability == pytest.approx(0.9999**3, abs=1e-12)
    assert _parts(report)["AutoScalingGroup"].azs == ["AZ-1", "AZ-2", "AZ-3"]


def test_a_single_az_template_gets_the_single_az_slas(fixture_path):
    report = estimate_availability(fixture_path("single_az.yaml"))
    parts = _parts(report)
    assert parts["LoadBalancer"].sla == "elb-single"
    assert parts["WebServer"].sla == "ec2-single"
    assert parts["Database"].sla == "rds-single"
    assert report.sla_availability == pytest.approx(0.999 * 0.995 * 0.995, abs=1e-12)
    assert report.weakest is not None and report.weakest.availability == 0.995


def test_an_aurora_cluster_with_every_instance_in_one_az_is_single_az(fixture_path):
    report = estimate_availability(fixture_path("weak_single_nat.yaml"))
    db = _parts(report)["DatabaseCluster"]
    assert (db.sla, db.multi_az) == ("aurora-single", False)
    assert "same AZ" in db.why
    assert report.sla_availability == pytest.approx(0.9999 * 0.9999 * 0.999, abs=1e-12)


def test_an_asg_with_one_instance_counts_as_a_single_instance(template):
    report = estimate_availability(template(min_size=1, db=None))
    fleet = _parts(report)["AutoScalingGroup"]
    assert fleet.sla == "ec2-single"
    assert "one instance" in fleet.why


def test_unknown_placement_is_counted_as_one_az_and_said(template):
    body = template(db=None)
    body["Parameters"] = {"Subnets": {"Type": "List<AWS::EC2::Subnet::Id>"}}
    body["Resources"]["AutoScalingGroup"]["Properties"]["VPCZoneIdentifier"] = {"Ref": "Subnets"}
    report = estimate_availability(body)
    fleet = _parts(report)["AutoScalingGroup"]
    assert fleet.sla == "ec2-single"
    assert any("parameter Subnets has no value" in a for a in fleet.assumptions)


def test_aurora_readers_without_an_az_are_not_assumed_to_be_spread(template):
    report = estimate_availability(template(writer_az=None, reader_azs=[None, None]))
    db = _parts(report)["DatabaseCluster"]
    assert db.sla == "aurora-single"
    assert any("AvailabilityZone" in a for a in db.assumptions)


def test_an_rds_instance_whose_multi_az_flag_is_unknown_is_counted_single_az(template):
    body = template(db="rds")
    body["Parameters"] = {"MultiAZ": {"Type": "String"}}
    body["Resources"]["DatabaseInstance"]["Properties"]["MultiAZ"] = {"Ref": "MultiAZ"}
    db = _parts(estimate_availability(body))["DatabaseInstance"]
    assert db.sla == "rds-single"
    assert any("MultiAZ not known" in a for a in db.assumptions)


def _multiregion(template, **secondary):
    primary = AnalysisSource(
        "shop-primary",
        template(failover="PRIMARY", global_role="primary", reader_azs=[1, 2]),
        region="us-east-1",
    )
    second = AnalysisSource(
        "shop-secondary",
        template(failover="SECONDARY", global_role="secondary", reader_azs=[0, 1], **secondary),
        region="us-west-2",
    )
    return [primary, second]


def test_regions_joined_by_failover_records_compose_in_parallel(template):
    report = estimate_availability(_multiregion(template))
    region = 0.9999**3
    assert report.composition == "parallel"
    assert [r.role for r in report.regions] == ["primary", "secondary"]
    assert report.sla_availability == pytest.approx(1 - (1 - region) ** 2, abs=1e-12)
    assert any("independent failures" in label for label in report.labels)
    assert any("failover time is ignored" in label for label in report.labels)


def test_a_known_rto_models_failover_time_with_the_documented_formula(template):
    report = estimate_availability(_multiregion(template), rto="5m", outage_minutes=60)
    u = 1 - 0.9999**3
    f = 300 / 3600
    assert report.failover is not None
    assert report.failover.share == pytest.approx(f)
    assert report.sla_availability == pytest.approx(1 - u * (f + (1 - f) * u), abs=1e-12)
    assert report.availability < report.parallel_availability


def test_an_rto_longer_than_the_outage_leaves_the_primary_figure(template):
    report = estimate_availability(_multiregion(template), rto="2h", outage_minutes=60)
    assert report.sla_availability == pytest.approx(0.9999**3, abs=1e-12)


def test_a_primary_record_without_health_check_does_not_count_as_failover(template):
    sources = _multiregion(template)
    sources[0].body = template(failover="PRIMARY", health_check=False, global_role="primary")
    report = estimate_availability(sources)
    assert report.composition == "series"
    assert report.sla_availability == pytest.approx((0.9999**3) ** 2, abs=1e-12)
    assert any("never fails over" in n for n in report.notes)


def test_corpus_templates_give_figures_not_tracebacks(corpus_templates, hastack):
    for path in corpus_templates:
        result = hastack("availability", str(path))
        assert result.code == 0, result.stderr
        assert "Availability (estimate): " in result.stdout


@pytest.mark.parametrize("path", ["json", "text"])
def test_the_cli_prints_math_weakest_link_and_downtime(path, hastack):
    result = hastack("availability", "examples/webapp.py", "--format", path)
    assert result.code == 0, result.stderr
    if path == "json":
        data = json.loads(result.stdout)
        assert data["sla_availability"] == pytest.approx(0.99970003, abs=1e-8)
        minutes = data["downtime_minutes_per_year"]
        assert minutes == pytest.approx(sum(m["downtime_minutes_per_year"] for m in data["modes"]))
        assert data["availability"] == pytest.approx(1 - minutes / MINUTES_PER_YEAR)
        assert {m["mode"] for m in data["modes"]} == set(MODES)
        assert data["weakest_link"]["tier"] in {"load balancer", "compute", "database"}
        assert data["sla_table"]["slas"]["aurora-multi-az"]["url"].startswith("https://aws.")
    else:
        assert (
            "us-east-1: load balancer 0.9999 × compute 0.9999 × database 0.9999 = 0.99970003"
            in result.stdout
        )
        assert "Weakest SLA:" in result.stdout
        assert "Published SLAs combined: 99.9700%" in result.stdout
        assert "Expected downtime per failure mode" in result.stdout
        assert "Weakest mode: " in result.stdout


def test_require_below_the_estimate_exits_one(hastack):
    result = hastack("availability", "examples/webapp.py", "--require", "99.999")
    assert result.code == 1
    assert "below the required 99.999%" in result.stderr
    assert hastack("availability", "examples/webapp.py", "--require", "99.9").code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--rto", "soon"], "--rto 'soon': a duration"),
        (["--require", "100"], "--require '100': a percentage above 0 and below 100"),
        (["--outage-minutes", "0"], "--outage-minutes"),
    ],
)
def test_bad_options_exit_two_with_the_option_named(args, message, capsys):
    from hastack.cli.main import main

    with pytest.raises(SystemExit) as exit_info:
        main(["availability", "examples/webapp.py", *args])
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def test_a_missing_template_file_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError):
        estimate_availability(str(tmp_path / "nope.yaml"))


@pytest.mark.parametrize(
    ("text", "seconds"), [("30s", 30), ("5m", 300), ("1.5h", 5400), ("90", 90), ("1d", 86400)]
)
def test_durations_parse_to_seconds(text, seconds):
    assert parse_duration(text, "--rto") == seconds


def test_the_multi_region_example_is_primary_and_secondary_in_parallel():
    report = estimate_availability("examples/multi_region.py", rto="5m")
    assert report.composition == "parallel"
    assert [(r.region, r.role) for r in report.regions] == [
        ("us-east-1", "primary"),
        ("us-west-2", "secondary"),
    ]
    db_roles = {
        p.why.rsplit("; ", 1)[-1] for r in report.regions for p in r.parts if p.tier == "database"
    }
    assert db_roles == {"Aurora Global primary", "Aurora Global secondary"}
    u = 1 - 0.9999**3
    f = 300 / 3600
    assert report.sla_availability == pytest.approx(1 - u * (f + (1 - f) * u), abs=1e-12)


def test_odd_but_valid_template_shapes_are_read_without_crashing(fixture_path):
    report = estimate_availability(fixture_path("odd_shapes.yaml"))
    parts = _parts(report)
    assert "DevOnlyGroup" not in parts  # its condition is false with the default Env
    assert parts["Group"].azs == ["eu-west-1a", "eu-west-1b"]  # from a List parameter default
    assert parts["Db"].sla == "rds-multi-az"  # MultiAZ through Fn::FindInMap
    assert parts["MultiAzCluster"].sla == "rds-multi-az"
    assert parts["Serverless"].sla == "aurora-single"
    assert parts["Classic"].sla == "elb-single"  # existing subnets: AZ not in the template
    assert any("Orphan: member of a cluster outside" in n for n in report.notes)
    assert report.composition == "single"  # failover records without alias targets
    assert report.sla_availability == pytest.approx(
        0.999 * 0.999 * 0.9999 * 0.995 * 0.9995 * 0.999 * 0.9995, abs=1e-12
    )


def test_synth_templates_without_a_manifest_are_wired_by_parameter_descriptions(tmp_path):
    from hastack.core.app_loader import load_app

    load_app("examples/split_stacks.py").synth(tmp_path)
    (tmp_path / "manifest.json").unlink()
    files = sorted(str(p) for p in tmp_path.glob("*.template.json"))
    report = estimate_availability(files, region="us-east-1")
    assert _parts(report)["AutoScalingGroup"].azs == ["AZ-1", "AZ-2", "AZ-3"]
    assert _parts(report)["LoadBalancer"].sla == "elb-multi-az"


def test_a_failover_region_without_a_database_is_noted(template):
    sources = _multiregion(template)
    sources[1].body = template(failover="SECONDARY", db=None)
    report = estimate_availability(sources)
    assert report.composition == "parallel"
    assert any("us-west-2: no database in this region" in n for n in report.notes)


def test_several_parts_of_one_tier_are_grouped_in_the_math(fixture_path):
    report = estimate_availability(fixture_path("odd_shapes.yaml"))
    math = report.regions[0].tier_math
    assert math.startswith("load balancer (0.999 × 0.999 = 0.99800100) × compute (0.9999 × 0.995")
    assert "database (0.9995 × 0.999 × 0.9995" in math


def test_percentages_never_round_a_figure_below_100_up_to_100() -> None:
    from hastack.analysis.units import percent

    assert percent(0.9999999100179985) == "99.99999%"
    assert percent(0.9997) == "99.9700%"
    assert percent(0.99999, 3) == "99.999%"
    assert percent(1.0) == "100.0000%"


def test_a_template_cloudformation_would_refuse_gets_no_estimate(tmp_path) -> None:
    """AWS refuses a template whose resource has no Type or whose Properties is a list
    ("Template format error"): an estimate for it would judge a stack that cannot exist."""
    from hastack.errors import TemplateFileError

    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "Resources:\n  Broken:\n    Type: AWS::EC2::Instance\n    Properties: [1, 2]\n  Weird: 17\n"
    )
    with pytest.raises(TemplateFileError) as caught:
        estimate_availability(str(bad))
    message = str(caught.value)
    assert "[/Resources/Broken] Properties must be an object" in message
    assert "[/Resources/Weird] Every Resources object must contain a Type member" in message
