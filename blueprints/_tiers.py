"""The compositions the blueprints share: the web tier and the database tier.

``HAWebApp`` and the split blueprints call the same functions with a network handle that is
either built in the same template or read from another stack's outputs; ``HAWebApp`` and each
region of ``ActivePassiveWebApp`` build the same whole application with :func:`build_web_app`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from hastack.components.cache import add_cache, cache_outputs
from hastack.components.cdn import (
    CdnOptions,
    add_cdn,
    add_origin_secret,
    cdn_outputs,
    cdn_region_problems,
)
from hastack.components.compute import FleetHandle, FleetOptions, add_fleet
from hastack.components.database import (
    DatabaseHandle,
    DatabaseOptions,
    add_database,
    database_outputs,
)
from hastack.components.dns import DnsHandle, DnsOptions, add_dns, dns_outputs
from hastack.components.load_balancer import (
    LoadBalancerHandle,
    LoadBalancerOptions,
    add_load_balancer,
    load_balancer_outputs,
)
from hastack.components.log_bucket import LogBucketHandle, add_log_bucket
from hastack.components.monitoring import (
    AlarmTopicHandle,
    MonitoringOptions,
    add_alarm_topic,
    add_database_alarms,
    add_load_balancer_alarms,
    monitoring_outputs,
)
from hastack.components.network import (
    NetworkHandle,
    add_network,
    network_outputs,
    network_region_problems,
)
from hastack.core.records import Record

if TYPE_CHECKING:
    from ._options import HAWebAppOptions


@dataclass(frozen=True, eq=False, repr=False)
class WebTier(Record):
    """The web tier :func:`build_web_tier` built: load balancer, fleet and DNS."""

    load_balancer: LoadBalancerHandle
    fleet: FleetHandle
    dns: DnsHandle | None


def build_web_tier(
    t: Any,
    net: NetworkHandle,
    logs: LogBucketHandle,
    topic: AlarmTopicHandle,
    *,
    app_name: str,
    load_balancer: LoadBalancerOptions,
    fleet: FleetOptions,
    dns: DnsOptions,
    monitoring: MonitoringOptions,
    database_client_group: Any = None,
    database_endpoint: tuple[Any, int] | None = None,
    client_groups: tuple[Any, ...] = (),
    cdn: CdnOptions | None = None,
    origin_header: Any = None,
) -> WebTier:
    """Load balancer, fleet, DNS and their alarms and outputs.

    ``database_endpoint`` (address, port) is what the instances' deep health check probes.
    ``cdn`` puts a distribution in front of the load balancer (one region: its origin group
    fails over to the sorry page) and makes the site's name an alias to the distribution, so
    viewers go through CloudFront rather than around it; the load balancer then forwards only
    requests carrying the distribution's secret origin header (generated here, or
    ``origin_header``: a distribution in another stack sends it).
    """
    from troposphere import Output

    if cdn is not None and origin_header is None:
        origin_header = add_origin_secret(t)
    lb = add_load_balancer(
        t, net, load_balancer, logs=logs, app_port=fleet.app_port, origin_header=origin_header
    )
    extra = (database_client_group,) if database_client_group is not None else ()
    extra += client_groups
    web = add_fleet(
        t,
        net,
        lb,
        fleet,
        app_name=app_name,
        extra_security_groups=extra,
        database=database_endpoint,
    )
    edge = None
    if cdn is not None:
        edge = add_cdn(t, cdn, primary_origin=lb.dns_name, origin_header=origin_header)
    dns_handle = add_dns(
        t,
        lb,
        dns,
        health_path=load_balancer.deep_health_check_path,
        cdn_domain=None if edge is None else edge.domain_name,
    )
    if edge is not None:
        cdn_outputs(t, edge)
    add_load_balancer_alarms(t, lb, topic, monitoring)
    load_balancer_outputs(t, lb)
    t.add_output(Output("AutoScalingGroupName", Value=web.group_name))
    t.add_output(Output("AppSecurityGroupId", Value=web.security_group_id))
    if dns_handle is not None:
        dns_outputs(t, dns_handle, lb.https)
    return WebTier(lb, web, dns_handle)


def build_database_tier(
    t: Any,
    net: NetworkHandle,
    topic: AlarmTopicHandle,
    *,
    database: DatabaseOptions,
    monitoring: MonitoringOptions,
    global_cluster_identifier: Any = None,
    secondary: bool = False,
    global_primary: bool = False,
    secret_replica_regions: Sequence[str] = (),
    source_region: str | None = None,
) -> DatabaseHandle:
    """Database, its alarms and outputs."""
    db = add_database(
        t,
        net,
        database,
        global_cluster_identifier=global_cluster_identifier,
        secondary=secondary,
        global_primary=global_primary,
        secret_replica_regions=secret_replica_regions,
        source_region=source_region,
    )
    add_database_alarms(
        t, db, topic, monitoring, has_replicas=database.readers > 0 or database.read_replicas > 0
    )
    database_outputs(t, db)
    return db


@dataclass(frozen=True, eq=False, repr=False)
class GlobalDatabaseRole(Record):
    """How one region's database takes part in an Aurora Global Database.

    The primary builds the global cluster around its own cluster and copies its password
    secret to ``replica_regions``; a secondary joins ``global_cluster_identifier`` and
    replicates from ``source_region`` (the primary's region).
    """

    primary: bool
    global_cluster_identifier: Any = None
    replica_regions: tuple[str, ...] = ()
    source_region: str | None = None


@dataclass(frozen=True, eq=False, repr=False)
class WebApp(Record):
    """The whole web app :func:`build_web_app` built, tier by tier."""

    network: NetworkHandle
    database: DatabaseHandle | None
    web: WebTier
    alarm_topic: AlarmTopicHandle | None = None


class ChecksNetworkRegion:
    """Mixin for blueprints with a ``network`` option: refuse more AZs than the region has."""

    options: Any

    def region_problems(self, region: str) -> list[tuple[str, object, str]]:
        problems = network_region_problems(self.options.network, region)
        cdn = getattr(self.options, "cdn", None)
        if cdn is not None:
            problems += cdn_region_problems(cdn, region)
        return problems


def build_web_app(
    t: Any,
    region: str,
    options: HAWebAppOptions,
    *,
    global_role: GlobalDatabaseRole | None = None,
    origin_header: Any = None,
) -> WebApp:
    """The whole application in one template: network, database, web tier, outputs."""
    app_name, network, database = options.app_name, options.network, options.database
    load_balancer, fleet, dns = options.load_balancer, options.fleet, options.dns
    monitoring = options.monitoring
    logs = add_log_bucket(t, region)
    net = add_network(t, network, log_bucket_arn=logs.bucket_arn)
    topic = add_alarm_topic(t, monitoring)
    db = None
    if database is not None:
        role = global_role or GlobalDatabaseRole(primary=False)
        db = build_database_tier(
            t,
            net,
            topic,
            database=database,
            monitoring=monitoring,
            global_cluster_identifier=role.global_cluster_identifier,
            secondary=global_role is not None and not role.primary,
            global_primary=global_role is not None and role.primary,
            secret_replica_regions=role.replica_regions,
            source_region=role.source_region,
        )
    cache = None
    if options.cache is not None:
        cache = add_cache(t, net, options.cache, topic=topic)
        cache_outputs(t, cache)
    web = build_web_tier(
        t,
        net,
        logs,
        topic,
        app_name=app_name,
        load_balancer=load_balancer,
        fleet=fleet,
        dns=dns,
        monitoring=monitoring,
        database_client_group=db.client_security_group_id if db else None,
        database_endpoint=(db.endpoint, db.port) if db else None,
        client_groups=(cache.client_security_group_id,) if cache else (),
        # ActivePassiveWebApp's regions have none: one distribution covers both regions there
        cdn=options.cdn,
        origin_header=origin_header,
    )
    network_outputs(t, net)
    monitoring_outputs(t, topic)
    return WebApp(net, db, web, topic)
