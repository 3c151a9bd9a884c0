"""HAWebApp: the complete highly available web application in one stack.

VPC over N AZs with a NAT gateway per AZ → load balancer (HTTPS when a certificate is given)
→ Auto Scaling group across the private subnets → Aurora (writer + readers in other AZs) or
RDS Multi-AZ in the isolated subnets → Route 53 zone, health check and alias record → alarms.

    from blueprints import HAWebApp

    stack = HAWebApp("shop", region="eu-west-1",
                     dns={"domain_name": "shop.example.com"},
                     database={"engine": "aurora-mysql", "readers": 2}).synth()
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from blueprints._tiers import ChecksNetworkRegion, build_web_app
from hastack.components.compute import FleetOptions
from hastack.components.database import DatabaseOptions
from hastack.components.dns import DnsOptions
from hastack.components.load_balancer import LoadBalancerOptions
from hastack.components.monitoring import MonitoringOptions
from hastack.components.network import NetworkOptions
from hastack.core.blueprint import Blueprint
from hastack.core.options import Options, option


@dataclass(frozen=True, kw_only=True)
class HAWebAppOptions(Options):
    app_name: str = option(
        "app", help="Name used in tags and the default web page.", pattern=r"[a-z][a-z0-9-]{0,31}"
    )
    network: NetworkOptions = option(NetworkOptions(), help="VPC, AZs and NAT gateways.")
    load_balancer: LoadBalancerOptions = option(LoadBalancerOptions(), help="Load balancer.")
    fleet: FleetOptions = option(FleetOptions(), help="Instances and scaling.")
    database: DatabaseOptions | None = option(DatabaseOptions(), help="Database; None for none.")
    dns: DnsOptions = option(DnsOptions(), help="Route 53 zone, health check and record.")
    monitoring: MonitoringOptions = option(MonitoringOptions(), help="Alarms and their topic.")


class HAWebApp(ChecksNetworkRegion, Blueprint):
    """The whole always-on web application in one stack."""

    options_class = HAWebAppOptions
    description = "hastack HAWebApp: load balancer, Auto Scaling group over AZs, database, DNS"
    options: HAWebAppOptions

    def build(self, t: Any) -> None:
        build_web_app(t, self.region, self.options)
