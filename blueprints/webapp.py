"""HAWebApp: the complete highly available web application in one stack.

VPC over N AZs with a NAT gateway per AZ → load balancer (HTTPS when a certificate is given)
→ Auto Scaling group across the private subnets → Aurora (writer + readers in other AZs) or
RDS Multi-AZ in the isolated subnets → Route 53 zone and alias record → alarms.

Recovery story (one region; see docs/multiregion.md for two):

- An instance fails: the target group's shallow check (/health, 15 s x 3) takes it out in about
  45 s; the group replaces it. No data is on instances (RPO 0).
- An AZ is lost: the other AZs keep serving without scaling when the fleet is sized for the
  stated peak (``fleet.peak_instances``; synth prints the figure); zonal shift can drain a
  gray-failing AZ. Aurora promotes a reader in another AZ (RTO about 30 s, RPO 0: the storage
  is replicated across three AZs); RDS Multi-AZ fails over to its synchronous standby
  (RTO 60-120 s, RPO 0).
- A bad release: instances signal only after their own health check passes, so the rolling
  update stops at the first batch that never becomes healthy and rolls back.
- The region is lost: not covered (RTO = rebuilding elsewhere from snapshots, RPO = the last
  snapshot, up to 5 minutes of point-in-time logs); use ``ActivePassiveWebApp``.

    from hastack.blueprints import HAWebApp

    stack = HAWebApp("shop", region="eu-west-1",
                     dns={"domain_name": "shop.example.com"},
                     database={"engine": "aurora-mysql", "readers": 2}).synth()
"""

from __future__ import annotations

from typing import Any, Unpack

from hastack.core.blueprint import Blueprint

from ._options import HAWebAppKwargs, HAWebAppOptions
from ._tiers import ChecksNetworkRegion, build_web_app


class HAWebApp(ChecksNetworkRegion, Blueprint):
    """The whole always-on web application in one stack."""

    options_class = HAWebAppOptions
    description = "hastack HAWebApp: load balancer, Auto Scaling group over AZs, database, DNS"
    options: HAWebAppOptions

    def __init__(self, name: str, **kwargs: Unpack[HAWebAppKwargs]) -> None:
        super().__init__(name, **kwargs)

    def build(self, t: Any) -> None:
        build_web_app(t, self.region, self.options)
