"""Attributes and properties moto leaves out: GetAtt values, Ref names, ids, certificates."""

from __future__ import annotations

import re
from typing import Any

from hastack.deploy.local.compat.patches._common import (
    _attribute_table,
    _once,
)


@_once("elbv2")
def load_balancer_attributes() -> None:
    """moto: ``GetAtt`` LoadBalancer CanonicalHostedZoneID / LoadBalancerFullName and every
    TargetGroup attribute are missing (the Route 53 alias got literal ``Fn::GetAtt`` text, a
    ``TargetGroupFullName`` crashed the stack). AWS: all documented return values."""
    from moto.elbv2.models import FakeLoadBalancer, FakeTargetGroup

    original_lb = FakeLoadBalancer.get_cfn_attribute

    def lb_attribute(self: Any, attribute_name: str) -> Any:
        if attribute_name == "CanonicalHostedZoneID":
            return self.canonical_hosted_zone_id
        if attribute_name == "LoadBalancerFullName":
            return self.arn.split(":loadbalancer/", 1)[1]
        if attribute_name == "SecurityGroups":
            return list(self.security_groups)
        if attribute_name == "LoadBalancerArn":
            return self.arn
        return original_lb(self, attribute_name)

    FakeLoadBalancer.get_cfn_attribute = lb_attribute
    FakeLoadBalancer.has_cfn_attr = classmethod(
        lambda cls, attr: (
            attr
            in {
                "CanonicalHostedZoneID",
                "DNSName",
                "LoadBalancerFullName",
                "LoadBalancerName",
                "SecurityGroups",
                "LoadBalancerArn",
            }
        )
    )

    target_group_attributes = {
        "TargetGroupFullName": lambda tg: tg.arn.split(":", 5)[5],
        "TargetGroupName": lambda tg: tg.name,
        "TargetGroupArn": lambda tg: tg.arn,
        "LoadBalancerArns": lambda tg: list(tg.load_balancer_arns),
    }
    _attribute_table(FakeTargetGroup, target_group_attributes)


@_once("subnet_group")
def subnet_group_ref_is_its_name() -> None:
    """moto: ``Ref`` to an ``AWS::RDS::DBSubnetGroup`` is the Python object (an Output showed
    its repr). AWS: the group's name."""
    from moto.rds.models import DBSubnetGroup

    DBSubnetGroup.physical_resource_id = property(lambda self: self.name)


_CERTIFICATE_ARN = re.compile(
    r"^arn:aws[\w-]*:(acm|iam):[\w-]*:\d{12}:(certificate|server-certificate)/"
)


@_once("certificates")
def listener_certificates_need_not_exist() -> None:
    """moto: an HTTPS listener whose certificate ARN is not in the emulator's ACM/IAM fails.
    A real account's certificate can never be in the emulator, so any well-formed ACM or IAM
    certificate ARN is accepted (certificates the stack itself creates exist anyway)."""
    from moto.elb.exceptions import CertificateNotFoundException
    from moto.elbv2 import models as elbv2_models

    original_exists = elbv2_models.ELBv2Backend._certificate_exists
    original_register = elbv2_models.register_certificate

    def _certificate_exists(self: Any, certificate_arn: str) -> bool:
        if original_exists(self, certificate_arn):
            return True
        return bool(_CERTIFICATE_ARN.match(str(certificate_arn)))

    def register_certificate(
        account_id: str, region: str, arn_certificate: str, arn_user: str
    ) -> None:
        try:
            original_register(
                account_id=account_id,
                region=region,
                arn_certificate=arn_certificate,
                arn_user=arn_user,
            )
        except CertificateNotFoundException:
            if not _CERTIFICATE_ARN.match(str(arn_certificate)):
                raise

    elbv2_models.ELBv2Backend._certificate_exists = _certificate_exists
    elbv2_models.register_certificate = register_certificate


@_once("ingress")
def ingress_rules_have_an_id() -> None:
    """moto: an ``AWS::EC2::SecurityGroupIngress`` has no physical id (list_stack_resources
    shows none). AWS: an ``sgr-`` id. Derived here from the rule, so it is stable."""
    import hashlib
    import json

    from moto.ec2.models.security_groups import SecurityGroupIngress

    def physical_resource_id(self: Any) -> str:
        text = json.dumps(self.properties, sort_keys=True, default=str)
        return "sgr-" + hashlib.sha1(text.encode()).hexdigest()[:17]  # noqa: S324 - an id

    if not hasattr(SecurityGroupIngress, "physical_resource_id"):
        SecurityGroupIngress.physical_resource_id = property(physical_resource_id)


@_once("subnets")
def subnet_attributes() -> None:
    """moto: ``GetAtt`` Subnet AvailabilityZone is not implemented (literal text came out).
    AWS: AvailabilityZone, AvailabilityZoneId, CidrBlock, SubnetId, VpcId."""
    from moto.ec2.models.subnets import Subnet

    attributes = {
        "AvailabilityZone": lambda subnet: subnet.availability_zone,
        "AvailabilityZoneId": lambda subnet: subnet.availability_zone_id,
        "CidrBlock": lambda subnet: subnet.cidr_block,
        "SubnetId": lambda subnet: subnet.id,
        "VpcId": lambda subnet: subnet.vpc_id,
    }
    _attribute_table(Subnet, attributes)


@_once("lb_attributes")
def load_balancer_attributes_are_applied() -> None:
    """moto: ``LoadBalancerAttributes`` of an ``AWS::ElasticLoadBalancingV2::LoadBalancer`` are
    ignored (access logs looked disabled), and so is ``Type`` (every balancer became an ALB, so
    an NLB's TCP/TLS listener was refused). AWS: both applied at creation."""
    from moto.elbv2.models import FakeLoadBalancer, elbv2_backends

    original = FakeLoadBalancer.create_from_cloudformation_json.__func__

    def create_from_cloudformation_json(
        cls: Any,
        resource_name: str,
        cloudformation_json: Any,
        account_id: str,
        region_name: str,
        **kwargs: Any,
    ) -> Any:
        balancer = original(
            cls, resource_name, cloudformation_json, account_id, region_name, **kwargs
        )
        properties = cloudformation_json.get("Properties") or {}
        balancer.type = properties.get("Type", "application")
        attributes = properties.get("LoadBalancerAttributes")
        if attributes:
            elbv2_backends[account_id][region_name].modify_load_balancer_attributes(
                balancer.arn, {a["Key"]: str(a["Value"]) for a in attributes}
            )
        return balancer

    FakeLoadBalancer.create_from_cloudformation_json = classmethod(create_from_cloudformation_json)
