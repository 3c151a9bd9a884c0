"""W9208: RDS storage is encrypted."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import (
    Finding,
    HastackRule,
    as_bool,
    as_str,
    is_read_replica,
    props,
    resources,
    standalone_db_instances,
)


class RdsEncrypted(HastackRule):
    id = "W9208"
    shortdesc = "RDS clusters and instances have StorageEncrypted: true"
    description = (
        "Encryption at rest covers the storage, its backups, snapshots and replicas, and can "
        "only be chosen when the database is created."
    )
    fix = "Set StorageEncrypted: true (read replicas inherit it from their source)."
    source_url = "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html"
    tags = ["hastack", "security", "rds"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        candidates = {}
        for name, res in resources(cfn, ["AWS::RDS::DBCluster"]).items():
            p = props(res)
            if as_str(p.get("EngineMode")) == "serverless" or p.get("SnapshotIdentifier"):
                continue
            candidates[name] = p
        for name, res in standalone_db_instances(cfn).items():
            p = props(res)
            if is_read_replica(p) or p.get("DBSnapshotIdentifier"):
                continue
            candidates[name] = p
        for name, p in candidates.items():
            if "StorageEncrypted" not in p:
                yield ["Resources", name, "Properties"], f"{name} storage is not encrypted"
            elif as_bool(p["StorageEncrypted"]) is False:
                yield (
                    ["Resources", name, "Properties", "StorageEncrypted"],
                    f"{name} storage is not encrypted",
                )
