"""W9805: the Route 53 records of a distribution's own names lead to the distribution.

A distribution answers its alternate domain names (Aliases), but viewers reach it only if DNS
sends those names there. A record of the template that sends one of them somewhere else (an
alias to a load balancer, a CNAME to its name) takes the viewers around CloudFront: its WAF,
its cache and its origin failover serve nobody, while the template reads as if they did.

Known from the template only: the record's name is a literal alias of the distribution, and its
target is known to be something else (an alias whose hosted zone is not CloudFront's
``Z2FDTNDATAQYW2``, a ``GetAtt`` of another resource, or a CNAME not ending in
``.cloudfront.net``). A target read from a parameter is unknown: no finding. Records in another
stack (ActivePassiveWebApp's DNS stack) are not seen here; ``hastack availability`` follows
them across stacks.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.components.dns import CLOUDFRONT_ZONE_ID
from hastack.template import types as T
from hastack.validate.rules._helpers import (
    Finding,
    HastackRule,
    as_str,
    getatt,
    literal_list,
    props,
    resources,
)


class CdnNotBypassed(HastackRule):
    id = "W9805"
    shortdesc = "Route 53 sends a distribution's own names to the distribution"
    description = (
        "A record that sends a distribution's alternate domain name to a load balancer (or "
        "anything but the distribution) takes viewers around CloudFront: its WAF, cache and "
        "origin failover serve nobody."
    )
    fix = (
        "Make the record an alias to the distribution (DNSName: GetAtt Distribution.DomainName, "
        "HostedZoneId: Z2FDTNDATAQYW2); give the load balancer another name if the distribution "
        "needs one for its origin."
    )
    source_url = "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/routing-to-cloudfront-distribution.html"
    tags = ["hastack", "ha", "cdn", "route53"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        owners: dict[str, str] = {}
        for name, res in resources(cfn, [T.CLOUDFRONT_DISTRIBUTION]).items():
            config = props(res).get("DistributionConfig")
            aliases = literal_list(config.get("Aliases")) if isinstance(config, dict) else None
            for alias in aliases or []:
                if isinstance(alias, str):
                    owners.setdefault(_host(alias), name)
        if not owners:
            return
        for name, record, path in _records(cfn):
            host = as_str(record.get("Name"))
            owner = owners.get(_host(host or ""))
            if owner is None or as_str(record.get("Type")) not in ("A", "AAAA", "CNAME"):
                continue
            target = _elsewhere(record, owner)
            if target is not None:
                yield (
                    path,
                    f"{name} sends {host}, an alternate domain name of {owner}, to {target}: "
                    "viewers go around CloudFront (its WAF, cache and origin failover)",
                )


def _host(name: str) -> str:
    return name.rstrip(".").lower()


def _records(cfn: Any) -> Iterator[tuple[str, dict[str, Any], list[str | int]]]:
    """(logical id, record, path) of every record set, those of record set groups included."""
    for name, res in resources(cfn, [T.ROUTE53_RECORD_SET]).items():
        yield name, props(res), ["Resources", name, "Properties"]
    for name, res in resources(cfn, [T.ROUTE53_RECORD_SET_GROUP]).items():
        for index, record in enumerate(literal_list(props(res).get("RecordSets")) or []):
            if isinstance(record, dict):
                yield name, record, ["Resources", name, "Properties", "RecordSets", index]


def _elsewhere(record: dict[str, Any], distribution: str) -> str | None:
    """What the record leads to when that is known not to be ``distribution``; else None."""
    alias = record.get("AliasTarget")
    if isinstance(alias, dict):
        zone, dns = alias.get("HostedZoneId"), alias.get("DNSName")
        resource = _getatt_resource(dns) or _getatt_resource(zone)
        if resource is not None:
            return None if resource == distribution else resource
        if isinstance(zone, str):
            return None if zone == CLOUDFRONT_ZONE_ID else f"an alias in hosted zone {zone}"
        return None
    values = literal_list(record.get("ResourceRecords")) or []
    if as_str(record.get("Type")) != "CNAME" or len(values) != 1:
        return None
    (value,) = values
    resource = _getatt_resource(value)
    if resource is not None:
        return None if resource == distribution else resource
    if isinstance(value, str):
        return None if _host(value).endswith(".cloudfront.net") else value
    return None


def _getatt_resource(value: Any) -> str | None:
    found = getatt(value)
    return found[0] if found else None
