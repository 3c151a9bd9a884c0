"""Region failover runbook: promote the standby region's Aurora cluster when Route 53 sees the
primary region fail. Runs in the standby region every minute (EventBridge schedule); inline
Lambda code, so it stays under 4 KB. See docs/multiregion.md."""

import os
import time
from typing import Any

HEALTHY_SHARE = 0.18  # Route 53: healthy when more than 18% of its checkers say so


def primary_healthy(route53: Any, check_id: str) -> bool | None:
    """Route 53's verdict on the primary: True, False, or None when it cannot be read."""
    try:
        check = route53.get_health_check(HealthCheckId=check_id)["HealthCheck"]
        seen = route53.get_health_check_status(HealthCheckId=check_id)["HealthCheckObservations"]
    except Exception:  # noqa: BLE001 - unreadable is never a reason to promote
        return None
    config = check["HealthCheckConfig"]
    if config.get("Disabled"):
        return True
    if not seen:
        return None
    ok = sum(o["StatusReport"]["Status"].startswith("Success") for o in seen)
    return (ok / len(seen) > HEALTHY_SHARE) != bool(config.get("Inverted"))


def members(rds: Any, global_id: str) -> dict[str, Any]:
    found = rds.describe_global_clusters(GlobalClusterIdentifier=global_id)["GlobalClusters"]
    mine = [g for g in found if g["GlobalClusterIdentifier"] == global_id]
    return {m["DBClusterArn"]: m for m in mine[0]["GlobalClusterMembers"]} if mine else {}


def run(route53: Any, rds: Any, env: dict[str, str], sleep: Any = time.sleep) -> dict[str, Any]:
    """One pass: decide, and promote when the primary has failed in every sample."""
    global_id, target = env["GLOBAL_CLUSTER_ID"], env["TARGET_CLUSTER_ARN"]
    if env.get("ENABLED", "true") != "true":
        return {"action": "none", "reason": "automation disabled (ENABLED=false)"}
    member = members(rds, global_id).get(target)
    if member is None:
        return {"action": "none", "reason": f"{target} is not in {global_id}"}
    if member.get("IsWriter"):
        return {"action": "none", "reason": f"{target} is already the writer"}
    samples, pause = int(env.get("SAMPLES", "3")), float(env.get("SAMPLE_SECONDS", "10"))
    for sample in range(samples):
        healthy = primary_healthy(route53, env["HEALTH_CHECK_ID"])
        if healthy is not False:
            why = "primary is healthy" if healthy else "health check status unreadable"
            return {"action": "none", "reason": why}
        if sample + 1 < samples:
            sleep(pause)
    rds.failover_global_cluster(
        GlobalClusterIdentifier=global_id, TargetDbClusterIdentifier=target, AllowDataLoss=True
    )
    fenced = fence(route53, env["HEALTH_CHECK_ID"], env.get("FENCE_PATH", ""))
    return {
        "action": "failover",
        "reason": f"primary failed {samples} samples; promoted {target}",
        "fenced": fenced,
    }


def fence(route53: Any, check_id: str, path: str) -> bool:
    """Keep DNS off the old primary once it recovers as a read-only secondary (fail back is a
    deliberate switchover). Best effort: the promotion already happened."""
    if not path:
        return False
    try:
        route53.update_health_check(HealthCheckId=check_id, ResourcePath=path)
    except Exception:  # noqa: BLE001
        return False
    return True


def handler(event: Any, context: Any) -> dict[str, Any]:
    import boto3

    result = run(boto3.client("route53"), boto3.client("rds"), dict(os.environ))
    print(result)
    return result
