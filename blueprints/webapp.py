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

from typing import Any

from blueprints._options import HAWebAppOptions
from blueprints._tiers import ChecksNetworkRegion, build_web_app
from hastack.core.blueprint import Blueprint


class HAWebApp(ChecksNetworkRegion, Blueprint):
    """The whole always-on web application in one stack."""

    options_class = HAWebAppOptions
    description = "hastack HAWebApp: load balancer, Auto Scaling group over AZs, database, DNS"
    options: HAWebAppOptions

    def build(self, t: Any) -> None:
        build_web_app(t, self.region, self.options)
