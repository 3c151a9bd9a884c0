"""Planner outputs for several requirement sets: chosen designs synthesize, validate clean and
estimate within budget; impossible requirements are explained."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from hastack.analysis.capacity import instances_needed, lost_with_one_az, min_size_for
from hastack.analysis.failures import FailureInputs
from hastack.errors import UsageError
from hastack.planner.plan import (
    Requirements,
    build_stacks,
    make_plan,
    render_app,
    traffic_usage,
)

SMALL_API = dict(request_bytes=500, response_bytes=2_000)
"""Small JSON requests and responses: internet egress stays a minor share of the bill."""

REQUIREMENT_SETS = {
    "single-region aurora": dict(
        availability=0.9995,
        peak_rps=2000,
        average_rps=200,
        rto_seconds=90,
        rpo_seconds=60,
        budget=Decimal(1500),
        **SMALL_API,
    ),
    "rds multi-az is enough": dict(
        availability=0.999,
        peak_rps=400,
        average_rps=40,
        rto_seconds=600,
        rpo_seconds=300,
        budget=Decimal(1200),
        **SMALL_API,
    ),
    "multi-region": dict(
        availability=0.99995,
        peak_rps=10000,
        average_rps=1000,
        rto_seconds=600,  # the runbook's detection + promotion is 5.5 min (the model's)
        rpo_seconds=1,
        budget=Decimal(8000),
        **SMALL_API,
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
    # RTO 90 s: only an Aurora reader fails over fast enough (RDS Multi-AZ takes 120 s)
    assert plans["single-region aurora"].chosen.design.database in ("aurora", "aurora-iopt")
    assert plans["single-region aurora"].chosen.rto_seconds <= 90
    # 10 min: any synchronous standby; the cheapest at this load is chosen, on a small class
    relaxed = plans["rds multi-az is enough"].chosen.design
    assert relaxed.database in ("rds-multi-az", "aurora", "aurora-iopt")
    assert relaxed.db_class == "db.t4g.medium"  # 40 writes/s at the peak
    multi = plans["multi-region"].chosen.design
    assert (multi.database, multi.regions) == ("aurora-global", ("us-east-1", "us-west-2"))


def test_candidates_that_fail_say_why(plans):
    plan = plans["multi-region"]
    single = [c for c in plan.candidates if c.design.database == "aurora"]
    assert single and all(
        any(f.startswith("availability ") and f.endswith("< 99.995%") for f in c.fails)
        for c in single
    )
    assert not [c for c in plan.candidates if c.design.non_production]
    assert any("non-production only" in note for note in plan.notes)


def test_non_production_offers_single_az_designs_scored_by_the_model():
    base = dict(availability=0.995, peak_rps=50, rto_seconds=4 * 3600, rpo_seconds=3600)
    plan = make_plan(Requirements(**base, budget=Decimal(300), environment="non-production"))
    single = [c for c in plan.candidates if c.design.database == "rds-single"]
    assert single and all(c.design.non_production for c in single)
    # the model's AZ impairment: down for the whole 2 h, restored from backup 5 min behind
    assert {(c.rto_seconds, c.rpo_seconds) for c in single} == {(7200, 300)}
    assert plan.chosen is not None and plan.chosen.monthly <= 300
    assert plan.chosen.design.non_production
    stacks = build_stacks(plan.chosen.design, plan.requirements)
    gateways = [
        r for r in stacks[0].body["Resources"].values() if r["Type"] == "AWS::EC2::NatGateway"
    ]
    assert len(gateways) == 1  # one NAT gateway, as the label says


def test_a_500_dollar_budget_gets_a_production_design():
    plan = make_plan(
        Requirements(
            availability=0.999,
            peak_rps=100,
            rto_seconds=3600,
            rpo_seconds=3600,
            budget=Decimal(500),
        )
    )
    assert plan.chosen is not None and plan.chosen.monthly <= 500
    assert not plan.chosen.design.non_production
    assert plan.chosen.design.db_class.startswith("db.t4g")  # 10 writes/s at the peak


def test_the_region_rto_is_the_models_and_a_warm_standby_waits_for_scale_out():
    """Aurora Global's RTO is the failover runbook's detection + promotion read from the
    synthesized templates (not a fixed figure); a warm standby that cannot carry the peak adds
    the scale-out time."""
    req = Requirements(availability=0.999, peak_rps=5000, rto_seconds=3600, rpo_seconds=60)
    plan = make_plan(req)
    hot = [c for c in plan.candidates if c.design.kind == "hot standby"]
    warm = [c for c in plan.candidates if c.design.kind == "warm standby"]
    assert hot and warm
    assert all(
        "FailoverGlobalCluster" in c.rto_why
        or "runbook" in c.rto_why.lower()
        or "may fail the database over" in c.rto_why
        for c in hot
    )
    assert {c.rto_seconds for c in hot} != {300.0}
    short = [c for c in warm if "waits" in c.rto_why]
    assert short, [c.rto_why for c in warm]
    assert min(c.rto_seconds for c in short) > max(c.rto_seconds for c in hot)
    assert max(c.availability for c in short) < max(c.availability for c in hot)


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
        2 if len(plan.chosen.design.regions) > 1 else 0  # DNS and the failover runbook
    )
    req, design = plan.requirements, plan.chosen.design
    cost = estimate(
        str(path),
        traffic=req.traffic(design.azs),
        usage=traffic_usage(build_stacks(design, req), req),
    )
    assert cost.total_monthly == plan.chosen.monthly  # the same traffic, priced the same way
    assert cost.total_monthly <= REQUIREMENT_SETS[name]["budget"]
    report = validate(str(path))
    assert (report.errors, report.warnings) == ([], [])
    inputs = FailureInputs(peak_rps=req.peak_rps, rps_per_instance=design.rps_per_instance)
    availability = estimate_availability(str(path), inputs=inputs).availability
    assert availability == plan.chosen.availability  # the same model on the same templates
    assert availability >= REQUIREMENT_SETS[name]["availability"]
    resilience = check_resilience(
        str(path), peak_rps=req.peak_rps, rps_per_instance=design.rps_per_instance
    )
    if design.standby_instances is None:
        assert resilience.passed
    else:  # a warm standby cannot carry the peak until it scales out: said, in its region only
        assert "warm standby short of the peak" in path.read_text()
        failed = [sc for sc in resilience.scenarios if not sc.passed]
        assert failed and {sc.region for sc in failed} <= {design.regions[1], design.regions[0]}
        assert all(sc.kind == "region" or sc.region == design.regions[1] for sc in failed)
    rto = {d.kind: d.rto for d in resilience.recovery.disruptions}
    assert plan.chosen.rto_seconds == max(
        rto[k] for k in ("infrastructure", "az", "region") if k in rto
    )


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
    assert "availability 99.999% is above the best design hastack builds: 99.99" in (result.stdout)
    assert "budget $100/month is below the cheapest design of any kind" in result.stdout


def test_a_budget_below_the_cheapest_fit_names_the_budget_needed():
    plan = make_plan(
        Requirements(
            availability=0.99995,
            peak_rps=10000,
            rto_seconds=600,
            rpo_seconds=1,
            budget=Decimal(1000),
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
        "--average-rps",
        "40",
        "--response-kb",
        "2",
        "-o",
        str(out),
        "--format",
        "json",
    )
    assert result.code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["chosen"]["design"]["database"] in ("rds-multi-az", "aurora", "aurora-iopt")
    assert data["chosen"]["monthly_cost"] <= 1200
    kinds = {c["design"]["kind"] for c in data["candidates"]}
    assert kinds == {"one region", "hot standby", "warm standby"}
    classes = {c["design"]["database_class"] for c in data["candidates"]}
    assert {"db.t4g.medium", "db.m6g.large", "db.r6g.large"} <= classes
    assert all(c["rto_seconds"] and c["rto_why"] for c in data["candidates"])
    assert data["timing"]["candidates"] == len(data["candidates"])
    assert data["timing"]["ms_per_candidate"] > 0
    assert any("pilot light" in n for n in data["not_offered"])
    assert any("active/active" in n for n in data["not_offered"])
    assert "from hastack.blueprints import HAWebApp" in out.read_text()


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


def test_a_fraction_for_availability_is_refused_with_the_percentage_meant(hastack):
    result = hastack(
        "plan", "--availability", "0.9999", "--peak-rps", "100", "--rto", "5m", "--rpo", "1s"
    )
    assert result.code == 2
    assert "did you mean 99.99?" in result.stderr


@pytest.mark.parametrize("peak", [1e9, 1e12])
def test_a_peak_beyond_one_stack_is_explained_before_anything_is_built(peak):
    plan = make_plan(
        Requirements(availability=0.9999, peak_rps=peak, rto_seconds=300, rpo_seconds=1)
    )
    assert plan.chosen is None and plan.candidates == []  # nothing synthesized or priced
    text = "\n".join(plan.explanation)
    assert "one stack's fleet holds at most 333 running instances" in text
    assert "shard it" in text


def test_min_size_for_is_the_smallest_group_that_survives_an_az():
    for needed in range(1, 200):
        for azs in (2, 3, 4):
            size = min_size_for(needed, azs)
            assert size - lost_with_one_az(size, azs) >= needed
            assert size - 1 - lost_with_one_az(size - 1, azs) < needed or size == needed
    assert min_size_for(10**12, 3) == 15 * 10**11  # closed form: no loop over a huge peak


def test_the_pareto_front_has_no_dominated_design_and_the_choice_says_why(plans):
    plan = plans["multi-region"]
    front = plan.pareto
    assert front and all(a.monthly <= b.monthly for a, b in zip(front, front[1:], strict=False))
    assert all(a.availability < b.availability for a, b in zip(front, front[1:], strict=False))
    for c in plan.candidates:
        assert (
            not any(f.monthly < c.monthly and f.availability > c.availability for f in front)
            or c not in front
        )
    assert plan.why and plan.why[0].startswith("cheapest of")
    data = plan.to_dict()
    assert len(data["pareto_front"]) == len(front)


def test_traffic_is_priced_bigger_responses_cost_more():
    base = dict(availability=0.999, peak_rps=2000, rto_seconds=600, rpo_seconds=300)
    small = make_plan(Requirements(**base, response_bytes=1_000))
    large = make_plan(Requirements(**base, response_bytes=100_000))
    assert small.chosen is not None and large.chosen is not None
    # the same design costs more with larger responses: LCUs, egress and cross-AZ bytes
    same = next(c for c in large.candidates if c.design.label == small.chosen.design.label)
    assert same.monthly > small.chosen.monthly + 1000


def test_heavy_writes_make_aurora_io_optimized_the_cheaper_aurora():
    base = dict(availability=0.999, peak_rps=4000, rto_seconds=600, rpo_seconds=300)
    plan = make_plan(Requirements(**base, write_share=1.0, response_bytes=500))
    by = {(c.design.azs, c.design.instance_type, c.design.database): c for c in plan.candidates}
    standard = by[(2, "c7g.xlarge", "aurora")]
    optimized = by[(2, "c7g.xlarge", "aurora-iopt")]
    assert optimized.monthly < standard.monthly
    light = make_plan(Requirements(**base, write_share=0.0, response_bytes=500))
    by = {(c.design.azs, c.design.instance_type, c.design.database): c for c in light.candidates}
    assert by[(2, "c7g.xlarge", "aurora")].monthly < by[(2, "c7g.xlarge", "aurora-iopt")].monthly


def test_the_standby_region_carries_no_request_traffic():
    from hastack.planner.plan import Design, build_stacks, traffic_usage

    req = Requirements(availability=0.9999, peak_rps=1000, rto_seconds=300, rpo_seconds=1)
    design = Design(("us-east-1", "us-west-2"), 2, "c7g.large", 4, "aurora-global", 500.0)
    usage = traffic_usage(build_stacks(design, req), req)
    idle = {k: v for k, v in usage.items() if v.get("lcu") == 0.0}
    assert idle and all("us-west-2" in k for k in idle)
    io = [v["io_requests_millions"] for v in usage.values() if "io_requests_millions" in v]
    assert req.mean_rps == 250  # a quarter of the peak by default
    assert io == [pytest.approx(250 * 0.1 * 730 * 3600 * 4 / 1e6)]


def test_an_instance_type_without_a_price_is_skipped_with_a_note_not_priced_at_zero():
    plan = make_plan(
        Requirements(
            availability=0.999,
            peak_rps=1000,
            rto_seconds=600,
            rpo_seconds=300,
            instance_types=("c7g.4xlarge",),
        )
    )
    assert plan.candidates == [] and plan.chosen is None
    assert "c7g.4xlarge: no price in the catalog; not considered" in plan.notes


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"region": "xx-fake-9"}, "--region 'xx-fake-9' is not an AWS region"),
        ({"region": "eu-west-9"}, "--region 'eu-west-9' is not an AWS region (did you mean"),
        ({"secondary_region": "us-mars-1"}, "--secondary-region 'us-mars-1' is not an AWS region"),
    ],
)
def test_regions_are_checked_against_the_region_table_like_everywhere_else(values, message):
    """A name shaped like a region is not one: the planner uses core's one region check."""
    base = dict(availability=0.999, peak_rps=100, rto_seconds=600, rpo_seconds=300)
    with pytest.raises(UsageError) as error:
        make_plan(Requirements(**base, **values))
    assert message in str(error.value)
