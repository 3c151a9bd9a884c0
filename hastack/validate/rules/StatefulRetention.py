"""W9130: stateful resources keep their data when deleted or replaced."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import (
    Finding,
    HastackRule,
    is_cluster_member,
    is_read_replica,
    props,
    resources,
)

STATEFUL = {
    "AWS::RDS::DBCluster": ("Snapshot", "Retain", "RetainExceptOnCreate"),
    "AWS::RDS::DBInstance": ("Snapshot", "Retain", "RetainExceptOnCreate"),
    "AWS::S3::Bucket": ("Retain", "RetainExceptOnCreate"),
    "AWS::EC2::Volume": ("Snapshot", "Retain", "RetainExceptOnCreate"),
    "AWS::DynamoDB::Table": ("Retain", "RetainExceptOnCreate"),
    "AWS::DynamoDB::GlobalTable": ("Retain", "RetainExceptOnCreate"),
    "AWS::EFS::FileSystem": ("Retain", "RetainExceptOnCreate"),
    "AWS::ElastiCache::ReplicationGroup": ("Snapshot", "Retain", "RetainExceptOnCreate"),
}


class StatefulRetention(HastackRule):
    id = "W9130"
    shortdesc = "Stateful resources have DeletionPolicy and UpdateReplacePolicy Snapshot or Retain"
    description = (
        "The default policy deletes the data when the resource is removed from the template or "
        "replaced by a property change; a snapshot or a retained copy makes that recoverable."
    )
    fix = "Set DeletionPolicy and UpdateReplacePolicy to Snapshot (databases) or Retain (buckets)."
    source_url = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-deletionpolicy.html"
    tags = ["hastack", "ha", "data"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        for name, res in resources(cfn, list(STATEFUL)).items():
            kind = res.get("Type")
            if kind == "AWS::RDS::DBInstance" and (
                is_cluster_member(props(res)) or is_read_replica(props(res))
            ):
                continue  # the cluster's (or the source's) policy protects the data
            allowed = STATEFUL[str(kind)]
            for attribute in ("DeletionPolicy", "UpdateReplacePolicy"):
                value = res.get(attribute)
                if value is None:
                    yield (
                        ["Resources", name],
                        f"{name} has no {attribute}; use {' or '.join(allowed[:2])}",
                    )
                elif isinstance(value, str) and value not in allowed:
                    yield (
                        ["Resources", name, attribute],
                        f"{name} {attribute} is {value}; use {' or '.join(allowed[:2])}",
                    )
