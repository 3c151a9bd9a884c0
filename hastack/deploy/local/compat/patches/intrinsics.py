"""Intrinsic functions and unknown types: placeholders, Fn::GetAZs by region, dynamic references."""

from __future__ import annotations

import re
from typing import Any

from moto.cloudformation import parsing

from hastack.deploy.local.compat.fallback import (
    PlaceholderResource,
)
from hastack.deploy.local.compat.patches._common import (
    _once,
)


@_once("placeholders")
def unsupported_types_get_placeholders() -> None:
    """moto: unknown type -> skipped, Ref None, GetAtt crash. Here: a placeholder resource."""
    original = parsing.resource_class_from_type

    def resource_class_from_type(resource_type: str) -> Any:
        if resource_type in parsing.NULL_MODELS or resource_type.startswith("Custom::"):
            return original(resource_type)
        model = parsing.get_model_map().get(resource_type)
        return model if model is not None else PlaceholderResource

    parsing.resource_class_from_type = resource_class_from_type


_DYNAMIC_REFERENCE = re.compile(r"\{\{resolve:(secretsmanager|ssm|ssm-secure):([^}]*)\}\}")


def availability_zones(region: str) -> list[str]:
    """The AZ names moto's EC2 knows for ``region`` (the ones its subnets accept)."""
    from moto.ec2.models.availability_zones_and_regions import RegionsAndZonesBackend

    zones = RegionsAndZonesBackend.zones.get(region)
    if zones:
        return [zone.name for zone in zones]
    return [f"{region}{letter}" for letter in "abc"]


def _region_of(resources_map: Any) -> str:
    try:
        return resources_map["AWS::Region"]
    except Exception:  # noqa: BLE001 - a plain dict during condition parsing
        return parsing.DEFAULT_REGION


def _resolve_dynamic_references(text: str, resources_map: Any) -> str:
    """``{{resolve:secretsmanager:...}}`` and ``{{resolve:ssm:...}}``, as CloudFormation does.

    moto passes the text through, so a DB got ``{{resolve:...}}`` as its password. A
    reference that cannot be resolved stays as it is.
    """
    account = getattr(resources_map, "_account_id", None)
    region = getattr(resources_map, "_region_name", None) or _region_of(resources_map)
    if account is None:
        return text

    def replace(match: re.Match[str]) -> str:
        service, body = match.group(1), match.group(2)
        try:
            if service == "secretsmanager":
                return _resolve_secret(body, account, region)
            return _resolve_parameter(body, account, region)
        except Exception:  # noqa: BLE001 - leave unresolvable references untouched
            return match.group(0)

    return _DYNAMIC_REFERENCE.sub(replace, text)


def _resolve_secret(body: str, account: str, region: str) -> str:
    import json

    from moto.secretsmanager.models import secretsmanager_backends

    parts = body.split(":")
    if body.startswith("arn:"):
        secret_id, rest = ":".join(parts[:7]), parts[7:]
    else:
        secret_id, rest = parts[0], parts[1:]
    json_key = rest[1] if len(rest) > 1 and rest[1] else None
    stage = rest[2] if len(rest) > 2 and rest[2] else None
    version = rest[3] if len(rest) > 3 and rest[3] else None
    value = secretsmanager_backends[account][region].get_secret_value(
        secret_id, version_id=version, version_stage=stage
    )["SecretString"]
    return str(json.loads(value)[json_key]) if json_key else value


def _resolve_parameter(body: str, account: str, region: str) -> str:
    from moto.ssm.models import ssm_backends

    name, _, version = body.partition(":")
    selector = f"{name}:{version}" if version else name
    parameter = ssm_backends[account][region].get_parameter(selector)
    return parameter.value


@_once("intrinsics")
def intrinsics_follow_the_region() -> None:
    """moto: ``Fn::GetAZs`` always answers us-east-1a..d and ``{{resolve:}}`` stays literal.

    AWS: the stack's region's AZs; dynamic references resolved at deploy time.
    """
    original = parsing.clean_json

    def clean_json(resource_json: Any, resources_map: Any) -> Any:
        if isinstance(resource_json, dict) and "Fn::GetAZs" in resource_json:
            region = original(resource_json["Fn::GetAZs"], resources_map)
            return availability_zones(region or _region_of(resources_map))
        result = original(resource_json, resources_map)
        if isinstance(result, str) and "{{resolve:" in result:
            return _resolve_dynamic_references(result, resources_map)
        return result

    parsing.clean_json = clean_json
