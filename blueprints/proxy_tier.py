"""ProxiedWebApp: the web application behind a self-managed HAProxy or NGINX tier.

VPC over N AZs → internet-facing NLB → HAProxy/NGINX Auto Scaling group (one proxy per AZ,
configuration rendered from typed options, backends found by a discovery agent) → the app
fleet over the private subnets → optionally the database → DNS and alarms.

    from hastack.blueprints import ProxiedWebApp

    stack = ProxiedWebApp("shop", region="eu-west-1",
                          proxy={"kind": "nginx", "balance": "leastconn"}).synth()
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Unpack

from hastack.components.compute import FleetOptions, add_fleet
from hastack.components.database import DatabaseOptions
from hastack.components.dns import DnsOptions, add_dns, dns_outputs
from hastack.components.load_balancer import load_balancer_outputs
from hastack.components.log_bucket import add_log_bucket
from hastack.components.monitoring import (
    MonitoringOptions,
    add_alarm_topic,
    add_load_balancer_alarms,
    monitoring_outputs,
)
from hastack.components.network import add_network, network_outputs
from hastack.components.proxy_tier import ProxyTierOptions, add_proxy_tier
from hastack.core.blueprint import Blueprint, StackFields
from hastack.core.options import option

from ._options import NetworkTierFields, NetworkTierOptions
from ._tiers import ChecksNetworkRegion, build_database_tier


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class ProxiedWebAppOptions(NetworkTierOptions):
    app_name: str = option(
        "app", help="Name used in tags and the default web page.", pattern=r"[a-z][a-z0-9-]{0,31}"
    )
    proxy: ProxyTierOptions = option(ProxyTierOptions(), help="The HAProxy/NGINX tier.")
    fleet: FleetOptions = option(FleetOptions(), help="App instances and scaling.")
    database: DatabaseOptions | None = option(None, help="Database; None (default) for none.")
    dns: DnsOptions = option(DnsOptions(), help="Route 53 zone, health check and record.")
    monitoring: MonitoringOptions = option(MonitoringOptions(), help="Alarms and their topic.")


class ProxiedWebAppFields(NetworkTierFields, total=False):
    app_name: str
    proxy: ProxyTierOptions | Mapping[str, Any]
    fleet: FleetOptions | Mapping[str, Any]
    database: DatabaseOptions | Mapping[str, Any] | None
    dns: DnsOptions | Mapping[str, Any]
    monitoring: MonitoringOptions | Mapping[str, Any]


class ProxiedWebAppKwargs(StackFields, ProxiedWebAppFields, total=False):
    pass


class ProxiedWebApp(ChecksNetworkRegion, Blueprint):
    """The web application behind an HAProxy or NGINX tier spread over the AZs."""

    options_class = ProxiedWebAppOptions
    description = "hastack ProxiedWebApp: NLB, HAProxy/NGINX tier over AZs, app fleet"
    options: ProxiedWebAppOptions

    def __init__(self, name: str, **kwargs: Unpack[ProxiedWebAppKwargs]) -> None:
        super().__init__(name, **kwargs)

    def build(self, t: Any) -> None:
        from troposphere import Output

        o = self.options
        logs = add_log_bucket(t, self.region)
        net = add_network(t, o.network, log_bucket_arn=logs.bucket_arn)
        topic = add_alarm_topic(t, o.monitoring)
        db = None
        if o.database is not None:
            db = build_database_tier(t, net, topic, database=o.database, monitoring=o.monitoring)
        proxies = add_proxy_tier(
            t, net, o.proxy, logs=logs, app_name=o.app_name, app_port=o.fleet.app_port
        )
        extra = (db.client_security_group_id,) if db is not None else ()
        web = add_fleet(
            t,
            net,
            proxies.front,
            o.fleet,
            app_name=o.app_name,
            extra_security_groups=extra,
            database=(db.endpoint, db.port) if db is not None else None,
        )
        dns = add_dns(t, proxies.load_balancer, o.dns, health_path=o.proxy.monitor_path)
        add_load_balancer_alarms(t, proxies.load_balancer, topic, o.monitoring)
        load_balancer_outputs(t, proxies.load_balancer)
        t.add_output(Output("ProxyAutoScalingGroupName", Value=proxies.fleet.group_name))
        t.add_output(Output("AutoScalingGroupName", Value=web.group_name))
        t.add_output(Output("AppSecurityGroupId", Value=web.security_group_id))
        if dns is not None:
            dns_outputs(t, dns, proxies.load_balancer.https)
        network_outputs(t, net)
        monitoring_outputs(t, topic)
