"""W9123: an Aurora cluster has a reader fit to take over as writer."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import (
    Finding,
    HastackRule,
    as_int,
    aurora_writer_and_readers,
    props,
    resources,
)


class AuroraFailoverTarget(HastackRule):
    id = "W9123"
    shortdesc = "Aurora cluster has a reader with promotion tier 0-1 and the writer's class"
    description = (
        "Aurora promotes the reader with the lowest tier; a small or low-priority reader that "
        "becomes writer cannot carry the write load it inherits."
    )
    fix = "Give one reader PromotionTier 0 or 1 and the writer's DBInstanceClass."
    source_url = "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.AuroraHighAvailability.html#Aurora.Managing.FaultTolerance"
    tags = ["hastack", "ha", "rds", "aurora"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        for cluster in resources(cfn, ["AWS::RDS::DBCluster"]):
            found = aurora_writer_and_readers(cfn, cluster)
            if found is None or not found[1]:
                continue
            (writer, writer_props), readers = found
            writer_class = writer_props.get("DBInstanceClass")
            fit = False
            for reader_res in readers.values():
                p = props(reader_res)
                tier = as_int(p.get("PromotionTier", 1))
                tier_ok = tier is None or tier <= 1
                cls = p.get("DBInstanceClass")
                class_ok = (
                    not isinstance(cls, str)
                    or not isinstance(writer_class, str)
                    or (cls == writer_class)
                )
                if tier_ok and class_ok:
                    fit = True
                    break
            if not fit:
                yield (
                    ["Resources", cluster],
                    f"{cluster} has no reader with PromotionTier 0-1 and {writer}'s class "
                    f"{writer_class}; failover would land on a weaker instance",
                )
