"""I9409: S3 buckets keep object versions."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from hastack.validate.rules._helpers import Finding, HastackRule, props, ref_target, resources, walk


class S3Versioning(HastackRule):
    id = "I9409"
    shortdesc = "S3 bucket has versioning enabled"
    description = (
        "S3 stores objects across AZs, but an overwrite or delete is final without versioning: "
        "no earlier copy to restore after a bad deploy or a mistaken delete."
    )
    fix = "Set VersioningConfiguration: {Status: Enabled} (with a lifecycle rule for old versions)."
    source_url = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html"
    tags = ["hastack", "backup", "s3"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        buckets = resources(cfn, ["AWS::S3::Bucket"])
        logs = log_buckets(cfn, set(buckets))
        for name, res in buckets.items():
            p = props(res)
            if name in logs or p.get("AccessControl") == "LogDeliveryWrite":
                continue
            versioning = p.get("VersioningConfiguration")
            if versioning is None:
                yield ["Resources", name, "Properties"], f"{name} keeps no object versions"
            elif isinstance(versioning, dict) and versioning.get("Status") == "Suspended":
                yield (
                    ["Resources", name, "Properties", "VersioningConfiguration", "Status"],
                    (f"{name} has versioning suspended"),
                )


def log_buckets(cfn: Any, buckets: set[str]) -> set[str]:
    """Buckets of this template that receive logs (named under a property or attribute about
    logs): their objects are written once and expire, so versions only add cost."""
    found: set[str] = set()
    for name, res in resources(cfn).items():
        for path, value in walk(res.get("Properties"), ["Resources", name, "Properties"]):
            target = ref_target(value)
            if target is None or target not in buckets or target == name:
                continue
            if any("log" in str(part).lower() for part in path[3:]) or _log_attribute(res, path):
                found.add(target)
    return found


def _log_attribute(resource: dict[str, Any], path: Sequence[str | int]) -> bool:
    """``{Key: access_logs.s3.bucket, Value: {Ref: Bucket}}`` in an attribute list."""
    node: Any = resource.get("Properties")
    for part in path[3:-1]:
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            node = None
    return isinstance(node, dict) and "log" in str(node.get("Key", "")).lower()
