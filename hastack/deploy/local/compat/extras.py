"""Smaller resource types a highly available web stack declares and moto 5.2 skips:
bucket and topic policies, SNS subscriptions, ACM certificates, security group egress rules."""

from __future__ import annotations

import json
from typing import Any

from moto.acm.models import acm_backends
from moto.core.common_models import CloudFormationModel
from moto.ec2.models import ec2_backends
from moto.s3.models import s3_backends
from moto.sns.models import sns_backends

from hastack.deploy.local.compat._base import WrappedResource, ref_name, tags_list, to_int


def _policy_text(document: Any) -> str:
    return document if isinstance(document, str) else json.dumps(document)


class BucketPolicyHandler(WrappedResource, CloudFormationModel):
    """``AWS::S3::BucketPolicy`` via ``put_bucket_policy`` (``get_bucket_policy`` shows it)."""

    CFN_TYPE = "AWS::S3::BucketPolicy"
    ATTRIBUTES: dict = {}

    @classmethod
    def create(
        cls, name: str, properties: dict[str, Any], account_id: str, region_name: str, **_: Any
    ) -> BucketPolicyHandler:
        bucket = str(ref_name(properties["Bucket"]))
        policy = _policy_text(properties["PolicyDocument"])
        s3_backends[account_id]["aws"].put_bucket_policy(bucket, policy.encode())
        return cls(bucket, account_id, region_name, properties)

    @classmethod
    def update(
        cls,
        original: Any,
        new_name: str,
        properties: dict[str, Any],
        account_id: str,
        region_name: str,
    ) -> BucketPolicyHandler:
        if str(ref_name(properties["Bucket"])) != original.resource:
            original.delete(account_id, region_name)
        return cls.create(new_name, properties, account_id, region_name)

    @property
    def physical_resource_id(self) -> str:
        return f"{self.resource}-policy"

    def delete_resource(self) -> None:
        backend = s3_backends[self.account_id]["aws"]
        if self.resource in backend.buckets:
            backend.delete_bucket_policy(self.resource)


class TopicPolicyHandler(WrappedResource, CloudFormationModel):
    """``AWS::SNS::TopicPolicy``: sets each topic's ``Policy`` attribute."""

    CFN_TYPE = "AWS::SNS::TopicPolicy"
    ATTRIBUTES = {"Id": lambda self: self.physical_resource_id}

    @classmethod
    def create(
        cls, name: str, properties: dict[str, Any], account_id: str, region_name: str, **_: Any
    ) -> TopicPolicyHandler:
        backend = sns_backends[account_id][region_name]
        topics = [str(ref_name(t)) for t in properties.get("Topics") or []]
        for topic in topics:
            backend.set_topic_attribute(topic, "Policy", _policy_text(properties["PolicyDocument"]))
        handler = cls(topics, account_id, region_name, properties)
        handler.name = name
        return handler

    @property
    def physical_resource_id(self) -> str:
        return self.name

    def delete_resource(self) -> None:
        """AWS restores the default policy; moto keeps the last one: nothing to undo."""


class SubscriptionHandler(WrappedResource, CloudFormationModel):
    """``AWS::SNS::Subscription`` via ``SNSBackend.subscribe``; ``Ref`` is the ARN."""

    CFN_TYPE = "AWS::SNS::Subscription"
    ATTRIBUTES = {"Arn": lambda self: self.resource.arn}

    @classmethod
    def create(
        cls, name: str, properties: dict[str, Any], account_id: str, region_name: str, **_: Any
    ) -> SubscriptionHandler:
        topic_arn = str(ref_name(properties["TopicArn"]))
        backend = sns_backends[account_id][topic_arn.split(":")[3] or region_name]
        subscription = backend.subscribe(
            topic_arn, str(ref_name(properties.get("Endpoint"))), properties["Protocol"]
        )
        for key in ("FilterPolicy", "RawMessageDelivery", "RedrivePolicy", "FilterPolicyScope"):
            if properties.get(key) is not None:
                value = properties[key]
                value = _policy_text(value) if isinstance(value, dict) else str(value).lower()
                backend.set_subscription_attributes(subscription.arn, key, value)
        return cls(subscription, account_id, region_name, properties)

    @property
    def physical_resource_id(self) -> str:
        return self.resource.arn

    def delete_resource(self) -> None:
        topic_region = self.resource.arn.split(":")[3]
        backend = sns_backends[self.account_id][topic_region]
        if self.resource.arn in backend.subscriptions:
            backend.unsubscribe(self.resource.arn)


class CertificateHandler(WrappedResource, CloudFormationModel):
    """``AWS::CertificateManager::Certificate`` via ``request_certificate``; ``Ref`` is the ARN.

    Validation is not emulated: the certificate exists (for HTTPS listeners) at once.
    """

    CFN_TYPE = "AWS::CertificateManager::Certificate"
    ATTRIBUTES = {"Id": lambda self: self.resource}

    @classmethod
    def create(
        cls, name: str, properties: dict[str, Any], account_id: str, region_name: str, **_: Any
    ) -> CertificateHandler:
        backend = acm_backends[account_id][region_name]
        arn = backend.request_certificate(
            domain_name=properties["DomainName"],
            idempotency_token=None,
            subject_alt_names=properties.get("SubjectAlternativeNames") or [],
            tags=tags_list(properties.get("Tags")),
        )
        return cls(arn, account_id, region_name, properties)

    @property
    def physical_resource_id(self) -> str:
        return self.resource

    def delete_resource(self) -> None:
        backend = acm_backends[self.account_id][self.region_name]
        if self.resource in backend._certificates:
            backend.delete_certificate(self.resource)


class SecurityGroupEgressHandler(WrappedResource, CloudFormationModel):
    """``AWS::EC2::SecurityGroupEgress`` via ``authorize_security_group_egress``."""

    CFN_TYPE = "AWS::EC2::SecurityGroupEgress"
    ATTRIBUTES = {"Id": lambda self: self.physical_resource_id}

    @classmethod
    def create(
        cls, name: str, properties: dict[str, Any], account_id: str, region_name: str, **_: Any
    ) -> SecurityGroupEgressHandler:
        backend = ec2_backends[account_id][region_name]
        group_id = str(ref_name(properties["GroupId"]))
        rules, _group = backend.authorize_security_group_egress(group_id, **cls._rule(properties))
        return cls(rules, account_id, region_name, properties)

    @staticmethod
    def _rule(properties: dict[str, Any]) -> dict[str, Any]:
        ip_ranges = []
        if properties.get("CidrIp"):
            ip_ranges.append(
                {"CidrIp": properties["CidrIp"], "Description": properties.get("Description")}
            )
        groups = []
        if properties.get("DestinationSecurityGroupId"):
            groups.append({"GroupId": str(ref_name(properties["DestinationSecurityGroupId"]))})
        prefixes = []
        if properties.get("DestinationPrefixListId"):
            prefixes.append({"PrefixListId": properties["DestinationPrefixListId"]})
        protocol = str(properties.get("IpProtocol"))
        return {
            "ip_protocol": protocol,
            "from_port": to_int(properties.get("FromPort", -1 if protocol == "-1" else None)),
            "to_port": to_int(properties.get("ToPort", -1 if protocol == "-1" else None)),
            "ip_ranges": ip_ranges,
            "source_groups": groups,
            "prefix_list_ids": prefixes,
        }

    @property
    def physical_resource_id(self) -> str:
        rules = self.resource or []
        return getattr(rules[0], "id", "sgr-egress") if rules else "sgr-egress"

    def delete_resource(self) -> None:
        backend = ec2_backends[self.account_id][self.region_name]
        try:
            backend.revoke_security_group_egress(
                str(ref_name(self.properties["GroupId"])), **self._rule(self.properties)
            )
        except Exception:  # noqa: BLE001 - the group may already be gone with the stack
            pass
