"""Partitions and split brain for a quorum cluster (etcd, ZooKeeper) spread over AZs.

A cluster of n members accepts a write only when a majority, n // 2 + 1, agrees. For every
single-AZ loss and every split of the AZs into two groups that cannot reach each other, this
says which side keeps a majority. Two disjoint sides can never both hold more than half of the
members, so at most one side keeps working: that is why a quorum cluster cannot split its
brain, and why the price is that a side without a majority stops accepting writes.

    report = analyse_partitions({"us-east-1a": 1, "us-east-1b": 1, "us-east-1c": 1})
    print(render_text(report))
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Side:
    azs: tuple[str, ...]
    members: int
    majority: bool


@dataclass(frozen=True)
class Scenario:
    """One AZ lost (``lost`` set, one side) or the AZs split in two (two sides)."""

    kind: str
    """``az-loss`` or ``split``."""
    description: str
    sides: tuple[Side, ...]

    @property
    def working_sides(self) -> int:
        return sum(1 for side in self.sides if side.majority)

    @property
    def available(self) -> bool:
        return self.working_sides == 1


@dataclass
class PartitionReport:
    members_per_az: dict[str, int]
    members: int
    quorum: int
    scenarios: list[Scenario] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def split_brain_possible(self) -> bool:
        return any(s.working_sides > 1 for s in self.scenarios)

    @property
    def survives_any_az_loss(self) -> bool:
        return all(s.available for s in self.scenarios if s.kind == "az-loss")

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["split_brain_possible"] = self.split_brain_possible
        data["survives_any_az_loss"] = self.survives_any_az_loss
        return data


def quorum_of(members: int) -> int:
    return members // 2 + 1


def placement_problems(members_per_az: Mapping[str, int]) -> list[str]:
    """What makes the placement unable to survive an AZ loss, in plain words."""
    total = sum(members_per_az.values())
    problems = []
    if total < 3:
        problems.append(f"{total} member(s): a quorum cluster needs at least 3 to survive one loss")
    elif total % 2 == 0:
        problems.append(
            f"{total} members: an even count tolerates no more failures than {total - 1} "
            f"(quorum {quorum_of(total)}) and adds a voter to every write; use an odd count"
        )
    used = [az for az, n in members_per_az.items() if n > 0]
    if len(used) == 2:
        problems.append(
            "two AZs: one of them holds half or more of the members, so losing it loses the "
            "quorum; put the members in three AZs, or use 2+1 across regions or a witness "
            "member in a third location"
        )
    for az, count in sorted(members_per_az.items()):
        if total and 2 * count >= total and len(used) != 2:
            problems.append(
                f"{az} holds {count} of {total} members (half or more): losing it loses the quorum"
            )
    return problems


def analyse_partitions(members_per_az: Mapping[str, int]) -> PartitionReport:
    """Every single-AZ loss and every two-way split of the AZs, with the side that works."""
    azs = sorted(members_per_az)
    total = sum(members_per_az.values())
    quorum = quorum_of(total)
    report = PartitionReport(dict(members_per_az), total, quorum)
    report.problems = placement_problems(members_per_az)

    def side(names: tuple[str, ...]) -> Side:
        count = sum(members_per_az[az] for az in names)
        return Side(names, count, count >= quorum)

    for az in azs:
        rest = tuple(a for a in azs if a != az)
        report.scenarios.append(
            Scenario(
                "az-loss",
                f"lose {az} ({members_per_az[az]} member(s))",
                (side(rest),),
            )
        )
    seen: set[frozenset[frozenset[str]]] = set()
    for size in range(1, len(azs) // 2 + 1):
        for group in itertools.combinations(azs, size):
            other = tuple(a for a in azs if a not in group)
            key = frozenset([frozenset(group), frozenset(other)])
            if not other or key in seen:
                continue
            seen.add(key)
            report.scenarios.append(
                Scenario(
                    "split",
                    f"{'+'.join(group)} cut off from {'+'.join(other)}",
                    (side(group), side(other)),
                )
            )
    return report


def render_text(report: PartitionReport) -> str:
    placement = ", ".join(f"{az}: {n}" for az, n in sorted(report.members_per_az.items()))
    lines = [
        f"quorum cluster: {report.members} members ({placement}); "
        f"a write needs {report.quorum} of them",
    ]
    for scenario in report.scenarios:
        parts = []
        for s in scenario.sides:
            verdict = (
                "keeps the majority, elects a leader, accepts writes"
                if s.majority
                else ("minority: refuses writes (no split brain)")
            )
            parts.append(f"{'+'.join(s.azs) or 'nothing'} has {s.members}: {verdict}")
        status = "available" if scenario.available else "UNAVAILABLE: no side has a majority"
        lines.append(f"  {scenario.description}: {status}")
        lines.extend(f"    {p}" for p in parts)
    lines.append(
        "  split brain: "
        + (
            "POSSIBLE"
            if report.split_brain_possible
            else f"impossible: two disjoint sides cannot both hold {report.quorum} of "
            f"{report.members}"
        )
    )
    lines.extend(f"  problem: {p}" for p in report.problems)
    return "\n".join(lines) + "\n"
