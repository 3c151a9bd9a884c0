"""E9300: an Availability Zone name belongs to the stack's region."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import (
    AZ_NAME,
    Finding,
    HastackRule,
    resources,
    stack_regions,
    walk,
)


class AzInStackRegion(HastackRule):
    id = "E9300"
    shortdesc = "Availability Zone names belong to the stack's region"
    description = (
        "A resource can only be placed in an AZ of the region the stack is created in: "
        "eu-west-1a in a us-east-1 stack fails at create time and rolls the stack back. "
        "cfn-lint's W3010 only advises against hard-coded AZs."
    )
    fix = "Use Fn::Select [i, Fn::GetAZs ''] or an AZ parameter instead of another region's AZ."
    source_url = (
        "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-regions-availability-zones.html"
    )
    tags = ["hastack", "deploy", "any"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        checked = stack_regions(cfn)
        if not checked:
            return
        for name, res in resources(cfn).items():
            for path, value in walk(res.get("Properties"), ["Resources", name, "Properties"]):
                if not isinstance(value, str) or not _is_az_key(path):
                    continue
                match = AZ_NAME.match(value)
                if match is None:
                    continue
                wrong = [r for r in checked if r != match.group(1)]
                if wrong:
                    yield (
                        path,
                        (
                            f"{name}: {value} is an AZ of {match.group(1)}, "
                            f"not of {', '.join(wrong)}"
                        ),
                    )


def _is_az_key(path: list[str | int]) -> bool:
    """The value sits under a property whose name says it is an AZ (``AvailabilityZone``,
    ``AvailabilityZones``, ``PreferredAvailabilityZones``, ``AvailabilityZoneName``…)."""
    for part in reversed(path):
        if isinstance(part, str):
            return "AvailabilityZone" in part and not part.endswith(("Id", "Ids", "Count"))
    return False
