"""W9161: an Auto Scaling group still carries its stated peak after losing its largest AZ."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import (
    SUPPRESS_KEY,
    Finding,
    HastackRule,
    as_int,
    distinct_subnet_azs,
    props,
    resources,
)


def peak_instances(resource: dict[str, Any]) -> int | None:
    """``Metadata: {hastack: {peak_instances: N}}``: instances needed at peak load."""
    metadata = resource.get("Metadata")
    ours = metadata.get(SUPPRESS_KEY) if isinstance(metadata, dict) else None
    return as_int(ours.get("peak_instances")) if isinstance(ours, dict) else None


class StaticStabilityAtPeak(HastackRule):
    id = "W9161"
    shortdesc = "Auto Scaling group keeps its stated peak capacity after losing its largest AZ"
    description = (
        "Static stability: the instances already running in the other AZs must carry the peak "
        "when one AZ goes, because scaling out during an AZ event may be impaired. Auto Scaling "
        "balances instances, so the largest AZ holds ceil(N / AZs) of N."
    )
    fix = "Raise MinSize (or DesiredCapacity) until N - ceil(N / AZs) >= peak_instances."
    source_url = "https://docs.aws.amazon.com/wellarchitected/latest/reliability-pillar/rel_mitigate_interaction_failure_static_stability.html"
    tags = ["hastack", "ha", "autoscaling"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        for name, res in resources(cfn, ["AWS::AutoScaling::AutoScalingGroup"]).items():
            peak = peak_instances(res)
            if peak is None:
                continue
            p = props(res)
            distinct = distinct_subnet_azs(cfn, p.get("VPCZoneIdentifier"))
            if not distinct:
                continue
            key = "DesiredCapacity" if "DesiredCapacity" in p else "MinSize"
            running = as_int(p.get(key))
            if running is None:
                continue
            left = running - math.ceil(running / len(distinct))
            if left < peak:
                yield (
                    ["Resources", name, "Properties", key],
                    (
                        f"{name}: {running} instances over {len(distinct)} AZs leave {left} after "
                        f"losing the largest AZ, below the stated peak of {peak}"
                    ),
                )
