"""Drift detection: the live properties of a stack's resources, read back from moto's backends
and compared with the template's, as CloudFormation does.

CloudFormation compares only the properties the template (or its parameters) sets, never a
default; a resource that is gone is ``DELETED``, one whose set properties all match is
``IN_SYNC``, otherwise ``MODIFIED`` with one difference per property path (``NOT_EQUAL`` for
a changed value, ``REMOVE`` for something the template has and the resource lost, ``ADD`` for
an item of a list the resource gained). A type drift detection does not read is ``NOT_CHECKED``.
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-stack-drift.html
https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_PropertyDifference.html

Each type is one entry of :data:`READERS`: how to find its backend object (None when it is
gone) and, per CloudFormation property, the object's attribute or a function of the object.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from hastack.local.handlers.base import REGISTRY, Context, Handler, Live, not_found

Getter = str | Callable[[Any], Any]
"""A moto object's attribute name, or a function of the object."""


@dataclass(frozen=True)
class Reader:
    fetch: Callable[[Context, Live], Any]
    """The resource's backend object now, or None when it no longer exists."""
    properties: Mapping[str, Getter]

    def read(self, ctx: Context, live: Live, props: Mapping[str, Any]) -> dict[str, Any] | None:
        """The live values of the properties ``props`` sets that this reader knows."""
        obj = self.fetch(ctx, live)
        if obj is None:
            return None
        found = {}
        for name in props:
            getter = self.properties.get(name)
            if getter is None:
                continue
            found[name] = getattr(obj, getter) if isinstance(getter, str) else getter(obj)
        return found


def _quietly(lookup: Callable[[], Any]) -> Any:
    """moto's lookups raise their own not-found errors: a missing resource is None. Any other
    error is raised: the resource may well exist, so it must not read as deleted (drift
    detection reports it UNKNOWN with the error as the reason)."""
    try:
        return lookup()
    except Exception as error:
        if not_found(error):
            return None
        raise


# -- S3 --------------------------------------------------------------------------------------


def _bucket(ctx: Context, live: Live) -> Any:
    return _quietly(lambda: ctx.backend("s3", "aws").get_bucket(live.physical_id))


def _versioning(bucket: Any) -> dict[str, Any]:
    # a bucket never versioned reads as Suspended in the template's terms (S3 has no "off")
    return {"Status": bucket.versioning_status or "Suspended"}


def _encryption(bucket: Any) -> dict[str, Any] | None:
    """S3's stored ``ServerSideEncryptionConfiguration`` in the template's shape."""
    if not bucket.encryption:
        return None
    rules = bucket.encryption.get("Rule")
    rules = rules if isinstance(rules, list) else [rules] if rules else []
    shaped = []
    for rule in rules:
        default = dict(rule.get("ApplyServerSideEncryptionByDefault") or {})
        item: dict[str, Any] = {"ServerSideEncryptionByDefault": default}
        if rule.get("BucketKeyEnabled") is not None:
            item["BucketKeyEnabled"] = rule["BucketKeyEnabled"]
        shaped.append(item)
    return {"ServerSideEncryptionConfiguration": shaped}


# -- the readers -----------------------------------------------------------------------------

READERS: dict[str, Reader] = {
    "AWS::S3::Bucket": Reader(
        _bucket,
        {"VersioningConfiguration": _versioning, "BucketEncryption": _encryption},
    ),
    "AWS::AutoScaling::AutoScalingGroup": Reader(
        lambda ctx, live: ctx.backend("autoscaling").autoscaling_groups.get(live.physical_id),
        {
            "MinSize": "min_size",
            "MaxSize": "max_size",
            "DesiredCapacity": "desired_capacity",
            "HealthCheckType": "health_check_type",
            "HealthCheckGracePeriod": "health_check_grace_period",
        },
    ),
    "AWS::ElasticLoadBalancingV2::TargetGroup": Reader(
        lambda ctx, live: ctx.backend("elbv2").target_groups.get(live.physical_id),
        {
            "Port": "port",
            "Protocol": "protocol",
            "HealthCheckEnabled": "health_check_enabled",
            "HealthCheckPath": "health_check_path",
            "HealthCheckPort": "health_check_port",
            "HealthCheckProtocol": "health_check_protocol",
            "HealthCheckIntervalSeconds": "health_check_interval_seconds",
            "HealthCheckTimeoutSeconds": "health_check_timeout_seconds",
            "HealthyThresholdCount": "healthy_threshold_count",
            "UnhealthyThresholdCount": "unhealthy_threshold_count",
            "Matcher": lambda group: getattr(group, "matcher", None),
        },
    ),
    "AWS::ElasticLoadBalancingV2::LoadBalancer": Reader(
        lambda ctx, live: ctx.backend("elbv2").load_balancers.get(live.physical_id),
        {"Scheme": "scheme", "Type": "type", "IpAddressType": "ip_address_type"},
    ),
    "AWS::RDS::DBInstance": Reader(
        lambda ctx, live: ctx.backend("rds").databases.get(live.physical_id),
        {
            "DBInstanceClass": "db_instance_class",
            "AllocatedStorage": "allocated_storage",
            "MultiAZ": "multi_az",
            "BackupRetentionPeriod": "backup_retention_period",
            "DeletionProtection": "deletion_protection",
            "EngineVersion": "engine_version",
            "StorageEncrypted": "storage_encrypted",
            "StorageType": "storage_type",
            "PubliclyAccessible": "publicly_accessible",
        },
    ),
    "AWS::SSM::Parameter": Reader(
        lambda ctx, live: ctx.backend("ssm").get_parameter(live.physical_id),
        {
            "Value": "value",
            "Type": "parameter_type",
            "Tier": "tier",
            "DataType": "data_type",
            "Description": "description",
            "AllowedPattern": "allowed_pattern",
        },
    ),
    "AWS::SNS::Topic": Reader(
        lambda ctx, live: _quietly(lambda: ctx.backend("sns").get_topic(live.physical_id)),
        {
            "DisplayName": "display_name",
            "KmsMasterKeyId": "kms_master_key_id",
            "FifoTopic": "fifo_topic",
        },
    ),
    "AWS::SQS::Queue": Reader(
        lambda ctx, live: _quietly(
            lambda: ctx.backend("sqs").get_queue(live.physical_id.rsplit("/", 1)[-1])
        ),
        {
            name: (lambda queue, name=name: queue.attributes.get(name))
            for name in (
                "DelaySeconds",
                "MaximumMessageSize",
                "MessageRetentionPeriod",
                "ReceiveMessageWaitTimeSeconds",
                "VisibilityTimeout",
                "KmsMasterKeyId",
                "FifoQueue",
                "ContentBasedDeduplication",
            )
        }
        | {"RedrivePolicy": lambda queue: queue.redrive_policy},
    ),
    "AWS::DynamoDB::Table": Reader(
        lambda ctx, live: _quietly(lambda: ctx.backend("dynamodb").get_table(live.physical_id)),
        {
            "BillingMode": "billing_mode",
            "ProvisionedThroughput": lambda table: {
                k: v
                for k, v in (table.throughput or {}).items()
                if k in ("ReadCapacityUnits", "WriteCapacityUnits")
            },
            "DeletionProtectionEnabled": "deletion_protection_enabled",
        },
    ),
}


def is_checked(resource_type: str) -> bool:
    """Whether drift detection reads the type back (a reader here, or its handler's own)."""
    handler = REGISTRY.get(resource_type)
    own = handler is not None and handler.actual is not Handler.actual
    return own or resource_type in READERS


def actual(handler: Handler, ctx: Context, live: Live, props: dict[str, Any]) -> Any:
    """The live values of the template's properties: a dict, None when the resource is gone,
    ``NotImplemented`` when the type is not checked."""
    found = handler.actual(ctx, live, props)
    if found is not NotImplemented:
        return found
    reader = READERS.get(ctx.resource_type)
    return reader.read(ctx, live, props) if reader is not None else NotImplemented


# -- comparing -------------------------------------------------------------------------------


def _normal(value: Any) -> Any:
    """Values as drift detection compares them: "7" equals 7, "True" equals true."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return str(int(value)) if float(value).is_integer() else str(value)
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower()
    if isinstance(value, list):
        return [_normal(v) for v in value]
    if isinstance(value, dict):
        return {k: _normal(v) for k, v in value.items() if v is not None}
    return value


def differences(expected: Any, actual: Any, path: str = "") -> list[dict[str, Any]]:
    """The PropertyDifferences between a template value and the live one. Dicts compare the
    keys the template sets; lists of objects compare as sets (a rule added on the live side
    is ``ADD``, one lost is ``REMOVE``); anything else is ``NOT_EQUAL`` when it differs."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        found = []
        for key, value in expected.items():
            where = f"{path}/{key}"
            if key not in actual or actual[key] is None:
                found.append(_difference(where, value, None, "REMOVE"))
            else:
                found += differences(value, actual[key], where)
        return found
    if isinstance(expected, list) and isinstance(actual, list):
        if not any(isinstance(item, dict) for item in [*expected, *actual]):
            same = _normal(expected) == _normal(actual)
            return [] if same else [_difference(path, expected, actual, "NOT_EQUAL")]
        wanted = [_normal(item) for item in expected]
        have = [_normal(item) for item in actual]
        found = [
            _difference(f"{path}/{i}", item, None, "REMOVE")
            for i, item in enumerate(expected)
            if wanted[i] not in have
        ]
        found += [
            _difference(f"{path}/{i}", None, item, "ADD")
            for i, item in enumerate(actual)
            if have[i] not in wanted
        ]
        return found
    if _normal(expected) == _normal(actual):
        return []
    return [_difference(path, expected, actual, "NOT_EQUAL" if actual is not None else "REMOVE")]


def _difference(path: str, expected: Any, actual: Any, kind: str) -> dict[str, Any]:
    return {
        "PropertyPath": path,
        "ExpectedValue": json.dumps(expected) if expected is not None else "",
        "ActualValue": json.dumps(actual) if actual is not None else "",
        "DifferenceType": kind,
    }
