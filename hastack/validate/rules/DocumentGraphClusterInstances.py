"""E9124: a DocumentDB or Neptune cluster has instances in two AZs to fail over between."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import (
    Finding,
    HastackRule,
    az_of,
    props,
    ref_target,
    referrers,
    resources,
)

CLUSTER_INSTANCES = {
    "AWS::DocDB::DBCluster": "AWS::DocDB::DBInstance",
    "AWS::Neptune::DBCluster": "AWS::Neptune::DBInstance",
}
"""Cluster type and the type of its instances (storage is shared, compute is per instance)."""


class DocumentGraphClusterInstances(HastackRule):
    id = "E9124"
    shortdesc = "DocumentDB and Neptune clusters have instances in at least two AZs"
    description = (
        "Their storage spans three AZs, but every query runs on an instance: with one instance "
        "(or all of them pinned to one AZ), losing it or its AZ stops the cluster until the "
        "service creates a new instance (about 10 minutes). With a replica in another AZ, "
        "failover promotes it in well under a minute."
    )
    fix = (
        "Add a second DBInstance (same DBClusterIdentifier) and leave AvailabilityZone unset "
        "or give each instance another AZ."
    )
    source_url = "https://docs.aws.amazon.com/documentdb/latest/developerguide/failover.html"
    tags = ["hastack", "ha", "docdb", "neptune"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        for cluster_type, instance_type in CLUSTER_INSTANCES.items():
            instances = resources(cfn, [instance_type])
            if any(
                ref_target(props(r).get("DBClusterIdentifier"), cfn) is None
                for r in instances.values()
            ):
                continue  # an instance joins its cluster by a literal name: counts unknown
            for name in resources(cfn, [cluster_type]):
                members = dict(referrers(cfn, name, [instance_type], "DBClusterIdentifier"))
                if len(members) == 1:
                    yield (
                        ["Resources", name],
                        f"{name} has one instance ({next(iter(members))}); add a replica in "
                        "another AZ",
                    )
                    continue
                azs = {az_of(props(r).get("AvailabilityZone")) for r in members.values()}
                if len(members) > 1 and len(azs) == 1 and None not in azs:
                    yield (
                        ["Resources", name],
                        f"every instance of {name} is in {azs.pop()}; place one in another AZ",
                    )
