"""Requests per second one instance serves: the planner's and the AZ-loss check's assumption.

The figures assume a typical dynamic web request costing about 4 ms of CPU with the database
call off-box: ~250 requests/s per vCPU on current Graviton compute-optimised instances, a little
less on x86 and general-purpose families, and burstable (t) instances counted at well under
their burst rate because a sustained peak drains CPU credits. They are a starting point, not a
measurement: load-test the application and pass ``--rps-per-instance`` (or a per-type override)
with the real figure.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from hastack.errors import UsageError


@dataclass(frozen=True)
class InstanceCapacity:
    instance_type: str
    vcpus: int
    rps: int
    note: str = ""


CAPACITY: dict[str, InstanceCapacity] = {
    c.instance_type: c
    for c in (
        InstanceCapacity("t3.micro", 2, 40, "burstable: 10% baseline per vCPU"),
        InstanceCapacity("t3.small", 2, 80, "burstable: 20% baseline per vCPU"),
        InstanceCapacity("t3.medium", 2, 120, "burstable: 20% baseline per vCPU"),
        InstanceCapacity("t3.large", 2, 180, "burstable: 30% baseline per vCPU"),
        InstanceCapacity("t4g.medium", 2, 130, "burstable: 20% baseline per vCPU"),
        InstanceCapacity("t4g.large", 2, 200, "burstable: 30% baseline per vCPU"),
        InstanceCapacity("m6i.large", 2, 400),
        InstanceCapacity("m6i.xlarge", 4, 800),
        InstanceCapacity("m7i.large", 2, 420),
        InstanceCapacity("m7g.large", 2, 450),
        InstanceCapacity("m7g.xlarge", 4, 900),
        InstanceCapacity("m7g.2xlarge", 8, 1800),
        InstanceCapacity("c6i.large", 2, 450),
        InstanceCapacity("c6i.xlarge", 4, 900),
        InstanceCapacity("c6i.2xlarge", 8, 1800),
        InstanceCapacity("c7g.large", 2, 500),
        InstanceCapacity("c7g.xlarge", 4, 1000),
        InstanceCapacity("c7g.2xlarge", 8, 2000),
        InstanceCapacity("c7g.4xlarge", 16, 4000),
        InstanceCapacity("r7g.large", 2, 450),
    )
}


def rps_for(instance_type: str | None, override: float | None = None) -> float | None:
    """Requests/s of one instance: the override when given, else the table (None if absent)."""
    if override is not None:
        return override
    if instance_type is None:
        return None
    entry = CAPACITY.get(instance_type)
    return float(entry.rps) if entry else None


def instances_needed(peak_rps: float, rps_per_instance: float) -> int:
    """Instances that carry ``peak_rps`` (at least one)."""
    if rps_per_instance <= 0:
        raise UsageError(f"--rps-per-instance {rps_per_instance!r}: a number above 0")
    return max(1, math.ceil(peak_rps / rps_per_instance - 1e-9))


def lost_with_one_az(size: int, azs: int) -> int:
    """Instances lost with the worst AZ: Auto Scaling balances, so one AZ holds ceil(size / azs)."""
    if azs <= 0:
        return size
    return math.ceil(size / azs)


def min_size_for(needed: int, azs: int) -> int:
    """Smallest group that still has ``needed`` instances after losing its fullest AZ."""
    if azs <= 1:
        return needed  # nothing survives an AZ loss anyway; report that separately
    # size - ceil(size / azs) = floor(size × (azs - 1) / azs) >= needed
    # ⇔ size >= needed × azs / (azs - 1): closed form, so a huge peak costs no loop.
    return -(-needed * azs // (azs - 1))
