"""E9001: the template fits CloudFormation's limits (1 MB, 500 resources, 200 params/outputs)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.core.limits import check_template
from hastack.validate.rules._helpers import Finding, HastackRule


class TemplateLimits(HastackRule):
    id = "E9001"
    shortdesc = "Template within CloudFormation's size and count limits"
    description = (
        "CloudFormation rejects a template over 1 MB or with more than 500 resources, 200 "
        "parameters or 200 outputs; the same check runs in synth and before a deploy."
    )
    fix = "Split the stack into several stacks of one App."
    source_url = (
        "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html"
    )
    tags = ["hastack", "limits"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        for level, message in check_template("template", cfn.template):
            if level != "error":
                continue
            text = message.removeprefix("template: ")
            section = next(
                (s for s in ("Resources", "Parameters", "Outputs") if s.lower() in text),
                "Resources",
            )
            yield [section], text
