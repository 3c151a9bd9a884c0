"""E9306: an MSK cluster's broker count is a multiple of its client subnets."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import (
    Finding,
    HastackRule,
    as_int,
    literal_list,
    props,
    resources,
)


class MskBrokersPerAz(HastackRule):
    id = "E9306"
    shortdesc = "MSK broker count is a multiple of the number of client subnets"
    description = (
        "MSK places the same number of brokers in each client subnet's AZ and refuses a "
        "NumberOfBrokerNodes that is not a multiple of the number of ClientSubnets."
    )
    fix = "Set NumberOfBrokerNodes to a multiple of len(ClientSubnets) (e.g. 3 or 6 for 3 AZs)."
    source_url = "https://docs.aws.amazon.com/msk/latest/developerguide/msk-create-cluster.html"
    tags = ["hastack", "deploy", "msk"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        for name, res in resources(cfn, ["AWS::MSK::Cluster"]).items():
            p = props(res)
            group = p.get("BrokerNodeGroupInfo")
            subnets = literal_list(group.get("ClientSubnets")) if isinstance(group, dict) else None
            brokers = as_int(p.get("NumberOfBrokerNodes"))
            if subnets and brokers is not None and brokers % len(subnets):
                yield (
                    ["Resources", name, "Properties", "NumberOfBrokerNodes"],
                    (f"{name}: {brokers} brokers do not divide over {len(subnets)} client subnets"),
                )
