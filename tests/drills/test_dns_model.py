"""Route 53's failover rules as the DNS drill models them, checked case by case."""

from __future__ import annotations

import pytest

from hastack.drills.dns_model import FailoverRecord, HealthCheckState, failover_answer

PRIMARY = FailoverRecord("Z1", "www.example.com", "A", "PRIMARY", "primary", "lb-a", "hc-a")
SECONDARY = FailoverRecord("Z1", "www.example.com", "A", "SECONDARY", "secondary", "lb-b", "hc-b")
UP, DOWN = HealthCheckState(probes_ok=True), HealthCheckState(probes_ok=False)


@pytest.mark.parametrize(
    ("primary", "secondary", "expected"),
    [
        (UP, UP, PRIMARY),
        (DOWN, UP, SECONDARY),
        (UP, DOWN, PRIMARY),
        (DOWN, DOWN, PRIMARY),  # all unhealthy: Route 53 answers as if all were healthy
    ],
)
def test_primary_answers_while_healthy_else_a_healthy_secondary_else_primary(
    primary: HealthCheckState, secondary: HealthCheckState, expected: FailoverRecord
) -> None:
    checks = {"hc-a": primary, "hc-b": secondary}
    assert failover_answer([SECONDARY, PRIMARY], checks) is expected


def test_an_inverted_passing_check_is_unhealthy_and_an_inverted_failing_one_healthy() -> None:
    assert HealthCheckState(probes_ok=True, inverted=True).healthy is False
    assert HealthCheckState(probes_ok=False, inverted=True).healthy is True


def test_a_disabled_check_is_always_healthy_even_when_probes_fail_or_it_is_inverted() -> None:
    assert HealthCheckState(probes_ok=False, disabled=True).healthy is True
    assert HealthCheckState(probes_ok=True, inverted=True, disabled=True).healthy is True
    checks = {"hc-a": HealthCheckState(probes_ok=False, disabled=True), "hc-b": UP}
    assert failover_answer([PRIMARY, SECONDARY], checks) is PRIMARY


def test_a_record_without_a_health_check_never_fails_over() -> None:
    unchecked = FailoverRecord("Z1", "www.example.com", "A", "PRIMARY", "p", "lb-a", None)
    assert failover_answer([unchecked, SECONDARY], {"hc-b": UP}) is unchecked


def test_evaluate_target_health_fails_over_when_the_alias_target_is_unhealthy() -> None:
    evaluated = FailoverRecord(
        "Z1", "www.example.com", "A", "PRIMARY", "p", "lb-a", "hc-a", evaluate_target_health=True
    )
    checks = {"hc-a": UP, "hc-b": UP}
    assert failover_answer([evaluated, SECONDARY], checks, {"lb-a": False}) is SECONDARY
    assert failover_answer([evaluated, SECONDARY], checks, {"lb-a": True}) is evaluated


def test_without_a_primary_the_secondary_answers_and_without_records_nothing() -> None:
    assert failover_answer([SECONDARY], {"hc-b": DOWN}) is SECONDARY
    assert failover_answer([], {}) is None
