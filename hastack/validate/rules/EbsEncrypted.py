"""W9207: EBS volumes are encrypted."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import (
    Finding,
    HastackRule,
    as_bool,
    literal_list,
    props,
    resources,
)


class EbsEncrypted(HastackRule):
    id = "W9207"
    shortdesc = "EBS volumes and block device mappings are encrypted"
    description = (
        "Unencrypted volumes and their snapshots expose data to anyone who gets a copy; "
        "encryption costs nothing and is transparent to the instance."
    )
    fix = "Set Encrypted: true on each Ebs block device mapping and AWS::EC2::Volume."
    source_url = "https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html"
    tags = ["hastack", "security", "ec2"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        for name, res in resources(cfn, ["AWS::EC2::LaunchTemplate"]).items():
            data = props(res).get("LaunchTemplateData")
            if isinstance(data, dict):
                base: list[str | int] = [
                    "Resources",
                    name,
                    "Properties",
                    "LaunchTemplateData",
                    "BlockDeviceMappings",
                ]
                yield from _mappings(name, data.get("BlockDeviceMappings"), base)
        for kind in ("AWS::AutoScaling::LaunchConfiguration", "AWS::EC2::Instance"):
            for name, res in resources(cfn, [kind]).items():
                base = ["Resources", name, "Properties", "BlockDeviceMappings"]
                yield from _mappings(name, props(res).get("BlockDeviceMappings"), base)
        for name, res in resources(cfn, ["AWS::EC2::Volume"]).items():
            p = props(res)
            if p.get("SnapshotId") is not None:
                continue
            if "Encrypted" not in p or as_bool(p["Encrypted"]) is False:
                yield ["Resources", name, "Properties"], f"{name} is not encrypted"


def _mappings(name: str, mappings: Any, base: list[str | int]) -> Iterator[Finding]:
    for i, mapping in enumerate(literal_list(mappings) or []):
        ebs = mapping.get("Ebs") if isinstance(mapping, dict) else None
        if not isinstance(ebs, dict) or ebs.get("SnapshotId") is not None:
            continue
        if "Encrypted" not in ebs:
            yield base + [i, "Ebs"], f"{name} block device {i} is not encrypted"
        elif as_bool(ebs["Encrypted"]) is False:
            yield base + [i, "Ebs", "Encrypted"], f"{name} block device {i} is not encrypted"
