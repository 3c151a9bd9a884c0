"""E9120: a standalone RDS instance runs Multi-AZ."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import (
    Finding,
    HastackRule,
    as_bool,
    is_read_replica,
    props,
    standalone_db_instances,
)


class RdsMultiAz(HastackRule):
    id = "E9120"
    shortdesc = "RDS DB instance has MultiAZ: true"
    description = (
        "A Single-AZ instance is down for the whole of an AZ outage or host failure; Multi-AZ "
        "keeps a synchronous standby in another AZ and fails over in one to two minutes."
    )
    fix = "Set MultiAZ: true (read replicas inherit availability from their own setting)."
    source_url = (
        "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZSingleStandby.html"
    )
    tags = ["hastack", "ha", "rds"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        for name, res in standalone_db_instances(cfn).items():
            p = props(res)
            if is_read_replica(p):
                continue
            if "MultiAZ" not in p:
                yield ["Resources", name, "Properties"], f"{name} is Single-AZ (MultiAZ not set)"
            elif as_bool(p["MultiAZ"]) is False:
                yield (
                    ["Resources", name, "Properties", "MultiAZ"],
                    f"{name} is Single-AZ (MultiAZ: false)",
                )
