"""The failure-mode model: the estimate moves the way an engineer expects when the template
changes what matters (detection settings, replicas, Multi-AZ, capacity, alarms, automation)."""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable
from typing import Any

import pytest

from hastack.analysis.availability import estimate_availability
from hastack.analysis.failures import FailureInputs, parse_frequencies
from hastack.core.loader import load
from hastack.errors import UsageError
from tests.conftest import remove_resources

Body = dict[str, Any]


@pytest.fixture(scope="module")
def webapp() -> list[Any]:
    return load("examples/webapp.py", verb="analyse")


@pytest.fixture(scope="module")
def rds() -> list[Any]:
    return load("examples/rds_multiaz.py", verb="analyse")


@pytest.fixture(scope="module")
def multi_region() -> list[Any]:
    return load("examples/multi_region.py", verb="analyse")


def minutes(artifacts: list[Any], **inputs: Any) -> float:
    report = estimate_availability(artifacts, inputs=FailureInputs(**inputs) if inputs else None)
    assert report.downtime_model is not None
    return report.downtime_model.minutes


def changed(artifacts: list[Any], edit: Callable[[Body], None], stack: int = 0) -> list[Any]:
    """The artifacts with ``edit`` applied to a copy of one stack's template."""
    body = copy.deepcopy(artifacts[stack].body)
    edit(body)
    out = list(artifacts)
    out[stack] = dataclasses.replace(artifacts[stack], body=body)
    return out


def props(body: Body, name: str) -> dict[str, Any]:
    result: dict[str, Any] = body["Resources"][name]["Properties"]
    return result


def test_a_longer_health_check_interval_means_more_downtime(webapp):
    slower = changed(
        webapp, lambda b: props(b, "TargetGroup").update(HealthCheckIntervalSeconds=60)
    )
    assert minutes(slower) > minutes(webapp)


def test_a_higher_unhealthy_threshold_means_more_downtime(webapp):
    slower = changed(webapp, lambda b: props(b, "TargetGroup").update(UnhealthyThresholdCount=10))
    assert minutes(slower) > minutes(webapp)


def test_removing_every_aurora_reader_means_more_downtime(webapp):
    def drop(body: Body) -> None:
        del body["Resources"]["DatabaseReader1"]
        del body["Resources"]["DatabaseReader2"]

    without = estimate_availability(changed(webapp, drop)).downtime_model
    base = estimate_availability(webapp).downtime_model
    assert without is not None and base is not None
    assert without.mode("db-writer-failure").minutes > base.mode("db-writer-failure").minutes
    assert without.minutes > base.minutes


def test_rds_single_az_means_more_downtime_than_multi_az(rds):
    name = next(
        k for k, v in rds[0].body["Resources"].items() if v["Type"] == "AWS::RDS::DBInstance"
    )
    single = changed(rds, lambda b: props(b, name).update(MultiAZ=False))
    assert minutes(single) > minutes(rds)


def ungate(body: Body) -> None:
    rolling = body["Resources"]["AutoScalingGroup"]["UpdatePolicy"]["AutoScalingRollingUpdate"]
    rolling["WaitOnResourceSignals"] = False


def test_a_fleet_of_one_loses_more_to_instance_and_az_failures_than_three(webapp):
    def one_instance(body: Body) -> None:
        props(body, "AutoScalingGroup").update(MinSize="1", DesiredCapacity="1")

    one = changed(webapp, one_instance)
    small = estimate_availability(one).downtime_model
    base = estimate_availability(webapp).downtime_model
    assert small is not None and base is not None
    for mode in ("instance-failure", "az-impairment"):
        assert small.mode(mode).minutes > base.mode(mode).minutes
    # without signals, a release rolls back faster over one instance than over three, one at a
    # time (the example's updates wait for signals: see the next test)
    small_ungated = estimate_availability(changed(one, ungate)).downtime_model
    base_ungated = estimate_availability(changed(webapp, ungate)).downtime_model
    assert small_ungated is not None and base_ungated is not None
    assert (
        small_ungated.mode("bad-deployment").minutes < base_ungated.mode("bad-deployment").minutes
    )


def test_without_a_service_alarm_a_bad_release_is_noticed_later(webapp):
    def drop_alarms(body: Body) -> None:
        remove_resources(
            body, {k for k, v in body["Resources"].items() if v["Type"].endswith("::Alarm")}
        )

    quiet = estimate_availability(changed(webapp, drop_alarms)).downtime_model
    base = estimate_availability(webapp).downtime_model
    assert quiet is not None and base is not None
    assert quiet.mode("bad-deployment").minutes > base.mode("bad-deployment").minutes


def test_a_signal_gated_rolling_update_limits_a_bad_release(webapp):
    # the example's rolling update waits for signals; without them a bad release costs more
    assert minutes(webapp) < minutes(changed(webapp, ungate))


def test_one_nat_gateway_for_every_az_means_more_downtime(webapp):
    def single_nat(body: Body) -> None:
        for i in (2, 3):
            props(body, f"PrivateDefaultRoute{i}")["NatGatewayId"] = {"Ref": "NatGateway1"}

    assert minutes(changed(webapp, single_nat)) > minutes(webapp)


def test_a_peak_the_survivors_cannot_carry_means_more_downtime(webapp):
    assert minutes(webapp, peak_rps=20000) > minutes(webapp, peak_rps=100)


def test_a_slower_route53_health_check_means_more_downtime(multi_region):
    dns = next(i for i, a in enumerate(multi_region) if a.name.endswith("dns"))
    check = next(
        k
        for k, v in multi_region[dns].body["Resources"].items()
        if v["Type"] == "AWS::Route53::HealthCheck"
    )

    def slow(body: Body) -> None:
        props(body, check)["HealthCheckConfig"]["FailureThreshold"] = 10

    assert minutes(changed(multi_region, slow, dns)) > minutes(multi_region)


def test_failover_automation_in_the_standby_region_means_less_downtime(multi_region):
    # the example carries a failover runbook stack; without it promotion is by hand
    by_hand = [a for a in multi_region if not a.name.endswith("-failover")]
    assert len(by_hand) < len(multi_region)
    standby = next(i for i, a in enumerate(by_hand) if a.region == "us-west-2")

    def automate(body: Body) -> None:
        body["Resources"]["PromoteRole"] = {
            "Type": "AWS::IAM::Role",
            "Properties": {
                "AssumeRolePolicyDocument": {},
                "Policies": [
                    {
                        "PolicyName": "promote",
                        "PolicyDocument": {
                            "Statement": [
                                {
                                    "Effect": "Allow",
                                    "Action": ["rds:FailoverGlobalCluster"],
                                    "Resource": "*",
                                }
                            ]
                        },
                    }
                ],
            },
        }
        body["Resources"]["PromoteSchedule"] = {
            "Type": "AWS::Events::Rule",
            "Properties": {"ScheduleExpression": "rate(1 minute)"},
        }

    automated = estimate_availability(changed(by_hand, automate, standby)).downtime_model
    manual = estimate_availability(by_hand).downtime_model
    runbook = estimate_availability(multi_region).downtime_model
    assert automated is not None and manual is not None and runbook is not None
    region = automated.mode("region-impairment")
    assert region.minutes < manual.mode("region-impairment").minutes
    assert "may fail the database over" in region.contributions[0].why
    assert "promotion by hand" in manual.mode("region-impairment").contributions[0].why
    assert runbook.mode("region-impairment").minutes < manual.mode("region-impairment").minutes


def test_a_standby_region_counts_less_than_parallel_without_automation(multi_region):
    report = estimate_availability(multi_region)
    assert report.sla_availability is not None
    # the SLA reference combines regions in parallel; the estimate charges the manual promotion
    assert report.availability < report.sla_availability
    region = report.downtime_model.mode("region-impairment")  # type: ignore[union-attr]
    assert region.minutes > 0


def test_overridden_frequencies_scale_their_mode_and_are_stated(webapp):
    base = estimate_availability(webapp).downtime_model
    more = estimate_availability(
        webapp, inputs=FailureInputs(rates=parse_frequencies(["region-impairment=0.2"]))
    ).downtime_model
    assert base is not None and more is not None
    assert more.mode("region-impairment").minutes == pytest.approx(
        2 * base.mode("region-impairment").minutes
    )
    assert "given" in more.mode("region-impairment").basis


@pytest.mark.parametrize(
    "pairs", [["nothing=1"], ["az-impairment"], ["az-impairment=-1"], ["az-impairment=x"]]
)
def test_bad_frequencies_are_usage_errors(pairs):
    with pytest.raises(UsageError, match="--frequency"):
        FailureInputs(rates=parse_frequencies(pairs)).check()


def test_every_mode_names_its_sources(webapp):
    model = estimate_availability(webapp).downtime_model
    assert model is not None
    for mode in model.modes:
        assert mode.sources and all(s.startswith("https://") for s in mode.sources)
        assert mode.basis


def test_the_cli_json_keeps_availability_and_adds_the_modes(hastack):
    import json

    result = hastack("availability", "examples/rds_multiaz.py", "--format", "json")
    assert result.code == 0, result.stderr
    data = json.loads(result.stdout)
    assert 0 < data["availability"] < 1
    assert data["weakest_mode"] in {m["mode"] for m in data["modes"]}
    db = next(m for m in data["modes"] if m["mode"] == "db-writer-failure")
    assert db["recovery_seconds"] == 120  # RDS Multi-AZ failover, 60-120 s


LAYERED = "tests/analysis/fixtures/layered"


def test_an_app_stack_alone_states_its_imported_placement_as_an_assumption():
    report = estimate_availability([f"{LAYERED}/app.yaml"], region="us-east-1")
    model = report.downtime_model
    assert model is not None
    text = "\n".join(model.assumptions)
    assert "Fn::ImportValue shop-vpc-subnets" in text and "--unknown-az" in text
    spread = estimate_availability(
        [f"{LAYERED}/app.yaml"], region="us-east-1", inputs=FailureInputs(unknown_az="spread")
    )
    assert spread.availability > report.availability  # type: ignore[operator]


def test_a_placement_nobody_knows_is_said_to_be_unknown_not_zero_azs():
    """The app stack alone takes its subnets from another stack's exports: no AZ is known.
    Counted as one AZ, it must say so, rather than "in 0 AZ(s)" or "every subnet in one AZ",
    which read as facts about the template."""
    report = estimate_availability([f"{LAYERED}/app.yaml"], region="us-east-1")
    parts = {p.name: p for r in report.regions for p in r.parts}
    for name in ("LoadBalancer", "Group"):
        assert "AZs not known" in parts[name].why and "0 AZ" not in parts[name].why
    assert report.downtime_model is not None
    az = report.downtime_model.mode("az-impairment")
    whys = {c.where.rsplit("/", 1)[-1]: c.why for c in az.contributions}
    for name in ("LoadBalancer", "Group"):
        assert "placement unknown, counted as one AZ" in whys[name], whys[name]
        assert "every subnet in one AZ" not in whys[name]


def test_imports_resolve_against_the_exports_of_the_other_templates():
    alone = estimate_availability([f"{LAYERED}/app.yaml"], region="us-east-1")
    both = estimate_availability([f"{LAYERED}/vpc.yaml", f"{LAYERED}/app.yaml"], region="us-east-1")
    parts = {p.name: p for r in both.regions for p in r.parts}
    assert parts["LoadBalancer"].multi_az and parts["Group"].multi_az
    assert both.downtime_model is not None
    assert not any("ImportValue" in a for a in both.downtime_model.assumptions)
    assert both.availability > alone.availability  # type: ignore[operator]


def test_aurora_instances_without_an_az_are_placed_as_rds_documents():
    both = estimate_availability([f"{LAYERED}/vpc.yaml", f"{LAYERED}/app.yaml"], region="us-east-1")
    model = both.downtime_model
    assert model is not None
    az = model.mode("az-impairment")
    cluster = next(c for c in az.contributions if c.where.endswith("/Cluster"))
    assert "chance" in cluster.why and "AWS places it" in cluster.why
    assert any("random AZ" in n and "CreateDBInstance" in n for n in az.notes)


def test_the_model_does_not_depend_on_the_order_resources_are_listed_in() -> None:
    """Two fleets of one size: the deployment mode names the same one whatever the order (a
    stack built in Python lists resources as added, its written file sorted by name)."""
    import json
    from pathlib import Path

    from hastack.analysis.availability import estimate_availability
    from hastack.core.app_loader import load_app
    from hastack.core.context import Context

    examples = Path(__file__).resolve().parents[2] / "examples"
    body = json.loads(load_app(str(examples / "haproxy_tier.py"), Context()).stacks[0].to_json())
    names = list(body["Resources"])
    assert sum(body["Resources"][n]["Type"].endswith("AutoScalingGroup") for n in names) == 2
    figures = set()
    for order in (names, names[::-1]):
        shuffled = dict(body, Resources={n: body["Resources"][n] for n in order})
        figures.add(estimate_availability(shuffled).availability)
    assert len(figures) == 1
