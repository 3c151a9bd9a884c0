"""``hastack drill``: deploy an app to the local emulator and run failure drills on it."""

from __future__ import annotations

import click
from click.core import ParameterSource

from hastack.cli.console import err, fail, out, warn
from hastack.cli.deploy_support import check_target_options
from hastack.cli.drill_quorum import run_quorum
from hastack.cli.drill_traffic import run_traffic
from hastack.cli.exit_codes import ExitCode
from hastack.cli.options import build_context, context_options, format_option
from hastack.core.app_loader import is_app_target, load_app
from hastack.deploy.report import DeployReport
from hastack.deploy.session import AwsTarget
from hastack.drills.api import DRILLS, check_drills, drill_local, run_drills
from hastack.drills.model import DrillReport, DrillResult
from hastack.drills.render import report_json, result_text, summary
from hastack.errors import UsageError

DRILL_NAMES = DRILLS


@click.command()
@click.argument("target_path", metavar="APP")
@click.option(
    "--local",
    "use_local",
    is_flag=True,
    help="Deploy APP to an emulator in this process, then drill it (its state ends with the "
    "command).",
)
@click.option(
    "--endpoint-url",
    metavar="URL",
    default=None,
    help="Drill APP as already deployed on a running emulator (`hastack local serve`).",
)
@click.option(
    "--drill",
    "drill_names",
    multiple=True,
    type=click.Choice(DRILL_NAMES),
    help="Drill to run (repeatable; default all): az-loss, db-failover, dns-failover, "
    "region-failover, secret-rotation.",
)
@click.option(
    "--az",
    metavar="AZ",
    default=None,
    help="AZ to lose in az-loss (default: the AZ running most of each group's instances).",
)
@click.option(
    "--traffic",
    is_flag=True,
    help="Run APP's HAProxy/NGINX tier with the real program on loopback in front of real "
    "backends, send requests, kill a backend and then an AZ of them (no emulator needed).",
)
@click.option(
    "--quorum",
    is_flag=True,
    help="Run APP's quorum clusters as real etcd processes on loopback (Debian etcd-server), "
    "lose the leader's AZ, then a majority (no emulator needed).",
)
@click.option(
    "--seconds",
    type=click.FloatRange(5, 600),
    default=None,
    help="--traffic: bound the failure timeline (default: long enough for the check settings).",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False),
    default="hastack.out/drills",
    show_default=True,
    help="--traffic: where the results JSON and the latency PNG go.",
)
@format_option("How results are printed on stdout.")
@context_options
def drill(
    target_path: str,
    *,
    use_local: bool,
    endpoint_url: str | None,
    drill_names: tuple[str, ...],
    az: str | None,
    traffic: bool,
    quorum: bool,
    seconds: float | None,
    out_dir: str,
    fmt: str,
    context_pairs: tuple[str, ...],
    env_name: str | None,
) -> int:
    """Run failure drills on APP and check it recovers.

    az-loss terminates the instances of each Auto Scaling group in one AZ (whose subnets are
    taken out of the group meanwhile) and checks the group is back to its desired capacity
    outside that AZ. db-failover fails each Aurora cluster over and checks the writer moved.
    dns-failover marks the primary's Route 53 health check failing (inverted) and checks DNS
    answers with the secondary region; the emulator never probes, so that answer is modelled
    from the failover records. region-failover fails the primary region's health check and
    runs the app's failover runbook code against the emulator, checking the standby region's
    database became the writer (then fails back). secret-rotation runs the app's password
    rotation code through Secrets Manager's four steps and checks the password moved, and
    that after a region failover a rotation stops before the password in use changes. Each
    drill prints the state before and after.

    --traffic and --quorum run real programs on loopback instead (HAProxy/NGINX in front of
    backends; etcd members spread over three "AZs") and need no emulator.

    Drills terminate instances and fail databases over, so they run on an emulator only:
    --local deploys APP into a fresh one first; --endpoint-url drills an APP already deployed
    on a running one. Exit 0 when no drill failed, 1 when one failed or the deploy failed,
    2 for bad input.
    """

    if traffic and quorum:
        raise UsageError("--traffic and --quorum: choose one drill family per run")
    _refuse_unused_options("--quorum" if quorum else "--traffic" if traffic else None)
    if quorum:
        return run_quorum(target_path, fmt=fmt, context_pairs=context_pairs, env_name=env_name)
    if traffic:
        return run_traffic(
            target_path,
            seconds=seconds,
            out_dir=out_dir,
            fmt=fmt,
            context_pairs=context_pairs,
            env_name=env_name,
        )
    check_target_options(use_local=use_local, endpoint_url=endpoint_url, profile=None)
    if not use_local and not endpoint_url:
        raise UsageError(
            "drills terminate instances and fail databases over, so they run on an emulator only: "
            "pass --local (deploy APP to a fresh emulator first) or --endpoint-url URL "
            "(APP already deployed on `hastack local serve`)"
        )
    chosen = check_drills(list(drill_names) or None, az)
    if not is_app_target(target_path):
        raise UsageError(
            f"{target_path}: APP must be an app file (.py) or module:attribute; "
            "drills read the stacks an app deploys"
        )
    app = load_app(target_path, build_context(context_pairs, env_name))
    report = _run(app, chosen, az, use_local=use_local, endpoint_url=endpoint_url, fmt=fmt)

    if fmt == "json":
        out(report_json(report))
    err(summary(report))
    if report.results and all(r.status == "skipped" for r in report.results):
        warn("no drill could run on this app: see the reasons above")
    if not report.ok:
        fail(", ".join(f"{r.drill} on {r.subject}" for r in report.failed) + " failed")
        return ExitCode.FAIL
    return ExitCode.OK


_FAMILY_OPTIONS = {
    "--quorum": frozenset(),
    "--traffic": frozenset({"seconds", "out_dir"}),
    None: frozenset({"use_local", "endpoint_url", "drill_names", "az"}),
}
"""The options each drill family reads, beside APP, --format and the context options."""
_FAMILY_SPECIFIC = frozenset().union(*_FAMILY_OPTIONS.values())


def _refuse_unused_options(family: str | None) -> None:
    """An option the chosen drills would ignore (``--az`` with ``--quorum``) is refused: run
    silently without it, the drill would not be the one the user asked for."""
    ctx = click.get_current_context()
    unused = [
        param
        for param in ctx.command.params
        if param.name in _FAMILY_SPECIFIC - _FAMILY_OPTIONS[family]
        and ctx.get_parameter_source(param.name) not in (None, ParameterSource.DEFAULT)
    ]
    if unused:
        flags = ", ".join(param.opts[0] for param in unused)
        chosen = family or "the emulator drills (--local / --endpoint-url)"
        them = "it" if len(unused) == 1 else "them"
        raise UsageError(f"{chosen} does not use {flags}: leave {them} out")


def _run(
    app: object,
    chosen: list[str],
    az: str | None,
    *,
    use_local: bool,
    endpoint_url: str | None,
    fmt: str,
) -> DrillReport:
    def show(result: DrillResult) -> None:
        if fmt == "text":
            out(result_text(result) + "\n")

    if use_local:
        err("deploying to a local emulator, then drilling: " + ", ".join(chosen))

        def deployed(report: DeployReport) -> None:
            for result in report.results:
                reason = f": {result.reason}" if result.reason else ""
                err(
                    f"  {result.name} ({result.region}) {result.status} "
                    f"in {result.seconds:.1f} s{reason}"
                )

        return drill_local(app, drills=chosen, az=az, on_result=show, on_deployed=deployed)

    target = AwsTarget.local(str(endpoint_url))  # not --local, so the URL was given
    return run_drills(app, target=target, drills=chosen, az=az, on_result=show)
