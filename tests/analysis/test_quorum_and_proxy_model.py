"""The failure-mode model on a consensus cluster and on an app behind its own proxy tier.

A quorum cluster is up while a majority of its members is, so losing one member (or the AZ of
one) costs a leader election, not the cluster; a proxy tier's own checks decide how fast a dead
app instance leaves the rotation, and the traffic drill's comparison takes those figures from
the availability estimate.
"""

from __future__ import annotations

import copy
import dataclasses
from typing import Any

import pytest

from hastack.analysis.availability import estimate_availability
from hastack.analysis.windows import failover_windows
from hastack.blueprints import ProxiedWebApp
from hastack.core.context import Context
from hastack.core.loader import load

QUORUM_MEMBER = "AWS::AutoScaling::AutoScalingGroup"


@pytest.fixture(scope="module")
def quorum() -> list[Any]:
    return load("examples/quorum.py", verb="analyse")


def modes(artifacts: list[Any]) -> dict[str, float]:
    report = estimate_availability(artifacts)
    assert report.downtime_model is not None
    return {m.mode: m.minutes for m in report.downtime_model.modes}


def test_three_members_over_three_azs_survive_a_member_and_an_az(quorum):
    found = modes(quorum)
    # an election (2 s) when the lost member led, and a majority lost only when a second
    # member fails before the first is replaced: seconds a year, not the 18 + 60 minutes of
    # three members counted as three single points of failure
    assert found["instance-failure"] < 0.1
    assert found["az-impairment"] < 0.1
    report = estimate_availability(quorum)
    assert report.availability is not None and report.availability > 0.9999


def test_members_packed_into_one_az_lose_the_majority_with_it(quorum):
    body = copy.deepcopy(quorum[0].body)
    members = [
        r
        for r in body["Resources"].values()
        if r["Type"] == QUORUM_MEMBER and "quorum" in str(r.get("Metadata", ""))
    ]
    assert len(members) == 3
    first = members[0]["Properties"]["VPCZoneIdentifier"]
    for member in members[1:]:
        member["Properties"]["VPCZoneIdentifier"] = copy.deepcopy(first)
    packed = [dataclasses.replace(quorum[0], body=body)]
    assert modes(packed)["az-impairment"] > 100 * modes(quorum)["az-impairment"]
    assert modes(packed)["az-impairment"] >= 0.5 / 3 * 120  # down for the whole 2 h impairment


def test_five_members_lose_less_than_three(quorum):
    five = load("examples/quorum.py", verb="analyse", context=Context.from_pairs(("members=5",)))

    def majority_lost(artifacts: list[Any]) -> float:
        model = estimate_availability(artifacts).downtime_model
        assert model is not None
        (lost,) = [
            c for c in model.mode("instance-failure").contributions if "majority lost" in c.where
        ]
        return lost.events

    # five members spare two: three must be down at once, far rarer than two of three
    assert 0 < majority_lost(five) < majority_lost(quorum) / 100


def proxied(**proxy: Any) -> list[Any]:
    return load(ProxiedWebApp("px", proxy=proxy).synth(), verb="analyse")


def test_the_proxy_tiers_checks_detect_a_dead_app_instance():
    (window,) = failover_windows(proxied(kind="haproxy", check_interval_ms=1000, fall=3, rise=2))
    assert window.fleet == "px/AutoScalingGroup" and window.tier == "ProxyLaunchTemplate"
    assert window.detection_seconds == 3.0  # inter 1 s x fall 3, not EC2 status checks (120 s)
    assert window.back_in_service_seconds == 2.0  # rise 2 x inter 1 s
    assert window.az_detection_seconds == 3.0
    assert "HAProxy check" in window.check


def test_the_model_window_responds_to_the_proxy_configuration():
    fast = failover_windows(proxied(kind="haproxy", check_interval_ms=500, fall=2))[0]
    slow = failover_windows(proxied(kind="haproxy", check_interval_ms=5000, fall=5, rise=4))[0]
    assert (fast.detection_seconds, slow.detection_seconds) == (1.0, 25.0)
    assert slow.back_in_service_seconds == 20.0
    assert slow.minutes_per_year > fast.minutes_per_year
    assert slow.availability < fast.availability  # the same figure moves the estimate
    nginx = failover_windows(proxied(kind="nginx", fall=2, fail_timeout=7))[0]
    assert nginx.detection_seconds == 0.0 and nginx.back_in_service_seconds == 7.0
    assert "passive" in nginx.check
