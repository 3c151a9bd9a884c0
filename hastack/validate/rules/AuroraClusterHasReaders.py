"""E9121: an Aurora cluster has a writer and at least one reader to fail over to."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import (
    Finding,
    HastackRule,
    as_str,
    db_instances_of_cluster,
    is_aurora,
    props,
    resources,
)


class AuroraClusterHasReaders(HastackRule):
    id = "E9121"
    shortdesc = "Aurora cluster has at least two instances"
    description = (
        "With one instance, a writer failure means Aurora must create a new instance (about 10 "
        "minutes); with a reader in another AZ it promotes the reader in about 30 seconds."
    )
    fix = "Add an AWS::RDS::DBInstance reader (same DBClusterIdentifier) in another AZ."
    source_url = "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.AuroraHighAvailability.html"
    tags = ["hastack", "ha", "rds", "aurora"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        for name, res in resources(cfn, ["AWS::RDS::DBCluster"]).items():
            p = props(res)
            if is_aurora(p.get("Engine")) is not True:
                continue
            if as_str(p.get("EngineMode")) == "serverless":
                continue
            members = db_instances_of_cluster(cfn, name)
            if len(members) == 1:
                yield ["Resources", name], f"{name} has one instance; add a reader in another AZ"
