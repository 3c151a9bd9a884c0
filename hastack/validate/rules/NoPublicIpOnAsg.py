"""W9206: Auto Scaling group instances get no public IP address."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import (
    Finding,
    HastackRule,
    all_resources,
    as_bool,
    literal_list,
    props,
    ref_target,
    resources,
)


class NoPublicIpOnAsg(HastackRule):
    id = "W9206"
    shortdesc = "Auto Scaling group instances have no public IP"
    description = (
        "Instances behind a load balancer need no public address; one exposes every open port "
        "of the instance to the internet and bypasses the load balancer's protections."
    )
    fix = "Put the group in private subnets and set AssociatePublicIpAddress: false."
    source_url = "https://docs.aws.amazon.com/wellarchitected/latest/security-pillar/sec_network_protection_create_layers.html"
    tags = ["hastack", "security", "autoscaling"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        template_resources = all_resources(cfn)
        for name, res in resources(cfn, ["AWS::AutoScaling::AutoScalingGroup"]).items():
            p = props(res)
            source = _launch_source(p, template_resources)
            if source is None:
                continue
            source_name, source_kind, explicit = source
            if explicit is True:
                yield (
                    ["Resources", source_name],
                    f"{source_name} gives {name}'s instances a public IP",
                )
                continue
            if explicit is False:
                continue
            for subnet in literal_list(p.get("VPCZoneIdentifier")) or []:
                subnet_name = ref_target(subnet, cfn)
                subnet_res = template_resources.get(subnet_name) if subnet_name else None
                if not isinstance(subnet_res, dict) or subnet_res.get("Type") != "AWS::EC2::Subnet":
                    continue
                if as_bool(props(subnet_res).get("MapPublicIpOnLaunch")) is True:
                    yield (
                        ["Resources", name, "Properties", "VPCZoneIdentifier"],
                        f"{name} launches into {subnet_name}, which maps public IPs; use "
                        "private subnets",
                    )
                    break


def _launch_source(
    asg: dict[str, Any], template_resources: dict[str, Any]
) -> tuple[str, str, bool | None] | None:
    """(resource, kind, AssociatePublicIpAddress True/False/None) of the ASG's launch source."""
    spec = asg.get("LaunchTemplate")
    if not isinstance(spec, dict):
        mixed = asg.get("MixedInstancesPolicy")
        spec = (
            mixed.get("LaunchTemplate", {}).get("LaunchTemplateSpecification")
            if isinstance(mixed, dict) and isinstance(mixed.get("LaunchTemplate"), dict)
            else None
        )
    if isinstance(spec, dict):
        name = ref_target(spec.get("LaunchTemplateId"))
        res = template_resources.get(name) if name else None
        if name is None or not isinstance(res, dict):
            return None
        data = props(res).get("LaunchTemplateData")
        interfaces = data.get("NetworkInterfaces") if isinstance(data, dict) else None
        explicit = None
        for interface in literal_list(interfaces) or []:
            if isinstance(interface, dict) and "AssociatePublicIpAddress" in interface:
                explicit = as_bool(interface["AssociatePublicIpAddress"])
                break
        return name, "LaunchTemplate", explicit
    name = asg.get("LaunchConfigurationName")
    target = ref_target(name)
    res = template_resources.get(target) if target else None
    if target is None or not isinstance(res, dict):
        return None
    value = props(res).get("AssociatePublicIpAddress")
    return target, "LaunchConfiguration", as_bool(value) if value is not None else None
