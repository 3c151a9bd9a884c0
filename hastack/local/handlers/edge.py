"""CloudFront and WAFv2 over moto's service backends (moto has no CloudFormation model for them).

CloudFormation's ``DistributionConfig`` is not the API's: lists are bare where the API wraps
them in ``{Quantity, Items}``, and a few names differ (``AcmCertificateArn`` is
``ACMCertificateArn``, ``IPV6Enabled`` is ``IsIPV6Enabled``, ``Logging`` has no ``Enabled``).
:func:`api_distribution_config` converts one into the other, so the distribution lands in
moto's CloudFront backend as ``create_distribution`` would have built it and
``get_distribution`` answers what the stack declared. The checks CloudFront makes at create
time that a template can fail are made here too: a cache behaviour's target must be an origin
or an origin group, an origin group's members must be origins, and a viewer certificate must
be an ACM certificate in us-east-1; a web ACL must be a CLOUDFRONT-scope one, and CloudFormation
creates those only in us-east-1.

Cache, origin-request and response-headers policies have no backend in moto: they are emulated
in the engine (:class:`EmulatedPolicyHandler`): the properties are checked against the
provider schema by the engine like every resource's, and the policy gets a generated id.
Nothing serves requests: there are no edge locations, so the origin failover itself is not
exercised locally (``hastack availability``/``resilience`` model it from the template).
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from hastack.local.errors import ResourceFailure
from hastack.local.handlers.base import Context, Handler, Live, register, tags_list, to_bool

US_EAST_1_CERTIFICATE = re.compile(r"arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate/.+")
GLOBAL_WEB_ACL = re.compile(r"arn:aws[a-z-]*:wafv2:us-east-1:\d{12}:global/webacl/.+")


def _items(values: Any) -> dict[str, Any]:
    items = list(values or [])
    return {"Quantity": len(items), "Items": items}


def _origin(origin: dict[str, Any]) -> dict[str, Any]:
    found = {
        k: v for k, v in origin.items() if k not in ("CustomOriginConfig", "OriginCustomHeaders")
    }
    custom = origin.get("CustomOriginConfig")
    if isinstance(custom, dict):
        config = {k: v for k, v in custom.items() if k != "OriginSSLProtocols"}
        config["OriginSslProtocols"] = _items(custom.get("OriginSSLProtocols") or ["TLSv1.2"])
        found["CustomOriginConfig"] = config
    headers = origin.get("OriginCustomHeaders") or []
    found["CustomHeaders"] = _items(
        [{"HeaderName": h["HeaderName"], "HeaderValue": h["HeaderValue"]} for h in headers]
    )
    return found


def _behaviour(behaviour: dict[str, Any]) -> dict[str, Any]:
    found = {k: v for k, v in behaviour.items() if k not in ("AllowedMethods", "CachedMethods")}
    methods = behaviour.get("AllowedMethods") or ["GET", "HEAD"]
    cached = behaviour.get("CachedMethods") or ["GET", "HEAD"]
    found["AllowedMethods"] = {**_items(methods), "CachedMethods": _items(cached)}
    return found


def _default_target(config: dict[str, Any]) -> dict[str, Any]:
    """The default behaviour, aimed at an origin. CloudFront accepts an origin group as its
    target; moto's backend accepts only an origin (``NoSuchOrigin`` otherwise), so a group is
    replaced by its first member, the origin CloudFront sends to first: ``get_distribution``
    then names that origin where AWS would name the group (the one difference, in the docs)."""
    behaviour = dict(config.get("DefaultCacheBehavior") or {})
    groups = (config.get("OriginGroups") or {}).get("Items") or []
    for group in groups:
        members = (group.get("Members") or {}).get("Items") or []
        if group.get("Id") == behaviour.get("TargetOriginId") and members:
            behaviour["TargetOriginId"] = members[0].get("OriginId")
    return behaviour


def api_distribution_config(config: dict[str, Any], caller_reference: str) -> dict[str, Any]:
    """The API's ``DistributionConfig`` for CloudFormation's (see the module docstring)."""
    api: dict[str, Any] = {
        "CallerReference": caller_reference,
        "Comment": config.get("Comment", ""),
        "Enabled": to_bool(config.get("Enabled", True)),
        "Origins": _items([_origin(o) for o in config.get("Origins") or []]),
        "DefaultCacheBehavior": _behaviour(_default_target(config)),
        "PriceClass": config.get("PriceClass", "PriceClass_All"),
        "HttpVersion": config.get("HttpVersion", "http1.1"),
        "IsIPV6Enabled": to_bool(config.get("IPV6Enabled", False)),
        "DefaultRootObject": config.get("DefaultRootObject", ""),
        "WebACLId": str(config.get("WebACLId", "")),
    }
    if config.get("Aliases"):
        api["Aliases"] = _items(config["Aliases"])
    if config.get("OriginGroups"):
        api["OriginGroups"] = config["OriginGroups"]
    if config.get("CacheBehaviors"):
        api["CacheBehaviors"] = _items([_behaviour(b) for b in config["CacheBehaviors"]])
    if config.get("CustomErrorResponses"):
        api["CustomErrorResponses"] = _items(config["CustomErrorResponses"])
    certificate = config.get("ViewerCertificate") or {}
    if certificate:
        renamed = {
            "AcmCertificateArn": "ACMCertificateArn",
            "IamCertificateId": "IAMCertificateId",
            "SslSupportMethod": "SSLSupportMethod",
        }
        api["ViewerCertificate"] = {renamed.get(k, k): v for k, v in certificate.items()}
    if config.get("Logging"):
        api["Logging"] = {"Enabled": True, **config["Logging"]}
    geo = (config.get("Restrictions") or {}).get("GeoRestriction")
    if geo:
        api["Restrictions"] = {
            "GeoRestriction": {
                "RestrictionType": geo.get("RestrictionType", "none"),
                "Items": list(geo.get("Locations") or []),
            }
        }
    return api


def distribution_problems(config: dict[str, Any]) -> list[str]:
    """What CloudFront refuses in a ``DistributionConfig`` that the engine can see."""
    problems = []
    origins = {str(o.get("Id")) for o in config.get("Origins") or []}
    groups = (config.get("OriginGroups") or {}).get("Items") or []
    for group in groups:
        for member in (group.get("Members") or {}).get("Items") or []:
            if member.get("OriginId") not in origins:
                problems.append(
                    f"origin group {group.get('Id')}: member {member.get('OriginId')} is not an "
                    "origin of the distribution"
                )
    targets = origins | {str(g.get("Id")) for g in groups}
    behaviours = [config.get("DefaultCacheBehavior") or {}, *(config.get("CacheBehaviors") or [])]
    for behaviour in behaviours:
        target = behaviour.get("TargetOriginId")
        if target not in targets:
            where = behaviour.get("PathPattern", "the default cache behavior")
            problems.append(
                f"{where}: TargetOriginId {target} is neither an origin nor an origin group"
            )
    arn = (config.get("ViewerCertificate") or {}).get("AcmCertificateArn")
    if arn is not None and not US_EAST_1_CERTIFICATE.fullmatch(str(arn)):
        problems.append(
            f"The specified SSL certificate doesn't exist, isn't in us-east-1 region, isn't "
            f"valid, or doesn't include a valid certificate chain ({arn})"
        )
    web_acl = config.get("WebACLId")
    if web_acl and str(web_acl).startswith("arn:") and not GLOBAL_WEB_ACL.fullmatch(str(web_acl)):
        problems.append(
            f"WebACLId {web_acl}: a web ACL of CLOUDFRONT scope (global, managed in us-east-1)"
        )
    return problems


@register
class DistributionHandler(Handler):
    type = "AWS::CloudFront::Distribution"
    emulates = (
        "`create_distribution` in moto's CloudFront backend, the CloudFormation config converted "
        "to the API's; origin groups, behaviours, the us-east-1 certificate and a CLOUDFRONT "
        "web ACL checked; in-place `update_distribution`; no edge serves requests; a default "
        "behaviour aimed at an origin group is stored aimed at its first origin (moto accepts "
        "only an origin there)"
    )

    def _config(self, ctx: Context, props: dict[str, Any], reference: str) -> dict[str, Any]:
        config = props.get("DistributionConfig") or {}
        problems = distribution_problems(config)
        web_acl = config.get("WebACLId")
        if web_acl and GLOBAL_WEB_ACL.fullmatch(str(web_acl)):
            if str(web_acl) not in ctx.backend("wafv2", "global").wacls:
                problems.append(f"WebACLId {web_acl}: no such web ACL")
        if problems:
            raise ResourceFailure("Invalid request provided: " + "; ".join(problems))
        return api_distribution_config(config, reference)

    def create(self, ctx: Context, props: dict[str, Any]) -> Live:
        backend = ctx.backend("cloudfront", "aws")
        reference = ctx.generated_name(128)
        dist, _location, _etag = backend.create_distribution(
            self._config(ctx, props, reference), tags_list(props.get("Tags"))
        )
        return Live(
            physical_id=dist.distribution_id,
            attributes={"DomainName": dist.domain_name, "Id": dist.distribution_id},
            state=reference,
        )

    def update(self, ctx: Context, live: Live, old: dict[str, Any], new: dict[str, Any]) -> Live:
        backend = ctx.backend("cloudfront", "aws")
        _dist, etag = backend.get_distribution(live.physical_id)
        backend.update_distribution(self._config(ctx, new, str(live.state)), live.physical_id, etag)
        return live

    def delete(self, ctx: Context, live: Live, props: dict[str, Any]) -> None:
        backend = ctx.backend("cloudfront", "aws")
        if live.physical_id in backend.distributions:
            _dist, etag = backend.get_distribution(live.physical_id)
            backend.delete_distribution(live.physical_id, etag)


@register
class OriginAccessControlHandler(Handler):
    type = "AWS::CloudFront::OriginAccessControl"
    emulates = "`create_origin_access_control` in moto's CloudFront backend; in-place updates"

    def create(self, ctx: Context, props: dict[str, Any]) -> Live:
        config = dict(props.get("OriginAccessControlConfig") or {})
        control = ctx.backend("cloudfront", "aws").create_origin_access_control(config)
        return Live(physical_id=control.id, attributes={"Id": control.id})

    def update(self, ctx: Context, live: Live, old: dict[str, Any], new: dict[str, Any]) -> Live:
        config = dict(new.get("OriginAccessControlConfig") or {})
        ctx.backend("cloudfront", "aws").update_origin_access_control(live.physical_id, config)
        return live

    def delete(self, ctx: Context, live: Live, props: dict[str, Any]) -> None:
        backend = ctx.backend("cloudfront", "aws")
        if live.physical_id in backend.origin_access_controls:
            backend.delete_origin_access_control(live.physical_id)


class EmulatedPolicyHandler(Handler):
    """A CloudFront policy kept by the engine: moto has no backend for the type, so the
    resource is its schema-checked properties and an id generated as CloudFront's (a UUID)."""

    config_key = ""

    def create(self, ctx: Context, props: dict[str, Any]) -> Live:
        config = props.get(self.config_key) or {}
        if not isinstance(config, dict) or not config.get("Name"):
            raise ResourceFailure(f"{self.config_key}.Name: required")
        ident = str(uuid.uuid4())
        return Live(
            physical_id=ident,
            attributes={"Id": ident, "LastModifiedTime": "2026-01-01T00:00:00Z"},
            state=dict(config),
        )

    def update(self, ctx: Context, live: Live, old: dict[str, Any], new: dict[str, Any]) -> Live:
        live.state = dict(new.get(self.config_key) or {})
        return live

    def delete(self, ctx: Context, live: Live, props: dict[str, Any]) -> None:
        """The engine's record is the whole policy: dropping it deletes it."""


def _policy(kind: str, key: str) -> type[Handler]:
    emulated = (
        f"emulated in the engine (moto has no {kind} backend): schema-checked properties, "
        "a generated id; nothing applies it to requests"
    )
    cls = type(
        f"{kind.replace(' ', '').title()}Handler",
        (EmulatedPolicyHandler,),
        {"type": f"AWS::CloudFront::{key}", "config_key": f"{key}Config", "emulates": emulated},
    )
    return register(cls)


CachePolicyHandler = _policy("cache policy", "CachePolicy")
OriginRequestPolicyHandler = _policy("origin request policy", "OriginRequestPolicy")
ResponseHeadersPolicyHandler = _policy("response headers policy", "ResponseHeadersPolicy")


def _web_acl_backend(ctx: Context, scope: str) -> Any:
    return ctx.backend("wafv2", "global" if scope == "CLOUDFRONT" else ctx.region)


@register
class WebAclHandler(Handler):
    type = "AWS::WAFv2::WebACL"
    emulates = (
        "`create_web_acl` in moto's WAFv2 backend (CLOUDFRONT scope in its global backend, "
        "created from us-east-1 only); rules stored, not evaluated; in-place `update_web_acl`"
    )

    def create(self, ctx: Context, props: dict[str, Any]) -> Live:
        scope = str(props.get("Scope"))
        if scope == "CLOUDFRONT" and ctx.region != "us-east-1":
            raise ResourceFailure(
                "Error reason: The scope is not valid., field: SCOPE_VALUE, parameter: "
                f"CLOUDFRONT (web ACLs for CloudFront are created in us-east-1, not {ctx.region})"
            )
        name = str(props.get("Name") or ctx.generated_name(128))
        acl = _web_acl_backend(ctx, scope).create_web_acl(
            name,
            props.get("VisibilityConfig"),
            props.get("DefaultAction"),
            scope,
            props.get("Description"),
            tags_list(props.get("Tags")),
            list(props.get("Rules") or []),
            props.get("AssociationConfig"),
            props.get("CaptchaConfig"),
            props.get("ChallengeConfig"),
            props.get("CustomResponseBodies"),
            props.get("TokenDomains"),
        )
        return Live(
            physical_id=f"{name}|{acl.id}|{scope}",
            attributes={
                "Arn": acl.arn,
                "Id": acl.id,
                "Capacity": acl.capacity,
                "LabelNamespace": acl.label_namespace,
            },
            state=acl.arn,
        )

    def update(self, ctx: Context, live: Live, old: dict[str, Any], new: dict[str, Any]) -> Live:
        name, ident, scope = live.physical_id.split("|")
        backend = _web_acl_backend(ctx, scope)
        backend.update_web_acl(
            name,
            ident,
            new.get("DefaultAction"),
            list(new.get("Rules") or []),
            new.get("Description"),
            new.get("VisibilityConfig"),
            backend.wacls[live.state].lock_token,
            new.get("CustomResponseBodies"),
            new.get("CaptchaConfig"),
            new.get("ChallengeConfig"),
            new.get("TokenDomains"),
            new.get("AssociationConfig"),
        )
        return live

    def delete(self, ctx: Context, live: Live, props: dict[str, Any]) -> None:
        name, ident, scope = live.physical_id.split("|")
        backend = _web_acl_backend(ctx, scope)
        acl = backend.wacls.get(live.state)
        if acl is not None:
            backend.delete_web_acl(name, scope, ident, acl.lock_token)


@register
class WebAclAssociationHandler(Handler):
    type = "AWS::WAFv2::WebACLAssociation"
    emulates = (
        "`associate_web_acl` in moto's WAFv2 backend (regional resources; CloudFront "
        "distributions take theirs through `WebACLId`)"
    )

    def create(self, ctx: Context, props: dict[str, Any]) -> Live:
        acl, resource = str(props["WebACLArn"]), str(props["ResourceArn"])
        _web_acl_backend(ctx, "REGIONAL").associate_web_acl(acl, resource)
        return Live(physical_id=f"{acl}|{resource}", state=resource)

    def delete(self, ctx: Context, live: Live, props: dict[str, Any]) -> None:
        _web_acl_backend(ctx, "REGIONAL").disassociate_web_acl(str(live.state))
