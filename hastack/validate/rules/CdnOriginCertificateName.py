"""E9804: CloudFront can match an HTTPS origin's certificate to a name the certificate can hold.

Over HTTPS CloudFront accepts the origin's certificate only when one of its names matches the
origin's domain name or, when the behaviour forwards the viewer's Host header, that Host (the
distribution's alternate domain name; its own ``*.cloudfront.net`` name without one). A load
balancer's AWS name (``*.elb.amazonaws.com``) is on no certificate its owner can get, so a load
balancer reached by that name needs the Host forwarded *and* an alternate domain name its
certificate covers; otherwise every request fails with 502.

What is known from the template only: the origin is a load balancer's AWS name (``GetAtt
LB.DNSName`` or a literal ``.elb.amazonaws.com`` name), and the behaviours that reach it (directly
or through an origin group) forward Host or not, through a managed origin-request policy whose
headers are published, an origin-request or cache policy of the template, or legacy
``ForwardedValues``. An origin name of one's own (say a Route 53 name the load balancer's
certificate covers) can match, and a policy the template does not define is unknown: no finding.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.template import types as T
from hastack.validate.rules._helpers import (
    Finding,
    HastackRule,
    all_resources,
    as_str,
    getatt,
    literal_list,
    props,
    ref_target,
    resources,
)

HOST_FORWARDED = {
    "216adef6-5c7f-47e4-b989-5492eafa07d3": True,  # Managed-AllViewer
    "33f36d7e-f396-46d9-90e0-52428a34d9dc": True,  # Managed-AllViewerAndCloudFrontHeaders-2022-06
    "b689b0a8-53d0-40ab-baf2-68738e2966ac": False,  # Managed-AllViewerExceptHostHeader
    "88a5eaf4-2fd4-4709-b370-b4c650ea3fcf": False,  # Managed-CORS-S3Origin
    "59781a5b-3903-41f3-afcb-af62929ccde1": False,  # Managed-CORS-CustomOrigin
    "acba4595-bd28-49b8-b9fe-13317c0390fa": False,  # Managed-UserAgentRefererHeaders
    "658327ea-f89d-4fab-a63d-7e88639e58f6": False,  # Managed-CachingOptimized
    "4135ea2d-6df8-44a3-9df3-4b5a84be39ad": False,  # Managed-CachingDisabled
    "b2884449-e4de-46a7-ac36-70bc7f1ddd6d": False,  # Managed-CachingOptimizedForUncompressedObjects
}
"""AWS managed policies (the same ids in every account) and whether they send the viewer's Host."""
LOAD_BALANCERS = (T.ELBV2_LOAD_BALANCER, T.ELB_LOAD_BALANCER)


class CdnOriginCertificateName(HastackRule):
    id = "E9804"
    shortdesc = "CloudFront reaches an HTTPS load balancer by a name its certificate can match"
    description = (
        "CloudFront checks an HTTPS origin's certificate against the origin's domain name or, "
        "when the Host header is forwarded, the viewer's Host; a load balancer's "
        "*.elb.amazonaws.com name is on no certificate, so without the Host (or without an "
        "alternate domain name to be that Host) every request fails with 502."
    )
    fix = (
        "Forward the viewer's Host (origin-request policy Managed-AllViewer) and list the site's "
        "name in Aliases, covered by the load balancer's certificate; or name the origin by a "
        "host name of yours that certificate covers."
    )
    source_url = "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-https-cloudfront-to-custom-origin.html"
    tags = ["hastack", "security", "cdn"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        everything = all_resources(cfn)
        for name, res in resources(cfn, [T.CLOUDFRONT_DISTRIBUTION]).items():
            config = props(res).get("DistributionConfig")
            if not isinstance(config, dict):
                continue
            origins = literal_list(config.get("Origins")) or []
            reaching = _behaviours_by_origin(config)
            aliases = config.get("Aliases")
            named = None if aliases is not None and literal_list(aliases) is None else bool(aliases)
            for index, origin in enumerate(origins):
                if not isinstance(origin, dict) or not _https(origin):
                    continue
                if not _aws_load_balancer_name(origin.get("DomainName"), everything):
                    continue
                origin_id = as_str(origin.get("Id"))
                for behaviour in reaching.get(origin_id or "", []):
                    host = _host_forwarded(behaviour, everything)
                    if host is False:
                        why = (
                            "without forwarding the viewer's Host: CloudFront checks the "
                            "certificate against the load balancer's AWS name"
                        )
                    elif host is True and named is False:
                        why = (
                            "forwarding a Host that, with no Aliases, is the distribution's "
                            "own *.cloudfront.net name"
                        )
                    else:
                        continue
                    yield (
                        ["Resources", name, "Properties", "DistributionConfig", "Origins",
                         index, "DomainName"],
                        f"{name} reaches origin {origin_id} (a load balancer's "
                        f"*.elb.amazonaws.com name, on no certificate) over HTTPS {why}; every "
                        "request fails with 502",
                    )  # fmt: skip
                    break


def _https(origin: dict[str, Any]) -> bool:
    custom = origin.get("CustomOriginConfig")
    if not isinstance(custom, dict):
        return False
    return as_str(custom.get("OriginProtocolPolicy")) in ("https-only", "match-viewer")


def _aws_load_balancer_name(domain: Any, everything: dict[str, Any]) -> bool:
    """A literal ``*.elb.amazonaws.com`` name, or ``GetAtt <load balancer>.DNSName``."""
    if isinstance(domain, str):
        return domain.rstrip(".").lower().endswith(".elb.amazonaws.com")
    found = getatt(domain)
    if found is not None and found[1] == "DNSName":
        resource = everything.get(found[0])
        return isinstance(resource, dict) and resource.get("Type") in LOAD_BALANCERS
    return False


def _behaviours_by_origin(config: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Origin id → the behaviours whose requests reach it (directly or through its groups)."""
    groups: dict[str, list[str]] = {}
    listed = config.get("OriginGroups")
    for group in (listed.get("Items") if isinstance(listed, dict) else None) or []:
        if not isinstance(group, dict):
            continue
        members = group.get("Members")
        items = members.get("Items") if isinstance(members, dict) else None
        groups[as_str(group.get("Id")) or ""] = [
            origin
            for m in items or []
            if isinstance(m, dict) and isinstance(origin := m.get("OriginId"), str)
        ]
    behaviours = [config.get("DefaultCacheBehavior")]
    behaviours += literal_list(config.get("CacheBehaviors")) or []
    reaching: dict[str, list[dict[str, Any]]] = {}
    for behaviour in behaviours:
        if not isinstance(behaviour, dict):
            continue
        target = as_str(behaviour.get("TargetOriginId")) or ""
        for origin in groups.get(target, [target]):
            if isinstance(origin, str):
                reaching.setdefault(origin, []).append(behaviour)
    return reaching


def _host_forwarded(behaviour: dict[str, Any], everything: dict[str, Any]) -> bool | None:
    """Whether the behaviour sends the viewer's Host to the origin; None when unknown."""
    answers = [_policy_sends_host(behaviour.get(key), key, everything) for key in (
        "OriginRequestPolicyId", "CachePolicyId")]  # fmt: skip
    forwarded = behaviour.get("ForwardedValues")
    if isinstance(forwarded, dict):
        headers = literal_list(forwarded.get("Headers"))
        answers.append(
            None
            if headers is None and "Headers" in forwarded
            else any(str(h).lower() in ("host", "*") for h in headers or [])
        )
    if True in answers:
        return True
    return None if None in answers else False


def _policy_sends_host(policy: Any, key: str, everything: dict[str, Any]) -> bool | None:
    if policy is None:
        return False
    if isinstance(policy, str):
        return HOST_FORWARDED.get(policy.lower())
    target = ref_target(policy)
    resource = everything.get(target or "")
    if not isinstance(resource, dict):
        return None
    config = props(resource).get(
        "OriginRequestPolicyConfig" if key == "OriginRequestPolicyId" else "CachePolicyConfig"
    )
    if not isinstance(config, dict):
        return None
    if key == "CachePolicyId":
        inner = config.get("ParametersInCacheKeyAndForwardedToOrigin")
        config = inner if isinstance(inner, dict) else {}
    headers = config.get("HeadersConfig")
    if not isinstance(headers, dict):
        return None
    behaviour = as_str(headers.get("HeaderBehavior"))
    listed = literal_list(headers.get("Headers"))
    named = None if listed is None else any(str(h).lower() == "host" for h in listed)
    if behaviour in ("allViewer", "allViewerAndWhitelistCloudFront"):
        return True
    if behaviour == "allExcept":
        return None if named is None else not named
    if behaviour == "whitelist":
        return named
    return False if behaviour == "none" else None
