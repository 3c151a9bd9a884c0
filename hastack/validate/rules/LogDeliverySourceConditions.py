"""W9613: log delivery may write to a bucket only for this account's own sources."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.template import types
from hastack.validate.rules._helpers import Finding, HastackRule, evaluator_of, props, resources

DELIVERY = "delivery.logs.amazonaws.com"
KEYS = ("aws:SourceAccount", "aws:SourceArn")


class LogDeliverySourceConditions(HastackRule):
    id = "W9613"
    shortdesc = "Log delivery statement has aws:SourceAccount and aws:SourceArn"
    description = (
        "The log delivery service writes for every account's flow logs: a grant to it without "
        "both source conditions lets another account's flow log deliver into this bucket "
        "(the confused deputy)."
    )
    fix = "Condition the grant on aws:SourceAccount (this account) and aws:SourceArn (its logs)."
    source_url = "https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3-permissions.html"
    tags = ["hastack", "security", "s3"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        evaluate = evaluator_of(cfn)
        for name, res in resources(cfn, [types.S3_BUCKET_POLICY]).items():
            document = props(res).get("PolicyDocument")
            statements = document.get("Statement") if isinstance(document, dict) else None
            if not isinstance(statements, list):
                continue
            for index, statement in enumerate(statements):
                if not isinstance(statement, dict) or statement.get("Effect") != "Allow":
                    continue
                principal = evaluate.known(statement.get("Principal"))
                service = principal.get("Service") if isinstance(principal, dict) else None
                services = [service] if isinstance(service, str) else service
                if not isinstance(services, list) or DELIVERY not in services:
                    continue
                condition = statement.get("Condition")
                if not isinstance(condition, dict):
                    condition = {}
                present = {
                    key for block in condition.values() if isinstance(block, dict) for key in block
                }
                missing = [key for key in KEYS if key not in present]
                if missing:
                    yield (
                        ["Resources", name, "Properties", "PolicyDocument", "Statement", index],
                        f"{name} lets {DELIVERY} write without {' and '.join(missing)}",
                    )
