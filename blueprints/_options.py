"""Option sets the blueprints share: one declaration per field, composed by inheritance.

``HAWebAppOptions`` is the web tier's options plus the network and the database, so a field's
default, range and help text are written once for the single-stack and the split blueprints.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypedDict

from hastack.components.cache import CacheOptions
from hastack.components.cdn import CdnOptions, https_origin_problems
from hastack.components.compute import PEAK_UNSTATED, FleetOptions
from hastack.components.database import DatabaseOptions
from hastack.components.dns import DnsOptions
from hastack.components.load_balancer import LoadBalancerOptions
from hastack.components.monitoring import MonitoringOptions
from hastack.components.network import NetworkOptions
from hastack.core.blueprint import StackFields
from hastack.core.options import Options, option


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class NetworkTierOptions(Options):
    """Options of a stack that builds the network."""

    network: NetworkOptions = option(NetworkOptions(), help="VPC, AZs and NAT gateways.")


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class DatabaseTierOptions(Options):
    """Options of the database tier's stack: the database and its alarms."""

    database: DatabaseOptions = option(DatabaseOptions(), help="Database.")
    monitoring: MonitoringOptions = option(MonitoringOptions(), help="Alarms and their topic.")


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class WebTierOptions(Options):
    """Options of the web tier: load balancer, fleet, DNS and alarms."""

    app_name: str = option(
        "app", help="Name used in tags and the default web page.", pattern=r"[a-z][a-z0-9-]{0,31}"
    )
    load_balancer: LoadBalancerOptions = option(LoadBalancerOptions(), help="Load balancer.")
    fleet: FleetOptions = option(FleetOptions(), help="Instances and scaling.")
    dns: DnsOptions = option(DnsOptions(), help="Route 53 zone, health check and record.")
    monitoring: MonitoringOptions = option(MonitoringOptions(), help="Alarms and their topic.")


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class HAWebAppOptions(WebTierOptions, NetworkTierOptions):
    """Options of :class:`~hastack.blueprints.HAWebApp`: web tier, network, database, cache, CDN."""

    database: DatabaseOptions | None = option(DatabaseOptions(), help="Database; None for none.")
    cache: CacheOptions | None = option(
        None,
        help="Replicated ElastiCache (Valkey/Redis OSS) in the isolated subnets; None for none.",
    )
    cdn: CdnOptions | None = option(
        None,
        help="CloudFront in front of the load balancer (origin group failing over to a sorry "
        "page; WAF, logging, us-east-1 certificate); None for none.",
    )

    def check(self) -> list[tuple[str, object, str]]:
        problems = super().check()
        if self.cdn is not None:
            problems += https_origin_problems(
                self.cdn, self.load_balancer.certificate_arn, kind=self.load_balancer.kind
            )
            problems += self._site_behind_cdn(self.cdn)
        return problems

    def _site_behind_cdn(self, cdn: CdnOptions) -> list[tuple[str, object, str]]:
        """The site's name becomes an alias to the distribution: the distribution must answer
        that name (CloudFront refuses a Host it does not list), and a failover record cannot
        share the name with the alias (Route 53 keeps one routing policy per name)."""
        dns = self.dns
        problems: list[tuple[str, object, str]] = []
        if dns.failover is not None:
            problems.append(
                (
                    "dns.failover",
                    dns.failover,
                    "None with a cdn: the site's name aliases the distribution, whose origin "
                    "group fails over (ActivePassiveWebApp for two regions)",
                )
            )
        if (
            dns.domain_name is not None
            and cdn.domain_names
            and dns.domain_name not in (cdn.domain_names)
        ):
            problems.append(
                (
                    "cdn.domain_names",
                    cdn.domain_names,
                    f"a list including dns.domain_name ({dns.domain_name}): that name aliases "
                    "the distribution",
                )
            )
        return problems

    def warnings(self) -> list[tuple[str, str]]:
        """The fleet's static-stability line, with the network's AZ count filled in."""
        summary = self.fleet.stability_summary(self.network.zones)
        found = [
            (wid, f"{summary}; state fleet.peak_instances" if wid == PEAK_UNSTATED else message)
            for wid, message in super().warnings()
        ]
        if self.fleet.peak_instances is not None and "does NOT" in summary:
            found.append((STATIC_STABILITY_WARNING, summary))
        return found


# The same fields as keyword arguments, for editors and mypy: an option set is given as its
# object (checked like a mapping) or as a mapping of its fields. ``*Fields`` are the options,
# ``*Kwargs`` add the stack's own keywords (region, tags, termination protection).


class NetworkTierFields(TypedDict, total=False):
    network: NetworkOptions | Mapping[str, Any]


class DatabaseTierFields(TypedDict, total=False):
    database: DatabaseOptions | Mapping[str, Any]
    monitoring: MonitoringOptions | Mapping[str, Any]


class WebTierFields(TypedDict, total=False):
    app_name: str
    load_balancer: LoadBalancerOptions | Mapping[str, Any]
    fleet: FleetOptions | Mapping[str, Any]
    dns: DnsOptions | Mapping[str, Any]
    monitoring: MonitoringOptions | Mapping[str, Any]


class HAWebAppFields(WebTierFields, NetworkTierFields, total=False):
    database: DatabaseOptions | Mapping[str, Any] | None
    cache: CacheOptions | Mapping[str, Any] | None
    cdn: CdnOptions | Mapping[str, Any] | None


class NetworkTierKwargs(StackFields, NetworkTierFields, total=False):
    pass


class DatabaseTierKwargs(StackFields, DatabaseTierFields, total=False):
    pass


class WebTierKwargs(StackFields, WebTierFields, total=False):
    pass


class HAWebAppKwargs(StackFields, HAWebAppFields, total=False):
    pass


STATIC_STABILITY_WARNING = "hastack:fleet:not-statically-stable"
