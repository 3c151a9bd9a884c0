"""W9213: SNS topics are encrypted."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import Finding, HastackRule, props, resources


class SnsEncrypted(HastackRule):
    id = "W9213"
    shortdesc = "SNS topic has KmsMasterKeyId"
    description = (
        "Alarm and event messages name resources and errors of the system; server-side "
        "encryption keeps them unreadable at rest."
    )
    fix = "Set KmsMasterKeyId (alias/aws/sns or a customer managed key)."
    source_url = "https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html"
    tags = ["hastack", "security", "sns"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        for name, res in resources(cfn, ["AWS::SNS::Topic"]).items():
            if props(res).get("KmsMasterKeyId") in (None, ""):
                yield ["Resources", name, "Properties"], f"{name} is not encrypted"
