"""RDS: Aurora clusters, the instances that join them, global clusters, subnet and parameter
groups, through ``RDSBackend``'s public methods (``describe_db_clusters`` shows what the stack
made, with writer and readers in the cluster).

moto has no ``AWS::RDS::DBCluster`` model, and its ``AWS::RDS::DBInstance`` model ignores
``DBClusterIdentifier`` (an Aurora member became a standalone instance).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from hastack.local.errors import ResourceFailure
from hastack.local.handlers.base import (
    Context,
    Handler,
    Live,
    not_found,
    rds_identifier,
    register,
    tags_list,
    to_bool,
    to_int,
)

_INTS = {
    "Port",
    "BackupRetentionPeriod",
    "BacktrackWindow",
    "Iops",
    "AllocatedStorage",
    "MaxAllocatedStorage",
    "MonitoringInterval",
    "PerformanceInsightsRetentionPeriod",
    "PromotionTier",
    "StorageThroughput",
}
_BOOLS = {
    "StorageEncrypted",
    "DeletionProtection",
    "ManageMasterUserPassword",
    "CopyTagsToSnapshot",
    "EnableIAMDatabaseAuthentication",
    "EnableHttpEndpoint",
    "AutoMinorVersionUpgrade",
    "PubliclyAccessible",
    "EnableGlobalWriteForwarding",
    "PerformanceInsightsEnabled",
    "EnablePerformanceInsights",
    "MultiAZ",
}


def api_kwargs(props: dict[str, Any], keys: Iterable[str] | None = None) -> dict[str, Any]:
    """CloudFormation properties -> the snake_case keyword arguments moto's RDS API layer
    passes its backend (``DBClusterIdentifier`` -> ``db_cluster_identifier``)."""
    from botocore import xform_name

    wanted = set(keys) if keys is not None else None
    result: dict[str, Any] = {}
    for key, value in props.items():
        if value is None or (wanted is not None and key not in wanted):
            continue
        if key in _INTS:
            value = to_int(value)
        elif key in _BOOLS:
            value = to_bool(value)
        result[xform_name(key)] = value
    return result


def _engine(kwargs: dict[str, Any]) -> None:
    """RDS takes engine names in any case (``Engine: MySQL`` is common); moto only lowercase."""
    if isinstance(kwargs.get("engine"), str):
        kwargs["engine"] = kwargs["engine"].lower()


def _secret_kms_key(props: dict[str, Any]) -> str | None:
    secret = props.get("MasterUserSecret") or {}
    return secret.get("KmsKeyId") if isinstance(secret, dict) else None


_CLUSTER_CREATE_DROP = {
    "MasterUserSecret",
    "Tags",
    "DBClusterIdentifier",
    "SnapshotIdentifier",
    "RestoreType",
    "SourceDBClusterIdentifier",
    "UseLatestRestorableTime",
    "AssociatedRoles",
    "EnableCloudwatchLogsExports",
}
_CLUSTER_MODIFIABLE = (
    "BackupRetentionPeriod",
    "PreferredBackupWindow",
    "PreferredMaintenanceWindow",
    "EngineVersion",
    "DeletionProtection",
    "Port",
    "VpcSecurityGroupIds",
    "DBClusterParameterGroupName",
    "MasterUserPassword",
    "CopyTagsToSnapshot",
    "EnableIAMDatabaseAuthentication",
    "ServerlessV2ScalingConfiguration",
    "ScalingConfiguration",
    "BacktrackWindow",
    "EnableHttpEndpoint",
    "DBClusterInstanceClass",
    "AllocatedStorage",
    "Iops",
    "StorageType",
    "MonitoringInterval",
    "MonitoringRoleArn",
    "PerformanceInsightsEnabled",
    "PerformanceInsightsKmsKeyId",
    "PerformanceInsightsRetentionPeriod",
    "AutoMinorVersionUpgrade",
)


def _restore_cluster(backend: Any, snapshot: str, kwargs: dict[str, Any]) -> str:
    """``SnapshotIdentifier``: the cluster is restored from the snapshot (name or ARN) and
    keeps its master user and database, rather than being created empty."""
    name = _existing_snapshot(
        snapshot,
        lambda n: backend.describe_db_cluster_snapshots(
            db_cluster_identifier=None, db_snapshot_identifier=n
        ),
        "DBClusterSnapshotNotFoundFault: DBClusterSnapshot",
    )
    cluster = backend.restore_db_cluster_from_snapshot(name, _without_master_user(kwargs))
    return str(cluster.db_cluster_identifier)


def _restore_instance(backend: Any, snapshot: str, kwargs: dict[str, Any]) -> Any:
    """``DBSnapshotIdentifier``: the instance is restored from the snapshot (name or ARN),
    keeping its master user."""
    name = _existing_snapshot(
        snapshot,
        lambda n: backend.describe_db_snapshots(
            db_instance_identifier=None, db_snapshot_identifier=n
        ),
        "DBSnapshotNotFound: DBSnapshot",
    )
    return backend.restore_db_instance_from_db_snapshot(name, _without_master_user(kwargs))


def _existing_snapshot(snapshot: str, describe: Callable[[str], object], fault: str) -> str:
    """The snapshot's name (from a name or an ARN); one that does not exist fails the resource
    with AWS's not-found fault (``fault`` names it)."""
    name = snapshot.rsplit(":", 1)[-1] if snapshot.startswith("arn:") else snapshot
    try:
        describe(name)
    except Exception as error:  # noqa: BLE001 - moto's snapshot-not-found errors
        if not not_found(error):
            raise
        raise ResourceFailure(f"{fault} {name} not found") from None
    return name


def _without_master_user(kwargs: dict[str, Any]) -> dict[str, Any]:
    """A restore keeps the snapshot's master user."""
    return {k: v for k, v in kwargs.items() if k != "master_username"}


@register
class DBClusterHandler(Handler):
    type = "AWS::RDS::DBCluster"
    replace_on = ("Engine", "MasterUsername", "AvailabilityZones", "GlobalClusterIdentifier")
    emulates = (
        "`create_db_cluster` (`restore_db_cluster_from_snapshot` with `SnapshotIdentifier`); "
        "in-place updates through `modify_db_cluster` (data kept); "
        "`DeletionPolicy: Snapshot` takes a final cluster snapshot"
    )

    def create(self, ctx: Context, props: dict[str, Any]) -> Live:
        kwargs = api_kwargs({k: v for k, v in props.items() if k not in _CLUSTER_CREATE_DROP})
        kwargs["db_cluster_identifier"] = (
            str(props["DBClusterIdentifier"]).lower()
            if props.get("DBClusterIdentifier")
            else rds_identifier(ctx.generated_name(63))
        )
        kwargs["tags"] = tags_list(props.get("Tags"))
        kwargs["enable_cloudwatch_logs_exports"] = list(
            props.get("EnableCloudwatchLogsExports") or []
        )
        _engine(kwargs)
        if (key := _secret_kms_key(props)) is not None:
            kwargs["master_user_secret_kms_key_id"] = key
        if "AllocatedStorage" not in props and str(props.get("Engine")).startswith("aurora"):
            # Aurora storage grows on its own (AWS reports 1); moto looks a default up by
            # storage type and has none for "aurora".
            kwargs["allocated_storage"] = 1
        if global_id := props.get("GlobalClusterIdentifier"):
            kwargs["global_cluster_identifier"] = str(global_id).lower()
        backend = ctx.backend("rds")
        if snapshot := props.get("SnapshotIdentifier"):
            return Live(physical_id=_restore_cluster(backend, str(snapshot), kwargs))
        cluster = backend.create_db_cluster(kwargs)
        return Live(physical_id=cluster.db_cluster_identifier)

    def update(self, ctx: Context, live: Live, old: dict[str, Any], new: dict[str, Any]) -> Live:
        """In place, as AWS does for every property that is not create-only: the cluster (and
        its data) stays. moto's ``modify_db_cluster`` gets only the changed, modifiable
        properties, in the API's shapes."""
        backend = ctx.backend("rds")
        changed = [k for k in _CLUSTER_MODIFIABLE if old.get(k) != new.get(k)]
        kwargs = api_kwargs(new, changed)
        kwargs["db_cluster_identifier"] = live.physical_id
        kwargs["apply_immediately"] = True
        old_logs = set(old.get("EnableCloudwatchLogsExports") or [])
        new_logs = set(new.get("EnableCloudwatchLogsExports") or [])
        if old_logs != new_logs:
            kwargs["enable_cloudwatch_logs_exports"] = {
                "EnableLogTypes": sorted(new_logs - old_logs),
                "DisableLogTypes": sorted(old_logs - new_logs),
            }
        if live.physical_id not in backend.clusters:
            raise ResourceFailure(f"DBCluster {live.physical_id} not found")
        backend.modify_db_cluster(kwargs)
        if old.get("Tags") != new.get("Tags"):
            arn = backend.clusters[live.physical_id].db_cluster_arn
            backend.remove_tags_from_resource(arn, [t["Key"] for t in tags_list(old.get("Tags"))])
            backend.add_tags_to_resource(arn, tags_list(new.get("Tags")))
        return live

    def delete(self, ctx: Context, live: Live, props: dict[str, Any]) -> None:
        backend = ctx.backend("rds")
        cluster = backend.clusters.get(live.physical_id)
        if cluster is None:
            return
        if cluster.global_cluster_identifier and not cluster.deletion_protection:
            _leave_global_cluster(ctx, cluster)
        backend.delete_db_cluster(cluster_identifier=live.physical_id, snapshot_name=None)

    def actual(self, ctx: Context, live: Live, props: dict[str, Any]) -> Any:
        cluster = ctx.backend("rds").clusters.get(live.physical_id)
        if cluster is None:
            return None
        now = {
            "BackupRetentionPeriod": cluster.backup_retention_period,
            "DeletionProtection": cluster.deletion_protection,
            "EngineVersion": cluster.engine_version,
            "Port": cluster.port,
        }
        return {key: value for key, value in now.items() if key in props}

    def attribute(self, ctx: Context, live: Live, name: str) -> Any:
        cluster = ctx.backend("rds").clusters.get(live.physical_id)
        table: dict[str, Callable[[], object]] = {
            "Endpoint.Address": lambda: cluster.endpoint,
            "Endpoint.Port": lambda: str(cluster.port),
            "ReadEndpoint.Address": lambda: cluster.reader_endpoint,
            "DBClusterArn": lambda: cluster.db_cluster_arn,
            "DBClusterResourceId": lambda: cluster.db_cluster_resource_id,
            "MasterUserSecret.SecretArn": lambda: cluster.master_user_secret.secret_arn,
        }
        if cluster is not None and name in table:
            return table[name]()
        return super().attribute(ctx, live, name)

    def snapshot(self, ctx: Context, live: Live) -> str | None:
        backend = ctx.backend("rds")
        name = f"{live.physical_id}-final-snapshot"
        if live.physical_id in backend.clusters and name not in backend.cluster_snapshots:
            backend.create_db_cluster_snapshot(live.physical_id, name)
        return name


def _writer_by_promotion_tier(backend: Any, cluster_id: str) -> None:
    """While a stack creates a cluster and its instances, the writer is the member with the
    lowest ``PromotionTier`` (ties: the first created).

    CloudFormation creates the instances in parallel and the first one ready becomes the
    writer; the engine creates them one by one, so the promotion tier (the template's stated
    intent) decides, through the public ``failover_db_cluster``.
    """
    cluster = backend.clusters.get(cluster_id)
    if cluster is None or len(cluster.db_cluster_members) < 2:
        return
    members = cluster.db_cluster_members
    best = min(enumerate(members), key=lambda pair: (pair[1]["PromotionTier"] or 0, pair[0]))[1]
    if not best["IsClusterWriter"]:
        backend.failover_db_cluster(cluster_id, best["DBInstanceIdentifier"])


def _leave_global_cluster(ctx: Context, cluster: Any) -> None:
    """A member leaves its global cluster before it is deleted, as AWS requires. The global
    cluster may live in another region's backend, where moto's ``remove_from_global_cluster``
    cannot find this cluster, so it is taken out of that global cluster's member list."""
    from moto.backends import get_backend

    for regional in get_backend("rds")[ctx.account].values():
        for global_cluster in regional.global_clusters.values():
            if cluster in global_cluster.members:
                global_cluster.members.remove(cluster)


@register
class DBInstanceHandler(Handler):
    type = "AWS::RDS::DBInstance"
    replace_on = (
        "DBClusterIdentifier",
        "Engine",
        "DBName",
        "MasterUsername",
        "AvailabilityZone",
        "StorageEncrypted",
        "KmsKeyId",
        "DBSubnetGroupName",
        "CharacterSetName",
        "SourceDBInstanceIdentifier",
    )
    emulates = (
        "`create_db_instance` (joins its Aurora cluster when `DBClusterIdentifier` is set; a "
        "read replica with `SourceDBInstanceIdentifier`; restored with `DBSnapshotIdentifier`); "
        "in-place `modify_db_instance`"
    )

    def create(self, ctx: Context, props: dict[str, Any]) -> Live:
        backend = ctx.backend("rds")
        drop = {
            "MasterUserSecret",
            "Tags",
            "DBInstanceIdentifier",
            "SourceDBInstanceIdentifier",
            "DBSnapshotIdentifier",
            "UseDefaultProcessorFeatures",
            "ProcessorFeatures",
            "AssociatedRoles",
            "SourceRegion",
            "EnableCloudwatchLogsExports",
        }
        kwargs = api_kwargs({k: v for k, v in props.items() if k not in drop})
        kwargs["db_instance_identifier"] = (
            str(props["DBInstanceIdentifier"]).lower()
            if props.get("DBInstanceIdentifier")
            else rds_identifier(ctx.generated_name(63))
        )
        kwargs["tags"] = tags_list(props.get("Tags"))
        _engine(kwargs)
        if (key := _secret_kms_key(props)) is not None:
            kwargs["master_user_secret_kms_key_id"] = key
        if cluster_id := props.get("DBClusterIdentifier"):
            kwargs["db_cluster_identifier"] = str(cluster_id).lower()
            kwargs["promotion_tier"] = to_int(props.get("PromotionTier", 1))
            database = backend.create_db_instance(kwargs)
            if ctx.creating_stack:
                _writer_by_promotion_tier(backend, kwargs["db_cluster_identifier"])
        elif source := props.get("SourceDBInstanceIdentifier"):
            kwargs["source_db_instance_identifier"] = source
            database = backend.create_db_instance_read_replica(kwargs)
        elif snapshot := props.get("DBSnapshotIdentifier"):
            database = _restore_instance(backend, str(snapshot), kwargs)
        else:
            if "port" not in kwargs and "mysql" in str(kwargs.get("engine")):
                kwargs["port"] = 3306
            database = backend.create_db_instance(kwargs)
        return Live(
            physical_id=database.db_instance_identifier, state=database.db_instance_identifier
        )

    def update(self, ctx: Context, live: Live, old: dict[str, Any], new: dict[str, Any]) -> Live:
        backend = ctx.backend("rds")
        keys = [
            "DBInstanceClass",
            "AllocatedStorage",
            "MultiAZ",
            "BackupRetentionPeriod",
            "DeletionProtection",
            "EngineVersion",
            "PreferredMaintenanceWindow",
            "PreferredBackupWindow",
            "StorageType",
            "Iops",
            "PubliclyAccessible",
            "MasterUserPassword",
            "VPCSecurityGroups",
            "DBParameterGroupName",
            "PromotionTier",
        ]
        changed = [k for k in keys if old.get(k) != new.get(k)]
        database = backend.databases.get(live.physical_id)
        if database is None:
            raise ResourceFailure(f"DBInstance {live.physical_id} not found")
        if database.db_cluster_identifier:
            changed = [k for k in changed if k not in ("AllocatedStorage", "BackupRetentionPeriod")]
        if changed:
            kwargs = api_kwargs(new, changed)
            if "v_p_c_security_groups" in kwargs:
                kwargs["vpc_security_group_ids"] = kwargs.pop("v_p_c_security_groups")
            backend.modify_db_instance(live.physical_id, kwargs)
        return live

    def delete(self, ctx: Context, live: Live, props: dict[str, Any]) -> None:
        backend = ctx.backend("rds")
        database = backend.databases.get(live.physical_id)
        if database is None:
            return
        backend.delete_db_instance(live.physical_id)

    def snapshot(self, ctx: Context, live: Live) -> str | None:
        backend = ctx.backend("rds")
        database = backend.databases.get(live.physical_id)
        if database is None or database.db_cluster_identifier:
            return None  # Aurora members are covered by their cluster's snapshot
        name = f"{live.physical_id}-final-snapshot"
        if name not in backend.database_snapshots:
            backend.create_db_snapshot(live.physical_id, name)
        return name

    def attribute(self, ctx: Context, live: Live, name: str) -> Any:
        database = ctx.backend("rds").databases.get(live.physical_id)
        table: dict[str, Callable[[], object]] = {
            "Endpoint.Address": lambda: database.address,
            "Endpoint.Port": lambda: str(database.port),
            "DBInstanceArn": lambda: database.db_instance_arn,
            "DbiResourceId": lambda: database.dbi_resource_id,
            "MasterUserSecret.SecretArn": lambda: database.master_user_secret.secret_arn,
        }
        if database is not None and name in table:
            return table[name]()
        return super().attribute(ctx, live, name)


@register
class GlobalClusterHandler(Handler):
    type = "AWS::RDS::GlobalCluster"
    emulates = "`create_global_cluster` (around a source cluster, or empty for members to join)"

    def create(self, ctx: Context, props: dict[str, Any]) -> Live:
        backend = ctx.backend("rds")
        source = props.get("SourceDBClusterIdentifier")
        source_arn = None
        if source:
            source_arn = str(source)
            if not source_arn.startswith("arn:"):
                source_arn = backend.describe_db_clusters(db_cluster_identifier=source_arn)[0].arn
        identifier = str(
            props.get("GlobalClusterIdentifier") or rds_identifier(ctx.generated_name(63))
        )
        cluster = backend.create_global_cluster(
            global_cluster_identifier=identifier,
            source_db_cluster_identifier=source_arn,
            engine=None if source_arn else props.get("Engine"),
            engine_version=None if source_arn else props.get("EngineVersion"),
            storage_encrypted=to_bool(props.get("StorageEncrypted")),
            deletion_protection=to_bool(props.get("DeletionProtection")),
        )
        if source_arn is not None:
            # AWS makes the source cluster the global database's primary; moto adds it as a
            # member without its writer flag, which its modify_db_cluster sets.
            source_id = source_arn.rsplit(":", 1)[-1]
            backend.modify_db_cluster({"db_cluster_identifier": source_id, "is_writer": True})
        return Live(
            physical_id=cluster.global_cluster_identifier,
            attributes={
                "GlobalClusterArn": cluster.global_cluster_arn,
                "GlobalClusterResourceId": cluster.global_cluster_resource_id,
            },
        )

    def delete(self, ctx: Context, live: Live, props: dict[str, Any]) -> None:
        backend = ctx.backend("rds")
        cluster = backend.global_clusters.get(live.physical_id)
        if cluster is None:
            return
        for member in list(cluster.members):
            global_cluster_members = cluster.members
            global_cluster_members.remove(member)
        backend.delete_global_cluster(live.physical_id)


@register
class DBClusterParameterGroupHandler(Handler):
    type = "AWS::RDS::DBClusterParameterGroup"
    emulates = "`create_db_cluster_parameter_group`"

    def create(self, ctx: Context, props: dict[str, Any]) -> Live:
        name = str(
            props.get("DBClusterParameterGroupName") or rds_identifier(ctx.generated_name(255), 255)
        )
        group = ctx.backend("rds").create_db_cluster_parameter_group(
            db_cluster_parameter_group_name=name,
            db_parameter_group_family=props.get("Family"),
            description=props.get("Description", ""),
            tags=tags_list(props.get("Tags")),
        )
        return Live(physical_id=group.name)

    def delete(self, ctx: Context, live: Live, props: dict[str, Any]) -> None:
        backend = ctx.backend("rds")
        if live.physical_id in backend.db_cluster_parameter_groups:
            backend.delete_db_cluster_parameter_group(live.physical_id)
