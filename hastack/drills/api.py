"""Run failure drills against deployed stacks, or deploy to a fresh local emulator and run them.

    from hastack.drills import drill_local

    report = drill_local(app, drills=["az-loss", "db-failover", "dns-failover"])
    assert report.ok, [r.subject for r in report.failed]

``run_drills`` takes an :class:`~hastack.deploy.session.AwsTarget` and an App (or stacks) that
is already deployed there; ``drill_local`` starts a :class:`LocalEngine`, deploys the app
with the deploy engine, runs the drills and stops the emulator. Drills change what they touch
(they terminate instances and fail databases over), which is why the CLI runs them on the
emulator only.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from typing import Any

from hastack.deploy.api import deploy
from hastack.deploy.report import DeployReport
from hastack.deploy.session import AwsTarget
from hastack.deploy.spec import specs_of
from hastack.drills import az_loss, db_failover, dns_failover, region_failover, secret_rotation
from hastack.drills.inventory import DrillError, deployed_resources
from hastack.drills.model import DrillReport, DrillResult
from hastack.errors import UsageError
from hastack.local import LocalEngine

DRILLS = (
    az_loss.NAME,
    db_failover.NAME,
    dns_failover.NAME,
    region_failover.NAME,
    secret_rotation.NAME,
)
"""Every drill, in the order they run (instances, the database, DNS, the whole region, then the
database password's rotation)."""
AZ_PATTERN = r"[a-z]{2}(-gov)?-[a-z]+-\d[a-z]"


def check_drills(drills: Sequence[str] | None, az: str | None = None) -> list[str]:
    """The drills to run, in canonical order; unknown names or a malformed AZ are usage errors."""
    wanted = list(drills or DRILLS)
    unknown = [d for d in wanted if d not in DRILLS]
    if unknown:
        raise UsageError(f"--drill {unknown[0]}: no such drill; choose from {', '.join(DRILLS)}")
    if az is not None and not re.fullmatch(AZ_PATTERN, az):
        raise UsageError(f"--az {az!r}: expected an Availability Zone name such as us-east-1b")
    return [d for d in DRILLS if d in wanted]


def run_drills(
    app_or_stacks: Any,
    *,
    target: Any,
    drills: Sequence[str] | None = None,
    az: str | None = None,
    wait: float = 30.0,
    on_result: Callable[[DrillResult], None] | None = None,
) -> DrillReport:
    """Run ``drills`` (default all) on the deployed stacks of ``app_or_stacks`` at ``target``."""

    chosen = check_drills(drills, az)
    specs = specs_of(app_or_stacks)
    if not specs:
        raise UsageError("nothing to drill: the app has no stacks")
    resources = deployed_resources(target, specs)
    report = DrillReport()
    for name in chosen:
        if name == az_loss.NAME:
            results = az_loss.run(target, resources, az=az, wait=wait)
        elif name == db_failover.NAME:
            results = db_failover.run(target, resources, wait=wait)
        elif name == dns_failover.NAME:
            results = dns_failover.run(target, resources)
        elif name == region_failover.NAME:
            results = region_failover.run(target, resources)
        else:
            results = secret_rotation.run(target, resources)
        for result in results:
            report.results.append(result)
            if on_result is not None:
                on_result(result)
    return report


def drill_local(
    app_or_stacks: Any,
    *,
    drills: Sequence[str] | None = None,
    az: str | None = None,
    reporter: Any = None,
    on_result: Callable[[DrillResult], None] | None = None,
    on_deployed: Callable[[DeployReport], None] | None = None,
) -> DrillReport:
    """Start an emulator, deploy ``app_or_stacks`` into it, run the drills, stop it."""

    check_drills(drills, az)
    with LocalEngine() as emulator:
        target = AwsTarget.local(emulator.endpoint_url)
        started = time.perf_counter()
        # A drill measures how the app behaves when a part fails, weak apps included (a
        # single-AZ database is what the db drill exists to show): the validation gate is
        # `hastack validate`'s job here, and deploy_seconds times the deploy alone.
        deployed = deploy(
            app_or_stacks, target=target, assume_yes=True, reporter=reporter, skip_checks=True
        )
        deploy_seconds = time.perf_counter() - started
        if on_deployed is not None:
            on_deployed(deployed)
        if not deployed.ok:
            reasons = "; ".join(_failure(r) for r in deployed.failures)
            raise DrillError(f"the local deploy failed, so no drill ran: {reasons}")
        report = run_drills(app_or_stacks, target=target, drills=drills, az=az, on_result=on_result)
    report.deploy_seconds = deploy_seconds
    return report


def _failure(result: Any) -> str:
    """A failed stack of the local deploy, with its first failing resource when known."""
    text = f"{result.name}: {result.reason or result.status}"
    if result.failed_resource is not None:
        text += f" (first failure: {result.failed_resource.describe()})"
    return text
