"""EC2 and Auto Scaling types moto models without AWS's behaviour, or not at all: groups that
spread over their AZs, egress rules, network ACL entries, scaling policies, instances whose AMI
must exist."""

from __future__ import annotations

from typing import Any

from hastack.local.errors import ResourceFailure
from hastack.local.handlers.base import (
    Context,
    Handler,
    Live,
    register,
    tags_list,
    to_int,
    update_ec2_tags,
)
from hastack.local.handlers.moto_models import MotoModelHandler


def _group_args(props: dict[str, Any]) -> dict[str, Any]:
    return {
        "availability_zones": props.get("AvailabilityZones") or [],
        "launch_config_name": props.get("LaunchConfigurationName"),
        "launch_template": props.get("LaunchTemplate") or {},
        "health_check_period": to_int(props.get("HealthCheckGracePeriod")),
        "health_check_type": props.get("HealthCheckType"),
        "mixed_instances_policy": props.get("MixedInstancesPolicy") or None,
    }


@register
class AutoScalingGroupHandler(Handler):
    type = "AWS::AutoScaling::AutoScalingGroup"
    emulates = (
        "`create_auto_scaling_group`; instances launched one by one into the AZ holding the "
        "fewest of the group's instances (AWS's balancing); in-place `update_auto_scaling_group`"
    )

    def create(self, ctx: Context, props: dict[str, Any]) -> Live:
        backend = ctx.backend("autoscaling")
        name = str(props.get("AutoScalingGroupName") or ctx.generated_name(255))
        subnets = [str(s) for s in props.get("VPCZoneIdentifier") or []]
        desired = to_int(props.get("DesiredCapacity"))
        min_size = to_int(props.get("MinSize")) or 0
        target = desired if desired is not None else min_size
        args = _group_args(props)
        backend.create_auto_scaling_group(
            name=name,
            desired_capacity=0,
            max_size=to_int(props.get("MaxSize")),
            min_size=0,
            vpc_zone_identifier=",".join(subnets) or None,
            default_cooldown=to_int(props.get("Cooldown")),
            load_balancers=props.get("LoadBalancerNames") or [],
            target_group_arns=props.get("TargetGroupARNs") or [],
            placement_group=None,
            termination_policies=props.get("TerminationPolicies") or [],
            tags=[
                dict(t, ResourceId=name, ResourceType="auto-scaling-group")
                for t in props.get("Tags") or []
            ],
            new_instances_protected_from_scale_in=bool(
                props.get("NewInstancesProtectedFromScaleIn")
            ),
            **args,
        )
        self._launch_balanced(ctx, name, subnets, target, args)
        backend.update_auto_scaling_group(
            name=name,
            desired_capacity=target,
            max_size=to_int(props.get("MaxSize")),
            min_size=min_size,
            vpc_zone_identifier=",".join(subnets) or None,
            **args,
        )
        return Live(physical_id=name)

    def _launch_balanced(
        self, ctx: Context, name: str, subnets: list[str], target: int, args: dict[str, Any]
    ) -> None:
        """One launch at a time into the AZ with the fewest of the group's instances (ties:
        subnet order), as AWS balances a group; moto would put them all in the first subnet."""
        backend = ctx.backend("autoscaling")
        ec2 = ctx.backend("ec2")
        zones = {}
        for subnet_id in subnets:
            try:
                zones[subnet_id] = ec2.get_subnet(subnet_id).availability_zone
            except Exception:  # noqa: BLE001 - an unknown subnet: moto's own error follows
                return
        per_zone: dict[str, int] = {}
        for count in range(1, target + 1):
            if len(set(zones.values())) <= 1:
                chosen = ",".join(subnets) or None
            else:
                order = list(dict.fromkeys(zones.values()))
                zone = min(order, key=lambda z: (per_zone.get(z, 0), order.index(z)))
                chosen = next(s for s in subnets if zones[s] == zone)
                per_zone[zone] = per_zone.get(zone, 0) + 1
            backend.update_auto_scaling_group(
                name=name,
                desired_capacity=count,
                max_size=None,
                min_size=None,
                vpc_zone_identifier=chosen,
                **args,
            )

    def update(self, ctx: Context, live: Live, old: dict[str, Any], new: dict[str, Any]) -> Live:
        backend = ctx.backend("autoscaling")
        backend.update_auto_scaling_group(
            name=live.physical_id,
            desired_capacity=to_int(new.get("DesiredCapacity")),
            max_size=to_int(new.get("MaxSize")),
            min_size=to_int(new.get("MinSize")),
            vpc_zone_identifier=",".join(str(s) for s in new.get("VPCZoneIdentifier") or [])
            or None,
            **_group_args(new),
        )
        if old.get("TargetGroupARNs") != new.get("TargetGroupARNs"):
            removed = set(old.get("TargetGroupARNs") or []) - set(new.get("TargetGroupARNs") or [])
            added = [
                a
                for a in new.get("TargetGroupARNs") or []
                if a not in (old.get("TargetGroupARNs") or [])
            ]
            if added:
                backend.attach_load_balancer_target_groups(live.physical_id, added)
            if removed:
                backend.detach_load_balancer_target_groups(live.physical_id, sorted(removed))
        return live

    def delete(self, ctx: Context, live: Live, props: dict[str, Any]) -> None:
        backend = ctx.backend("autoscaling")
        group = backend.autoscaling_groups.get(live.physical_id)
        if group is None:
            return
        interfaces = launch_interfaces([state.instance for state in group.instance_states])
        backend.delete_auto_scaling_group(live.physical_id)
        delete_interfaces(ctx, interfaces)


def launch_interfaces(instances: list[Any], kept: frozenset[str] = frozenset()) -> list[str]:
    """The network interfaces of ``instances`` their launch created (all but ``kept``)."""
    return [
        nic.id for instance in instances for nic in instance.nics.values() if nic.id not in kept
    ]


def delete_interfaces(ctx: Context, interfaces: list[str]) -> None:
    """AWS deletes the interfaces a launch created with their instance (DeleteOnTermination is
    true for them); moto's launch marks the primary one false, so each terminated instance
    left one behind."""
    backend = ctx.backend("ec2")
    for eni_id in interfaces:
        if eni_id in backend.enis:
            backend.delete_network_interface(eni_id)


@register
class InstanceHandler(MotoModelHandler):
    """An instance whose ``ImageId`` does not exist fails, as on AWS (moto launches it)."""

    type = "AWS::EC2::Instance"
    emulates = "moto's model; `ImageId` must be an AMI the emulator knows (as in the account)"

    def __init__(self) -> None:
        super().__init__(self.type)

    def create(self, ctx: Context, props: dict[str, Any]) -> Live:
        image = props.get("ImageId")
        if image is not None:
            check_image(ctx, str(image))
        return super().create(ctx, props)

    def delete(self, ctx: Context, live: Live, props: dict[str, Any]) -> None:
        """The interfaces the launch created go with the instance (``delete_interfaces``);
        those the template attached by id stay, as on AWS."""
        given = frozenset(
            str(nic["NetworkInterfaceId"])
            for nic in props.get("NetworkInterfaces") or []
            if nic.get("NetworkInterfaceId")
        )
        created = launch_interfaces([live.state], given)
        super().delete(ctx, live, props)
        delete_interfaces(ctx, created)


def check_image(ctx: Context, image_id: str) -> None:
    """AWS: ``InvalidAMIID.NotFound``/``Malformed`` for an AMI the account cannot see."""
    try:
        found = ctx.backend("ec2").describe_images(ami_ids=[image_id])
    except Exception as error:  # noqa: BLE001 - moto's InvalidAMIIdError and friends
        found = []
        detail = getattr(error, "message", None) or str(error)
        raise ResourceFailure(f"The image id '[{image_id}]' does not exist ({detail})") from None
    if not found:
        raise ResourceFailure(f"The image id '[{image_id}]' does not exist")


@register
class NetworkAclHandler(Handler):
    """moto has the ACL API but no CloudFormation model for ``AWS::EC2::NetworkAcl``."""

    type = "AWS::EC2::NetworkAcl"
    emulates = "`create_network_acl` / `delete_network_acl`; tags change in place"

    def create(self, ctx: Context, props: dict[str, Any]) -> Live:
        acl = ctx.backend("ec2").create_network_acl(
            vpc_id=str(props["VpcId"]), tags=tags_list(props.get("Tags"))
        )
        return Live(physical_id=acl.id)

    def update(self, ctx: Context, live: Live, old: dict[str, Any], new: dict[str, Any]) -> Live:
        update_ec2_tags(ctx.backend("ec2"), live.physical_id, old.get("Tags"), new.get("Tags"))
        return live

    def delete(self, ctx: Context, live: Live, props: dict[str, Any]) -> None:
        backend = ctx.backend("ec2")
        if live.physical_id in backend.network_acls:
            backend.delete_network_acl(live.physical_id)

    def attribute(self, ctx: Context, live: Live, name: str) -> Any:
        if name == "Id":
            return live.physical_id
        return super().attribute(ctx, live, name)


@register
class NetworkAclEntryHandler(Handler):
    type = "AWS::EC2::NetworkAclEntry"
    emulates = (
        "`create_network_acl_entry` / `replace_network_acl_entry` / `delete_network_acl_entry`"
    )

    def _args(self, props: dict[str, Any]) -> dict[str, Any]:
        ports = props.get("PortRange") or {}
        icmp = props.get("Icmp") or {}
        return {
            "network_acl_id": str(props["NetworkAclId"]),
            "rule_number": str(props["RuleNumber"]),
            "protocol": str(props["Protocol"]),
            "rule_action": str(props["RuleAction"]),
            "egress": str(props.get("Egress", False)).lower(),
            "cidr_block": props.get("CidrBlock"),
            "icmp_code": icmp.get("Code"),
            "icmp_type": icmp.get("Type"),
            "port_range_from": ports.get("From"),
            "port_range_to": ports.get("To"),
            "ipv6_cidr_block": props.get("Ipv6CidrBlock"),
        }

    def create(self, ctx: Context, props: dict[str, Any]) -> Live:
        ctx.backend("ec2").create_network_acl_entry(**self._args(props))
        return Live(physical_id=ctx.generated_name(255))

    def update(self, ctx: Context, live: Live, old: dict[str, Any], new: dict[str, Any]) -> Live:
        ctx.backend("ec2").replace_network_acl_entry(**self._args(new))
        return live

    def delete(self, ctx: Context, live: Live, props: dict[str, Any]) -> None:
        backend = ctx.backend("ec2")
        args = self._args(props)
        if args["network_acl_id"] in backend.network_acls:
            backend.delete_network_acl_entry(
                args["network_acl_id"], args["rule_number"], args["egress"]
            )


@register
class SubnetNetworkAclAssociationHandler(Handler):
    type = "AWS::EC2::SubnetNetworkAclAssociation"
    emulates = "`replace_network_acl_association` (the subnet moves to the ACL; back on delete)"

    def create(self, ctx: Context, props: dict[str, Any]) -> Live:
        backend = ctx.backend("ec2")
        subnet_id = str(props["SubnetId"])
        current = _association_of(backend, subnet_id)
        if current is None:
            raise ResourceFailure(f"The subnet ID '{subnet_id}' does not exist")
        association = backend.replace_network_acl_association(current, str(props["NetworkAclId"]))
        return Live(physical_id=association.id, attributes={"AssociationId": association.id})

    def delete(self, ctx: Context, live: Live, props: dict[str, Any]) -> None:
        backend = ctx.backend("ec2")
        subnet_id = str(props["SubnetId"])
        current = _association_of(backend, subnet_id)
        try:
            subnet = backend.get_subnet(subnet_id)
        except Exception:  # noqa: BLE001 - the subnet is gone with its association
            return
        defaults = backend.describe_network_acls(
            filters={"vpc-id": [subnet.vpc_id], "default": ["true"]}
        )
        if current is not None and defaults:
            backend.replace_network_acl_association(current, defaults[0].id)


def _association_of(backend: Any, subnet_id: str) -> str | None:
    """The id of the subnet's ACL association (``NetworkAcl.associations`` is a list of
    associations in moto 5.1+, each with its ``id`` and ``subnet_id``)."""
    for acl in backend.network_acls.values():
        for association in acl.associations:
            if association.subnet_id == subnet_id:
                return str(association.id)
    return None


@register
class ScalingPolicyHandler(Handler):
    type = "AWS::AutoScaling::ScalingPolicy"
    emulates = "`put_scaling_policy`; `Ref` is the policy ARN"

    def create(self, ctx: Context, props: dict[str, Any]) -> Live:
        return self._put(ctx, ctx.generated_name(255), props)

    def _put(self, ctx: Context, name: str, props: dict[str, Any]) -> Live:
        backend = ctx.backend("autoscaling")
        group = str(props.get("AutoScalingGroupName"))
        if group not in backend.autoscaling_groups:
            raise ResourceFailure(f"AutoScalingGroup name not found - {group}")
        policy = backend.put_scaling_policy(
            name=name,
            policy_type=props.get("PolicyType", "SimpleScaling"),
            metric_aggregation_type=props.get("MetricAggregationType"),
            adjustment_type=props.get("AdjustmentType"),
            as_name=group,
            min_adjustment_magnitude=props.get("MinAdjustmentMagnitude"),
            scaling_adjustment=to_int(props.get("ScalingAdjustment")),
            cooldown=to_int(props.get("Cooldown")),
            target_tracking_config=props.get("TargetTrackingConfiguration") or {},
            step_adjustments=props.get("StepAdjustments") or [],
            estimated_instance_warmup=props.get("EstimatedInstanceWarmup"),
            predictive_scaling_configuration=props.get("PredictiveScalingConfiguration") or {},
        )
        return Live(
            physical_id=policy.arn, state=name, attributes={"Arn": policy.arn, "PolicyName": name}
        )

    def update(self, ctx: Context, live: Live, old: dict[str, Any], new: dict[str, Any]) -> Live:
        return self._put(ctx, str(live.state), new)

    def delete(self, ctx: Context, live: Live, props: dict[str, Any]) -> None:
        backend = ctx.backend("autoscaling")
        if str(live.state) in backend.policies:
            backend.delete_policy(str(live.state))


@register
class ListenerHandler(MotoModelHandler):
    """An HTTPS listener may name a certificate of the real account, which can never be in the
    emulator's ACM: it is attached as given (moto would refuse it) and the event says so."""

    type = "AWS::ElasticLoadBalancingV2::Listener"
    emulates = (
        "moto's model; a certificate ARN the emulator's ACM lacks is attached as given "
        "(the event says so)"
    )

    def __init__(self) -> None:
        super().__init__(self.type)

    def create(self, ctx: Context, props: dict[str, Any]) -> Live:
        outside = [
            c["CertificateArn"]
            for c in props.get("Certificates") or []
            if c.get("CertificateArn") and not _in_acm(ctx, str(c["CertificateArn"]))
        ]
        if not outside:
            return super().create(ctx, props)
        inside = [c for c in props["Certificates"] if c.get("CertificateArn") not in outside]
        live = super().create(
            ctx,
            {**props, "Certificates": inside}
            if inside
            else {k: v for k, v in props.items() if k != "Certificates"},
        )
        ctx.backend("elbv2").add_listener_certificates(
            live.physical_id, [{"CertificateArn": arn} for arn in outside]
        )
        live.note = (
            f"certificate {', '.join(outside)} is not in the emulator's ACM: attached as given"
        )
        return live


@register
class LoadBalancerHandler(MotoModelHandler):
    """moto's model creates every balancer as an ALB and ignores ``LoadBalancerAttributes``
    (an NLB's TCP/TLS listener was then refused); AWS applies ``Type``, ``SubnetMappings``,
    ``IpAddressType``, ``Tags`` and the attributes at creation. Created through
    ``create_load_balancer`` and ``modify_load_balancer_attributes``, as the API does."""

    type = "AWS::ElasticLoadBalancingV2::LoadBalancer"
    emulates = (
        "`create_load_balancer` with its `Type` (application, network, gateway), subnets or "
        "subnet mappings, scheme and tags; `LoadBalancerAttributes` applied"
    )

    def __init__(self) -> None:
        super().__init__(self.type)

    def create(self, ctx: Context, props: dict[str, Any]) -> Live:
        backend = ctx.backend("elbv2")
        balancer = backend.create_load_balancer(
            self.name(ctx, props),
            [str(group) for group in props.get("SecurityGroups") or []],
            [str(subnet) for subnet in props.get("Subnets") or []],
            subnet_mappings=props.get("SubnetMappings"),
            scheme=str(props.get("Scheme") or "internet-facing"),
            loadbalancer_type=str(props.get("Type") or "application"),
            ip_address_type=str(props.get("IpAddressType") or "ipv4"),
            tags=tags_list(props.get("Tags")),
        )
        attributes = props.get("LoadBalancerAttributes")
        if attributes:
            backend.modify_load_balancer_attributes(
                balancer.arn, {a["Key"]: str(a["Value"]) for a in attributes}
            )
        return Live(physical_id=balancer.arn, state=balancer)

    def update(self, ctx: Context, live: Live, old: dict[str, Any], new: dict[str, Any]) -> Live:
        """AWS changes attributes (``ModifyLoadBalancerAttributes``) and security groups
        (``SetSecurityGroups``) in place; moto's model update changed neither."""
        changed = {key for key in set(old) | set(new) if old.get(key) != new.get(key)}
        if not changed <= {"LoadBalancerAttributes", "SecurityGroups"}:
            return super().update(ctx, live, old, new)
        backend = ctx.backend("elbv2")
        if "LoadBalancerAttributes" in changed:
            attributes = new.get("LoadBalancerAttributes") or []
            backend.modify_load_balancer_attributes(
                live.physical_id, {a["Key"]: str(a["Value"]) for a in attributes}
            )
        if "SecurityGroups" in changed:
            groups = [str(group) for group in new.get("SecurityGroups") or []]
            backend.set_security_groups(live.physical_id, groups)
        return live


@register
class SubnetRouteTableAssociationHandler(Handler):
    """moto's model records the association in its subnet backend only, so no route table
    showed it (DescribeRouteTables) and the subnet kept the main table; its Ref was the route
    table's id. AWS's ``AssociateRouteTable`` gives an ``rtbassoc-`` id, the Ref."""

    type = "AWS::EC2::SubnetRouteTableAssociation"
    emulates = "`associate_route_table` / `disassociate_route_table`; `Ref` is the association id"

    def create(self, ctx: Context, props: dict[str, Any]) -> Live:
        """A subnet has one route table: when a replacement's new association is created
        while the old one still holds the subnet, the subnet moves (``ReplaceRouteTable
        Association``) and the old one's delete finds nothing left to remove."""
        backend = ctx.backend("ec2")
        table, subnet = str(props["RouteTableId"]), str(props["SubnetId"])
        for held in backend.describe_route_tables(filters={"association.subnet-id": [subnet]}):
            for item in held.associations:
                if item.get("SubnetId") == subnet and not item.get("Main"):
                    moved = backend.replace_route_table_association(
                        item["RouteTableAssociationId"], table
                    )
                    return Live(physical_id=str(moved))
        return Live(physical_id=str(backend.associate_route_table(table, subnet_id=subnet)))

    def delete(self, ctx: Context, live: Live, props: dict[str, Any]) -> None:
        backend = ctx.backend("ec2")
        for table in backend.route_tables.values():
            if live.physical_id in table.all_associations_ids:
                backend.disassociate_route_table(live.physical_id)
                return


def _in_acm(ctx: Context, arn: str) -> bool:
    try:
        ctx.backend("acm").get_certificate(arn)
    except Exception:  # noqa: BLE001 - moto's ResourceNotFound / invalid ARN
        return False
    return True
