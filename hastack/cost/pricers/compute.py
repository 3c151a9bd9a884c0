"""EC2 instances, Auto Scaling groups, EBS volumes and Elastic IPs."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hastack.cost.model import Component
from hastack.cost.pricers.base import NotPriced, PriceContext, as_bool, as_int, charge, pricer
from hastack.cost.pricers.ebs import mapping_components, volume_components
from hastack.cost.resolver import Unresolved
from hastack.template import types

EC2_DEFAULT_INSTANCE_TYPE = "m1.small"
"""CloudFormation's default for AWS::EC2::Instance without InstanceType."""


def instance_hours(ctx: PriceContext, instance_type: Any, count: int) -> Component:
    if not isinstance(instance_type, str):
        raise NotPriced(f"instance type {instance_type!r} is not a string")
    price = ctx.price("ec2", instance_type, what=f"instance type {instance_type}")
    return charge(
        f"EC2 {instance_type} (Linux, on-demand) x {count}", "hours", ctx.hours * count, price
    )


def public_ipv4(ctx: PriceContext, count: int | Decimal, what: str) -> Component:
    return charge(
        f"public IPv4 address{'es' if count != 1 else ''} ({what})",
        "hours",
        ctx.hours * Decimal(count),
        ctx.price("vpc", "public-ipv4"),
    )


def _has_public_ip(ctx: PriceContext, data: dict[str, Any]) -> bool:
    try:
        interfaces = ctx.get("NetworkInterfaces", [], props=data)
    except Unresolved:
        return False
    return any(
        isinstance(i, dict) and as_bool(i.get("AssociatePublicIpAddress", False))
        for i in interfaces or []
    )


def _in_public_subnets(ctx: PriceContext, node: Any) -> bool:
    """True when every subnet ``node`` lists is a subnet of this template that gives launched
    instances a public IPv4 address (``MapPublicIpOnLaunch``)."""
    items = node if isinstance(node, list) else [node]
    for item in items:
        target = ctx.resolver.ref_target(item)
        subnet = ctx.other(target) if target else None
        if subnet is None or subnet.get("Type") != types.EC2_SUBNET:
            return False
        props = subnet.get("Properties") or {}
        if not as_bool(ctx.get_or("MapPublicIpOnLaunch", False, "MapPublicIpOnLaunch", props)):
            return False
    if items:
        ctx.note("its subnets map a public IPv4 address to each instance")
    return bool(items)


def launch_data(ctx: PriceContext, spec: Any, what: str) -> dict[str, Any]:
    """The ``LaunchTemplateData`` that a launch template specification points at."""
    if not isinstance(spec, dict):
        raise NotPriced(f"{what} is not a launch template specification")
    node = spec.get("LaunchTemplateId", spec.get("LaunchTemplateName"))
    target = ctx.resolver.ref_target(node)
    resource = ctx.other(target) if target else None
    if resource is None or resource.get("Type") != types.EC2_LAUNCH_TEMPLATE:
        raise NotPriced(f"{what} is not defined in this template, so its instance type is unknown")
    data = (resource.get("Properties") or {}).get("LaunchTemplateData")
    return data if isinstance(data, dict) else {}


@pricer(types.EC2_INSTANCE)
def ec2_instance(ctx: PriceContext) -> list[Component]:
    data: dict[str, Any] = {}
    if "LaunchTemplate" in ctx.props:
        data = launch_data(ctx, ctx.props["LaunchTemplate"], "its launch template")
    instance_type = ctx.get("InstanceType") or ctx.get("InstanceType", props=data)
    if not instance_type:
        instance_type = EC2_DEFAULT_INSTANCE_TYPE
        ctx.note(f"no InstanceType: CloudFormation's default {EC2_DEFAULT_INSTANCE_TYPE}")
    parts = [instance_hours(ctx, instance_type, 1)]
    mappings = ctx.props.get("BlockDeviceMappings", data.get("BlockDeviceMappings"))
    parts.extend(mapping_components(ctx, mappings, 1))
    public = _has_public_ip(ctx, ctx.props) or _has_public_ip(ctx, data)
    if public or ("SubnetId" in ctx.props and _in_public_subnets(ctx, ctx.props["SubnetId"])):
        parts.append(public_ipv4(ctx, 1, "instance"))
    return parts


def desired_count(ctx: PriceContext) -> int:
    """DesiredCapacity, else MinSize; what the group runs right after create."""
    for key in ("DesiredCapacity", "MinSize"):
        if key not in ctx.props:
            continue
        try:
            return as_int(ctx.get(key), key)
        except Unresolved as why:
            ctx.note(f"{key} unresolved ({why})")
    ctx.note("instance count assumed 1 (neither DesiredCapacity nor MinSize resolved)")
    return 1


@pricer(types.AUTOSCALING_AUTO_SCALING_GROUP)
def auto_scaling_group(ctx: PriceContext) -> list[Component]:
    count = desired_count(ctx)
    props = ctx.props
    instance_type: Any = None
    mappings: Any = None
    public = False
    if "LaunchTemplate" in props:
        data = launch_data(ctx, props["LaunchTemplate"], "its launch template")
        instance_type = ctx.get("InstanceType", props=data)
        mappings = data.get("BlockDeviceMappings")
        public = _has_public_ip(ctx, data)
    elif "MixedInstancesPolicy" in props:
        policy = props["MixedInstancesPolicy"].get("LaunchTemplate", {})
        data = launch_data(ctx, policy.get("LaunchTemplateSpecification"), "its launch template")
        instance_type = ctx.get("InstanceType", props=data)
        mappings = data.get("BlockDeviceMappings")
        overrides = ctx.resolver.value(policy.get("Overrides", []))
        if overrides and isinstance(overrides[0], dict) and overrides[0].get("InstanceType"):
            instance_type = overrides[0]["InstanceType"]
            ctx.note(f"mixed instances policy: priced as its first override {instance_type}")
        spread = ctx.resolver.value(props["MixedInstancesPolicy"].get("InstancesDistribution", {}))
        if str(spread.get("OnDemandPercentageAboveBaseCapacity", 100)) != "100":
            ctx.note("Spot share priced at on-demand rates (an upper bound)")
        public = _has_public_ip(ctx, data)
    elif "LaunchConfigurationName" in props:
        target = ctx.resolver.ref_target(props["LaunchConfigurationName"])
        config = ctx.other(target) if target else None
        if config is None:
            raise NotPriced("its launch configuration is not defined in this template")
        config_props = config.get("Properties") or {}
        instance_type = ctx.get("InstanceType", props=config_props)
        mappings = config_props.get("BlockDeviceMappings")
        public = as_bool(ctx.get("AssociatePublicIpAddress", False, props=config_props))
    else:
        raise NotPriced("no launch template or launch configuration to read the instance type from")
    if not instance_type:
        raise NotPriced("its launch template sets no InstanceType")
    parts = [instance_hours(ctx, instance_type, count)]
    if count:
        parts.extend(mapping_components(ctx, mappings, count))
        zones = props.get("VPCZoneIdentifier")
        if public or (isinstance(zones, list) and _in_public_subnets(ctx, zones)):
            parts.append(public_ipv4(ctx, count, f"{count} instances"))
    return parts


@pricer(types.EC2_VOLUME)
def ebs_volume(ctx: PriceContext) -> list[Component]:
    vtype = str(ctx.get("VolumeType", "gp2"))
    if "VolumeType" not in ctx.props:
        ctx.note("volume type assumed gp2 (the EC2 API default)")
    size = ctx.get_or("Size", 8, "size (GB)")
    return volume_components(
        ctx,
        vtype,
        as_int(size, "Size"),
        _int_or_none(ctx.get("Iops")),
        _int_or_none(ctx.get("Throughput")),
    )


def _int_or_none(value: Any) -> int | None:
    return None if value is None else as_int(value, "value")


@pricer(types.EC2_EIP)
def elastic_ip(ctx: PriceContext) -> list[Component]:
    return [public_ipv4(ctx, 1, "Elastic IP")]
