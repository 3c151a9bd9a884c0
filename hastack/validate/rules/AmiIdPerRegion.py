"""E9310: a per-region mapping gives each region its own AMI id."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from hastack.core import regions
from hastack.validate.rules._helpers import Finding, HastackRule

AMI_ID = re.compile(r"ami-[0-9a-f]{8}(?:[0-9a-f]{9})?")


class AmiIdPerRegion(HastackRule):
    id = "E9310"
    shortdesc = "A region-keyed mapping does not give two regions the same AMI id"
    description = (
        "An AMI id exists in one region only (copying an image to another region gives it a new "
        "id), so the same ami-... under two region keys is wrong for at least one of them: a "
        "stack created there fails with 'The image id does not exist'. A literal ImageId alone "
        "cannot be checked offline and is left alone."
    )
    fix = (
        "Look up each region's own id (aws ec2 describe-images --region R), or use an SSM "
        "public parameter such as /aws/service/ami-amazon-linux-latest/... instead of ids."
    )
    source_url = "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/CopyingAMIs.html"
    tags = ["hastack", "deploy", "ec2", "any"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        template = cfn.template if isinstance(cfn.template, dict) else {}
        mappings = template.get("Mappings")
        for name, mapping in (mappings if isinstance(mappings, dict) else {}).items():
            if not isinstance(mapping, dict):
                continue
            seen: dict[str, str] = {}
            for region, entries in mapping.items():
                if regions.region(str(region)) is None:
                    continue  # a key that is no region name ("Default", an environment)
                for key, value in (entries if isinstance(entries, dict) else {}).items():
                    if not isinstance(value, str) or not AMI_ID.fullmatch(value):
                        continue
                    first = seen.setdefault(value, region)
                    if first != region:
                        yield (
                            ["Mappings", name, region, key],
                            f"{value} is also {first}'s AMI id in {name}; an AMI id belongs to "
                            f"one region, so it does not exist in {region}",
                        )
