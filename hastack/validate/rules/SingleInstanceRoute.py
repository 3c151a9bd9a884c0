"""W9407: no route or public address depends on one EC2 instance."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import Finding, HastackRule, props, ref_target, resources


class SingleInstanceRoute(HastackRule):
    id = "W9407"
    shortdesc = "No route targets a single instance and no Elastic IP is bound to one"
    description = (
        "A route through an instance (a NAT instance, an appliance) or an Elastic IP on an "
        "instance makes every flow through it depend on that one instance and its AZ: its "
        "failure cuts traffic for every subnet or client that uses it."
    )
    fix = (
        "Route through a NAT gateway per AZ or a Gateway Load Balancer; put a load balancer "
        "in front of instances."
    )
    source_url = "https://docs.aws.amazon.com/wellarchitected/latest/reliability-pillar/rel_fault_isolation_multiaz_region_system.html"
    tags = ["hastack", "ha", "vpc", "ec2"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        instances = resources(cfn, ["AWS::EC2::Instance"])
        for name, res in resources(cfn, ["AWS::EC2::Route"]).items():
            p = props(res)
            if "InstanceId" in p:
                yield (
                    ["Resources", name, "Properties", "InstanceId"],
                    (f"{name} routes through a single instance"),
                )
        for name, res in resources(cfn, ["AWS::EC2::EIP", "AWS::EC2::EIPAssociation"]).items():
            target = ref_target(props(res).get("InstanceId"), cfn)
            if target is not None and target in instances:
                yield (
                    ["Resources", name, "Properties", "InstanceId"],
                    (f"{name} binds a public address to the single instance {target}"),
                )
