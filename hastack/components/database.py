"""Replicated relational database in the isolated subnets: Aurora or RDS Multi-AZ.

Aurora (MySQL or PostgreSQL): a writer and 0–15 readers placed round-robin over distinct AZs,
readers with promotion tiers so failover picks the closest match. RDS (MySQL or PostgreSQL):
a Multi-AZ primary (synchronous standby in another AZ) with 0–5 read replicas in other AZs.

Always: only the app tier's client security group may connect; the master password is created
and rotated by RDS in Secrets Manager (``ManageMasterUserPassword``; a global database's, which
RDS cannot manage, is generated into a secret of the stack's and rotated by
:mod:`hastack.components.secret_rotation`) so it never appears in the template; storage is
encrypted; backups are kept >= 7 days; deletion protection is on; and the cluster (or primary)
carries ``DeletionPolicy``/``UpdateReplacePolicy: Snapshot`` so neither a stack delete nor a
replacing update loses data without a final snapshot.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from hastack.components.network import NetworkHandle
from hastack.core.options import Options, option
from hastack.core.records import Record
from hastack.errors import UsageError
from hastack.template.engine_versions import load_engine_versions

DB_SUBNET_GROUP = "DatabaseSubnetGroup"
DB_SECURITY_GROUP = "DatabaseSecurityGroup"
DB_CLIENT_SECURITY_GROUP = "DatabaseClientSecurityGroup"
DB_CLIENT_INGRESS = "DatabaseIngressFromClients"
DB_CLUSTER = "DatabaseCluster"  # renaming replaces the database
DB_WRITER = "DatabaseWriter"
NO_FAILOVER_WARNING = "hastack:database:no-failover"
SINGLE_AZ_WARNING = "hastack:database:single-az"
DB_INSTANCE = "DatabaseInstance"  # renaming replaces the database
GLOBAL_CLUSTER = "DatabaseGlobalCluster"  # renaming replaces the global database
DB_SECRET = "DatabaseSecret"
DB_SECRET_ATTACHMENT = "DatabaseSecretAttachment"
DB_KEY = "DatabaseKey"  # replacing it makes the secondary cluster unreadable: retained
SECRET_EXCLUDED_CHARACTERS = "\"@/\\'` "
"""Characters RDS rejects in a master password (and quotes that break shells), never generated."""

Engine = Literal["aurora-mysql", "aurora-postgresql", "mysql", "postgres"]

DEFAULT_ENGINE_VERSIONS: dict[str, str] = {
    "aurora-mysql": "8.0.mysql_aurora.3.10.6",
    "aurora-postgresql": "17.7",
    "mysql": "8.4.7",
    "postgres": "17.7",
}
"""Versions current cfn-lint does not flag as deprecated (W3691); pinned so updates are explicit.
Each must be in the engine-version table (``hastack.template.engine_versions``), as any version
given as ``engine_version`` must."""

PORTS = {"aurora-mysql": 3306, "mysql": 3306, "aurora-postgresql": 5432, "postgres": 5432}
LOG_EXPORTS = {
    "aurora-mysql": ["audit", "error", "slowquery"],
    "mysql": ["error", "slowquery"],
    "aurora-postgresql": ["postgresql"],
    "postgres": ["postgresql"],
}
DB_CLASS_PATTERN = r"db\.[a-z][a-z0-9]*\.(micro|small|medium|large|\d*xlarge)"


def reader_id(index: int) -> str:
    return f"DatabaseReader{index + 1}"


def replica_id(index: int) -> str:
    return f"DatabaseReplica{index + 1}"


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class DatabaseOptions(Options):
    """The database: engine and version, instances, storage, backups, deletion protection."""

    engine: Engine = option("aurora-mysql", help="Database engine.")
    engine_version: str | None = option(
        None,
        help="Engine version; default a current one (see DEFAULT_ENGINE_VERSIONS).",
        pattern=r"[0-9][0-9a-z._-]*",
    )
    instance_class: str = option(
        "db.r6g.large", help="Instance class of the writer and readers.", pattern=DB_CLASS_PATTERN
    )
    readers: int = option(
        1,
        help="Aurora readers (failover targets) in other AZs; 0 means a "
        "writer failure waits for a replacement instance.",
        ge=0,
        le=15,
    )
    read_replicas: int = option(
        0, help="RDS read replicas (not failover targets: Multi-AZ standby is).", ge=0, le=5
    )
    multi_az: bool = option(True, help="RDS only: synchronous standby in another AZ.")
    allocated_storage_gb: int = option(100, help="RDS only: gp3 storage.", ge=20, le=65536)
    max_allocated_storage_gb: int = option(
        500, help="RDS only: storage autoscaling ceiling.", ge=20, le=65536
    )
    storage_type: Literal["aurora", "aurora-iopt1"] = option(
        "aurora", help="Aurora only: standard (pay per I/O) or I/O-Optimized."
    )
    database_name: str = option(
        "app", help="Initial database.", pattern=r"[A-Za-z][A-Za-z0-9_]{0,62}"
    )
    master_username: str = option(
        "dbadmin",
        help="Master user (password managed by RDS in Secrets Manager).",
        pattern=r"[A-Za-z][A-Za-z0-9_]{0,15}",
    )
    backup_retention_days: int = option(7, help="Automated backup retention.", ge=7, le=35)
    password_rotation_days: int = option(
        30,
        help="Aurora Global Database only: days between rotations of the generated master "
        "password (an RDS-managed password follows RDS's own schedule).",
        ge=1,
        le=1000,
    )
    deletion_protection: bool = option(True, help="Refuse API deletes of the database.")

    @property
    def aurora(self) -> bool:
        return self.engine.startswith("aurora")

    @property
    def port(self) -> int:
        return PORTS[self.engine]

    @property
    def version(self) -> str:
        return self.engine_version or DEFAULT_ENGINE_VERSIONS[self.engine]

    def warnings(self) -> list[tuple[str, str]]:
        found = super().warnings()
        if self.aurora and self.readers == 0:
            found.append(
                (
                    NO_FAILOVER_WARNING,
                    "Aurora with no reader: a writer failure waits "
                    "for a new instance (about 10 minutes) instead of a 30-second failover",
                )
            )
        if not self.aurora and not self.multi_az:
            found.append(
                (
                    SINGLE_AZ_WARNING,
                    "RDS without Multi-AZ: an AZ or host failure stops "
                    "the database until it is restored",
                )
            )
        return found

    def check(self) -> list[tuple[str, object, str]]:
        problems: list[tuple[str, object, str]] = []
        if self.aurora and self.read_replicas:
            problems.append(("read_replicas", self.read_replicas, "0 for Aurora (use readers)"))
        if not self.aurora and self.readers > 1:
            problems.append(
                (
                    "readers",
                    self.readers,
                    "0 or 1 for RDS engines (use read_replicas; "
                    "the Multi-AZ standby is the failover target)",
                )
            )
        if not self.aurora and self.storage_type != "aurora":
            problems.append(("storage_type", self.storage_type, "'aurora' for RDS engines"))
        if self.max_allocated_storage_gb < self.allocated_storage_gb:
            problems.append(
                (
                    "max_allocated_storage_gb",
                    self.max_allocated_storage_gb,
                    f">= allocated_storage_gb ({self.allocated_storage_gb})",
                )
            )
        if self.aurora and self.instance_class.startswith(("db.t2.", "db.m5d")):
            problems.append(("instance_class", self.instance_class, "an Aurora-supported class"))
        table = load_engine_versions()
        if self.engine_version is not None and not table.exists(self.engine, self.engine_version):
            problems.append(
                (
                    "engine_version",
                    self.engine_version,
                    table.unknown_message(self.engine, self.engine_version),
                )
            )
        return problems

    @property
    def auto_minor_version_upgrade(self) -> bool:
        """False on an Aurora long-term-support release: AWS advises against automatic minor
        upgrades there, which may move the cluster to a release that is not LTS (and off the
        version the stack pins); patches within the LTS release still come in maintenance."""
        return not load_engine_versions().is_lts(self.engine, self.version)


@dataclass(frozen=True, eq=False, repr=False)
class DatabaseHandle(Record):
    """What :func:`add_database` built, for the tiers and alarms that use the database."""

    engine: str
    port: int
    endpoint: Any
    reader_endpoint: Any
    secret_arn: Any
    identifier: Any
    """DBClusterIdentifier (Aurora) or DBInstanceIdentifier (RDS): the metric dimension."""
    client_security_group_id: Any
    replica_identifiers: tuple[Any, ...] = ()

    @property
    def aurora(self) -> bool:
        return self.engine.startswith("aurora")


def add_database(
    t: Any,
    net: NetworkHandle,
    options: DatabaseOptions,
    *,
    global_cluster_identifier: Any = None,
    secondary: bool = False,
    global_primary: bool = False,
    secret_replica_regions: Sequence[str] = (),
    source_region: str | None = None,
) -> DatabaseHandle:
    """Add the database and its network access.

    Aurora Global Database members: ``secondary`` makes a cluster that joins
    ``global_cluster_identifier`` (no master user: it replicates the primary's);
    ``global_primary`` makes the cluster that :func:`add_global_cluster` builds the global
    database around. RDS cannot manage the master password of a global member in Secrets
    Manager, so a primary's password is generated into its own secret instead, copied to
    ``secret_replica_regions`` so the application there can still log in after a failover.

    An encrypted secondary is created as a cross-region replica: CreateDBCluster needs a KMS
    key of the secondary's own region (a key never crosses regions) and the source region, from
    which CloudFormation signs the pre-signed URL. Without them AWS answers "PreSignedUrl has to
    be specified" (aws-cloudformation/cloudformation-coverage-roadmap#719). ``source_region``
    (the primary's region) is required with ``secondary``.
    """
    from troposphere import Ref
    from troposphere.ec2 import SecurityGroup, SecurityGroupIngress, SecurityGroupRule
    from troposphere.rds import DBSubnetGroup

    t.add_resource(
        DBSubnetGroup(
            DB_SUBNET_GROUP,
            DBSubnetGroupDescription="Isolated subnets",
            SubnetIds=net.isolated_subnet_ids,
        )
    )
    t.add_resource(
        SecurityGroup(
            DB_CLIENT_SECURITY_GROUP,
            VpcId=net.vpc_id,
            GroupDescription="Clients of the database: attach to the app tier",
            SecurityGroupEgress=[
                SecurityGroupRule(
                    IpProtocol="tcp",
                    FromPort=options.port,
                    ToPort=options.port,
                    DestinationSecurityGroupId=Ref(DB_SECURITY_GROUP),
                    Description="To the database",
                )
            ],
        )
    )
    t.add_resource(
        SecurityGroup(
            DB_SECURITY_GROUP,
            VpcId=net.vpc_id,
            GroupDescription="Database: reachable from its client security group only",
            SecurityGroupEgress=[
                SecurityGroupRule(
                    IpProtocol="icmp",
                    FromPort=252,
                    ToPort=86,
                    CidrIp="255.255.255.255/32",
                    Description="No outbound traffic",
                )
            ],
        )
    )
    t.add_resource(
        SecurityGroupIngress(
            DB_CLIENT_INGRESS,
            GroupId=Ref(DB_SECURITY_GROUP),
            IpProtocol="tcp",
            FromPort=options.port,
            ToPort=options.port,
            SourceSecurityGroupId=Ref(DB_CLIENT_SECURITY_GROUP),
            Description="From the app tier",
        )
    )

    if options.aurora:
        return _add_aurora(
            t,
            net,
            options,
            global_cluster_identifier,
            secondary,
            global_primary=global_primary,
            secret_replica_regions=tuple(secret_replica_regions),
            source_region=source_region,
        )
    return _add_rds(t, net, options)


def _add_aurora(
    t: Any,
    net: NetworkHandle,
    options: DatabaseOptions,
    global_cluster_identifier: Any,
    secondary: bool,
    *,
    global_primary: bool = False,
    secret_replica_regions: tuple[str, ...] = (),
    source_region: str | None = None,
) -> DatabaseHandle:
    from troposphere import GetAtt, Ref
    from troposphere.rds import DBCluster, DBInstance

    props: dict[str, Any] = dict(
        Engine=options.engine,
        EngineVersion=options.version,
        DBSubnetGroupName=Ref(DB_SUBNET_GROUP),
        VpcSecurityGroupIds=[Ref(DB_SECURITY_GROUP)],
        Port=options.port,
        StorageEncrypted=True,
        StorageType=options.storage_type,
        BackupRetentionPeriod=options.backup_retention_days,
        DeletionProtection=options.deletion_protection,
        CopyTagsToSnapshot=True,
        EnableIAMDatabaseAuthentication=True,
        EnableCloudwatchLogsExports=LOG_EXPORTS[options.engine],
        DeletionPolicy="Snapshot",
        UpdateReplacePolicy="Snapshot",
    )
    if global_cluster_identifier is not None:
        props["GlobalClusterIdentifier"] = global_cluster_identifier
    secret: Any = ""
    if global_primary:
        secret = _add_password_secret(t, options, secret_replica_regions)
        props.update(
            MasterUsername=options.master_username,
            MasterUserPassword=_resolve_password(),
            DatabaseName=options.database_name,
        )
    elif secondary:
        if source_region is None:
            raise ValueError("a global secondary needs source_region (the primary's region)")
        props.update(KmsKeyId=_add_database_key(t), SourceRegion=source_region)
    else:
        props.update(
            MasterUsername=options.master_username,
            ManageMasterUserPassword=True,
            DatabaseName=options.database_name,
        )
        secret = GetAtt(DB_CLUSTER, "MasterUserSecret.SecretArn")
    t.add_resource(DBCluster(DB_CLUSTER, **props))
    if global_primary:
        _attach_secret(t)
    members = [(DB_WRITER, 0)] + [(reader_id(i), i + 1) for i in range(options.readers)]
    for name, position in members:
        t.add_resource(
            DBInstance(
                name,
                DBClusterIdentifier=Ref(DB_CLUSTER),
                Engine=options.engine,
                DBInstanceClass=options.instance_class,
                AvailabilityZone=net.az(position % net.az_count),
                PromotionTier=min(position, 15),  # reader 1 is the first failover choice
                PubliclyAccessible=False,
                AutoMinorVersionUpgrade=options.auto_minor_version_upgrade,
                DeletionPolicy="Delete",  # the cluster holds the data and its final snapshot
                UpdateReplacePolicy="Delete",
            )
        )
    return DatabaseHandle(
        engine=options.engine,
        port=options.port,
        endpoint=GetAtt(DB_CLUSTER, "Endpoint.Address"),
        reader_endpoint=GetAtt(DB_CLUSTER, "ReadEndpoint.Address"),
        secret_arn=secret,
        identifier=Ref(DB_CLUSTER),
        client_security_group_id=Ref(DB_CLIENT_SECURITY_GROUP),
    )


def _add_database_key(t: Any) -> Any:
    """A customer-managed key of this region for a cross-region replica's storage; its ARN.

    Retained on delete and replacement: the snapshots the cluster leaves behind are encrypted
    with it.
    """
    from awacs.aws import Allow, PolicyDocument, Principal, Statement
    from awacs.kms import Action as KmsAction
    from troposphere import GetAtt, Sub
    from troposphere.kms import Key

    t.add_resource(
        Key(
            DB_KEY,
            Description="Encrypts the database storage of this region's global secondary",
            EnableKeyRotation=True,
            PendingWindowInDays=30,
            DeletionPolicy="Retain",
            UpdateReplacePolicy="Retain",
            KeyPolicy=PolicyDocument(
                Version="2012-10-17",
                Statement=[
                    Statement(
                        Sid="AccountAdministers",
                        Effect=Allow,
                        Principal=Principal(
                            "AWS", Sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:root")
                        ),
                        Action=[KmsAction("*")],
                        Resource=["*"],
                    )
                ],
            ),
        )
    )
    return GetAtt(DB_KEY, "Arn")


def _add_password_secret(t: Any, options: DatabaseOptions, replica_regions: tuple[str, ...]) -> Any:
    """A generated master password in Secrets Manager, replicated to the other regions."""
    import json

    from troposphere import Ref
    from troposphere.secretsmanager import GenerateSecretString, ReplicaRegion, Secret

    props: dict[str, Any] = dict(
        Description="Master credentials of the global database (generated, never in a template)",
        GenerateSecretString=GenerateSecretString(
            SecretStringTemplate=json.dumps({"username": options.master_username}),
            GenerateStringKey="password",
            PasswordLength=32,
            ExcludeCharacters=SECRET_EXCLUDED_CHARACTERS,
        ),
        DeletionPolicy="Retain",  # losing it locks everyone out of the retained database
        UpdateReplacePolicy="Retain",
    )
    if replica_regions:
        props["ReplicaRegions"] = [ReplicaRegion(Region=region) for region in replica_regions]
    t.add_resource(Secret(DB_SECRET, **props))
    return Ref(DB_SECRET)


def _resolve_password() -> Any:
    from troposphere import Sub

    return Sub(f"{{{{resolve:secretsmanager:${{{DB_SECRET}}}:SecretString:password}}}}")


def _attach_secret(t: Any) -> None:
    """Adds the cluster's host and port to the secret, as RDS-managed secrets have."""
    from troposphere import Ref
    from troposphere.secretsmanager import SecretTargetAttachment

    t.add_resource(
        SecretTargetAttachment(
            DB_SECRET_ATTACHMENT,
            SecretId=Ref(DB_SECRET),
            TargetId=Ref(DB_CLUSTER),
            TargetType="AWS::RDS::DBCluster",
        )
    )


def global_cluster_arn(identifier: Any) -> Any:
    """The ARN of global cluster ``identifier`` (global clusters have no region in their ARN;
    the template's ``Ref`` gives only the identifier)."""
    from troposphere import Sub

    return Sub("arn:${AWS::Partition}:rds::${AWS::AccountId}:global-cluster:${Id}", Id=identifier)


def add_global_cluster(t: Any, db: DatabaseHandle, *, deletion_protection: bool = True) -> Any:
    """An Aurora Global Database built around ``db``'s cluster (the primary); returns its Ref.

    The global cluster takes engine, version, encryption and database name from the source
    cluster, named by its ARN as CreateGlobalCluster documents (``Ref`` of a cluster is only
    its identifier). Clusters in other regions join it with ``global_cluster_identifier=``
    (the Ref's value, passed across regions as a stack output).
    """
    from troposphere import GetAtt, Ref
    from troposphere.rds import GlobalCluster

    if not db.aurora:
        raise UsageError(f"a global database needs an Aurora engine, not {db.engine}")
    t.add_resource(
        GlobalCluster(
            GLOBAL_CLUSTER,
            SourceDBClusterIdentifier=GetAtt(DB_CLUSTER, "DBClusterArn"),
            DeletionProtection=deletion_protection,
            DeletionPolicy="Retain",  # the clusters keep the data; never drop the global link
            UpdateReplacePolicy="Retain",
        )
    )
    return Ref(GLOBAL_CLUSTER)


def _add_rds(t: Any, net: NetworkHandle, options: DatabaseOptions) -> DatabaseHandle:
    from troposphere import GetAtt, Ref
    from troposphere.rds import DBInstance

    t.add_resource(
        DBInstance(
            DB_INSTANCE,
            Engine=options.engine,
            EngineVersion=options.version,
            DBInstanceClass=options.instance_class,
            AllocatedStorage=str(options.allocated_storage_gb),
            MaxAllocatedStorage=options.max_allocated_storage_gb,
            StorageType="gp3",
            StorageEncrypted=True,
            MultiAZ=options.multi_az,
            DBName=options.database_name,
            MasterUsername=options.master_username,
            ManageMasterUserPassword=True,
            DBSubnetGroupName=Ref(DB_SUBNET_GROUP),
            VPCSecurityGroups=[Ref(DB_SECURITY_GROUP)],
            Port=str(options.port),
            PubliclyAccessible=False,
            BackupRetentionPeriod=options.backup_retention_days,
            DeletionProtection=options.deletion_protection,
            CopyTagsToSnapshot=True,
            EnableIAMDatabaseAuthentication=True,
            AutoMinorVersionUpgrade=options.auto_minor_version_upgrade,
            EnableCloudwatchLogsExports=LOG_EXPORTS[options.engine],
            DeletionPolicy="Snapshot",
            UpdateReplacePolicy="Snapshot",
        )
    )
    replicas = []
    for index in range(options.read_replicas):
        t.add_resource(
            DBInstance(
                replica_id(index),
                SourceDBInstanceIdentifier=Ref(DB_INSTANCE),
                # without it a replica gets the VPC's default group: the app cannot reach it
                VPCSecurityGroups=[Ref(DB_SECURITY_GROUP)],
                Engine=options.engine,
                DBInstanceClass=options.instance_class,
                AvailabilityZone=net.az((index + 1) % net.az_count),
                PubliclyAccessible=False,
                AutoMinorVersionUpgrade=options.auto_minor_version_upgrade,
                DeletionPolicy="Delete",  # a replica copies the primary, whose snapshot is kept
                UpdateReplacePolicy="Delete",
            )
        )
        replicas.append(Ref(replica_id(index)))
    return DatabaseHandle(
        engine=options.engine,
        port=options.port,
        endpoint=GetAtt(DB_INSTANCE, "Endpoint.Address"),
        reader_endpoint=GetAtt(replica_id(0), "Endpoint.Address")
        if replicas
        else GetAtt(DB_INSTANCE, "Endpoint.Address"),
        secret_arn=GetAtt(DB_INSTANCE, "MasterUserSecret.SecretArn"),
        identifier=Ref(DB_INSTANCE),
        client_security_group_id=Ref(DB_CLIENT_SECURITY_GROUP),
        replica_identifiers=tuple(replicas),
    )


def database_outputs(t: Any, db: DatabaseHandle) -> None:
    from troposphere import Output

    t.add_output(Output("DatabaseEndpoint", Value=db.endpoint, Description="Writer endpoint"))
    t.add_output(
        Output(
            "DatabaseReaderEndpoint",
            Value=db.reader_endpoint,
            Description="Reader endpoint (the writer when there are no readers)",
        )
    )
    t.add_output(Output("DatabasePort", Value=str(db.port)))
    if db.secret_arn != "":
        t.add_output(
            Output(
                "DatabaseSecretArn",
                Value=db.secret_arn,
                Description="Secrets Manager secret with the master credentials",
            )
        )
    t.add_output(
        Output(
            "DatabaseClientSecurityGroupId",
            Value=db.client_security_group_id,
            Description="Attach to whatever must reach the database",
        )
    )
