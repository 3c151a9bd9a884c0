"""Route 53: hosted zone (created or existing), health check on the load balancer, records.

Failover records (PRIMARY/SECONDARY) carry a health check that probes the load balancer's
public name (HTTPS with SNI when a certificate is set) on the *deep* health path, so a region
whose app or database is dead fails over; they also evaluate the alias target's health. A
single-region record is a plain alias with ``EvaluateTargetHealth``: it has nowhere to fail
over to, so it gets no health check (one nobody reads is only a bill).

With a CloudFront distribution in front, the site's name is an alias (A and AAAA: the
distribution serves IPv6) to the distribution instead, so viewers reach CloudFront and its
origin failover; the load balancers are only its origins. Route 53 evaluates no target health
for a CloudFront alias (it refuses ``EvaluateTargetHealth: true`` there): the edge is global.

Zones: ``hosted_zone_id`` uses an existing zone (the usual case: the domain's zone already
exists). Otherwise a new zone is created, and its records are served only once the parent
zone (or the registrar) delegates to it: synth warns ``hastack:dns:delegate-new-zone`` with the
delegation step (the zone's name servers, from ``aws route53 get-hosted-zone --id`` with the
``HostedZoneId`` output, as NS records in the parent zone).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from hastack.components.load_balancer import LoadBalancerHandle
from hastack.core.options import Options, option
from hastack.core.records import Record

HOSTED_ZONE = "HostedZone"
HEALTH_CHECK = "LoadBalancerHealthCheck"
ALIAS_RECORD = "AliasRecord"
ALIAS_RECORD_IPV6 = "AliasRecordIpv6"
FAILOVER_RECORD = "FailoverRecord"
CLOUDFRONT_ZONE_ID = "Z2FDTNDATAQYW2"
"""The hosted zone id of every CloudFront distribution's name (Route 53 alias targets)."""

DOMAIN_PATTERN = r"([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}"
ZONE_ID_PATTERN = r"Z[A-Z0-9]{4,32}"
NEW_ZONE_WARNING = "hastack:dns:delegate-new-zone"


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class DnsOptions(Options):
    """The Route 53 zone, record and health check."""

    domain_name: str | None = option(
        None,
        help="Record name, e.g. shop.example.com; no DNS resources without it.",
        pattern=DOMAIN_PATTERN,
    )
    zone_name: str | None = option(
        None,
        help="Hosted zone to create; default the domain's "
        "parent (example.com for shop.example.com).",
        pattern=DOMAIN_PATTERN,
    )
    hosted_zone_id: str | None = option(
        None, help="Use this existing zone instead of creating one.", pattern=ZONE_ID_PATTERN
    )
    health_check_interval: Literal[10, 30] = option(
        30, help="Seconds between Route 53 probes (10 is 'fast', billed extra)."
    )
    failure_threshold: int = option(3, help="Failed probes before unhealthy.", ge=1, le=10)
    failover: Literal["PRIMARY", "SECONDARY"] | None = option(
        None, help="Make the record a failover record of this role (multi-region)."
    )

    def warnings(self) -> list[tuple[str, str]]:
        found = super().warnings()
        if self.domain_name is not None and self.hosted_zone_id is None:
            found.append(
                (
                    NEW_ZONE_WARNING,
                    f"creates a new hosted zone {self.zone}: nobody is served its records until "
                    f"{self.zone} is delegated to it (NS records in the parent zone or at the "
                    "registrar, with the name servers that `aws route53 get-hosted-zone --id "
                    "<HostedZoneId output>` lists); set dns.hosted_zone_id to use the existing "
                    "zone instead",
                )
            )
        return found

    @property
    def zone(self) -> str | None:
        if self.zone_name:
            return self.zone_name
        if self.domain_name and self.domain_name.count(".") >= 2:
            return self.domain_name.split(".", 1)[1]
        return self.domain_name

    def check(self) -> list[tuple[str, object, str]]:
        problems: list[tuple[str, object, str]] = []
        if self.domain_name is None and (self.zone_name or self.hosted_zone_id or self.failover):
            problems.append(
                ("domain_name", None, "required when zone_name, hosted_zone_id or failover is set")
            )
        if self.zone_name and self.hosted_zone_id:
            problems.append(("zone_name", self.zone_name, "unset when hosted_zone_id is given"))
        zone = self.zone
        if (
            self.domain_name
            and zone
            and not (self.domain_name == zone or self.domain_name.endswith("." + zone))
        ):
            problems.append(("domain_name", self.domain_name, f"a name inside zone {zone}"))
        return problems


@dataclass(frozen=True, eq=False, repr=False)
class DnsHandle(Record):
    """What the DNS functions built: the zone, the record and its health check."""

    zone_id: Any
    health_check_id: Any
    """The failover record's health check; None for a plain alias (nothing to fail over to)."""
    record_name: str


def add_health_check(
    t: Any,
    lb: LoadBalancerHandle,
    options: DnsOptions,
    *,
    health_path: str,
    name: str = HEALTH_CHECK,
) -> Any:
    from troposphere import Ref
    from troposphere.route53 import HealthCheck, HealthCheckConfig

    config: dict[str, Any] = dict(
        Type="HTTPS" if lb.https else "HTTP",
        FullyQualifiedDomainName=lb.dns_name,
        Port=443 if lb.https else 80,
        ResourcePath=health_path,
        RequestInterval=options.health_check_interval,
        FailureThreshold=options.failure_threshold,
    )
    if lb.https:
        config["EnableSNI"] = True
    t.add_resource(HealthCheck(name, HealthCheckConfig=HealthCheckConfig(**config)))
    return Ref(name)


def add_hosted_zone(t: Any, options: DnsOptions) -> Any:
    """The zone records go in: the existing ``hosted_zone_id``, or a new retained zone."""
    from troposphere import Ref
    from troposphere.route53 import HostedZone

    if options.hosted_zone_id:
        return options.hosted_zone_id
    t.add_resource(
        HostedZone(
            HOSTED_ZONE,
            Metadata={
                "hastack": {
                    "suppress": {"I9609": f"synth printed the delegation step ({NEW_ZONE_WARNING})"}
                }
            },
            Name=options.zone,
            DeletionPolicy="Retain",
            UpdateReplacePolicy="Retain",
        )
    )
    return Ref(HOSTED_ZONE)


def add_failover_record(
    t: Any,
    lb: LoadBalancerHandle,
    *,
    zone_id: Any,
    domain_name: str,
    role: Literal["PRIMARY", "SECONDARY"],
    health_check: Any,
    name: str = FAILOVER_RECORD,
) -> None:
    """A failover alias to ``lb``: Route 53 answers PRIMARY while its health check passes.

    A dual-stack load balancer also gets the AAAA twin (``<name>Ipv6``) with the same check.
    """
    from troposphere.route53 import AliasTarget

    alias = AliasTarget(
        HostedZoneId=lb.canonical_zone_id, DNSName=lb.dns_name, EvaluateTargetHealth=True
    )
    _alias_records(
        t,
        name,
        _record_types(lb),
        alias,
        HostedZoneId=zone_id,
        Name=domain_name,
        SetIdentifier=role.lower(),
        Failover=role,
        HealthCheckId=health_check,
    )


def add_cdn_alias(
    t: Any, *, zone_id: Any, domain_name: str, distribution_domain: Any, name: str = ALIAS_RECORD
) -> None:
    """The site's name as an alias (A and AAAA) to a CloudFront distribution's domain name."""
    from troposphere.route53 import AliasTarget

    alias = AliasTarget(
        HostedZoneId=CLOUDFRONT_ZONE_ID, DNSName=distribution_domain, EvaluateTargetHealth=False
    )
    types = [("A", ""), ("AAAA", "Ipv6")]  # CloudFront serves IPv6 (IPV6Enabled)
    _alias_records(t, name, types, alias, HostedZoneId=zone_id, Name=domain_name)


def _alias_records(
    t: Any, name: str, types: list[tuple[str, str]], alias: Any, **fields: Any
) -> None:
    """One alias record per (type, logical-id suffix), the same ``fields`` on each."""
    from troposphere.route53 import RecordSetType

    for record_type, suffix in types:
        t.add_resource(RecordSetType(name + suffix, Type=record_type, AliasTarget=alias, **fields))


def _record_types(lb: LoadBalancerHandle) -> list[tuple[str, str]]:
    """("A", "") always; ("AAAA", "Ipv6") too when the load balancer is dual-stack."""
    return [("A", ""), ("AAAA", "Ipv6")] if lb.dualstack else [("A", "")]


def add_dns(
    t: Any,
    lb: LoadBalancerHandle,
    options: DnsOptions,
    *,
    health_path: str,
    zone_id: Any = None,
    cdn_domain: Any = None,
) -> DnsHandle | None:
    """Zone, health check and alias record(s); None when no domain is configured.

    ``cdn_domain`` (a distribution's domain name) makes the site's name an alias to that
    distribution rather than to the load balancer (the options refuse it with ``failover``)."""
    from troposphere.route53 import AliasTarget

    if options.domain_name is None:
        return None
    if zone_id is None:
        zone_id = add_hosted_zone(t, options)
    health_check = None
    if cdn_domain is not None:
        add_cdn_alias(
            t, zone_id=zone_id, domain_name=options.domain_name, distribution_domain=cdn_domain
        )
    elif options.failover:
        health_check = add_health_check(t, lb, options, health_path=health_path)
        add_failover_record(
            t,
            lb,
            zone_id=zone_id,
            domain_name=options.domain_name,
            role=options.failover,
            health_check=health_check,
        )
    else:
        alias = AliasTarget(
            HostedZoneId=lb.canonical_zone_id, DNSName=lb.dns_name, EvaluateTargetHealth=True
        )
        _alias_records(
            t,
            ALIAS_RECORD,
            _record_types(lb),
            alias,
            HostedZoneId=zone_id,
            Name=options.domain_name,
        )
    return DnsHandle(zone_id=zone_id, health_check_id=health_check, record_name=options.domain_name)


def zone_outputs(t: Any, zone_id: Any) -> None:
    """A created zone's id: its name servers are what the parent zone must delegate to."""
    from troposphere import Output, Ref

    if isinstance(zone_id, Ref):
        t.add_output(
            Output(
                "HostedZoneId",
                Value=zone_id,
                Description="New zone: delegate to its name servers, or nobody is served it",
            )
        )


def dns_outputs(t: Any, dns: DnsHandle, https: bool) -> None:
    from troposphere import Output

    zone_outputs(t, dns.zone_id)
    if dns.health_check_id is not None:
        t.add_output(Output("HealthCheckId", Value=dns.health_check_id))
    scheme = "https" if https else "http"
    t.add_output(
        Output(
            "ApplicationUrl",
            Value=f"{scheme}://{dns.record_name}/",
            Description="Public URL of the application",
        )
    )
