"""ElastiCache replication and subnet groups over moto's ElastiCache backend (moto has no
CloudFormation model for them).

The replication group is created with ``create_replication_group``, so
``describe_replication_groups`` shows its nodes in the AZs the template asked for, Multi-AZ and
automatic failover, encryption and the AUTH token's presence. What ElastiCache refuses at create
time that a template can get wrong is refused here with ElastiCache's message: Multi-AZ without
automatic failover, automatic failover with a single node, an AUTH token without encryption in
transit or outside 16-128 printable characters, ``PreferredCacheClusterAZs`` not one per node,
and an AZ the subnet group has no subnet in.

Not emulated (moto's backend has no such operation): no node serves Redis/Valkey, so nothing
fails over (``TestFailover`` does not exist in moto); ``DeleteCacheSubnetGroup`` does not exist,
so a deleted stack's subnet group stays in moto's backend (CloudFormation's generated names never
collide); a deleted replication group stays listed with status ``deleting``, as it does on AWS
for the minutes deletion takes; in-place updates change description, node type, failover,
Multi-AZ and snapshot retention (``modify_replication_group``), anything else is recorded only.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from hastack.local.errors import ResourceFailure
from hastack.local.handlers.base import Context, Handler, Live, register, tags_list, to_bool, to_int

AUTH_TOKEN = re.compile(r"[\x21-\x7e]{16,128}")
AUTH_TOKEN_FORBIDDEN = set('@"/')


@register
class CacheSubnetGroupHandler(Handler):
    type = "AWS::ElastiCache::SubnetGroup"
    emulates = (
        "`create_cache_subnet_group` (subnets read from the EC2 backend, one VPC); moto has no "
        "`DeleteCacheSubnetGroup`, so deleting leaves it in the backend"
    )

    def create(self, ctx: Context, props: dict[str, Any]) -> Live:
        name = str(props.get("CacheSubnetGroupName") or ctx.generated_name(255, lower=True))
        ctx.backend("elasticache").create_cache_subnet_group(
            name.lower(),
            str(props.get("Description", "")),
            [str(s) for s in props.get("SubnetIds") or []],
            tags_list(props.get("Tags")),
        )
        return Live(physical_id=name.lower())

    def delete(self, ctx: Context, live: Live, props: dict[str, Any]) -> None:
        """moto's backend has no DeleteCacheSubnetGroup: the group stays (module docstring)."""


def _problems(ctx: Context, props: dict[str, Any]) -> list[str]:
    nodes = to_int(props.get("NumCacheClusters"))
    cluster_mode = props.get("NumNodeGroups") is not None or props.get("NodeGroupConfiguration")
    failover = to_bool(props.get("AutomaticFailoverEnabled")) or False
    problems = []
    if to_bool(props.get("MultiAZEnabled")) and not failover:
        problems.append("Multi-AZ is not supported when automatic failover is disabled")
    if failover and not cluster_mode and (nodes or 1) < 2:
        problems.append(
            "Cannot enable automatic failover with less than two cache clusters (NumCacheClusters)"
        )
    token = props.get("AuthToken")
    if token is not None:
        text = str(token)
        if not to_bool(props.get("TransitEncryptionEnabled")):
            problems.append("The AUTH token is only allowed with encryption in transit enabled")
        if not AUTH_TOKEN.fullmatch(text) or AUTH_TOKEN_FORBIDDEN & set(text):
            problems.append(
                'The AUTH token must be 16 to 128 printable characters other than @, " and /'
            )
    azs = [str(a) for a in props.get("PreferredCacheClusterAZs") or []]
    if azs and nodes is not None and len(azs) != nodes:
        problems.append(
            f"PreferredCacheClusterAZs lists {len(azs)} AZ(s) for {nodes} cache clusters: "
            "one per node"
        )
    group_name = props.get("CacheSubnetGroupName")
    if group_name:
        groups = ctx.backend("elasticache").cache_subnet_groups
        group = groups.get(str(group_name).lower())
        if group is None:
            problems.append(f"CacheSubnetGroupNotFoundFault: {group_name}")
        elif azs:
            offered = {str(s.get("subnet_availability_zone")) for s in group.subnets}
            missing = sorted(set(azs) - offered)
            if missing:
                problems.append(
                    f"The subnet group {group_name} has no subnet in {', '.join(missing)} "
                    f"(it covers {', '.join(sorted(offered))})"
                )
    return problems


def _replicas(props: dict[str, Any]) -> int | None:
    """Replicas per node group. moto builds a cluster-mode-disabled group's nodes from
    ``replicas_per_node_group`` and ignores ``num_cache_clusters`` (it makes one node), where
    ElastiCache makes ``NumCacheClusters`` nodes: a primary and NumCacheClusters - 1 replicas.
    Passing that count as the replicas asks moto for the same group through its own API."""
    replicas = to_int(props.get("ReplicasPerNodeGroup"))
    nodes = to_int(props.get("NumCacheClusters"))
    if replicas is None and nodes is not None and props.get("NumNodeGroups") is None:
        return nodes - 1
    return replicas


@register
class ReplicationGroupHandler(Handler):
    type = "AWS::ElastiCache::ReplicationGroup"
    emulates = (
        "`create_replication_group` in moto's ElastiCache backend: nodes in the preferred AZs, "
        "Multi-AZ, failover, encryption and AUTH checked as ElastiCache does; no node serves "
        "and nothing fails over; a final snapshot for `DeletionPolicy: Snapshot`"
    )

    def create(self, ctx: Context, props: dict[str, Any]) -> Live:
        problems = _problems(ctx, props)
        if problems:
            raise ResourceFailure("; ".join(problems))
        ident = str(props.get("ReplicationGroupId") or ctx.generated_name(40, lower=True))
        ident = re.sub("-{2,}", "-", ident.lower()).strip("-")
        group = ctx.backend("elasticache").create_replication_group(
            replication_group_id=ident,
            replication_group_description=str(props.get("ReplicationGroupDescription", "")),
            global_replication_group_id=props.get("GlobalReplicationGroupId"),
            primary_cluster_id=props.get("PrimaryClusterId"),
            automatic_failover_enabled=bool(to_bool(props.get("AutomaticFailoverEnabled"))),
            multi_az_enabled=bool(to_bool(props.get("MultiAZEnabled"))),
            num_cache_clusters=to_int(props.get("NumCacheClusters")),
            preferred_cache_cluster_azs=[
                str(a) for a in props.get("PreferredCacheClusterAZs") or []
            ],
            num_node_groups=to_int(props.get("NumNodeGroups")),
            replicas_per_node_group=_replicas(props),
            node_group_configuration=list(props.get("NodeGroupConfiguration") or []),
            cache_node_type=props.get("CacheNodeType"),
            engine=props.get("Engine"),
            engine_version=props.get("EngineVersion"),
            cache_parameter_group_name=props.get("CacheParameterGroupName"),
            cache_subnet_group_name=props.get("CacheSubnetGroupName"),
            cache_security_group_names=props.get("CacheSecurityGroupNames"),
            security_group_ids=[str(s) for s in props.get("SecurityGroupIds") or []],
            tags=tags_list(props.get("Tags")),
            snapshot_arns=props.get("SnapshotArns"),
            snapshot_name=props.get("SnapshotName"),
            preferred_maintenance_window=props.get("PreferredMaintenanceWindow"),
            port=to_int(props.get("Port")),
            notification_topic_arn=props.get("NotificationTopicArn"),
            auto_minor_version_upgrade=to_bool(props.get("AutoMinorVersionUpgrade")),
            snapshot_retention_limit=to_int(props.get("SnapshotRetentionLimit")) or 0,
            snapshot_window=props.get("SnapshotWindow"),
            auth_token=props.get("AuthToken"),
            transit_encryption_enabled=to_bool(props.get("TransitEncryptionEnabled")),
            at_rest_encryption_enabled=to_bool(props.get("AtRestEncryptionEnabled")),
            kms_key_id=props.get("KmsKeyId"),
            user_group_ids=list(props.get("UserGroupIds") or []),
            log_delivery_configurations=list(props.get("LogDeliveryConfigurations") or []),
            data_tiering_enabled=to_bool(props.get("DataTieringEnabled")),
            network_type=props.get("NetworkType"),
            ip_discovery=props.get("IpDiscovery"),
            transit_encryption_mode=props.get("TransitEncryptionMode"),
            cluster_mode=props.get("ClusterMode"),
            serverless_cache_snapshot_name=None,
        )
        return Live(physical_id=group.replication_group_id)

    def update(self, ctx: Context, live: Live, old: dict[str, Any], new: dict[str, Any]) -> Live:
        problems = _problems(ctx, new)
        if problems:
            raise ResourceFailure("; ".join(problems))
        ctx.backend("elasticache").modify_replication_group(
            live.physical_id,
            new.get("ReplicationGroupDescription"),
            new.get("Engine"),
            new.get("CacheNodeType"),
            to_bool(new.get("AutomaticFailoverEnabled")),
            to_bool(new.get("MultiAZEnabled")),
            to_int(new.get("SnapshotRetentionLimit")),
        )
        return live

    def delete(self, ctx: Context, live: Live, props: dict[str, Any]) -> None:
        backend = ctx.backend("elasticache")
        if live.physical_id in backend.replication_groups:
            backend.delete_replication_group(live.physical_id, False)

    def snapshot(self, ctx: Context, live: Live) -> str | None:
        backend = ctx.backend("elasticache")
        name = f"{live.physical_id}-final-snapshot"
        if live.physical_id in backend.replication_groups and name not in backend.snapshots:
            backend.create_snapshot(name, live.physical_id, None, None, None)
        return name

    def attribute(self, ctx: Context, live: Live, name: str) -> Any:
        groups = ctx.backend("elasticache").replication_groups
        group = groups.get(live.physical_id)
        if group is None:
            return super().attribute(ctx, live, name)
        nodes = group.node_groups[0] if group.node_groups else {}
        port = str(group.port)
        members = [m for g in group.node_groups for m in g.get("node_group_members", [])]
        readers = [m for m in members if m.get("current_role") == "replica"]
        addresses = [str((m.get("read_endpoint") or {}).get("address", "")) for m in readers]
        table: dict[str, Callable[[], object]] = {
            "PrimaryEndPoint.Address": lambda: nodes.get("primary_endpoint_address"),
            "PrimaryEndPoint.Port": lambda: port,
            "ReaderEndPoint.Address": lambda: nodes.get("reader_endpoint_address"),
            "ReaderEndPoint.Port": lambda: port,
            "ConfigurationEndPoint.Address": lambda: group.configuration_endpoint["address"],
            "ConfigurationEndPoint.Port": lambda: port,
            "ReadEndPoint.Addresses": lambda: ",".join(addresses),
            "ReadEndPoint.Addresses.List": lambda: addresses,
            "ReadEndPoint.Ports": lambda: ",".join(port for _ in addresses),
            "ReadEndPoint.Ports.List": lambda: [port for _ in addresses],
        }
        if name in table:
            value = table[name]()
            if value is not None:
                return value
        return super().attribute(ctx, live, name)
