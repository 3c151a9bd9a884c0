"""RDS handlers: Aurora clusters, instances that join them, global clusters, parameter groups.

moto 5.2 has no ``AWS::RDS::DBCluster`` handler, and its ``AWS::RDS::DBInstance`` handler ignores
``DBClusterIdentifier`` (an Aurora writer/reader becomes a standalone instance, or fails). The
handlers here create everything through ``RDSBackend``'s public methods, so ``describe_db_clusters``
and ``describe_db_instances`` show what the stack made, with writer and readers in the cluster.
"""

from __future__ import annotations

from typing import Any

from moto.core.common_models import CloudFormationModel
from moto.rds.models import rds_backends

from hastack.deploy.local.compat._base import (
    WrappedResource,
    api_kwargs,
    rds_identifier,
    ref_name,
    tags_list,
    to_bool,
    to_int,
)

_CLUSTER_INTS = (
    "Port",
    "BackupRetentionPeriod",
    "BacktrackWindow",
    "Iops",
    "AllocatedStorage",
    "MonitoringInterval",
    "PerformanceInsightsRetentionPeriod",
)
_CLUSTER_BOOLS = (
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
)
# Properties CloudFormation takes but the CreateDBCluster API names differently or not at all.
_CLUSTER_DROP = (
    "MasterUserSecret",
    "Tags",
    "DBClusterIdentifier",
    "SnapshotIdentifier",
    "RestoreType",
    "SourceDBClusterIdentifier",
    "UseLatestRestorableTime",
    "AssociatedRoles",
)
# Changing one of these replaces the cluster (AWS::RDS::DBCluster createOnlyProperties).
_CLUSTER_REPLACE = (
    "DBClusterIdentifier",
    "Engine",
    "EngineMode",
    "DatabaseName",
    "DBSubnetGroupName",
    "KmsKeyId",
    "StorageEncrypted",
    "AvailabilityZones",
    "MasterUsername",
    "SnapshotIdentifier",
    "SourceDBClusterIdentifier",
)

_INSTANCE_INTS = (
    "Port",
    "AllocatedStorage",
    "MaxAllocatedStorage",
    "BackupRetentionPeriod",
    "Iops",
    "PromotionTier",
    "MonitoringInterval",
    "StorageThroughput",
    "PerformanceInsightsRetentionPeriod",
)
_INSTANCE_BOOLS = (
    "MultiAZ",
    "StorageEncrypted",
    "DeletionProtection",
    "PubliclyAccessible",
    "AutoMinorVersionUpgrade",
    "CopyTagsToSnapshot",
    "ManageMasterUserPassword",
    "EnableIAMDatabaseAuthentication",
    "EnablePerformanceInsights",
)
_INSTANCE_DROP = (
    "MasterUserSecret",
    "Tags",
    "DBInstanceIdentifier",
    "DBSecurityGroups",
    "SourceDBInstanceIdentifier",
    "DBSnapshotIdentifier",
    "UseDefaultProcessorFeatures",
    "ProcessorFeatures",
    "AssociatedRoles",
    "SourceRegion",
)
_INSTANCE_REPLACE = (
    "DBInstanceIdentifier",
    "DBClusterIdentifier",
    "Engine",
    "DBName",
    "AvailabilityZone",
    "DBSubnetGroupName",
    "KmsKeyId",
    "StorageEncrypted",
    "SourceDBInstanceIdentifier",
    "MasterUsername",
    "CharacterSetName",
    "DBSnapshotIdentifier",
)


def _backend(account_id: str, region_name: str) -> Any:
    return rds_backends[account_id][region_name]


def _secret_kms_key(properties: dict[str, Any]) -> str | None:
    secret = properties.get("MasterUserSecret") or {}
    return secret.get("KmsKeyId") if isinstance(secret, dict) else None


def _changed(old: dict[str, Any], new: dict[str, Any], keys: tuple[str, ...]) -> bool:
    return any(old.get(key) != new.get(key) for key in keys)


class DBClusterHandler(WrappedResource, CloudFormationModel):
    """``AWS::RDS::DBCluster`` backed by ``RDSBackend.create_db_cluster``."""

    CFN_TYPE = "AWS::RDS::DBCluster"
    NAME_PROPERTY = "DBClusterIdentifier"
    REPLACE_PROPERTIES = _CLUSTER_REPLACE
    ATTRIBUTES = {
        "Endpoint.Address": lambda self: self.resource.endpoint,
        "Endpoint.Port": lambda self: str(self.resource.port),
        "ReadEndpoint.Address": lambda self: self.resource.reader_endpoint,
        "DBClusterArn": lambda self: self.resource.db_cluster_arn,
        "DBClusterResourceId": lambda self: self.resource.db_cluster_resource_id,
        "MasterUserSecret.SecretArn": lambda self: self.resource.master_user_secret.secret_arn,
    }

    @classmethod
    def create(
        cls, name: str, properties: dict[str, Any], account_id: str, region_name: str, **_: Any
    ) -> DBClusterHandler:
        kwargs = api_kwargs(
            properties, ints=_CLUSTER_INTS, bools=_CLUSTER_BOOLS, drop=_CLUSTER_DROP
        )
        kwargs["db_cluster_identifier"] = rds_identifier(name)
        kwargs["tags"] = tags_list(properties.get("Tags"))
        _lowercase_engine(kwargs)
        if (key := _secret_kms_key(properties)) is not None:
            kwargs["master_user_secret_kms_key_id"] = key
        if "AllocatedStorage" not in properties and str(properties.get("Engine")).startswith(
            "aurora"
        ):
            # Aurora storage grows on its own; AWS reports 1. moto looks the default up by
            # storage type and has no entry for "aurora" / "aurora-iopt1".
            kwargs["allocated_storage"] = 1
        if global_id := properties.get("GlobalClusterIdentifier"):
            # the name, as the CreateDBCluster API takes it (moto looks members up by name)
            kwargs["global_cluster_identifier"] = str(ref_name(global_id)).lower()
        cluster = _backend(account_id, region_name).create_db_cluster(kwargs)
        return cls(cluster, account_id, region_name, properties)

    @classmethod
    def update(
        cls,
        original: Any,
        new_name: str,
        properties: dict[str, Any],
        account_id: str,
        region_name: str,
    ) -> DBClusterHandler:
        if _changed(original.properties, properties, cls.REPLACE_PROPERTIES):
            return super().update(original, new_name, properties, account_id, region_name)
        kwargs = api_kwargs(
            properties,
            ints=_CLUSTER_INTS,
            bools=_CLUSTER_BOOLS,
            drop=_CLUSTER_DROP + _CLUSTER_REPLACE + ("GlobalClusterIdentifier",),
        )
        kwargs["db_cluster_identifier"] = original.resource.db_cluster_identifier
        kwargs["apply_immediately"] = True
        cluster = _backend(account_id, region_name).modify_db_cluster(kwargs)
        return cls(cluster, account_id, region_name, properties)

    @property
    def physical_resource_id(self) -> str:
        return self.resource.db_cluster_identifier

    def delete_resource(self) -> None:
        backend = _backend(self.account_id, self.region_name)
        cluster_id = self.resource.db_cluster_identifier
        if cluster_id not in backend.clusters:
            return
        global_arn = self.resource.global_cluster_identifier
        if global_arn:  # leave the global cluster first, as AWS requires
            for region_backend in rds_backends[self.account_id].values():
                for global_cluster in region_backend.global_clusters.values():
                    if self.resource in global_cluster.members:
                        global_cluster.members.remove(self.resource)
        backend.delete_db_cluster(cluster_identifier=cluster_id, snapshot_name=None)


class DBInstanceHandler(WrappedResource, CloudFormationModel):
    """``AWS::RDS::DBInstance``, replacing moto's handler so ``DBClusterIdentifier`` is honoured.

    An instance with ``DBClusterIdentifier`` joins that Aurora cluster (the first becomes the
    writer); one with ``SourceDBInstanceIdentifier`` is a read replica; others are standalone.
    Defined after moto's own class, it wins moto's type lookup (a test pins this).
    """

    CFN_TYPE = "AWS::RDS::DBInstance"
    NAME_PROPERTY = "DBInstanceIdentifier"
    REPLACE_PROPERTIES = _INSTANCE_REPLACE
    ATTRIBUTES = {
        "Endpoint.Address": lambda self: self.resource.address,
        "Endpoint.Port": lambda self: str(self.resource.port),
        "DBInstanceArn": lambda self: self.resource.db_instance_arn,
        "DbiResourceId": lambda self: self.resource.dbi_resource_id,
        "MasterUserSecret.SecretArn": lambda self: self.resource.master_user_secret.secret_arn,
    }

    @classmethod
    def create(
        cls,
        name: str,
        properties: dict[str, Any],
        account_id: str,
        region_name: str,
        **meta: Any,
    ) -> DBInstanceHandler:
        backend = _backend(account_id, region_name)
        kwargs = api_kwargs(
            properties, ints=_INSTANCE_INTS, bools=_INSTANCE_BOOLS, drop=_INSTANCE_DROP
        )
        kwargs["db_instance_identifier"] = rds_identifier(name)
        kwargs["tags"] = tags_list(properties.get("Tags"))
        _lowercase_engine(kwargs)
        if (key := _secret_kms_key(properties)) is not None:
            kwargs["master_user_secret_kms_key_id"] = key
        if groups := properties.get("DBSecurityGroups"):
            kwargs["db_security_groups"] = ref_name(groups)
        if cluster_id := properties.get("DBClusterIdentifier"):
            kwargs["db_cluster_identifier"] = str(ref_name(cluster_id)).lower()
            kwargs["promotion_tier"] = to_int(properties.get("PromotionTier", 1))
            database = backend.create_db_instance(kwargs)
            if _stack_is_creating(meta.get("StackId"), account_id, region_name):
                _writer_by_promotion_tier(database.cluster)
        elif source := properties.get("SourceDBInstanceIdentifier"):
            kwargs["source_db_instance_identifier"] = ref_name(source)
            database = backend.create_db_instance_read_replica(kwargs)
        else:
            kwargs.setdefault("port", 3306 if "mysql" in str(kwargs.get("engine")) else None)
            if kwargs.get("port") is None:
                del kwargs["port"]
            database = backend.create_db_instance(kwargs)
        return cls(database, account_id, region_name, properties)

    @classmethod
    def update(
        cls,
        original: Any,
        new_name: str,
        properties: dict[str, Any],
        account_id: str,
        region_name: str,
    ) -> DBInstanceHandler:
        if _changed(original.properties, properties, cls.REPLACE_PROPERTIES):
            return super().update(original, new_name, properties, account_id, region_name)
        backend = _backend(account_id, region_name)
        changes = {
            "db_instance_class": properties.get("DBInstanceClass"),
            "allocated_storage": to_int(properties.get("AllocatedStorage")),
            "multi_az": to_bool(properties.get("MultiAZ")),
            "backup_retention_period": to_int(properties.get("BackupRetentionPeriod")),
            "deletion_protection": to_bool(properties.get("DeletionProtection")),
            "engine_version": properties.get("EngineVersion"),
        }
        if original.resource.db_cluster_identifier:
            for key in ("allocated_storage", "backup_retention_period"):
                changes.pop(key)
        changes = {k: v for k, v in changes.items() if v is not None}
        database = backend.modify_db_instance(original.resource.db_instance_identifier, changes)
        return cls(database, account_id, region_name, properties)

    @property
    def physical_resource_id(self) -> str:
        return self.resource.db_instance_identifier

    def delete_resource(self) -> None:
        backend = _backend(self.account_id, self.region_name)
        if self.resource.db_instance_identifier in backend.databases:
            backend.delete_db_instance(self.resource.db_instance_identifier)


def _stack_is_creating(stack_id: str | None, account_id: str, region_name: str) -> bool:
    from moto.cloudformation.models import cloudformation_backends

    stack = cloudformation_backends[account_id][region_name].stacks.get(stack_id or "")
    return stack is not None and stack.status == "CREATE_IN_PROGRESS"


def _writer_by_promotion_tier(cluster: Any) -> None:
    """While a stack creates a cluster and its instances, the writer is the member with the
    lowest ``PromotionTier`` (ties: the first created).

    CloudFormation creates the instances in parallel and the first one ready becomes the
    writer; moto creates them one by one in template order, which made ``DatabaseReader1``
    the writer. The promotion tier is the template's stated intent, so the emulator follows it.
    """
    members = cluster._members
    if not members:
        return
    writer = min(enumerate(members), key=lambda pair: (pair[1].promotion_tier, pair[0]))[1]
    for member in members:
        member.is_cluster_writer = member is writer


class GlobalClusterHandler(WrappedResource, CloudFormationModel):
    """``AWS::RDS::GlobalCluster`` (Aurora Global Database), via ``create_global_cluster``.

    A regional cluster joins it through its ``GlobalClusterIdentifier``; with
    ``SourceDBClusterIdentifier`` the global cluster is built around an existing cluster.
    """

    CFN_TYPE = "AWS::RDS::GlobalCluster"
    NAME_PROPERTY = "GlobalClusterIdentifier"
    ATTRIBUTES = {
        "GlobalClusterArn": lambda self: self.resource.global_cluster_arn,
        "GlobalClusterResourceId": lambda self: self.resource.global_cluster_resource_id,
    }

    @classmethod
    def create(
        cls, name: str, properties: dict[str, Any], account_id: str, region_name: str, **_: Any
    ) -> GlobalClusterHandler:
        backend = _backend(account_id, region_name)
        source = properties.get("SourceDBClusterIdentifier")
        source_arn = None
        if source:
            source_id = str(ref_name(source))
            if not source_id.startswith("arn:"):
                source_id = backend.describe_db_clusters(db_cluster_identifier=source_id)[0].arn
            source_arn = source_id
        global_cluster = backend.create_global_cluster(
            global_cluster_identifier=rds_identifier(name),
            source_db_cluster_identifier=source_arn,
            engine=None if source_arn else properties.get("Engine"),
            engine_version=None if source_arn else properties.get("EngineVersion"),
            storage_encrypted=to_bool(properties.get("StorageEncrypted")),
            deletion_protection=to_bool(properties.get("DeletionProtection")),
        )
        return cls(global_cluster, account_id, region_name, properties)

    @property
    def physical_resource_id(self) -> str:
        return self.resource.global_cluster_identifier

    def delete_resource(self) -> None:
        backend = _backend(self.account_id, self.region_name)
        identifier = self.resource.global_cluster_identifier
        if identifier in backend.global_clusters:
            backend.global_clusters[identifier].members.clear()
            backend.delete_global_cluster(identifier)


class DBClusterParameterGroupHandler(WrappedResource, CloudFormationModel):
    """``AWS::RDS::DBClusterParameterGroup`` via ``create_db_cluster_parameter_group``."""

    CFN_TYPE = "AWS::RDS::DBClusterParameterGroup"
    NAME_PROPERTY = "DBClusterParameterGroupName"
    ATTRIBUTES: dict = {}

    @classmethod
    def create(
        cls, name: str, properties: dict[str, Any], account_id: str, region_name: str, **_: Any
    ) -> DBClusterParameterGroupHandler:
        backend = _backend(account_id, region_name)
        group = backend.create_db_cluster_parameter_group(
            db_cluster_parameter_group_name=rds_identifier(name, 255),
            db_parameter_group_family=properties.get("Family"),
            description=properties.get("Description", ""),
            tags=tags_list(properties.get("Tags")),
        )
        return cls(group, account_id, region_name, properties)

    @property
    def physical_resource_id(self) -> str:
        return self.resource.name

    def delete_resource(self) -> None:
        backend = _backend(self.account_id, self.region_name)
        if self.resource.name in backend.db_cluster_parameter_groups:
            backend.delete_db_cluster_parameter_group(self.resource.name)


def _lowercase_engine(kwargs: dict[str, Any]) -> None:
    """RDS takes engine names in any case (``Engine: MySQL`` is common); moto only lowercase."""
    if isinstance(kwargs.get("engine"), str):
        kwargs["engine"] = kwargs["engine"].lower()
