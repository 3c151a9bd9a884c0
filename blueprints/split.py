"""The web application split into three stacks wired through outputs.

``NetworkTier`` (VPC, subnets, NAT) → ``DatabaseTier`` (reads the network's outputs) →
``WebTier`` (reads the network's and the database's outputs). Each consumer receives the values
as CloudFormation parameters filled in at deploy, so the network can change without an
Export/ImportValue deadlock, and each tier deploys and rolls back on its own.

Recovery story: the same as :class:`~hastack.blueprints.HAWebApp` (instance: about 45 s behind the
shallow check, RPO 0; AZ: static stability plus Aurora reader promotion, RTO about 30 s, RPO 0;
bad release: signal-gated rolling update rolls back), since the tiers hold the same resources.
Splitting adds that a failed update of one tier rolls back that tier only. The region is not
covered (RTO = rebuild from snapshots, RPO = last snapshot); use ``ActivePassiveWebApp``.
"""

from __future__ import annotations

from typing import Any, Unpack

from hastack.components.log_bucket import add_log_bucket
from hastack.components.monitoring import add_alarm_topic, monitoring_outputs
from hastack.components.network import (
    NetworkHandle,
    add_network,
    network_outputs,
)
from hastack.core.blueprint import Blueprint
from hastack.errors import OptionsError

from ._options import (
    DatabaseTierKwargs,
    DatabaseTierOptions,
    NetworkTierKwargs,
    NetworkTierOptions,
    WebTierKwargs,
    WebTierOptions,
)
from ._tiers import ChecksNetworkRegion, build_database_tier, build_web_tier

NETWORK_PARAMETERS = {
    "VpcId": "String",
    "VpcCidr": "String",
    "PublicSubnetIds": "CommaDelimitedList",
    "PrivateSubnetIds": "CommaDelimitedList",
    "IsolatedSubnetIds": "CommaDelimitedList",
}


class NetworkTier(ChecksNetworkRegion, Blueprint):
    """VPC, subnets, NAT gateways and flow logs; outputs the ids the other tiers consume."""

    options_class = NetworkTierOptions
    description = "hastack NetworkTier: VPC over AZs with public, private and isolated subnets"
    options: NetworkTierOptions

    def __init__(self, name: str, **kwargs: Unpack[NetworkTierKwargs]) -> None:
        super().__init__(name, **kwargs)

    def build(self, t: Any) -> None:
        logs = add_log_bucket(t, self.region)
        net = add_network(t, self.options.network, log_bucket_arn=logs.bucket_arn)
        network_outputs(t, net)


class _NetworkConsumer(Blueprint):
    """A tier that runs inside a :class:`NetworkTier`'s VPC (same region)."""

    def __init__(self, name: str, *, network: NetworkTier, **kwargs: Any) -> None:
        if not isinstance(network, NetworkTier):
            raise OptionsError(
                type(self).__name__, [("network", network, "a NetworkTier blueprint")]
            )
        self.network = network
        super().__init__(name, region=kwargs.pop("region", network.region), **kwargs)
        if self.region != network.region:
            raise OptionsError(
                type(self).__name__,
                [("region", self.region, f"the network's region ({network.region})")],
            )

    network_parameters: tuple[str, ...] = ()
    """The network outputs this tier reads (only those become parameters: no unused ones)."""

    def network_handle(self, t: Any) -> NetworkHandle:
        refs = {
            name: self.input(t, name, self.network.output(name), type=NETWORK_PARAMETERS[name])
            if name in self.network_parameters
            else None
            for name in NETWORK_PARAMETERS
        }
        net_options = self.network.options.network
        return NetworkHandle(
            vpc_id=refs["VpcId"],
            vpc_cidr=refs["VpcCidr"],
            public_subnet_ids=refs["PublicSubnetIds"],
            private_subnet_ids=refs["PrivateSubnetIds"],
            isolated_subnet_ids=refs["IsolatedSubnetIds"],
            az_count=net_options.zones,
            availability_zones=tuple(net_options.availability_zones),
            ipv6=net_options.ipv6,
        )


class DatabaseTier(_NetworkConsumer):
    """The database in the network's isolated subnets, with its alarms."""

    options_class = DatabaseTierOptions
    network_parameters = ("VpcId", "IsolatedSubnetIds")
    description = "hastack DatabaseTier: replicated database in isolated subnets"
    options: DatabaseTierOptions

    def __init__(
        self, name: str, *, network: NetworkTier, **kwargs: Unpack[DatabaseTierKwargs]
    ) -> None:
        super().__init__(name, network=network, **kwargs)

    def build(self, t: Any) -> None:
        net = self.network_handle(t)
        topic = add_alarm_topic(t, self.options.monitoring)
        build_database_tier(
            t, net, topic, database=self.options.database, monitoring=self.options.monitoring
        )
        monitoring_outputs(t, topic)


class WebTier(_NetworkConsumer):
    """Load balancer, fleet and DNS; reaches the database through its client security group."""

    options_class = WebTierOptions
    network_parameters = ("VpcId", "VpcCidr", "PublicSubnetIds", "PrivateSubnetIds")
    description = "hastack WebTier: load balancer and Auto Scaling group over AZs"
    options: WebTierOptions

    def __init__(
        self,
        name: str,
        *,
        network: NetworkTier,
        database: DatabaseTier | None = None,
        **kwargs: Unpack[WebTierKwargs],
    ) -> None:
        if database is not None and not isinstance(database, DatabaseTier):
            raise OptionsError(type(self).__name__, [("database", database, "a DatabaseTier")])
        self.database = database
        super().__init__(name, network=network, **kwargs)

    def build(self, t: Any) -> None:
        o = self.options
        net = self.network_handle(t)
        logs = add_log_bucket(t, self.region)
        topic = add_alarm_topic(t, o.monitoring)
        client_group = None
        endpoint = None
        if self.database is not None:
            client_group = self.input(
                t,
                "DatabaseClientSecurityGroupId",
                self.database.output("DatabaseClientSecurityGroupId"),
            )
            # the deep health check probes the database the app uses
            endpoint = (
                self.input(t, "DatabaseEndpoint", self.database.output("DatabaseEndpoint")),
                self.database.options.database.port,
            )
        build_web_tier(
            t,
            net,
            logs,
            topic,
            app_name=o.app_name,
            load_balancer=o.load_balancer,
            fleet=o.fleet,
            dns=o.dns,
            monitoring=o.monitoring,
            database_client_group=client_group,
            database_endpoint=endpoint,
        )
        monitoring_outputs(t, topic)
