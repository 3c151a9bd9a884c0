"""QuorumCluster: an etcd cluster of 3 or 5 members over 3 AZs in its own VPC.

    from hastack.blueprints import QuorumCluster

    stack = QuorumCluster("locks", region="eu-west-1", quorum={"members": 5}).synth()

Clients attach the ``QuorumClientSecurityGroup`` output's group and connect to the
``QuorumEndpoints`` names with a certificate from the cluster's TLS secret.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Unpack

from hastack.components.log_bucket import add_log_bucket
from hastack.components.network import add_network, network_outputs
from hastack.components.quorum import QuorumOptions, add_quorum_cluster
from hastack.core.blueprint import Blueprint, StackFields
from hastack.core.options import option

from ._options import NetworkTierFields, NetworkTierOptions
from ._tiers import ChecksNetworkRegion


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class QuorumClusterOptions(NetworkTierOptions):
    quorum: QuorumOptions = option(QuorumOptions(), help="The consensus cluster.")

    def check(self) -> list[tuple[str, object, str]]:
        if self.network.az_count < 3 and len(self.network.availability_zones) < 3:
            return [
                (
                    "network.az_count",
                    self.network.az_count,
                    ">= 3: with two AZs one holds half the members and its loss loses the "
                    "quorum (use 2+1 across regions or a witness instead)",
                )
            ]
        return []


class QuorumClusterKwargs(StackFields, NetworkTierFields, total=False):
    quorum: QuorumOptions | Mapping[str, Any]


class QuorumCluster(ChecksNetworkRegion, Blueprint):
    """A quorum (consensus) cluster whose members keep their identity across replacement."""

    options_class = QuorumClusterOptions
    description = "hastack QuorumCluster: etcd members over 3 AZs with fixed identities"
    options: QuorumClusterOptions

    def __init__(self, name: str, **kwargs: Unpack[QuorumClusterKwargs]) -> None:
        super().__init__(name, **kwargs)

    def build(self, t: Any) -> None:
        from troposphere import Join, Output

        logs = add_log_bucket(t, self.region)
        net = add_network(t, self.options.network, log_bucket_arn=logs.bucket_arn)
        cluster = add_quorum_cluster(t, net, self.options.quorum)
        t.add_output(Output("QuorumClientSecurityGroupId", Value=cluster.client_security_group_id))
        t.add_output(Output("QuorumEndpoints", Value=Join(",", cluster.endpoints)))
        t.add_output(Output("QuorumTlsSecretArn", Value=cluster.tls_secret_arn))
        network_outputs(t, net)
