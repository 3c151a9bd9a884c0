"""W9001: every suppression in resource Metadata states its reason."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import SUPPRESS_KEY, Finding, HastackRule, all_resources

RULE_ID = re.compile(r"[EWI]\d{4}")


class SuppressionHasReason(HastackRule):
    id = "W9001"
    shortdesc = "Suppressions name a rule id and give a reason"
    description = (
        "A suppression silences a finding for good; without a written reason, reviewers cannot "
        "tell an accepted risk from a forgotten shortcut. A suppression without a reason is "
        "ignored."
    )
    fix = 'Write Metadata: {hastack: {suppress: {W9xxx: "why this is acceptable here"}}}.'
    source_url = (
        "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-metadata.html"
    )
    tags = ["hastack", "meta"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        for name, res in all_resources(cfn).items():
            metadata = res.get("Metadata") if isinstance(res, dict) else None
            if not isinstance(metadata, dict) or SUPPRESS_KEY not in metadata:
                continue
            ours = metadata[SUPPRESS_KEY]
            base = ["Resources", name, "Metadata", SUPPRESS_KEY]
            if not isinstance(ours, dict) or not isinstance(ours.get("suppress", {}), dict):
                yield (
                    base,
                    (f"{name}: Metadata.{SUPPRESS_KEY} must be {{suppress: {{RULE_ID: reason}}}}"),
                )
                continue
            for rule_id, reason in ours.get("suppress", {}).items():
                path = base + ["suppress", str(rule_id)]
                if not RULE_ID.fullmatch(str(rule_id)):
                    yield path, f"{name}: {rule_id!r} is not a rule id (like E9101)"
                elif not isinstance(reason, str) or not reason.strip():
                    yield path, f"{name}: suppression of {rule_id} has no reason, so it is ignored"
