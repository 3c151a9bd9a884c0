"""Quorum drill: a real etcd cluster on loopback loses an AZ, then its majority.

Starts ``members`` etcd processes (Debian ``etcd-server``) spread round-robin over three
"AZs", waits for a leader and a write, then kills (SIGKILL) every member of the AZ that holds
the leader and checks the survivors elect a leader and accept writes; then kills members until
only a minority is left and checks the cluster refuses writes instead of splitting. It talks
to etcd's JSON gateway (``/v3/kv/put``, ``/v3/maintenance/status``) over plain HTTP on
loopback; the blueprint's members use client and peer TLS, which the drill leaves out because
it changes nothing in the voting.
"""

from __future__ import annotations

import base64
import json
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from hastack.errors import UsageError

HOST = "127.0.0.1"


@dataclass
class QuorumDrillReport:
    members: int
    members_per_az: dict[str, int]
    quorum: int
    first_leader_after: float
    az_lost: str
    heartbeat_ms: int
    election_timeout_ms: int
    az_loss_new_leader_after: float | None
    az_loss_write_after: float | None
    minority_left: int
    minority_refused_writes: bool
    minority_leader: bool
    seconds: float = 0.0
    """Wall-clock time of the whole drill, processes started to processes killed."""
    budget: float = 60.0
    checks: list[tuple[str, bool]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(ok for _, ok in self.checks)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["ok"] = self.ok
        return data


def _port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def _post(port: int, path: str, body: dict[str, Any], timeout: float) -> dict[str, Any] | None:
    request = urllib.request.Request(
        f"http://{HOST}:{port}{path}",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            answer: dict[str, Any] = json.loads(response.read() or b"{}")
            return answer
    except (urllib.error.URLError, OSError, ValueError):
        return None


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


class _Member:
    def __init__(self, name: str, az: str) -> None:
        self.name, self.az = name, az
        self.client, self.peer = _port(), _port()
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, binary: str, cluster: str, data: Path, timing: tuple[int, int]) -> None:
        self.process = subprocess.Popen(
            [
                binary,
                "--name", self.name,
                "--data-dir", str(data / self.name),
                "--listen-client-urls", f"http://{HOST}:{self.client}",
                "--advertise-client-urls", f"http://{HOST}:{self.client}",
                "--listen-peer-urls", f"http://{HOST}:{self.peer}",
                "--initial-advertise-peer-urls", f"http://{HOST}:{self.peer}",
                "--initial-cluster", cluster,
                "--initial-cluster-state", "new",
                "--initial-cluster-token", "hastack-drill",
                "--heartbeat-interval", str(timing[0]),
                "--election-timeout", str(timing[1]),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def leader(self, timeout: float = 0.5) -> int | None:
        status = _post(self.client, "/v3/maintenance/status", {}, timeout)
        if not status or not status.get("leader") or status.get("leader") == "0":
            return None
        return int(status["leader"])

    def member_id(self) -> int | None:
        status = _post(self.client, "/v3/maintenance/status", {}, 0.5)
        return int(status["header"]["member_id"]) if status else None

    def put(self, key: str, value: str, timeout: float) -> bool:
        done = _post(self.client, "/v3/kv/put", {"key": _b64(key), "value": _b64(value)}, timeout)
        return bool(done and "header" in done)


def _wait(predicate: Any, seconds: float) -> float | None:
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        if predicate():
            return time.perf_counter() - started
        time.sleep(0.05)
    return None


def run_quorum_drill(
    members: int,
    workdir: Path,
    *,
    timeout: float = 15.0,
    heartbeat_ms: int = 100,
    election_timeout_ms: int = 1000,
    budget: float = 60.0,
) -> QuorumDrillReport:
    """Run the drill with ``members`` (3 or 5) etcd processes under ``workdir``, with the
    cluster's heartbeat and election timeout (what decides how fast a leader is replaced).

    The whole drill is bounded by ``budget`` seconds (CI runs it): every wait is cut to what is
    left of it, and a drill that ran out of time fails its checks rather than running on."""
    binary = shutil.which("etcd") or ("/usr/bin/etcd" if Path("/usr/bin/etcd").is_file() else None)
    if binary is None:
        raise UsageError("quorum drill: etcd is not installed (apt-get install etcd-server)")
    if members not in (3, 5):
        raise UsageError(f"quorum drill: 3 or 5 members, got {members}")
    azs = ["a", "b", "c"]
    nodes = [_Member(f"m{i + 1}", azs[i % 3]) for i in range(members)]
    cluster = ",".join(f"{m.name}=http://{HOST}:{m.peer}" for m in nodes)
    per_az = {az: sum(1 for m in nodes if m.az == az) for az in azs}
    quorum = members // 2 + 1  # a majority: what Raft needs to elect and to commit
    started = time.perf_counter()

    def within(seconds: float) -> float:
        return max(0.0, min(seconds, budget - (time.perf_counter() - started)))

    try:
        for m in nodes:
            m.start(binary, cluster, workdir, (heartbeat_ms, election_timeout_ms))
        first = _wait(
            lambda: nodes[0].leader() is not None and nodes[0].put("k", "0", 1), within(timeout)
        )
        if first is None:
            raise UsageError(
                f"quorum drill: the etcd cluster elected no leader within {within(timeout):g} s "
                f"(wait {timeout:g} s, drill budget {budget:g} s)"
            )
        leader_id = nodes[0].leader()
        leader = next((m for m in nodes if m.member_id() == leader_id), nodes[0])
        lost = leader.az
        for m in nodes:
            if m.az == lost:
                m.kill()
        survivors = [m for m in nodes if m.alive]
        killed_at = time.perf_counter()

        def new_leader() -> bool:
            found = survivors[0].leader()
            return found is not None and found != leader_id

        elected = _wait(new_leader, within(timeout))
        wrote = _wait(lambda: survivors[0].put("k", "1", 1), within(timeout))
        write_after = None if wrote is None else time.perf_counter() - killed_at
        # now a minority: kill survivors until fewer than a quorum are left
        while len([m for m in nodes if m.alive]) >= quorum:
            next(m for m in nodes if m.alive).kill()
        minority = [m for m in nodes if m.alive]
        # longer than the election timeout: a leader without a majority has stepped down by now
        time.sleep(within(max(1.5, 1.5 * election_timeout_ms / 1000)))
        refused = not any(m.put("k", "2", 2.0) for m in minority)
        minority_leader = any(m.leader() is not None for m in minority)
    finally:
        for m in nodes:
            m.kill()
    # Rounded once, so the report's figure and the check's text are the same number.
    seconds = round(time.perf_counter() - started, 3)
    report = QuorumDrillReport(
        members=members,
        members_per_az=per_az,
        quorum=quorum,
        first_leader_after=round(first, 3),
        az_lost=lost,
        heartbeat_ms=heartbeat_ms,
        election_timeout_ms=election_timeout_ms,
        az_loss_new_leader_after=None if elected is None else round(elected, 3),
        az_loss_write_after=None if write_after is None else round(write_after, 3),
        minority_left=len(minority),
        minority_refused_writes=refused,
        minority_leader=minority_leader,
        seconds=seconds,
        budget=budget,
    )
    report.checks = [
        (
            f"after losing AZ {lost} (with the leader) the survivors elected a leader",
            elected is not None,
        ),
        (f"after losing AZ {lost} the survivors accept writes", wrote is not None),
        (f"{len(minority)} of {members} left (below {quorum}) refuse writes", refused),
        (f"the drill finished within {budget:g} s ({seconds:.1f} s)", seconds <= budget),
    ]
    return report


def render_text(report: QuorumDrillReport) -> str:
    placement = ", ".join(f"{az}: {n}" for az, n in report.members_per_az.items())
    lines = [
        f"quorum drill: {report.members} etcd members ({placement}), quorum {report.quorum}, "
        f"heartbeat {report.heartbeat_ms} ms, election timeout {report.election_timeout_ms} ms; "
        f"first leader and write after {report.first_leader_after:.2f} s",
        f"  lose AZ {report.az_lost} (the leader's): new leader after "
        f"{_s(report.az_loss_new_leader_after)}, writes accepted again after "
        f"{_s(report.az_loss_write_after)}",
        f"  {report.minority_left} member(s) left: "
        + ("writes refused" if report.minority_refused_writes else "A WRITE WAS ACCEPTED")
        + (", no leader" if not report.minority_leader else ", still reports a leader"),
    ]
    lines.extend(f"  {'pass' if ok else 'FAIL'}  {text}" for text, ok in report.checks)
    return "\n".join(lines) + "\n"


def _s(value: float | None) -> str:
    return "never" if value is None else f"{value:.2f} s"
