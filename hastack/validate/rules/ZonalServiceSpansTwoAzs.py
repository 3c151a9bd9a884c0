"""E9400: ECS services, EKS node groups, Lambda functions in a VPC and interface VPC endpoints
have subnets in at least two AZs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import (
    Finding,
    HastackRule,
    Path,
    props,
    resources,
    subnet_key_azs,
)

SUBNETS: dict[str, tuple[str, ...]] = {
    "AWS::ECS::Service": ("NetworkConfiguration", "AwsvpcConfiguration", "Subnets"),
    "AWS::EKS::Nodegroup": ("Subnets",),
    "AWS::Lambda::Function": ("VpcConfig", "SubnetIds"),
    "AWS::EC2::VPCEndpoint": ("SubnetIds",),
}
"""Where each type lists the subnets it runs in (tasks, nodes, function ENIs, endpoint ENIs)."""


def _at(p: dict[str, Any], keys: tuple[str, ...]) -> Any:
    node: Any = p
    for key in keys:
        node = node.get(key) if isinstance(node, dict) else None
    return node


class ZonalServiceSpansTwoAzs(HastackRule):
    id = "E9400"
    shortdesc = "ECS services, EKS node groups, VPC Lambda functions and endpoints span two AZs"
    description = (
        "Tasks, nodes, a VPC function's network interfaces and an interface endpoint's network "
        "interfaces exist only in the listed subnets' AZs: with one AZ, losing it stops the "
        "service (for an endpoint, every AZ's callers lose it)."
    )
    fix = "List subnets in two or more AZs."
    source_url = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html"
    tags = ["hastack", "ha", "ecs", "eks", "lambda", "vpc"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        for name, res in resources(cfn, list(SUBNETS)).items():
            res_type = str(res.get("Type"))
            p = props(res)
            if res_type == "AWS::EC2::VPCEndpoint" and p.get("VpcEndpointType") not in (
                "Interface",
                "GatewayLoadBalancer",
            ):
                continue
            keys = SUBNETS[res_type]
            found = subnet_key_azs(cfn, _at(p, keys))
            if found is None:
                continue
            count, azs = found
            path: Path = ["Resources", name, "Properties", *keys]
            if count == 1 or (azs is not None and len(azs) == 1):
                where = next(iter(azs)) if azs else "one subnet"
                yield path, f"{name} runs in one AZ ({where}); list subnets in two or more"
