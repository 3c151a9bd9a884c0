"""Availability Zone expressions shared by the components."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

REGIONS_WITH_FEWER_AZS: dict[str, int] = {"us-west-1": 2}
"""Regions with fewer than three AZs an account can use (cfn-lint's AZ table: us-west-1 has
us-west-1a and us-west-1c). ``Fn::Select [2, Fn::GetAZs '']`` fails there at deploy."""


def azs_in_region(region: str) -> int | None:
    """How many AZs ``region`` offers when it is known to have fewer than three, else None."""
    return REGIONS_WITH_FEWER_AZS.get(region)


def az_expression(index: int, explicit: Sequence[str] = ()) -> Any:
    """The AZ at ``index``: an explicit name when given, else ``Select(index, GetAZs(""))``.

    ``GetAZs`` keeps the template region-independent; note that a region with fewer AZs than
    ``index + 1`` fails at deploy, so the planner and validator keep counts within the region's.
    """
    if explicit:
        return explicit[index % len(explicit)]
    from troposphere import GetAZs, Select

    return Select(index, GetAZs(""))
