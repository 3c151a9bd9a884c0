"""E9112: ``Fn::Select`` over ``Fn::GetAZs`` picks an AZ the region has."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.core.regions import region as region_of
from hastack.validate.rules._helpers import Finding, HastackRule, as_int


class SelectAzWithinRegion(HastackRule):
    id = "E9112"
    shortdesc = "Fn::Select over Fn::GetAZs stays within the region's AZs"
    description = (
        "Fn::Select [2, Fn::GetAZs ''] has no third AZ to pick in a region with two (us-west-1 "
        "for most accounts): the stack fails and rolls back at the first subnet. cfn-lint does "
        "not check the index against the region."
    )
    fix = (
        "Use no more AZs than the target region has (e.g. az_count 2), or list the AZ names "
        "explicitly."
    )
    source_url = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-getavailabilityzones.html"
    tags = ["hastack", "ha", "network"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        for path, index, region in _az_selects(cfn.template, []):
            regions = [region] if region else list(cfn.regions)
            for name in regions:
                known = region_of(name)
                zones = known.zones if known else ()
                if zones and index >= len(zones):
                    yield (
                        path,
                        f"Fn::Select picks AZ number {index + 1} but {name} has "
                        f"{len(zones)} ({', '.join(zones)})",
                    )


def _az_selects(node: Any, path: list[str | int]) -> Iterator[tuple[list[str | int], int, str]]:
    """(path, index, explicit region or "") of every ``Fn::Select [i, Fn::GetAZs ...]``."""
    if isinstance(node, dict):
        select = node.get("Fn::Select")
        if isinstance(select, list) and len(select) == 2 and isinstance(select[1], dict):
            azs = select[1].get("Fn::GetAZs", None) if len(select[1]) == 1 else None
            index = as_int(select[0])
            if azs is not None and index is not None:
                region = azs if isinstance(azs, str) else ""
                yield [*path, "Fn::Select"], index, region
        for key, value in node.items():
            yield from _az_selects(value, [*path, key])
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _az_selects(value, [*path, i])
