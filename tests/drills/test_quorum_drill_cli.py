"""``hastack drill APP --quorum``: the app's etcd cluster as real processes on loopback."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from hastack.components.quorum import quorum_clusters
from tests.drills.test_drill_cli import run

ROOT = Path(__file__).resolve().parents[2]
QUORUM = str(ROOT / "examples" / "quorum.py")


def test_the_cluster_is_read_from_the_template_with_its_timing() -> None:
    from hastack.blueprints import QuorumCluster

    body = (
        QuorumCluster("q", quorum={"members": 5, "heartbeat_ms": 50, "election_timeout_ms": 600})
        .synth()
        .body
    )
    (info,) = quorum_clusters(body)
    assert (info.name, info.members, info.heartbeat_ms, info.election_timeout_ms) == (
        "etcd",
        5,
        50,
        600,
    )


def test_an_app_without_a_quorum_cluster_is_refused() -> None:
    result = run(str(ROOT / "examples" / "webapp.py"), "--quorum")
    assert result.exit_code == 2
    assert "no quorum cluster to drill" in result.output


def test_traffic_and_quorum_together_are_refused() -> None:
    result = run(QUORUM, "--quorum", "--traffic")
    assert result.exit_code == 2 and "choose one" in result.output


def test_the_quorum_drill_runs_from_the_cli() -> None:
    if shutil.which("etcd") is None:
        pytest.skip("etcd is not installed (apt-get install etcd-server): the drill runs it")
    result = run(QUORUM, "--quorum", "--format", "json")
    assert result.exit_code == 0, result.output
    (report,) = json.loads(result.stdout)
    assert report["stack"] == "quorum-dev" and report["cluster"] == "locks"
    assert report["ok"] and report["members"] == 3 and report["minority_refused_writes"]
    assert report["election_timeout_ms"] == 1000
    assert 0 < report["az_loss_new_leader_after"] < 15
