"""E9702: no AZ holds half or more of a quorum cluster's members."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import Finding, HastackRule, all_resources
from hastack.validate.rules._quorum import member_az, quorum_clusters


class QuorumAzMajority(HastackRule):
    id = "E9702"
    shortdesc = "No AZ holds half or more of a quorum cluster's members"
    description = (
        "Losing an AZ that holds half or more of the members leaves the others short of a "
        "majority: the cluster refuses writes until the AZ is back."
    )
    fix = (
        "Spread the members over three AZs (3 as 1+1+1, 5 as 2+2+1); with two AZs, use 2+1 "
        "across regions or a witness member elsewhere."
    )
    source_url = "https://etcd.io/docs/v3.5/faq/#what-is-failure-tolerance"
    tags = ["hastack", "ha", "quorum"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        for cluster, members in quorum_clusters(cfn).items():
            placed = {name: member_az(cfn, name) for name in members}
            if None in placed.values():
                continue  # placement not knowable from the template: nothing to claim
            counts: dict[str, list[str]] = {}
            for name, az in placed.items():
                counts.setdefault(str(az), []).append(name)
            for az, names in sorted(counts.items()):
                if 2 * len(names) >= len(members) and len(members) > 1:
                    yield (
                        ["Resources", names[0], "Properties", _subnets_key(cfn, names[0])],
                        f"{len(names)} of the {len(members)} members of {cluster} are in "
                        f"{az} ({', '.join(names)}): losing it loses the quorum",
                    )


def _subnets_key(cfn: Any, name: str) -> str:
    resource = all_resources(cfn).get(name) or {}
    return "SubnetId" if resource.get("Type") == "AWS::EC2::Instance" else "VPCZoneIdentifier"
