"""Availability Zone expressions shared by the components."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def az_expression(index: int, explicit: Sequence[str] = ()) -> Any:
    """The AZ at ``index``: an explicit name when given, else ``Select(index, GetAZs(""))``.

    ``GetAZs`` keeps the template region-independent; note that a region with fewer AZs than
    ``index + 1`` fails at deploy, so the planner and validator keep counts within the region's.
    """
    if explicit:
        return explicit[index % len(explicit)]
    from troposphere import GetAZs, Select

    return Select(index, GetAZs(""))
