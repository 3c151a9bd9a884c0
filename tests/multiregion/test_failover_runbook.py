"""The region failover runbook's decisions, against botocore Stubbers (real request and
response shapes; the local emulator has no FailoverGlobalCluster, see docs/multiregion.md).

Each test states the AWS behaviour it relies on: Route 53 counts an endpoint healthy while more
than 18% of its checkers report success, an inverted check reports the opposite, a disabled one
is healthy; FailoverGlobalCluster with AllowDataLoss promotes the named secondary.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from hastack.components.failover import RUNBOOK_SOURCE
from hastack.components.inline_function import INLINE_CODE_LIMIT
from hastack.components.runbook import region_failover

GLOBAL = "shop-global"
TARGET = "arn:aws:rds:us-west-2:123456789012:cluster:shop-secondary"
SOURCE = "arn:aws:rds:us-east-1:123456789012:cluster:shop-primary"
CHECK = "11111111-2222-3333-4444-555555555555"
ENV = {
    "GLOBAL_CLUSTER_ID": GLOBAL,
    "TARGET_CLUSTER_ARN": TARGET,
    "HEALTH_CHECK_ID": CHECK,
    "SAMPLES": "3",
    "SAMPLE_SECONDS": "10",
    "FENCE_PATH": "/health/failed-over",
}


@pytest.fixture
def clients() -> Iterator[tuple[Any, Any, Any, Any]]:
    import boto3
    from botocore.stub import Stubber

    session = boto3.session.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-west-2"
    )
    route53 = session.client("route53")
    rds = session.client("rds")
    with Stubber(route53) as r53_stub, Stubber(rds) as rds_stub:
        yield route53, rds, r53_stub, rds_stub
        r53_stub.assert_no_pending_responses()
        rds_stub.assert_no_pending_responses()


def members(target_is_writer: bool = False) -> dict[str, Any]:
    return {
        "GlobalClusters": [
            {
                "GlobalClusterIdentifier": GLOBAL,
                "GlobalClusterMembers": [
                    {"DBClusterArn": SOURCE, "IsWriter": not target_is_writer},
                    {"DBClusterArn": TARGET, "IsWriter": target_is_writer},
                ],
            }
        ]
    }


def check(inverted: bool = False, disabled: bool = False) -> dict[str, Any]:
    return {
        "HealthCheck": {
            "Id": CHECK,
            "CallerReference": "ref",
            "HealthCheckVersion": 1,
            "HealthCheckConfig": {
                "Type": "HTTPS",
                "FullyQualifiedDomainName": "lb.us-east-1.elb.amazonaws.com",
                "ResourcePath": "/health/deep",
                "Inverted": inverted,
                "Disabled": disabled,
            },
        }
    }


def observations(ok: int, failed: int) -> dict[str, Any]:
    reports = ["Success: HTTP Status Code 200, OK"] * ok + [
        "Failure: HTTP Status Code 503, Service Unavailable"
    ] * failed
    return {
        "HealthCheckObservations": [
            {"Region": "us-east-1", "IPAddress": f"15.177.0.{i}", "StatusReport": {"Status": s}}
            for i, s in enumerate(reports)
        ]
    }


def expect_reading(r53_stub: Any, *, ok: int, failed: int, **config: bool) -> None:
    r53_stub.add_response("get_health_check", check(**config), {"HealthCheckId": CHECK})
    r53_stub.add_response(
        "get_health_check_status", observations(ok, failed), {"HealthCheckId": CHECK}
    )


def expect_members(rds_stub: Any, target_is_writer: bool = False) -> None:
    rds_stub.add_response(
        "describe_global_clusters", members(target_is_writer), {"GlobalClusterIdentifier": GLOBAL}
    )


def test_the_runbook_fits_cloudformations_inline_code_limit() -> None:
    assert len(RUNBOOK_SOURCE.read_bytes()) <= INLINE_CODE_LIMIT


def test_a_primary_failing_every_sample_is_failed_over_to_the_standby_and_fenced(clients):
    route53, rds, r53_stub, rds_stub = clients
    expect_members(rds_stub)
    for _ in range(3):
        expect_reading(r53_stub, ok=1, failed=15)  # 1/16 = 6% healthy: under Route 53's 18%
    rds_stub.add_response(
        "failover_global_cluster",
        {},
        {
            "GlobalClusterIdentifier": GLOBAL,
            "TargetDbClusterIdentifier": TARGET,
            "AllowDataLoss": True,
        },
    )
    r53_stub.add_response(
        "update_health_check",
        check(),
        {"HealthCheckId": CHECK, "ResourcePath": "/health/failed-over"},
    )
    pauses: list[float] = []
    result = region_failover.run(route53, rds, ENV, sleep=pauses.append)
    assert result["action"] == "failover" and result["fenced"] is True
    assert pauses == [10.0, 10.0]  # three readings, ten seconds apart


def test_a_healthy_primary_is_left_alone_after_one_reading(clients):
    route53, rds, r53_stub, rds_stub = clients
    expect_members(rds_stub)
    expect_reading(r53_stub, ok=4, failed=12)  # 25% healthy: Route 53 still serves it
    result = region_failover.run(route53, rds, ENV, sleep=lambda _: None)
    assert result == {"action": "none", "reason": "primary is healthy"}


def test_one_good_reading_among_the_samples_stops_the_failover(clients):
    route53, rds, r53_stub, rds_stub = clients
    expect_members(rds_stub)
    expect_reading(r53_stub, ok=0, failed=16)
    expect_reading(r53_stub, ok=16, failed=0)
    result = region_failover.run(route53, rds, ENV, sleep=lambda _: None)
    assert result["action"] == "none"


def test_an_inverted_check_counts_as_failing_like_route53_does(clients):
    route53, rds, r53_stub, rds_stub = clients
    expect_members(rds_stub)
    expect_reading(r53_stub, ok=16, failed=0, inverted=True)
    expect_reading(r53_stub, ok=16, failed=0, disabled=True)  # disabled: always healthy
    result = region_failover.run(route53, rds, ENV, sleep=lambda _: None)
    assert result == {"action": "none", "reason": "primary is healthy"}


def test_an_unreadable_health_check_is_never_a_reason_to_promote(clients):
    route53, rds, r53_stub, rds_stub = clients
    expect_members(rds_stub)
    r53_stub.add_client_error("get_health_check", "ServiceUnavailable", http_status_code=503)
    result = region_failover.run(route53, rds, ENV, sleep=lambda _: None)
    assert result == {"action": "none", "reason": "health check status unreadable"}


def test_once_the_standby_is_the_writer_the_runbook_does_nothing(clients):
    route53, rds, _, rds_stub = clients
    expect_members(rds_stub, target_is_writer=True)
    result = region_failover.run(route53, rds, ENV, sleep=lambda _: None)
    assert result == {"action": "none", "reason": f"{TARGET} is already the writer"}


def test_the_runtime_switch_turns_it_off_without_any_call(clients):
    route53, rds, _, _ = clients
    result = region_failover.run(route53, rds, {**ENV, "ENABLED": "false"})
    assert result["action"] == "none" and "disabled" in result["reason"]


def test_a_failed_fence_does_not_undo_the_promotion(clients):
    route53, rds, r53_stub, rds_stub = clients
    expect_members(rds_stub)
    expect_reading(r53_stub, ok=0, failed=16)
    rds_stub.add_response("failover_global_cluster", {})
    r53_stub.add_client_error("update_health_check", "ThrottlingException")
    result = region_failover.run(route53, rds, {**ENV, "SAMPLES": "1"}, sleep=lambda _: None)
    assert (result["action"], result["fenced"]) == ("failover", False)
