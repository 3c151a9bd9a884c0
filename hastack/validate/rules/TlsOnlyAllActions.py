"""W9612: a bucket's TLS-only statement denies every action."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.template import types
from hastack.validate.rules._helpers import Finding, HastackRule, props, resources

EVERY_ACTION = {"s3:*", "*"}


class TlsOnlyAllActions(HastackRule):
    id = "W9612"
    shortdesc = "Bucket policy denies plain HTTP for s3:*"
    description = (
        "A Deny on aws:SecureTransport false that lists only some actions (PutObject, "
        "GetBucketAcl) leaves every other action, reads included, open over plain HTTP."
    )
    fix = 'Deny Action "s3:*" on the bucket and its objects when aws:SecureTransport is false.'
    source_url = (
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html#transit"
    )
    tags = ["hastack", "security", "s3"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        for name, res in resources(cfn, [types.S3_BUCKET_POLICY]).items():
            document = props(res).get("PolicyDocument")
            statements = document.get("Statement") if isinstance(document, dict) else None
            if isinstance(statements, dict):
                statements = [statements]
            if not isinstance(statements, list):
                continue
            for index, statement in enumerate(statements):
                if not _denies_plain_http(statement):
                    continue
                actions = statement.get("Action")
                actions = [actions] if isinstance(actions, str) else actions
                if not isinstance(actions, list) or not all(isinstance(a, str) for a in actions):
                    continue  # built by an intrinsic: unknown
                if not EVERY_ACTION & set(actions):
                    yield (
                        ["Resources", name, "Properties", "PolicyDocument", "Statement", index],
                        f"{name} denies plain HTTP only for {', '.join(map(str, actions))}; "
                        "deny s3:*",
                    )


def _denies_plain_http(statement: Any) -> bool:
    if not isinstance(statement, dict) or statement.get("Effect") != "Deny":
        return False
    condition = statement.get("Condition")
    bool_ = condition.get("Bool") if isinstance(condition, dict) else None
    value = bool_.get("aws:SecureTransport") if isinstance(bool_, dict) else None
    return str(value).lower() == "false"
