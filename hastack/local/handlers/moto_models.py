"""Resource types handled by moto's own CloudFormation classmethods.

moto's models implement ``create_from_cloudformation_json`` (and for some types
``update_from_cloudformation_json``) over their service backend; calling them is calling moto's
public model API, and the objects land in the same backends the describe APIs read. What the
classmethods leave out (attributes, physical ids, deletes) is supplied here from the backends'
public methods, per type, without touching moto's classes.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from typing import Any

from hastack.local.handlers.base import Context, Handler, Live, NeedsReplacement
from hastack.local.handlers.in_place import AFTER_CREATE, UPDATES, InPlace
from hastack.local.handlers.moto_index import MOTO_MODELS

# Types moto models that hastack handles itself (a better handler exists in this package).
_OWN = {"AWS::RDS::DBInstance"}


def moto_types() -> list[str]:
    """The resource types moto's models create (from the index: nothing is imported)."""
    return sorted(kind for kind in MOTO_MODELS if kind not in _OWN)


def moto_model(resource_type: str) -> Any | None:
    """moto's model class for ``resource_type`` (moto's own class, read, never changed), or
    None when moto has none.

    Only the type's service is imported, through the index. Should the installed moto keep the
    class elsewhere, moto's own map is read instead (it imports every service: slower, same
    class). Not cached here: moto's modules may be imported anew in one process (pytest's
    pytester does that), and a class kept from before would write to backends nobody reads."""
    if resource_type in _OWN or resource_type not in MOTO_MODELS:
        return None
    module_name, _, class_name = MOTO_MODELS[resource_type].partition(":")
    try:
        model = getattr(importlib.import_module(module_name), class_name)
        if model.cloudformation_type() == resource_type:
            return model
    except (ImportError, AttributeError):
        pass
    from moto.cloudformation.parsing import get_model_map

    return get_model_map().get(resource_type)


def _name_property(model: Any) -> str | None:
    try:
        return model.cloudformation_name_type() or None
    except NotImplementedError:
        return None


_DEFAULTS: dict[str, dict[str, Any]] = {
    # AWS's default where moto's model keeps None (a typeless endpoint could not be deleted)
    "AWS::EC2::VPCEndpoint": {"VpcEndpointType": "Gateway"},
}

_NAME_LIMITS = {
    "AWS::ElasticLoadBalancingV2::TargetGroup": (32, False),
    "AWS::ElasticLoadBalancingV2::LoadBalancer": (32, False),
    "AWS::S3::Bucket": (63, True),
    "AWS::IAM::Role": (64, False),
    "AWS::IAM::InstanceProfile": (128, False),
    "AWS::SQS::Queue": (80, False),
}


class MotoModelHandler(Handler):
    """A resource created by moto's model classmethods; ``model`` is moto's class."""

    emulates = "moto's own CloudFormation model"

    def __init__(self, resource_type: str) -> None:
        model = moto_model(resource_type)
        if model is None:
            raise KeyError(resource_type)
        self.model = model
        self.resource_type = resource_type

    def name(self, ctx: Context, props: dict[str, Any]) -> str:
        """The name property's value, else a name generated as CloudFormation does."""
        name_property = _name_property(self.model)
        if name_property and props.get(name_property):
            return str(props[name_property])
        limit, lower = _NAME_LIMITS.get(self.resource_type, (255, False))
        return ctx.generated_name(limit, lower)

    def create(self, ctx: Context, props: dict[str, Any]) -> Live:
        name = self.name(ctx, props)
        given = {**_DEFAULTS.get(self.resource_type, {}), **props}
        obj = self.model.create_from_cloudformation_json(
            name,
            {"Type": self.resource_type, "Properties": json.loads(json.dumps(given))},
            ctx.account,
            ctx.region,
            LogicalId=ctx.logical_id,
            StackId=ctx.stack_id,
            ResourceType=self.resource_type,
        )
        live = Live(physical_id=_physical_id(self.resource_type, obj, props, name), state=obj)
        for key in AFTER_CREATE.get(self.resource_type, ()):
            UPDATES[self.resource_type][key](ctx, live, {}, props)
        return live

    def update(self, ctx: Context, live: Live, old: dict[str, Any], new: dict[str, Any]) -> Live:
        """The properties :mod:`in_place` knows are changed through the backend as AWS's update
        does; any other change goes to moto's model update, when it has one, else it is
        recorded and the event names it."""
        own = UPDATES.get(self.resource_type, {})
        changed = {key for key in set(old) | set(new) if old.get(key) != new.get(key)}
        method = self.model.update_from_cloudformation_json
        has_update = not getattr(method, "__isabstractmethod__", False)
        if changed <= set(own) or not has_update:
            done: list[InPlace] = []
            for key in sorted(changed & set(own)):
                if own[key] not in done:
                    done.append(own[key])
                    live = own[key](ctx, live, old, new) or live
            rest = changed - set(own)
            if not rest:
                return live
            return super().update(
                ctx, live, {k: old.get(k) for k in rest}, {k: new.get(k) for k in rest}
            )
        name_property = _name_property(self.model)
        name = (
            str(new.get(name_property) or live.physical_id) if name_property else live.physical_id
        )
        obj = method(
            original_resource=live.state,
            new_resource_name=name,
            cloudformation_json={"Type": self.resource_type, "Properties": new},
            account_id=ctx.account,
            region_name=ctx.region,
        )
        if obj is None:
            raise NeedsReplacement(self.resource_type)
        return Live(physical_id=_physical_id(self.resource_type, obj, new, name), state=obj)

    def delete(self, ctx: Context, live: Live, props: dict[str, Any]) -> None:
        own = _DELETES.get(self.resource_type)
        if own is not None:
            own(ctx, live.state)
            return
        obj = live.state
        if hasattr(obj, "delete"):
            obj.delete(ctx.account, ctx.region)
            return
        method = self.model.delete_from_cloudformation_json
        if not getattr(method, "__isabstractmethod__", False):
            method(
                live.physical_id,
                {"Type": self.resource_type, "Properties": props},
                ctx.account,
                ctx.region,
            )

    def attribute(self, ctx: Context, live: Live, name: str) -> Any:
        extra = _ATTRIBUTES.get(self.resource_type, {}).get(name)
        if extra is not None:
            return extra(live.state)
        obj = live.state
        try:
            supported = type(obj).has_cfn_attr(name)
        except Exception:  # noqa: BLE001 - models without the classmethod
            supported = False
        if supported:
            try:
                return obj.get_cfn_attribute(name)
            except NotImplementedError:
                pass
            except Exception as error:
                # moto's get_cfn_attribute imports moto.cloudformation, which imports every
                # service: the exception class is read only when one was raised.
                from moto.cloudformation.exceptions import UnformattedGetAttTemplateException

                if not isinstance(error, UnformattedGetAttTemplateException):
                    raise
        return super().attribute(ctx, live, name)


def _physical_id(resource_type: str, obj: Any, props: dict[str, Any], name: str) -> str:
    own = _PHYSICAL_IDS.get(resource_type)
    if own is not None:
        return own(obj)
    value = getattr(obj, "physical_resource_id", None)
    if isinstance(value, str) and value:
        return value
    for attribute in ("id", "arn", "name"):
        value = getattr(obj, attribute, None)
        if isinstance(value, str) and value:
            return value
    return name


_PHYSICAL_IDS: dict[str, Callable[[Any], str]] = {
    "AWS::RDS::DBSubnetGroup": lambda group: group.name,
}


def _arn(obj: Any) -> Any:
    return obj.arn


_ATTRIBUTES: dict[str, dict[str, Callable[[Any], Any]]] = {
    # The values moto's ``get_cfn_attribute`` gives, read here because calling it imports
    # moto.cloudformation and with it every service moto has (about two seconds).
    # tests/local/test_moto_index.py checks each one against moto's.
    "AWS::IAM::Role": {"Arn": _arn, "RoleId": lambda role: role.id},
    "AWS::IAM::InstanceProfile": {"Arn": _arn},
    "AWS::KMS::Key": {"Arn": _arn},
    "AWS::Events::Rule": {"Arn": _arn},
    "AWS::Logs::LogGroup": {"Arn": _arn},
    "AWS::SQS::Queue": {"Arn": lambda queue: queue.queue_arn, "QueueName": lambda q: q.name},
    "AWS::SNS::Topic": {"TopicName": lambda topic: topic.name},
    "AWS::S3::Bucket": {
        "Arn": _arn,
        "DomainName": lambda bucket: bucket.domain_name,
        "DualStackDomainName": lambda bucket: bucket.dual_stack_domain_name,
        "RegionalDomainName": lambda bucket: bucket.regional_domain_name,
        "WebsiteURL": lambda bucket: bucket.website_url,
    },
    "AWS::EC2::LaunchTemplate": {
        "DefaultVersionNumber": lambda template: str(template.default_version_number),
        "LaunchTemplateId": lambda template: template.id,
        "LatestVersionNumber": lambda template: str(template.latest_version_number),
    },
    "AWS::EC2::NetworkInterface": {
        "PrimaryPrivateIpAddress": lambda eni: eni.private_ip_address,
    },
    "AWS::ElasticLoadBalancingV2::LoadBalancer": {
        "CanonicalHostedZoneID": lambda lb: lb.canonical_hosted_zone_id,
        "LoadBalancerFullName": lambda lb: lb.arn.split(":loadbalancer/", 1)[1],
        "SecurityGroups": lambda lb: list(lb.security_groups),
        "LoadBalancerArn": lambda lb: lb.arn,
        "DNSName": lambda lb: lb.dns_name,
        "LoadBalancerName": lambda lb: lb.name,
    },
    "AWS::ElasticLoadBalancingV2::TargetGroup": {
        "TargetGroupFullName": lambda tg: tg.arn.split(":", 5)[5],
        "TargetGroupName": lambda tg: tg.name,
        "TargetGroupArn": lambda tg: tg.arn,
        "LoadBalancerArns": lambda tg: list(tg.load_balancer_arns),
    },
    "AWS::EC2::Subnet": {
        "AvailabilityZone": lambda subnet: subnet.availability_zone,
        "AvailabilityZoneId": lambda subnet: subnet.availability_zone_id,
        "CidrBlock": lambda subnet: subnet.cidr_block,
        "SubnetId": lambda subnet: subnet.id,
        "VpcId": lambda subnet: subnet.vpc_id,
    },
    "AWS::EC2::VPC": {
        "VpcId": lambda vpc: vpc.id,
        "CidrBlock": lambda vpc: vpc.cidr_block,
        "DefaultSecurityGroup": lambda vpc: vpc.ec2_backend.get_default_security_group(vpc.id).id,
    },
    "AWS::EC2::EIP": {
        "AllocationId": lambda eip: eip.allocation_id,
        "PublicIp": lambda eip: eip.public_ip,
    },
}


# -- deletes moto's models lack, through the backends' public methods -------------------------


def _delete_route_table(ctx: Context, table: Any) -> None:
    backend = ctx.backend("ec2")
    if table.id not in backend.route_tables:
        return
    for item in table.associations:
        if not item["Main"]:
            backend.disassociate_route_table(item["RouteTableAssociationId"])
    backend.delete_route_table(table.id)


def _delete_route(ctx: Context, route: Any) -> None:
    backend = ctx.backend("ec2")
    table = route.route_table
    if table.id in backend.route_tables and route in table.routes:
        backend.delete_route(
            table.id,
            route.destination_cidr_block,
            route.destination_ipv6_cidr_block,
            getattr(route.destination_prefix_list, "id", None),
        )


def _delete_gateway(ctx: Context, gateway: Any) -> None:
    backend = ctx.backend("ec2")
    if gateway.id in backend.internet_gateways:
        backend.delete_internet_gateway(gateway.id)


def _delete_vpc(ctx: Context, vpc: Any) -> None:
    """AWS deletes a VPC's default network ACL with the VPC. moto's ``delete_vpc`` keeps it,
    still associated with the VPC's deleted subnets, so ``delete_network_acl`` refuses it
    (DependencyViolation) and every deleted VPC left one behind: it is let go from the
    backend's table after the VPC, the way it goes on AWS."""
    backend = ctx.backend("ec2")
    if vpc.id not in backend.vpcs:
        return
    backend.delete_vpc(vpc.id)
    for acl in list(backend.network_acls.values()):
        if acl.vpc_id == vpc.id and str(acl.default).lower() == "true":
            backend.network_acls.pop(acl.id, None)


def _detach_gateway(ctx: Context, attachment: Any) -> None:
    backend = ctx.backend("ec2")
    gateway = backend.internet_gateways.get(attachment.gateway_id)
    if gateway is not None and gateway.vpc is not None:
        backend.detach_internet_gateway(attachment.gateway_id, attachment.vpc_id)


def _release_eip(ctx: Context, address: Any) -> None:
    backend = ctx.backend("ec2")
    if address.allocation_id and backend.address_by_allocation([address.allocation_id]):
        backend.release_address(allocation_id=address.allocation_id)


def _delete_network_interface(ctx: Context, eni: Any) -> None:
    """moto's interface model has ``delete()`` without the account and region the other
    models take; it also frees the interface's addresses in its subnet."""
    if eni.id in ctx.backend("ec2").enis:
        eni.delete()


def _delete_target_group(ctx: Context, group: Any) -> None:
    backend = ctx.backend("elbv2")
    if group.arn in backend.target_groups:
        backend.delete_target_group(group.arn)


def _delete_listener(ctx: Context, listener: Any) -> None:
    backend = ctx.backend("elbv2")
    if any(listener.arn in lb.listeners for lb in backend.load_balancers.values()):
        backend.delete_listener(listener.arn)


def _delete_zone(ctx: Context, zone: Any) -> None:
    """moto keys its zones by the bare id; the zone's ``id`` is ``/hostedzone/ID`` (comparing
    the two kept every deleted stack's zone)."""
    backend = ctx.backend("route53", "aws")
    if zone.id.rsplit("/", 1)[-1] in backend.zones:
        backend.delete_hosted_zone(zone.id)


def _delete_nat_gateway(ctx: Context, nat: Any) -> None:
    """AWS releases the gateway's network interface (and its address association) when the
    gateway is deleted; moto's ``delete_nat_gateway`` only marks the gateway deleted."""
    backend = ctx.backend("ec2")
    backend.delete_nat_gateway(nat.id)
    for eni in list(backend.enis.values()):
        if (eni.subnet.id, eni.private_ip_address) != (nat.subnet_id, nat.private_ip):
            continue
        for address in backend.describe_addresses():
            if address.eni is eni:
                backend.disassociate_address(address=address.public_ip)
        backend.delete_network_interface(eni.id)


def _deregister_task_definition(ctx: Context, definition: Any) -> None:
    """AWS deregisters the revision (it stays describable as INACTIVE); moto's model had no
    delete, so a deleted or replaced revision stayed ACTIVE."""
    backend = ctx.backend("ecs")
    if definition.arn in backend.list_task_definitions(definition.family):
        backend.deregister_task_definition(definition.arn)


def _delete_vpc_endpoint(ctx: Context, endpoint: Any) -> None:
    """moto's model has no delete. ``delete_vpc_endpoints`` removes a gateway endpoint's route
    from each table, and fails (AttributeError) when moto knew no prefix list for the service
    and so made no routes: the tables are let go first, then the endpoint is deleted."""
    backend = ctx.backend("ec2")
    if endpoint.id not in backend.vpc_end_points or endpoint.state == "deleted":
        return
    if endpoint.destination_prefix_list_id is None and endpoint.route_table_ids:
        backend.modify_vpc_endpoint(
            endpoint.id, None, None, None, list(endpoint.route_table_ids), None, None, None
        )
    backend.delete_vpc_endpoints([endpoint.id])


_DELETES: dict[str, Callable[[Context, Any], None]] = {
    "AWS::EC2::VPC": _delete_vpc,
    "AWS::EC2::RouteTable": _delete_route_table,
    "AWS::EC2::Route": _delete_route,
    "AWS::EC2::InternetGateway": _delete_gateway,
    "AWS::EC2::VPCGatewayAttachment": _detach_gateway,
    "AWS::EC2::EIP": _release_eip,
    "AWS::EC2::NatGateway": _delete_nat_gateway,
    "AWS::EC2::FlowLog": lambda ctx, log: ctx.backend("ec2").delete_flow_logs([log.id]),
    "AWS::EC2::NetworkInterface": _delete_network_interface,
    "AWS::ElasticLoadBalancingV2::TargetGroup": _delete_target_group,
    "AWS::ElasticLoadBalancingV2::Listener": _delete_listener,
    "AWS::Route53::HostedZone": _delete_zone,
    "AWS::ECS::TaskDefinition": _deregister_task_definition,
    "AWS::EC2::VPCEndpoint": _delete_vpc_endpoint,
    "AWS::Route53::HealthCheck": lambda ctx, check: ctx.backend(
        "route53", "aws"
    ).delete_health_check(check.id),
}
