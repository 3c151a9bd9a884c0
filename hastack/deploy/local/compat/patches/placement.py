"""Auto Scaling placement: a group spreads its instances over its AZs."""

from __future__ import annotations

import threading
from typing import Any

from hastack.deploy.local.compat.patches._common import _once

_launching = threading.RLock()
"""Held while a group launches one instance at a time into a chosen subnet (see below)."""


def _slots(group: Any) -> list[tuple[str | None, str]]:
    """(subnet id, AZ) the group may launch into, in the group's order; subnet None when the
    group names AZs only. Empty when a subnet is unknown (moto's own placement then applies)."""
    subnet_ids = [s.strip() for s in (group.vpc_zone_identifier or "").split(",") if s.strip()]
    if not subnet_ids:
        zones = list(dict.fromkeys(group.availability_zones or []))
        return [(None, zone) for zone in zones]
    slots: list[tuple[str | None, str]] = []
    for subnet_id in dict.fromkeys(subnet_ids):
        try:
            subnet = group.autoscaling_backend.ec2_backend.get_subnet(subnet_id)
        except Exception:  # noqa: BLE001 - an unknown subnet: leave placement to moto
            return []
        slots.append((subnet_id, subnet.availability_zone))
    return slots


def next_slot(group: Any, slots: list[tuple[str | None, str]]) -> tuple[str | None, str]:
    """The subnet for the group's next instance: in the AZ (among ``slots``) holding the fewest
    of its instances, ties broken by the order of the group's subnets; within that AZ, the
    subnet holding the fewest, same tie-break. Instances in AZs outside ``slots`` count for
    nothing, so replacements fill the least-populated remaining AZ."""
    per_zone: dict[str, int] = {}
    per_subnet: dict[str | None, int] = {}
    for state in group.instance_states:
        instance = state.instance
        per_zone[instance.placement.zone] = per_zone.get(instance.placement.zone, 0) + 1
        per_subnet[instance.subnet_id] = per_subnet.get(instance.subnet_id, 0) + 1
    zones = list(dict.fromkeys(zone for _, zone in slots))
    zone = min(zones, key=lambda z: (per_zone.get(z, 0), zones.index(z)))
    candidates = [slot for slot in slots if slot[1] == zone]
    return min(
        candidates,
        key=lambda slot: (per_subnet.get(slot[0], 0) if slot[0] else 0, candidates.index(slot)),
    )


@_once("asg_placement")
def instances_spread_over_azs() -> None:
    """moto: every instance a group launches (at creation, on scale-out, as a replacement for
    a terminated one) goes to the first subnet of ``VPCZoneIdentifier``, so the whole fleet sits
    in one AZ; a group without subnets gets one random AZ per launch. AWS: launches are balanced
    over the group's AZs, each going to the AZ with the fewest of the group's instances.

    Here each instance is launched on its own, into the AZ with the fewest of the group's
    instances among its subnets (ties: subnet order). When ``VPCZoneIdentifier`` changes and an
    AZ leaves the group, its instances stay until terminated (AWS would rebalance them away; not
    emulated); their replacements go to the least-populated remaining AZ.

    moto's launch reads the group's first subnet and its AZ list, so for each launch they are
    narrowed to the chosen subnet and restored right after (under a lock)."""
    from moto.autoscaling.models import FakeAutoScalingGroup

    original = FakeAutoScalingGroup.replace_autoscaling_group_instances

    def replace_autoscaling_group_instances(
        self: Any, count_needed: int, propagated_tags: dict[str, str]
    ) -> None:
        slots = _slots(self)
        if count_needed <= 0 or len(slots) <= 1:
            return original(self, count_needed, propagated_tags)
        with _launching:
            saved = (self.vpc_zone_identifier, self.availability_zones)
            try:
                for _ in range(count_needed):
                    subnet_id, zone = next_slot(self, slots)
                    self.vpc_zone_identifier = subnet_id
                    self.availability_zones = [zone]
                    original(self, 1, dict(propagated_tags))
            finally:
                self.vpc_zone_identifier, self.availability_zones = saved
        return None

    FakeAutoScalingGroup.replace_autoscaling_group_instances = replace_autoscaling_group_instances
