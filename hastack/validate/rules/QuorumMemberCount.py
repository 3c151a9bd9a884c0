"""E9701: a quorum cluster has an odd number of members, at least 3."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import Finding, HastackRule
from hastack.validate.rules._quorum import quorum_clusters


class QuorumMemberCount(HastackRule):
    id = "E9701"
    shortdesc = "Quorum cluster has an odd number of members, at least 3"
    description = (
        "A write needs a majority (n // 2 + 1). With 1 or 2 members losing one stops the "
        "cluster; an even count survives no more losses than the odd count below it and adds "
        "a voter to every write."
    )
    fix = "Run 3 members (survives one loss) or 5 (survives two), one per member group."
    source_url = "https://etcd.io/docs/v3.5/faq/#why-an-odd-number-of-cluster-members"
    tags = ["hastack", "ha", "quorum"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        for cluster, members in quorum_clusters(cfn).items():
            n = len(members)
            if n < 3 or n % 2 == 0:
                why = "fewer than 3" if n < 3 else "an even count"
                yield (
                    ["Resources", members[0], "Metadata"],
                    f"quorum cluster {cluster} has {n} member(s), {why}; use 3 or 5",
                )
