"""What moto's CloudFormation models leave out on create and update, made good through the
service backends' public methods, per type and property.

moto's models ignore some properties at create (``Tags`` of route tables, internet gateways and
Elastic IPs; a subnet's ``MapPublicIpOnLaunch``, which moto sets true for the first subnet of
each AZ as if it were a default subnet) and most have no in-place update, so the engine could
only record the change. AWS changes these properties with no interruption; each entry below is
the API call AWS's own update makes (``ModifyVpcAttribute``, ``ReplaceRoute``, ``UpdateRole``,
...). A property with no entry here keeps the model's own behaviour.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hastack.local.handlers.base import Context, Live, to_bool, to_int, update_ec2_tags

InPlace = Callable[[Context, Live, dict[str, Any], dict[str, Any]], Live | None]
"""(context, live resource, old properties, new properties): the property is changed in the
backend; a new ``Live`` when the backend's object changed, else None."""


# -- EC2 -----------------------------------------------------------------------------------------

_EC2_TAG_IDS: dict[str, Callable[[Any], str]] = {
    "AWS::EC2::VPC": lambda vpc: vpc.id,
    "AWS::EC2::Subnet": lambda subnet: subnet.id,
    "AWS::EC2::RouteTable": lambda table: table.id,
    "AWS::EC2::InternetGateway": lambda gateway: gateway.id,
    "AWS::EC2::EIP": lambda address: address.allocation_id,
    "AWS::EC2::NatGateway": lambda nat: nat.id,
    "AWS::EC2::Instance": lambda instance: instance.id,
    "AWS::EC2::VPCEndpoint": lambda endpoint: endpoint.id,
}
"""EC2 types whose ``Tags`` are EC2 tags on the id given here (an Elastic IP's is its allocation
id, not its ``Ref``, the public address)."""


def _tags(ctx: Context, live: Live, old: dict[str, Any], new: dict[str, Any]) -> None:
    resource_id = _EC2_TAG_IDS[ctx.resource_type](live.state)
    update_ec2_tags(ctx.backend("ec2"), resource_id, old.get("Tags"), new.get("Tags"))


def _map_public_ip(ctx: Context, live: Live, old: dict[str, Any], new: dict[str, Any]) -> None:
    """AWS: ``MapPublicIpOnLaunch`` defaults to false for a subnet a template creates."""
    value = bool(to_bool(new.get("MapPublicIpOnLaunch")))
    ctx.backend("ec2").modify_subnet_attribute(live.state.id, "map_public_ip_on_launch", value)


def _vpc_attribute(name: str, attribute: str, default: bool) -> InPlace:
    def change(ctx: Context, live: Live, old: dict[str, Any], new: dict[str, Any]) -> None:
        value = to_bool(new.get(name))
        ctx.backend("ec2").modify_vpc_attribute(
            live.state.id, attribute, default if value is None else value
        )

    return change


_ROUTE_TARGETS = {
    "GatewayId": "gateway_id",
    "NatGatewayId": "nat_gateway_id",
    "EgressOnlyInternetGatewayId": "egress_only_igw_id",
    "TransitGatewayId": "transit_gateway_id",
    "InstanceId": "instance_id",
    "NetworkInterfaceId": "interface_id",
    "VpcPeeringConnectionId": "vpc_peering_connection_id",
}


def _replace_route(ctx: Context, live: Live, old: dict[str, Any], new: dict[str, Any]) -> None:
    """AWS ``ReplaceRoute``: the route keeps its destination and gets the new target."""
    route = live.state
    targets = {arg: str(new[key]) for key, arg in _ROUTE_TARGETS.items() if new.get(key)}
    ctx.backend("ec2").replace_route(
        route.route_table.id,
        route.destination_cidr_block,
        route.destination_ipv6_cidr_block,
        getattr(route.destination_prefix_list, "id", None),
        **targets,
    )


def _instance_type(ctx: Context, live: Live, old: dict[str, Any], new: dict[str, Any]) -> None:
    """AWS stops an EBS-backed instance, changes its type and starts it: the same instance."""
    ctx.backend("ec2").modify_instance_attribute(
        live.state.id, "instance_type", str(new["InstanceType"])
    )


def _endpoint_list(name: str, add: str, remove: str) -> InPlace:
    """``ModifyVpcEndpoint`` with the items of list property ``name`` added and removed."""

    def change(ctx: Context, live: Live, old: dict[str, Any], new: dict[str, Any]) -> None:
        before = [str(v) for v in old.get(name) or []]
        after = [str(v) for v in new.get(name) or []]
        changes: dict[str, list[str] | None] = {
            "add_subnets": None,
            "remove_subnets": None,
            "add_route_tables": None,
            "remove_route_tables": None,
            "add_security_groups": None,
            "remove_security_groups": None,
        }
        added = changes[add] = [v for v in after if v not in before]
        removed = changes[remove] = [v for v in before if v not in after]
        backend = ctx.backend("ec2")
        backend.modify_vpc_endpoint(live.state.id, None, **changes)
        prefix_list = live.state.destination_prefix_list_id
        if name == "RouteTableIds" and prefix_list:
            # AWS adds (and removes) the gateway endpoint's route in each table; moto's
            # modify only edits the list, so the delete then missed the route it expected
            for table in added:
                backend.create_route(
                    table, None, gateway_id=live.state.id, destination_prefix_list_id=prefix_list
                )
            for table in removed:
                backend.delete_route(table, None, None, prefix_list)

    return change


def _reattach(ctx: Context, live: Live, old: dict[str, Any], new: dict[str, Any]) -> Live:
    """The gateway is detached from the old VPC and attached to the new one."""
    backend = ctx.backend("ec2")
    gateway = backend.internet_gateways.get(live.state.gateway_id)
    if gateway is not None and gateway.vpc is not None:
        backend.detach_internet_gateway(live.state.gateway_id, live.state.vpc_id)
    attachment = backend.attach_internet_gateway(str(new["InternetGatewayId"]), str(new["VpcId"]))
    return Live(physical_id=attachment.vpc_id, state=attachment)


# -- other services --------------------------------------------------------------------------


def _role(ctx: Context, live: Live, old: dict[str, Any], new: dict[str, Any]) -> None:
    """AWS ``UpdateRole``; the session duration defaults to an hour."""
    ctx.backend("iam", "global").update_role(
        live.state.name,
        new.get("Description") or "",
        str(to_int(new.get("MaxSessionDuration")) or 3600),
    )


def _profile_roles(ctx: Context, live: Live, old: dict[str, Any], new: dict[str, Any]) -> None:
    backend = ctx.backend("iam", "global")
    before = [str(r) for r in old.get("Roles") or []]
    after = [str(r) for r in new.get("Roles") or []]
    for role in before:
        if role not in after:
            backend.remove_role_from_instance_profile(live.state.name, role)
    for role in after:
        if role not in before:
            backend.add_role_to_instance_profile(live.state.name, role)


def _retention(ctx: Context, live: Live, old: dict[str, Any], new: dict[str, Any]) -> None:
    backend = ctx.backend("logs")
    days = to_int(new.get("RetentionInDays"))
    if days is None:
        backend.delete_retention_policy(live.state.name)
    else:
        backend.put_retention_policy(live.state.name, days)


_HEALTH_CHECK = {
    "HealthCheckProtocol": "health_check_proto",
    "HealthCheckPort": "health_check_port",
    "HealthCheckPath": "health_check_path",
    "HealthCheckIntervalSeconds": "health_check_interval",
    "HealthCheckTimeoutSeconds": "health_check_timeout",
    "HealthyThresholdCount": "healthy_threshold_count",
    "UnhealthyThresholdCount": "unhealthy_threshold_count",
}


def _health_check(ctx: Context, live: Live, old: dict[str, Any], new: dict[str, Any]) -> None:
    """AWS ``ModifyTargetGroup``: every health-check setting given is set again."""
    settings = {arg: new[key] for key, arg in _HEALTH_CHECK.items() if new.get(key) is not None}
    ctx.backend("elbv2").modify_target_group(live.state.arn, **settings)


_FUNCTION_CONFIGURATION = (
    "Description",
    "Handler",
    "MemorySize",
    "Role",
    "Runtime",
    "Timeout",
    "Environment",
)


def _function(ctx: Context, live: Live, old: dict[str, Any], new: dict[str, Any]) -> None:
    """AWS ``UpdateFunctionConfiguration`` (moto's model update re-reads the code, and failed
    on inline ``ZipFile`` source: "Invalid base64-encoded string")."""
    body = {key: new[key] for key in _FUNCTION_CONFIGURATION if key in new}
    ctx.backend("lambda").update_function_configuration(live.state.function_name, None, body)


def _mount_target_groups(
    ctx: Context, live: Live, old: dict[str, Any], new: dict[str, Any]
) -> None:
    ctx.backend("efs").modify_mount_target_security_groups(
        live.state.mount_target_id, [str(g) for g in new.get("SecurityGroups") or []]
    )


UPDATES: dict[str, dict[str, InPlace]] = {
    **{kind: {"Tags": _tags} for kind in _EC2_TAG_IDS},
    "AWS::EC2::Subnet": {"Tags": _tags, "MapPublicIpOnLaunch": _map_public_ip},
    "AWS::EC2::VPC": {
        "Tags": _tags,
        "EnableDnsHostnames": _vpc_attribute("EnableDnsHostnames", "enable_dns_hostnames", False),
        "EnableDnsSupport": _vpc_attribute("EnableDnsSupport", "enable_dns_support", True),
    },
    "AWS::EC2::Route": dict.fromkeys(_ROUTE_TARGETS, _replace_route),
    "AWS::EC2::Instance": {"Tags": _tags, "InstanceType": _instance_type},
    "AWS::EC2::VPCEndpoint": {
        "Tags": _tags,
        "RouteTableIds": _endpoint_list("RouteTableIds", "add_route_tables", "remove_route_tables"),
        "SubnetIds": _endpoint_list("SubnetIds", "add_subnets", "remove_subnets"),
        "SecurityGroupIds": _endpoint_list(
            "SecurityGroupIds", "add_security_groups", "remove_security_groups"
        ),
    },
    "AWS::EC2::VPCGatewayAttachment": {"VpcId": _reattach, "InternetGatewayId": _reattach},
    "AWS::IAM::Role": {"Description": _role, "MaxSessionDuration": _role},
    "AWS::IAM::InstanceProfile": {"Roles": _profile_roles},
    "AWS::Logs::LogGroup": {"RetentionInDays": _retention},
    "AWS::ElasticLoadBalancingV2::TargetGroup": dict.fromkeys(_HEALTH_CHECK, _health_check),
    "AWS::Lambda::Function": dict.fromkeys(_FUNCTION_CONFIGURATION, _function),
    "AWS::EFS::MountTarget": {"SecurityGroups": _mount_target_groups},
}
"""Per type, the properties changed in place and how (the AWS API call the update makes)."""

AFTER_CREATE: dict[str, tuple[str, ...]] = {
    **{kind: ("Tags",) for kind in _EC2_TAG_IDS},
    "AWS::EC2::Subnet": ("Tags", "MapPublicIpOnLaunch"),
}
"""Per type, the properties moto's model ignores at create: applied as an update from none."""


def in_place(resource_type: str) -> list[str]:
    """The properties of ``resource_type`` changed in place here (docs/local.md lists them)."""
    return sorted(UPDATES.get(resource_type, {}))
