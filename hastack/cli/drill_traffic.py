"""``hastack drill --traffic APP``: the proxy tier of APP under real traffic and failures."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hastack.analysis.windows import failover_windows
from hastack.cli.console import err, out, out_json
from hastack.cli.exit_codes import ExitCode
from hastack.cli.options import build_context
from hastack.components.proxy_tier import proxy_tiers
from hastack.core.app_loader import load_app
from hastack.drills.traffic import render_text, run_traffic_drill
from hastack.errors import UsageError


def run_traffic(
    target_path: str,
    *,
    seconds: float | None,
    out_dir: str,
    fmt: str,
    context_pairs: tuple[str, ...],
    env_name: str | None,
) -> int:
    """Run the traffic drill for every proxy tier of APP; exit 1 when a tier never recovered.

    The drill starts processes on loopback only and touches no cloud, so it needs neither
    --local nor --endpoint-url. Each report carries the availability model's window for the
    fleet behind the tier (the same templates), beside what was measured.
    """
    app = load_app(target_path, build_context(context_pairs, env_name))
    tiers = [
        (stack.name, name, options)
        for stack in app.order()
        for name, options, _app_name in proxy_tiers(stack.body)
    ]
    if not tiers:
        raise UsageError(f"{target_path}: no HAProxy/NGINX tier to drill (a ProxiedWebApp has one)")
    windows = {(w.stack, w.tier): w for w in failover_windows(app)}
    reports = []
    recovered = True
    for stack_name, logical_id, options in tiers:
        window = windows.get((stack_name, logical_id))
        err(f"traffic drill: {stack_name}/{logical_id} ({options.kind})")
        with tempfile.TemporaryDirectory(prefix="hastack-traffic-") as work:
            report = run_traffic_drill(
                options,
                out_dir=Path(out_dir) / stack_name,
                workdir=Path(work),
                seconds=seconds,
                say=lambda line: err("  " + line),
                model=window.to_dict() if window else None,
            )
        reports.append(report)
        recovered = recovered and all(f.recovered_after is not None for f in report.failures)
        if fmt != "json":
            out(render_text(report))
    if fmt == "json":
        out_json([r.to_dict() for r in reports])
    return ExitCode.OK if recovered else ExitCode.FAIL
