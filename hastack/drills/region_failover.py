"""Region failover: fail the primary region's health check and run the app's own failover
runbook against the emulator, then check the standby region's Aurora cluster became the writer.

The runbook (``hastack.components.failover``) is a Lambda function with inline code; the
emulator cannot run Lambda code (moto needs Docker for that), so the drill runs the *deployed*
code itself: the function's ``Code.ZipFile`` is loaded as a module in this process and its
``run(route53, rds, env, sleep)`` (what the Lambda ``handler`` calls with boto3's default
clients) is called with clients pointed at the emulator and the function's environment as the
emulator stores it (its ``Ref``\\ s resolved at deploy). Its pauses between health readings are
recorded, not slept.

The steps: a pass while the primary is healthy (the runbook must do nothing); the primary's
health check is *inverted* (on AWS a passing check then reports failure, as in dns-failover);
a pass that must call ``FailoverGlobalCluster`` (the local engine implements it: moto does not)
and fence the old primary's health check; a third pass must do nothing (the standby is already
the writer). Afterwards the drill fails back as docs/multiregion.md says: a
``SwitchoverGlobalCluster`` to the old primary and the health check restored.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hastack.drills.inventory import DeployedResource, load_inline_code, marked_functions
from hastack.drills.model import DrillResult, timed

NAME = "region-failover"
MARKER = "region-failover"
"""The runbook function's ``HASTACK_RUNBOOK`` variable (``hastack.components.failover``)."""


def runbooks(resources: Sequence[DeployedResource]) -> list[DeployedResource]:
    return marked_functions(resources, MARKER)


def run(target: Any, resources: Sequence[DeployedResource]) -> list[DrillResult]:
    found = runbooks(resources)
    if not found:
        return [
            DrillResult(
                NAME,
                "app",
                None,
                skipped_reason="the app has no region failover runbook (a function whose "
                f"HASTACK_RUNBOOK is {MARKER}: multi-region apps with automatic failover)",
            )
        ]
    return [_drill(target, resource) for resource in found]


def global_writers(rds: Any, global_id: str) -> dict[str, bool]:
    found = rds.describe_global_clusters(GlobalClusterIdentifier=global_id)["GlobalClusters"]
    # moto answers with every global cluster whatever the filter: pick ours
    mine = [g for g in found if g["GlobalClusterIdentifier"] == global_id]
    if not mine:
        return {}
    return {m["DBClusterArn"]: bool(m.get("IsWriter")) for m in mine[0]["GlobalClusterMembers"]}


def _writer_lines(writers: dict[str, bool]) -> list[str]:
    return [f"{arn}: {'writer' if w else 'secondary (read-only)'}" for arn, w in writers.items()]


@timed
def _drill(target: Any, resource: DeployedResource) -> DrillResult:
    result = DrillResult(NAME, resource.subject, resource.region)
    module = load_inline_code(resource)
    if module is None or not callable(getattr(module, "run", None)):
        result.skipped_reason = (
            "the runbook has no inline code with run(route53, rds, env, sleep) to execute"
        )
        return result
    config = target.client("lambda", resource.region).get_function_configuration(
        FunctionName=resource.physical_id
    )
    env = dict((config.get("Environment") or {}).get("Variables") or {})
    route53, rds = target.client("route53"), target.client("rds", resource.region)
    global_id, standby, check_id = (
        env["GLOBAL_CLUSTER_ID"],
        env["TARGET_CLUSTER_ARN"],
        env["HEALTH_CHECK_ID"],
    )
    pauses: list[float] = []

    def runbook_pass() -> dict[str, Any]:
        outcome: dict[str, Any] = module.run(route53, rds, env, sleep=pauses.append)
        return outcome

    before = global_writers(rds, global_id)
    primary = next((arn for arn, writer in before.items() if writer), None)
    result.before.extend(_writer_lines(before))
    if (
        not result.check(
            f"the standby cluster {standby} is a secondary of {global_id} before the drill",
            before.get(standby) is False and primary is not None,
        )
        or primary is None
    ):
        return result
    quiet = runbook_pass()
    result.before.append(
        f"runbook pass with the primary healthy: {quiet['action']} ({quiet['reason']})"
    )
    result.check("the runbook leaves a healthy primary alone", quiet["action"] == "none")

    original = route53.get_health_check(HealthCheckId=check_id)["HealthCheck"]["HealthCheckConfig"]
    route53.update_health_check(HealthCheckId=check_id, Inverted=True)
    result.actions.append(f"failed the primary region: inverted its health check {check_id}")
    try:
        acted = runbook_pass()
        result.actions.append(f"runbook pass: {acted['action']} ({acted['reason']})")
        after = global_writers(rds, global_id)
        result.after.extend(_writer_lines(after))
        result.check("the runbook failed the global database over", acted["action"] == "failover")
        result.check(
            f"after {len(pauses) + 1} failed readings of the primary's health check",
            len(pauses) + 1 == int(env.get("SAMPLES", "3")),
        )
        result.check(f"the standby cluster {standby} is the writer", after.get(standby) is True)
        result.check(
            "exactly one writer, and the old primary is a secondary",
            sum(after.values()) == 1 and after.get(primary) is False,
        )
        fence = env.get("FENCE_PATH", "")
        if fence:
            path = route53.get_health_check(HealthCheckId=check_id)["HealthCheck"][
                "HealthCheckConfig"
            ].get("ResourcePath")
            result.check(
                f"the old primary's health check is fenced (path {fence}) so DNS stays away",
                path == fence,
            )
        again = runbook_pass()
        result.after.append(f"next runbook pass: {again['action']} ({again['reason']})")
        result.check("the next pass does nothing (one-way, idempotent)", again["action"] == "none")
    finally:
        _fail_back(route53, rds, result, global_id, primary, check_id, original)
    result.notes.append(
        "the runbook's deployed code ran in this process against the emulator (which cannot run "
        "Lambda code); on AWS it runs every minute in the standby region"
    )
    result.notes.append(
        "the emulator never probes endpoints: the primary's failure is its health check "
        "inverted, which GetHealthCheckStatus on AWS reports as failing"
    )
    return result


def _fail_back(
    route53: Any,
    rds: Any,
    result: DrillResult,
    global_id: str,
    primary: str | None,
    check_id: str,
    original: dict[str, Any],
) -> None:
    """Put the app back as docs/multiregion.md says: switchover, then the health check."""
    if primary is not None and not global_writers(rds, global_id).get(primary):
        rds.switchover_global_cluster(
            GlobalClusterIdentifier=global_id, TargetDbClusterIdentifier=primary
        )
        result.actions.append(f"failed back: SwitchoverGlobalCluster to {primary}")
        result.check(
            "the switchover made the old primary the writer again",
            global_writers(rds, global_id).get(primary) is True,
        )
    restore: dict[str, Any] = {
        "HealthCheckId": check_id,
        "Inverted": bool(original.get("Inverted")),
    }
    if original.get("ResourcePath"):
        restore["ResourcePath"] = original["ResourcePath"]
    route53.update_health_check(**restore)
    result.actions.append(f"restored the primary's health check {check_id}")
