"""W9205: instances require IMDSv2 session tokens."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import Finding, HastackRule, as_str, props, resources


class Imdsv2Required(HastackRule):
    id = "W9205"
    shortdesc = "Launch templates and configurations require IMDSv2 (HttpTokens: required)"
    description = (
        "IMDSv1 answers any GET, so an SSRF bug in the application hands out the instance "
        "role's credentials; IMDSv2's session token blocks that."
    )
    fix = "Set MetadataOptions: {HttpTokens: required, HttpPutResponseHopLimit: 1}."
    source_url = (
        "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-IMDS-new-instances.html"
    )
    tags = ["hastack", "security", "ec2"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        for name, res in resources(cfn, ["AWS::EC2::LaunchTemplate"]).items():
            data = props(res).get("LaunchTemplateData")
            if not isinstance(data, dict):
                continue
            yield from _check(name, data, ["Resources", name, "Properties", "LaunchTemplateData"])
        for name, res in resources(cfn, ["AWS::AutoScaling::LaunchConfiguration"]).items():
            yield from _check(name, props(res), ["Resources", name, "Properties"])


def _check(name: str, holder: dict[str, Any], path: list[str | int]) -> Iterator[Finding]:
    options = holder.get("MetadataOptions")
    if options is None:
        yield path, f"{name} allows IMDSv1 (no MetadataOptions)"
        return
    if not isinstance(options, dict):
        return
    tokens = options.get("HttpTokens")
    if tokens is None:
        yield path + ["MetadataOptions"], f"{name} allows IMDSv1 (HttpTokens not set)"
    elif as_str(tokens) == "optional":
        yield (
            path + ["MetadataOptions", "HttpTokens"],
            f"{name} allows IMDSv1 (HttpTokens: optional)",
        )
