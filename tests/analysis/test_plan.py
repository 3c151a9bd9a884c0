"""Planner outputs for several requirement sets: chosen designs synthesize, validate clean and
estimate within budget; impossible requirements are explained."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from hastack.analysis.capacity import instances_needed, lost_with_one_az, min_size_for
from hastack.errors import UsageError
from hastack.planner.plan import Requirements, make_plan, render_app

REQUIREMENT_SETS = {
    "single-region aurora": dict(
        availability=0.9995, peak_rps=2000, rto_seconds=300, rpo_seconds=60, budget=Decimal(1500)
    ),
    "rds multi-az is enough": dict(
        availability=0.999, peak_rps=400, rto_seconds=600, rpo_seconds=300, budget=Decimal(1200)
    ),
    "multi-region": dict(
        availability=0.9999, peak_rps=10000, rto_seconds=300, rpo_seconds=1, budget=Decimal(6000)
    ),
}


@pytest.fixture(scope="module")
def plans():
    return {name: make_plan(Requirements(**values)) for name, values in REQUIREMENT_SETS.items()}


def test_the_cheapest_candidate_meeting_every_requirement_is_chosen(plans):
    for plan in plans.values():
        assert plan.chosen is not None and plan.chosen.meets and plan.chosen.verified
        cheaper = [c for c in plan.candidates if c.monthly < plan.chosen.monthly]
        assert all(c.fails for c in cheaper)


def test_each_requirement_set_gets_the_topology_it_needs(plans):
    assert plans["single-region aurora"].chosen.design.database == "aurora"
    assert plans["rds multi-az is enough"].chosen.design.database == "rds-multi-az"
    multi = plans["multi-region"].chosen.design
    assert (multi.database, multi.regions) == ("aurora-global", ("us-east-1", "us-west-2"))


def test_candidates_that_fail_say_why(plans):
    plan = plans["multi-region"]
    single = [c for c in plan.candidates if c.design.database == "aurora"]
    assert all("availability 99.970% < 99.990%" in c.fails for c in single)
    rds_single = next(c for c in plan.candidates if c.design.database == "rds-single")
    assert "RPO 5 min > 1 s" in rds_single.fails
    assert "RTO 4 h > 5 min" in rds_single.fails


def test_fleets_are_sized_to_carry_the_peak_with_one_az_lost(plans):
    for name, plan in plans.items():
        d = plan.chosen.design
        needed = instances_needed(REQUIREMENT_SETS[name]["peak_rps"], d.rps_per_instance)
        assert d.instances - lost_with_one_az(d.instances, d.azs) >= needed
        assert d.instances - 1 - lost_with_one_az(d.instances - 1, d.azs) < needed or (
            d.instances == d.azs
        )


@pytest.mark.parametrize("name", sorted(REQUIREMENT_SETS))
def test_the_written_app_synthesizes_validates_clean_and_fits_the_budget(
    name, plans, tmp_path, hastack
):
    from hastack.analysis.availability import estimate_availability
    from hastack.analysis.resilience import check_resilience
    from hastack.core.app_loader import load_app
    from hastack.cost.api import estimate
    from hastack.validate.api import validate

    plan = plans[name]
    path = tmp_path / "app.py"
    path.write_text(render_app(plan))
    app = load_app(str(path))
    written = app.synth(tmp_path / "out")
    assert len(written) == len(plan.chosen.design.regions) + (
        1 if len(plan.chosen.design.regions) > 1 else 0
    )
    cost = estimate(str(path))
    assert cost.total_monthly == plan.chosen.monthly
    assert cost.total_monthly <= REQUIREMENT_SETS[name]["budget"]
    report = validate(str(path))
    assert (report.errors, report.warnings) == ([], [])
    rto = plan.chosen.design.topology.region_rto_seconds
    availability = estimate_availability(str(path), rto=rto).availability
    assert availability >= REQUIREMENT_SETS[name]["availability"]
    resilience = check_resilience(str(path), peak_rps=REQUIREMENT_SETS[name]["peak_rps"])
    assert resilience.passed


def test_an_impossible_availability_within_a_tiny_budget_is_explained(hastack):
    result = hastack(
        "plan",
        "--availability",
        "99.999",
        "--peak-rps",
        "1000",
        "--rto",
        "5m",
        "--rpo",
        "1s",
        "--budget",
        "100",
    )
    assert result.code == 1
    assert "no candidate meets every requirement" in result.stdout
    assert "availability 99.999% is above the best design hastack builds: 99.9975%" in (
        result.stdout
    )
    assert "budget $100/month is below the cheapest design of any kind" in result.stdout


def test_a_budget_below_the_cheapest_fit_names_the_budget_needed():
    plan = make_plan(
        Requirements(
            availability=0.9999,
            peak_rps=10000,
            rto_seconds=300,
            rpo_seconds=1,
            budget=Decimal(3000),
        )
    )
    assert plan.chosen is None
    text = "\n".join(plan.explanation)
    cheapest = min(
        c.monthly
        for c in plan.candidates
        if c.fails == [f for f in c.fails if f.startswith("cost")]
    )
    assert f"raise the budget to ${cheapest:,.0f}" in text


def test_an_rto_below_every_topology_is_explained():
    plan = make_plan(Requirements(availability=0.99, peak_rps=100, rto_seconds=10, rpo_seconds=0))
    assert plan.chosen is None
    assert any(
        "RTO 10 s is below the fastest recovery on offer: 60 s" in line for line in plan.explanation
    )


def test_rps_per_instance_scales_with_vcpus_and_changes_the_fleet():
    base = dict(availability=0.999, peak_rps=4000, rto_seconds=600, rpo_seconds=300)
    plan = make_plan(Requirements(**base, rps_per_instance=1000, instance_types=("c7g.xlarge",)))
    d = plan.chosen.design
    assert d.rps_per_instance == 2000  # 4 vCPUs = twice a 2-vCPU instance
    assert d.instances == min_size_for(2, d.azs)


def test_the_cli_writes_the_app_and_prints_json(hastack, tmp_path):
    out = tmp_path / "planned.py"
    result = hastack(
        "plan",
        "--availability",
        "99.9",
        "--peak-rps",
        "400",
        "--rto",
        "10m",
        "--rpo",
        "5m",
        "--budget",
        "1200",
        "-o",
        str(out),
        "--format",
        "json",
    )
    assert result.code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["chosen"]["design"]["database"] == "rds-multi-az"
    assert data["chosen"]["monthly_cost"] <= 1200
    assert len(data["candidates"]) == 40
    assert "from blueprints import HAWebApp" in out.read_text()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--availability", "100"], "--availability '100'"),
        (["--rto", "fast"], "--rto 'fast'"),
        (["--peak-rps", "-5"], "--peak-rps -5"),
        (["--budget", "0"], "--budget 0"),
        (["--instance-type", "z9.huge"], "--instance-type 'z9.huge'"),
        (["--region", "moon-1"], "--region 'moon-1'"),
        (["-o", "app.txt"], "ending in .py"),
    ],
)
def test_bad_requirements_exit_two_naming_the_option(hastack, args, message):
    base = {"--availability": "99.9", "--peak-rps": "100", "--rto": "10m", "--rpo": "5m"}
    for key, value in zip(args[::2], args[1::2], strict=True):
        base[key] = value
    argv = [item for pair in base.items() for item in pair]
    result = hastack("plan", *argv)
    assert result.code == 2
    assert message in result.stderr


def test_requirements_are_checked_before_anything_is_built():
    with pytest.raises(UsageError, match="--peak-rps 0"):
        make_plan(Requirements(availability=0.99, peak_rps=0, rto_seconds=1, rpo_seconds=1))


def test_a_default_standby_region_the_catalog_cannot_price_skips_multi_region():
    plan = make_plan(
        Requirements(
            availability=0.999,
            peak_rps=100,
            rto_seconds=600,
            rpo_seconds=300,
            region="ap-southeast-2",
        )
    )
    assert all(len(c.design.regions) == 1 for c in plan.candidates)
    assert any("ap-southeast-1 is not in the price catalog" in n for n in plan.notes)
    assert plan.chosen is not None


def test_the_standby_region_must_differ_from_the_primary():
    with pytest.raises(UsageError, match="--secondary-region us-east-1: a region other than"):
        make_plan(
            Requirements(
                availability=0.999,
                peak_rps=100,
                rto_seconds=600,
                rpo_seconds=300,
                secondary_region="us-east-1",
            )
        )


def test_an_impossible_plan_writes_no_app_file(hastack, tmp_path):
    out = tmp_path / "app.py"
    result = hastack(
        "plan",
        "--availability",
        "99.9999",
        "--peak-rps",
        "10",
        "--rto",
        "1m",
        "--rpo",
        "0",
        "-o",
        str(out),
    )
    assert result.code == 1
    assert not out.exists()
    assert "no app file written" in result.stderr
