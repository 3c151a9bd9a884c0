"""E9307: a bucket with a replication configuration has versioning enabled."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import Finding, HastackRule, props, resources


class S3ReplicationNeedsVersioning(HastackRule):
    id = "E9307"
    shortdesc = "S3 bucket with ReplicationConfiguration has versioning enabled"
    description = (
        "S3 replication requires versioning on the source bucket; PutBucketReplication is "
        "refused without it and the bucket fails to create."
    )
    fix = "Add VersioningConfiguration: {Status: Enabled}."
    source_url = (
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-requirements.html"
    )
    tags = ["hastack", "deploy", "s3"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        for name, res in resources(cfn, ["AWS::S3::Bucket"]).items():
            p = props(res)
            if "ReplicationConfiguration" not in p:
                continue
            versioning = p.get("VersioningConfiguration")
            status = versioning.get("Status") if isinstance(versioning, dict) else None
            if versioning is None or status == "Suspended":
                yield (
                    ["Resources", name, "Properties", "ReplicationConfiguration"],
                    (f"{name} replicates without versioning enabled"),
                )
