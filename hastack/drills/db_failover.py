"""Database failover: fail over each Aurora cluster and show the writer moving.

``failover-db-cluster`` without a target, as an operator (or Aurora itself, when the writer's
AZ fails) would: a reader is promoted, the old writer comes back as a reader, and the cluster
endpoint — the name the application connects to — now points at the new writer.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from hastack.drills.inventory import DeployedResource, of_type
from hastack.drills.model import DrillResult, timed

NAME = "db-failover"
CLUSTER_TYPE = "AWS::RDS::DBCluster"
INSTANCE_TYPE = "AWS::RDS::DBInstance"


def run(
    target: Any, resources: Sequence[DeployedResource], *, wait: float = 60.0
) -> list[DrillResult]:
    clusters = of_type(resources, CLUSTER_TYPE)
    results = [_drill_cluster(target, c, wait) for c in clusters]
    for instance in of_type(resources, INSTANCE_TYPE):
        props = instance.properties
        if props.get("DBClusterIdentifier") or props.get("SourceDBInstanceIdentifier"):
            continue
        result = DrillResult(NAME, instance.subject, instance.region)
        multi_az = str(props.get("MultiAZ", "false")).lower() == "true"
        result.before.append(f"RDS instance {instance.physical_id}, Multi-AZ {multi_az}")
        result.skipped_reason = (
            "an RDS Multi-AZ failover (reboot-db-instance --force-failover) needs the standby, "
            "which the emulator does not model"
            if multi_az
            else "a single-AZ RDS instance has no standby to fail over to"
        )
        results.append(result)
    if not results:
        results.append(DrillResult(NAME, "app", None, skipped_reason="the app has no database"))
    return results


def is_global_secondary(properties: dict[str, Any]) -> bool:
    """A cluster that joins a global database without a master user replicates another region."""
    return bool(properties.get("GlobalClusterIdentifier")) and not properties.get("MasterUsername")


def _members(rds: Any, cluster_id: str) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    cluster = rds.describe_db_clusters(DBClusterIdentifier=cluster_id)["DBClusters"][0]
    instances: dict[str, dict[str, Any]] = {}
    for member in cluster.get("DBClusterMembers", []):
        ident = member["DBInstanceIdentifier"]
        described = rds.describe_db_instances(DBInstanceIdentifier=ident)["DBInstances"][0]
        instances[ident] = {
            "writer": bool(member.get("IsClusterWriter")),
            "az": described.get("AvailabilityZone", "?"),
            "tier": member.get("PromotionTier", described.get("PromotionTier")),
        }
    return cluster, instances


def _writer(instances: dict[str, dict[str, Any]]) -> list[str]:
    return sorted(i for i, v in instances.items() if v["writer"])


def _lines(cluster: dict[str, Any], instances: dict[str, dict[str, Any]]) -> list[str]:
    writers = _writer(instances)
    readers = sorted(i for i in instances if i not in writers)
    lines = [
        "writer: " + (", ".join(f"{w} ({instances[w]['az']})" for w in writers) or "none"),
        "readers: "
        + (
            ", ".join(f"{r} ({instances[r]['az']}, tier {instances[r]['tier']})" for r in readers)
            or "none"
        ),
        f"endpoint: {cluster.get('Endpoint')}",
    ]
    return lines


@timed
def _drill_cluster(target: Any, resource: DeployedResource, wait: float) -> DrillResult:
    result = DrillResult(NAME, resource.subject, resource.region)
    rds = target.client("rds", resource.region)
    cluster_id = resource.physical_id
    cluster, instances = _members(rds, cluster_id)
    result.before.append(f"cluster {cluster_id}")
    result.before.extend(_lines(cluster, instances))
    if is_global_secondary(resource.properties):
        result.skipped_reason = (
            "a global database secondary is read-only: its region takes over through "
            "failover-global-cluster (drill region-failover)"
        )
        return result
    old_writers = _writer(instances)
    if not result.check("the cluster has a reader to promote", len(instances) >= 2):
        result.after.append("a writer failure here waits for a replacement instance")
        return result
    rds.failover_db_cluster(DBClusterIdentifier=cluster_id)
    result.actions.append(f"failover-db-cluster {cluster_id} (no target: Aurora picks the reader)")
    deadline = time.monotonic() + wait
    while True:
        after_cluster, after = _members(rds, cluster_id)
        if _writer(after) != old_writers or time.monotonic() >= deadline:
            break
        time.sleep(0.5)
    result.after.extend(_lines(after_cluster, after))
    new_writers = _writer(after)
    old = old_writers[0] if old_writers else None
    new = new_writers[0] if len(new_writers) == 1 else None
    result.check(
        f"the writer moved from {old} to {new or 'another instance'}",
        new is not None and new != old,
    )
    result.check("exactly one writer after the failover", len(new_writers) == 1)
    if old is not None:
        result.check(
            f"the old writer {old} is a reader now", old in after and not after[old]["writer"]
        )
    result.check(
        "the cluster endpoint name did not change (clients reconnect to the same name)",
        after_cluster.get("Endpoint") == cluster.get("Endpoint"),
    )
    if old is not None and new is not None and instances[old]["az"] == after[new]["az"]:
        result.notes.append(
            f"the new writer runs in the old writer's AZ ({after[new]['az']}): losing that AZ "
            "would take both; place readers in other AZs"
        )
    tiers = {i: v["tier"] for i, v in instances.items() if not v["writer"]}
    if new is not None and len(tiers) > 1:
        result.notes.append(
            "the emulator promotes the first reader it lists; Aurora picks the lowest "
            "promotion tier (then the largest instance)"
        )
    return result
