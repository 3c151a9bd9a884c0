"""Active/passive across two regions: the HA web app twice, Aurora Global Database, DNS failover.

    from hastack.blueprints import ActivePassiveWebApp
    from hastack import App

    pair = ActivePassiveWebApp(
        "shop",
        primary_region="us-east-1",
        secondary_region="us-west-2",
        domain_name="shop.example.com",
        database={"engine": "aurora-mysql", "readers": 1},
        load_balancer={"certificate_arn": "arn:aws:acm:us-east-1:..."},
        secondary={"load_balancer": {"certificate_arn": "arn:aws:acm:us-west-2:..."}},
    )
    app = App("shop")
    app.extend(pair.stacks())        # or: app = pair.app()

Three stacks, deployed in this order (each waits for the outputs it reads):

1. ``<name>-<primary_region>`` (:class:`RegionalWebApp`, role primary): the whole HA web app
   (VPC over N AZs, load balancer, Auto Scaling group, Aurora writer + readers) plus the
   ``AWS::RDS::GlobalCluster`` built around its Aurora cluster. Output ``GlobalClusterIdentifier``.
2. ``<name>-<secondary_region>`` (role secondary): the same app; its Aurora cluster joins the
   global cluster (parameter ``GlobalClusterIdentifier`` read from stack 1's output, across
   regions) and has no master user of its own: it replicates the primary's.
3. ``<name>-dns`` (:class:`FailoverDns`, in ``dns_region``, default the primary region; Route 53
   itself is global): one hosted zone (or an existing one), a health check per region and two
   failover alias records, PRIMARY and SECONDARY, to the two load balancers, whose DNS names and
   canonical hosted zone ids arrive as parameters from stacks 1 and 2. With ``cdn`` the failover
   records name ``origin.<domain_name>`` (the distribution's primary origin) and the site's
   name is an alias to the distribution (``AliasRecord``/``AliasRecordIpv6``).

Keyword options of :class:`ActivePassiveWebApp` are those of :class:`~hastack.blueprints.HAWebApp`
(``app_name``, ``network``, ``load_balancer``, ``fleet``, ``database``, ``monitoring``) and
apply to both regions; ``secondary={...}`` overrides some of them in the secondary region only
(a region's own ACM certificate, a smaller warm-standby fleet). The secondary VPC takes the
CIDR block after the primary's (10.1.0.0/16 after the default 10.0.0.0/16) unless
``secondary={"network": {"cidr": ...}}`` says otherwise, so the two can be peered later.
DNS is configured with ``domain_name``, ``zone_name`` or ``hosted_zone_id``,
``health_check_interval`` and ``failure_threshold``. The database must be Aurora (MySQL or
PostgreSQL).

4. ``<name>-failover`` (:class:`FailoverRunbook`, in the secondary region, opt out with
   ``failover={"automatic": False}``): the runbook that promotes the secondary's database
   when the PRIMARY record's health check fails (:mod:`hastack.components.failover`).
5. With ``cdn={...}`` (:class:`~hastack.blueprints.CdnDistribution`'s options, ``domain_names``
   defaulting to ``[domain_name]``): ``<name>-cdn`` in us-east-1, deployed before the DNS
   stack, which aliases the site's name to it. Its origin group sends each request to
   ``origin.<domain_name>`` (Route 53's failover name: the primary region's load balancer
   while its deep health check passes, and kept on the secondary once the runbook has fenced
   the primary) and, on a connection failure, a timeout or a failover status code, to the
   secondary region's load balancer. Viewers thus reach CloudFront, which moves each request
   within seconds, while DNS moves the primary origin within minutes. Both regions need
   ``load_balancer.certificate_arn`` covering ``domain_name``: the origins are reached over
   HTTPS with the viewer's Host forwarded, and CloudFront checks the load balancer's
   certificate against that Host (an ``*.elb.amazonaws.com`` name can be on no certificate).

The master password of a global database cannot be managed by RDS, so the primary generates it
into a Secrets Manager secret replicated to the secondary region (``DatabaseSecretArn``) and
rotates it every ``database.password_rotation_days`` (30) with a function of its own
(:mod:`hastack.components.secret_rotation`: ModifyDBCluster on the global writer, no VPC).

Recovery story (figures and fail back in docs/multiregion.md):

- Instance, AZ, bad release: as :class:`~hastack.blueprints.HAWebApp`, in each region.
- The primary region is lost (or its app or database dies): Route 53's deep check
  (/health/deep: app and database) fails after ``failure_threshold`` x ``health_check_interval``
  (90 s by default) and DNS answers the secondary; the runbook, reading the same health check
  every minute, confirms 3 failed readings 10 s apart and fails the global database over to
  the secondary (``FailoverGlobalCluster`` with ``AllowDataLoss``, typically 1-2 minutes).
  RTO about 5 minutes end to end (plus client DNS caches, 60 s alias TTL); RPO = the global
  database's replication lag at the moment of failure, typically under 1 s.
- Fail back is deliberate: a switchover (no data loss) once the old primary has caught up,
  then the primary health check's path restored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, Unpack

from hastack.components.cdn import (
    ORIGIN_SECRET_OUTPUT,
    add_origin_secret,
    https_origin_problems,
    origin_secret_output,
    origin_secret_reference,
)
from hastack.components.database import (
    DB_CLUSTER,
    DB_SECRET,
    DB_SECRET_ATTACHMENT,
    SECRET_EXCLUDED_CHARACTERS,
    add_global_cluster,
)
from hastack.components.dns import (
    ALIAS_RECORD,
    DnsOptions,
    add_cdn_alias,
    add_failover_record,
    add_health_check,
    add_hosted_zone,
    zone_outputs,
)
from hastack.components.failover import FailoverOptions, RunbookTarget, add_failover_runbook
from hastack.components.load_balancer import LoadBalancerHandle
from hastack.components.network import NetworkOptions
from hastack.components.secret_rotation import RotationTarget, add_secret_rotation
from hastack.core.app import App
from hastack.core.blueprint import Blueprint, StackFields
from hastack.core.options import Options, option
from hastack.core.stack import Stack
from hastack.errors import OptionsError

from ._options import HAWebAppFields, HAWebAppKwargs, HAWebAppOptions
from ._tiers import ChecksNetworkRegion, GlobalDatabaseRole, build_web_app
from .cdn import CDN_REGION, CdnDistribution

Role = Literal["primary", "secondary"]

GLOBAL_CLUSTER_OUTPUT = "GlobalClusterIdentifier"
CLUSTER_ARN_OUTPUT = "DatabaseClusterArn"
PRIMARY_HEALTH_CHECK = "PrimaryHealthCheck"
SECONDARY_HEALTH_CHECK = "SecondaryHealthCheck"
PRIMARY_RECORD = "PrimaryRecord"
SECONDARY_RECORD = "SecondaryRecord"
PRIMARY_ORIGIN_RECORD = "PrimaryOriginRecord"
SECONDARY_ORIGIN_RECORD = "SecondaryOriginRecord"
ORIGIN_LABEL = "origin"
"""With a CDN the failover records name ``origin.<domain_name>``, the distribution's origin."""
DISTRIBUTION_OUTPUT = "DistributionDomainName"
LB_OUTPUTS = {"DnsName": "LoadBalancerDnsName", "ZoneId": "LoadBalancerCanonicalHostedZoneId"}
"""Regional outputs the DNS stack reads, by the suffix of the parameter that receives them."""


class RegionalWebApp(ChecksNetworkRegion, Blueprint):
    """One region of an active/passive pair: the HA web app, its database a global member.

    ``role="primary"`` adds the global cluster around this region's Aurora cluster and
    ``peer_regions`` get copies of its password secret; ``role="secondary"`` needs
    ``primary=`` (the primary's RegionalWebApp) and reads its ``GlobalClusterIdentifier``.
    """

    options_class = HAWebAppOptions
    description = "hastack RegionalWebApp: one region of an active/passive web application"
    options: HAWebAppOptions
    cdn_region: str | None
    """Region of the distribution in front of the pair (it reads the origin secret there)."""

    def __init__(
        self,
        name: str,
        *,
        role: Role,
        primary: RegionalWebApp | None = None,
        peer_regions: tuple[str, ...] = (),
        cdn_region: str | None = None,
        **kwargs: Unpack[HAWebAppKwargs],
    ) -> None:
        super().__init__(name, **kwargs)
        problems: list[tuple[str, object, str]] = []
        if (
            role == "secondary"
            and cdn_region is not None
            and isinstance(primary, RegionalWebApp)
            and primary.cdn_region is None
        ):
            problems.append(
                ("cdn_region", cdn_region, "None unless the primary has one (it owns the secret)")
            )
        if role not in ("primary", "secondary"):
            problems.append(("role", role, "'primary' or 'secondary'"))
        if role == "secondary" and not isinstance(primary, RegionalWebApp):
            problems.append(("primary", primary, "the primary region's RegionalWebApp"))
        if role == "primary" and primary is not None:
            problems.append(("primary", primary, "None for the primary region"))
        if isinstance(primary, RegionalWebApp) and primary.region == self.region:
            problems.append(("region", self.region, f"a region other than {primary.region}"))
        database = self.options.database
        if database is None or not database.aurora:
            engine = None if database is None else database.engine
            problems.append(
                ("database.engine", engine, "'aurora-mysql' or 'aurora-postgresql' (global)")
            )
        if self.options.dns.domain_name is not None:
            problems.append(
                ("dns.domain_name", self.options.dns.domain_name, "None: FailoverDns owns DNS")
            )
        if problems:
            raise OptionsError(type(self).__name__, problems)
        self.role = role
        self.primary = primary
        self.peer_regions = tuple(peer_regions)
        self.cdn_region = cdn_region

    def build(self, t: Any) -> None:
        from troposphere import GetAtt, Output, Ref

        o = self.options
        if self.role == "primary":
            role = GlobalDatabaseRole(primary=True, replica_regions=self.peer_regions)
        else:
            assert self.primary is not None
            identifier = self.input(
                t, GLOBAL_CLUSTER_OUTPUT, self.primary.output(GLOBAL_CLUSTER_OUTPUT)
            )
            role = GlobalDatabaseRole(
                primary=False,
                global_cluster_identifier=identifier,
                source_region=self.primary.region,
            )
        app = build_web_app(
            t, self.region, o, global_role=role, origin_header=self._origin_header(t)
        )
        t.add_output(
            Output(
                CLUSTER_ARN_OUTPUT,
                Value=GetAtt(DB_CLUSTER, "DBClusterArn"),
                Description="ARN of this region's Aurora cluster (the failover target)",
            )
        )
        if self.role == "primary":
            assert app.database is not None and o.database is not None
            ref = add_global_cluster(
                t, app.database, deletion_protection=o.database.deletion_protection
            )
            t.add_output(
                Output(
                    GLOBAL_CLUSTER_OUTPUT,
                    Value=ref,
                    Description="Aurora Global Database the secondary region joins",
                )
            )
            add_secret_rotation(
                t,
                RotationTarget(
                    secret_arn=Ref(DB_SECRET),
                    cluster_identifier=Ref(DB_CLUSTER),
                    cluster_arn=GetAtt(DB_CLUSTER, "DBClusterArn"),
                    global_cluster_identifier=ref,
                    excluded_characters=SECRET_EXCLUDED_CHARACTERS,
                    alarm_topic_arn=app.alarm_topic.topic_arn if app.alarm_topic else None,
                    after=(DB_SECRET_ATTACHMENT,),
                ),
                o.database.password_rotation_days,
            )

    def _origin_header(self, t: Any) -> Any:
        """Behind the pair's distribution: the secret its origin header carries. The primary
        generates it and replicates it to the secondary's region and the distribution's; the
        secondary reads its replica by the name the primary outputs."""
        if self.cdn_region is None:
            return None
        if self.role == "primary":
            replicas = dict.fromkeys((*self.peer_regions, self.cdn_region))
            header = add_origin_secret(t, tuple(r for r in replicas if r != self.region))
            origin_secret_output(t)
            return header
        assert self.primary is not None
        name = self.input(t, ORIGIN_SECRET_OUTPUT, self.primary.output(ORIGIN_SECRET_OUTPUT))
        return origin_secret_reference(name)


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class FailoverDnsOptions(Options):
    dns: DnsOptions = option(
        DnsOptions(), help="Domain, zone (created or existing), health check interval/threshold."
    )


class FailoverDnsKwargs(StackFields, total=False):
    dns: DnsOptions | Mapping[str, Any]


class FailoverDns(Blueprint):
    """One hosted zone with PRIMARY/SECONDARY failover aliases to two regions' load balancers.

    Each record carries a Route 53 health check probing its load balancer (HTTPS with SNI when
    that region has a certificate) and evaluates the target's health as well.

    ``cdn`` (the :class:`CdnDistribution` in front, built with a ``primary_origin_name``): the
    site's name becomes an alias to the distribution, and the failover records name that
    origin instead (``PrimaryOriginRecord``/``SecondaryOriginRecord``), so viewers go through
    CloudFront while the health checks (and the runbook's fencing) still choose the region
    CloudFront's primary origin resolves to.
    """

    options_class = FailoverDnsOptions
    description = "hastack FailoverDns: Route 53 failover records and health checks for two regions"
    options: FailoverDnsOptions

    def __init__(
        self,
        name: str,
        *,
        primary: RegionalWebApp,
        secondary: RegionalWebApp,
        cdn: CdnDistribution | None = None,
        **kwargs: Unpack[FailoverDnsKwargs],
    ) -> None:
        problems: list[tuple[str, object, str]] = []
        for label, value in (("primary", primary), ("secondary", secondary)):
            if not isinstance(value, RegionalWebApp):
                problems.append((label, value, "a RegionalWebApp"))
        if cdn is not None and (
            not isinstance(cdn, CdnDistribution) or cdn.primary_origin_name is None
        ):
            problems.append(
                ("cdn", cdn, "a CdnDistribution whose primary_origin_name these records serve")
            )
        if problems:
            raise OptionsError(type(self).__name__, problems)
        kwargs.setdefault("region", primary.region)
        super().__init__(name, **kwargs)
        if self.options.dns.domain_name is None:
            raise OptionsError(
                type(self).__name__,
                [("dns.domain_name", None, "a domain such as shop.example.com")],
            )
        if self.options.dns.failover is not None:
            raise OptionsError(
                type(self).__name__,
                [("dns.failover", self.options.dns.failover, "None: both roles are built here")],
            )
        origin = None if cdn is None else cdn.primary_origin_name
        zone = self.options.dns.zone or ""
        if origin is not None and not (origin == zone or origin.endswith("." + zone)):
            raise OptionsError(
                type(self).__name__,
                [("cdn.primary_origin_name", origin, f"a name inside zone {zone}")],
            )
        self.primary = primary
        self.secondary = secondary
        self.cdn = cdn

    def _remote_load_balancer(self, t: Any, prefix: str, region: RegionalWebApp) -> Any:
        values = {
            key: self.input(t, f"{prefix}LoadBalancer{key}", region.output(output))
            for key, output in LB_OUTPUTS.items()
        }
        return LoadBalancerHandle(
            kind=region.options.load_balancer.kind,
            load_balancer_arn=None,
            dns_name=values["DnsName"],
            canonical_zone_id=values["ZoneId"],
            full_name=None,
            target_group_arn=None,
            target_group_full_name=None,
            security_group_id=None,
            https=region.options.load_balancer.certificate_arn is not None,
            app_port=region.options.fleet.app_port,
        )

    def build(self, t: Any) -> None:
        from troposphere import Output, Ref

        dns = self.options.dns
        assert dns.domain_name is not None
        zone_id = add_hosted_zone(t, dns)
        records = (PRIMARY_RECORD, SECONDARY_RECORD)
        failover_name = dns.domain_name
        if self.cdn is not None:
            assert self.cdn.primary_origin_name is not None
            records = (PRIMARY_ORIGIN_RECORD, SECONDARY_ORIGIN_RECORD)
            failover_name = self.cdn.primary_origin_name
            add_cdn_alias(
                t,
                zone_id=zone_id,
                domain_name=dns.domain_name,
                distribution_domain=self.input(
                    t, DISTRIBUTION_OUTPUT, self.cdn.output(DISTRIBUTION_OUTPUT)
                ),
                name=ALIAS_RECORD,
            )
            t.add_output(
                Output(
                    "OriginDomainName",
                    Value=failover_name,
                    Description="The distribution's primary origin: the healthy region's load "
                    "balancer (Route 53 failover)",
                )
            )
        roles: tuple[tuple[str, Literal["PRIMARY", "SECONDARY"], RegionalWebApp, str, str], ...] = (
            ("Primary", "PRIMARY", self.primary, PRIMARY_HEALTH_CHECK, records[0]),
            ("Secondary", "SECONDARY", self.secondary, SECONDARY_HEALTH_CHECK, records[1]),
        )
        any_https = False
        for prefix, role, region, check_name, record_name in roles:
            lb = self._remote_load_balancer(t, prefix, region)
            any_https = any_https or lb.https
            health_check = add_health_check(
                t,
                lb,
                dns,
                health_path=region.options.load_balancer.deep_health_check_path,
                name=check_name,
            )
            add_failover_record(
                t,
                lb,
                zone_id=zone_id,
                domain_name=failover_name,
                role=role,
                health_check=health_check,
                name=record_name,
            )
            t.add_output(
                Output(
                    f"{check_name}Id",
                    Value=Ref(check_name),
                    Description=f"Route 53 health check of the {role.lower()} region "
                    f"({region.region})",
                )
            )
        zone_outputs(t, zone_id)
        t.add_output(Output("DomainName", Value=dns.domain_name))
        scheme = "https" if any_https else "http"
        where = (
            "CloudFront, whose origin group fails over between the regions"
            if self.cdn is not None
            else "the primary region while healthy, else the secondary"
        )
        t.add_output(
            Output(
                "ApplicationUrl",
                Value=f"{scheme}://{dns.domain_name}/",
                Description=f"Public URL: {where}",
            )
        )


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class FailoverRunbookOptions(Options):
    failover: FailoverOptions = option(
        FailoverOptions(), help="When and how the standby region's database is promoted."
    )


class FailoverRunbookKwargs(StackFields, total=False):
    failover: FailoverOptions | Mapping[str, Any]


class FailoverRunbook(Blueprint):
    """The standby region's failover runbook (see :mod:`hastack.components.failover`).

    Deployed last, in the secondary region, because it reads an output of every other stack:
    the global cluster (primary), the standby cluster's ARN and alarm topic (secondary), and the
    PRIMARY record's health check (DNS).
    """

    options_class = FailoverRunbookOptions
    description = "hastack FailoverRunbook: promotes the standby region's database on failure"
    options: FailoverRunbookOptions

    def __init__(
        self,
        name: str,
        *,
        primary: RegionalWebApp,
        secondary: RegionalWebApp,
        dns: FailoverDns,
        **kwargs: Unpack[FailoverRunbookKwargs],
    ) -> None:
        kwargs.setdefault("region", secondary.region)
        super().__init__(name, **kwargs)
        if self.region != secondary.region:
            raise OptionsError(
                type(self).__name__,
                [("region", self.region, f"the standby region ({secondary.region})")],
            )
        self.primary = primary
        self.secondary = secondary
        self.dns = dns

    def build(self, t: Any) -> None:
        from troposphere import Output

        target = RunbookTarget(
            global_cluster_identifier=self.input(
                t, GLOBAL_CLUSTER_OUTPUT, self.primary.output(GLOBAL_CLUSTER_OUTPUT)
            ),
            target_cluster_arn=self.input(
                t, "TargetClusterArn", self.secondary.output(CLUSTER_ARN_OUTPUT)
            ),
            health_check_id=self.input(
                t, "PrimaryHealthCheckId", self.dns.output(f"{PRIMARY_HEALTH_CHECK}Id")
            ),
            alarm_topic_arn=self.input(t, "AlarmTopicArn", self.secondary.output("AlarmTopicArn")),
        )
        function = add_failover_runbook(t, target, self.options.failover)
        t.add_output(
            Output(
                "FailoverRunbookFunction",
                Value=function,
                Description="Lambda function that promotes this region's database",
            )
        )


class ActivePassiveWebApp:
    """The HA web app in two regions with Aurora Global Database and Route 53 failover.

    ``stacks()`` returns the three stacks in deploy order (primary, secondary, DNS); see the
    module docstring for what each holds and the options.
    """

    def __init__(
        self,
        name: str,
        *,
        primary_region: str,
        secondary_region: str,
        domain_name: str,
        dns_region: str | None = None,
        secondary: HAWebAppFields | None = None,
        tags: Mapping[str, str] | None = None,
        zone_name: str | None = None,
        hosted_zone_id: str | None = None,
        health_check_interval: int = 30,
        failure_threshold: int = 3,
        failover: FailoverOptions | Mapping[str, Any] | None = None,
        **options: Unpack[HAWebAppFields],
    ) -> None:
        owner = type(self).__name__
        # the pair's cdn is one distribution in front of both regions, not one per region
        cdn = options.pop("cdn", None)
        if primary_region == secondary_region:
            raise OptionsError(
                owner,
                [("secondary_region", secondary_region, f"a region other than {primary_region}")],
            )
        if secondary is not None and not isinstance(secondary, Mapping):
            raise OptionsError(owner, [("secondary", secondary, "a mapping of option overrides")])
        options.setdefault("database", {"engine": "aurora-mysql"})
        overrides = dict(secondary or {})
        if overrides.get("cdn") is not None:
            raise OptionsError(
                owner, [("secondary.cdn", overrides["cdn"], "None: cdn covers both regions")]
            )
        cidr = _secondary_cidr(options, overrides)
        if cidr is not None:
            overrides = _merge(overrides, {"network": {"cidr": cidr}})
        secondary_options = _merge(options, overrides)
        self.name = name
        self.primary = RegionalWebApp(
            f"{name}-{primary_region}",
            role="primary",
            region=primary_region,
            peer_regions=(secondary_region,),
            cdn_region=None if cdn is None else CDN_REGION,
            tags=tags,
            **options,
        )
        try:
            self.secondary = RegionalWebApp(
                f"{name}-{secondary_region}",
                role="secondary",
                primary=self.primary,
                region=secondary_region,
                cdn_region=None if cdn is None else CDN_REGION,
                tags=tags,
                **secondary_options,
            )
        except OptionsError as error:
            raise OptionsError(
                owner,
                [
                    (f"secondary region: {field}", value, allowed)
                    for field, value, allowed in error.problems
                ],
            ) from None
        self.cdn = None if cdn is None else self._cdn(name, cdn, domain_name, tags)
        dns = {
            "domain_name": domain_name,
            "zone_name": zone_name,
            "hosted_zone_id": hosted_zone_id,
            "health_check_interval": health_check_interval,
            "failure_threshold": failure_threshold,
        }
        self.dns = FailoverDns(
            f"{name}-dns",
            primary=self.primary,
            secondary=self.secondary,
            region=dns_region or primary_region,
            tags=tags,
            dns=dns,
            cdn=self.cdn,
        )
        self.failover: FailoverRunbook | None = FailoverRunbook(
            f"{name}-failover",
            primary=self.primary,
            secondary=self.secondary,
            dns=self.dns,
            tags=tags,
            failover=failover if failover is not None else {},
        )
        if not self.failover.options.failover.automatic:
            self.failover = None  # opted out: failing over stays a manual operation

    def _cdn(
        self, name: str, cdn: object, domain_name: str, tags: Mapping[str, str] | None
    ) -> CdnDistribution:
        """One distribution in front of both regions (a stack in us-east-1): its origin group
        fails over from ``origin.<domain_name>`` (the failover records' name) to the secondary
        region's load balancer."""
        owner = type(self).__name__
        given = _as_mapping(cdn)
        if not isinstance(given, Mapping):
            raise OptionsError(owner, [("cdn", cdn, "a CdnOptions or a mapping of its fields")])
        values = {**given}
        if not values.get("domain_names"):
            values["domain_names"] = [domain_name]
        try:
            distribution = CdnDistribution(
                f"{name}-cdn",
                primary=self.primary,
                secondary=self.secondary,
                primary_origin_name=f"{ORIGIN_LABEL}.{domain_name}",
                origin_secret=self.primary,
                region=CDN_REGION,
                tags=tags,
                cdn=values,
            )
        except OptionsError as error:
            raise OptionsError(owner, error.problems) from None
        problems = []
        for where, region in (("", self.primary), ("secondary region: ", self.secondary)):
            found = https_origin_problems(
                distribution.options.cdn,
                region.options.load_balancer.certificate_arn,
                where=where,
                kind=region.options.load_balancer.kind,
            )
            problems += [p for p in found if p not in problems]
        if problems:
            raise OptionsError(owner, problems)
        return distribution

    @property
    def regions(self) -> tuple[str, str]:
        return (self.primary.region, self.secondary.region)

    def blueprints(self) -> list[Blueprint]:
        found: list[Blueprint] = [self.primary, self.secondary]
        found += [self.cdn] if self.cdn is not None else []
        found += [self.dns]
        return found + ([self.failover] if self.failover is not None else [])

    def stacks(self) -> list[Stack]:
        """The stacks in deploy order: primary region, secondary region, (CDN), DNS, failover
        runbook."""
        return [blueprint.synth() for blueprint in self.blueprints()]

    def app(self, name: str | None = None) -> Any:
        """A new :class:`~hastack.core.app.App` holding the three stacks."""

        app = App(name or self.name)
        app.extend(self.stacks())
        return app


def _merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """``base`` with ``override`` laid over it, nested option mappings merged key by key."""
    merged = {key: _as_mapping(value) for key, value in base.items()}
    for key, value in override.items():
        current = merged.get(key)
        value = _as_mapping(value)
        if isinstance(current, Mapping) and isinstance(value, Mapping):
            merged[key] = _merge(current, value)
        else:
            merged[key] = value
    return merged


def _secondary_cidr(options: Mapping[str, Any], overrides: Mapping[str, Any]) -> str | None:
    """The block after the primary VPC's, unless the secondary's CIDR was chosen explicitly.

    Non-overlapping VPCs can be peered or joined to one transit gateway later (replication
    itself does not need it: Aurora replicates at the storage layer).
    """
    import ipaddress

    chosen = _as_mapping(overrides.get("network"))
    if isinstance(chosen, Mapping) and "cidr" in chosen:
        return None
    primary = _as_mapping(options.get("network"))
    cidr = primary.get("cidr") if isinstance(primary, Mapping) else None
    try:
        block = ipaddress.IPv4Network(cidr or NetworkOptions().cidr)
        following = ipaddress.IPv4Network(
            (int(block.network_address) + block.num_addresses, block.prefixlen)
        )
    except (ValueError, TypeError):
        return None  # the options check reports a bad CIDR
    return str(following)


def _as_mapping(value: Any) -> Any:
    return value.fields() if isinstance(value, Options) else value


__all__ = [
    "ActivePassiveWebApp",
    "FailoverDns",
    "FailoverDnsOptions",
    "FailoverRunbook",
    "FailoverRunbookOptions",
    "RegionalWebApp",
]
