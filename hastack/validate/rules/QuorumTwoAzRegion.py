"""W9703: a quorum cluster in a region with two AZs cannot survive an AZ loss."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.core.regions import az_count
from hastack.validate.rules._helpers import Finding, HastackRule
from hastack.validate.rules._quorum import member_az, quorum_clusters


class QuorumTwoAzRegion(HastackRule):
    id = "W9703"
    shortdesc = "Quorum cluster is not in a region with only two AZs"
    description = (
        "With two AZs one of them always holds half or more of the members, so some AZ loss "
        "always takes the majority with it."
    )
    fix = (
        "Host the cluster in a region with three AZs, or run 2+1 across two regions (the "
        "region with two members keeps the majority) or add a witness member elsewhere."
    )
    source_url = "https://docs.aws.amazon.com/whitepapers/latest/availability-and-beyond-improving-resilience/availability-with-redundancy.html"
    tags = ["hastack", "ha", "quorum"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        linted = [r for r in getattr(cfn, "regions", []) if az_count(r) == 2]
        for cluster, members in quorum_clusters(cfn).items():
            named = {str(az)[:-1] for az in (member_az(cfn, m) for m in members) if az}
            regions = sorted(set(linted) | {r for r in named if az_count(r) == 2})
            if not regions:
                continue
            yield (
                ["Resources", members[0], "Metadata"],
                f"quorum cluster {cluster} in {', '.join(regions)}, which has two AZs: an AZ "
                "loss can take its majority; use a three-AZ region, 2+1 across regions or a "
                "witness",
            )
