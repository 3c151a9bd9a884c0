"""E9101: a load balancer's subnets span at least two AZs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import (
    Finding,
    HastackRule,
    known_azs,
    lb_subnets,
    props,
    resources,
    subnets_azs,
)


class LoadBalancerMultiAz(HastackRule):
    id = "E9101"
    shortdesc = "Load balancer subnets span at least two AZs"
    description = (
        "AWS refuses an application load balancer without subnets in two AZs; a network or "
        "classic load balancer in one AZ is accepted, but losing that AZ takes the entry point "
        "of the whole application down."
    )
    fix = "List one subnet in each of two or more AZs in Subnets (or SubnetMappings)."
    source_url = "https://docs.aws.amazon.com/wellarchitected/latest/reliability-pillar/rel_fault_isolation_multiaz_region_system.html"
    tags = ["hastack", "ha", "elb"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        types = [
            "AWS::ElasticLoadBalancingV2::LoadBalancer",
            "AWS::ElasticLoadBalancing::LoadBalancer",
        ]
        for name, res in resources(cfn, types).items():
            p = props(res)
            key = "SubnetMappings" if "SubnetMappings" in p else "Subnets"
            subnets = lb_subnets(p)
            if subnets is None and "AvailabilityZones" in p:
                key, listed = "AvailabilityZones", p["AvailabilityZones"]
                if isinstance(listed, list) and len(listed) < 2:
                    yield (
                        ["Resources", name, "Properties", key],
                        f"{name} is in {len(listed)} AZ; use two or more",
                    )
                continue
            azs, literal = subnets_azs(cfn, subnets)
            if not literal:
                continue
            distinct = known_azs(azs)
            if len(azs) < 2:
                yield (
                    ["Resources", name, "Properties", key],
                    f"{name} has {len(azs)} subnet, so one AZ; use subnets in two or more AZs",
                )
            elif distinct is not None and len(distinct) < 2:
                yield (
                    ["Resources", name, "Properties", key],
                    f"{name}'s {len(azs)} subnets share one AZ; spread them over two or more",
                )
