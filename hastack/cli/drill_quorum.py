"""``hastack drill --quorum APP``: APP's quorum clusters as real etcd processes on loopback."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hastack.cli.console import err, out, out_json
from hastack.cli.exit_codes import ExitCode
from hastack.cli.options import build_context
from hastack.components.quorum import quorum_clusters
from hastack.core.app_loader import load_app
from hastack.drills.quorum import render_text, run_quorum_drill
from hastack.errors import UsageError


def run_quorum(
    target_path: str,
    *,
    fmt: str,
    context_pairs: tuple[str, ...],
    env_name: str | None,
) -> int:
    """Drill every quorum cluster of APP with as many etcd members as it has and its heartbeat
    and election timeout; exit 1 when a check failed (no leader after losing the leader's AZ,
    or a minority that accepted a write).

    Like the traffic drill it starts processes on loopback only and touches no cloud, so it
    needs neither --local nor --endpoint-url.
    """
    app = load_app(target_path, build_context(context_pairs, env_name))
    clusters = [(stack.name, info) for stack in app.order() for info in quorum_clusters(stack.body)]
    if not clusters:
        raise UsageError(f"{target_path}: no quorum cluster to drill (a QuorumCluster has one)")
    reports = []
    for stack_name, info in clusters:
        err(f"quorum drill: {stack_name}/{info.name} ({info.members} etcd members)")
        with tempfile.TemporaryDirectory(prefix="hastack-quorum-") as work:
            report = run_quorum_drill(
                info.members,
                Path(work),
                heartbeat_ms=info.heartbeat_ms,
                election_timeout_ms=info.election_timeout_ms,
            )
        reports.append((stack_name, info.name, report))
        if fmt != "json":
            out(render_text(report))
    if fmt == "json":
        out_json([{"stack": s, "cluster": name, **report.to_dict()} for s, name, report in reports])
    return ExitCode.OK if all(report.ok for _, _, report in reports) else ExitCode.FAIL
