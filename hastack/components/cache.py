"""A replicated cache: an ElastiCache (Valkey or Redis OSS) replication group over the AZs.

One primary and ``replicas`` replicas, each pinned to a distinct AZ (``PreferredCacheClusterAZs``)
with Multi-AZ and automatic failover, so losing the primary's AZ promotes a replica in another
one. Traffic is encrypted in transit (clients use TLS) and data at rest; clients authenticate
with a token kept in Secrets Manager and resolved by CloudFormation at deploy, never written in
the template. The group lives in the isolated subnets and lets the cache port in only from a
client security group the app tier wears. Snapshots are kept 7 days and one is taken when the
group is deleted or replaced. Alarms watch engine CPU, memory and replication lag.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from hastack.components.monitoring import AlarmTopicHandle, _alarm
from hastack.components.network import NetworkHandle
from hastack.core.options import Options, option
from hastack.core.records import Record

CACHE_PORT = 6379
REPLICATION_GROUP = "CacheReplicationGroup"
SUBNET_GROUP = "CacheSubnetGroup"
SECURITY_GROUP = "CacheSecurityGroup"
CLIENT_SECURITY_GROUP = "CacheClientSecurityGroup"
CLIENT_INGRESS = "CacheIngressFromClients"
AUTH_SECRET = "CacheAuthSecret"
CPU_ALARM = "CacheCpuAlarm"
MEMORY_ALARM = "CacheMemoryAlarm"
LAG_ALARM = "CacheReplicationLagAlarm"

ENGINE_VERSIONS = {"valkey": "8.0", "redis": "7.1"}


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class CacheOptions(Options):
    """The replicated cache: engine, node type, replicas."""

    engine: Literal["valkey", "redis"] = option(
        "valkey", help="Valkey (open source, cheaper nodes) or Redis OSS."
    )
    node_type: str = option(
        "cache.t4g.medium", help="Cache node type.", pattern=r"cache\.[a-z0-9]+\.[a-z0-9]+"
    )
    replicas: int = option(
        2,
        help="Replicas besides the primary, each in another AZ (1 or more for failover).",
        ge=1,
        le=5,
    )
    snapshot_retention_days: int = option(7, help="Daily snapshots kept.", ge=1, le=35)
    memory_alarm_percent: int = option(
        80, help="Alarm when memory use passes this share.", ge=10, le=100
    )


@dataclass(frozen=True, eq=False, repr=False)
class CacheHandle(Record):
    """What :func:`add_cache` built, for the clients of the cache."""

    primary_endpoint: Any
    reader_endpoint: Any
    port: int
    client_security_group_id: Any
    auth_secret_arn: Any
    replication_group_id: Any


def add_cache(
    t: Any, net: NetworkHandle, options: CacheOptions, *, topic: AlarmTopicHandle | None = None
) -> CacheHandle:
    from troposphere import GetAtt, Ref, Sub
    from troposphere.cloudwatch import MetricDimension
    from troposphere.ec2 import SecurityGroup, SecurityGroupIngress, SecurityGroupRule
    from troposphere.elasticache import ReplicationGroup, SubnetGroup
    from troposphere.secretsmanager import GenerateSecretString, Secret

    nodes = 1 + options.replicas
    t.add_resource(
        SecurityGroup(
            CLIENT_SECURITY_GROUP,
            GroupDescription="Cache clients: attach to the instances that use the cache",
            VpcId=net.vpc_id,
            SecurityGroupEgress=[
                SecurityGroupRule(
                    IpProtocol="tcp",
                    FromPort=CACHE_PORT,
                    ToPort=CACHE_PORT,
                    CidrIp=net.vpc_cidr,
                    Description="To the cache port",
                )
            ],
        )
    )
    t.add_resource(
        SecurityGroup(
            SECURITY_GROUP,
            GroupDescription="Cache nodes: the cache port from clients only",
            VpcId=net.vpc_id,
            SecurityGroupEgress=[
                SecurityGroupRule(
                    IpProtocol="-1", CidrIp="127.0.0.1/32", Description="No egress needed"
                )
            ],
        )
    )
    t.add_resource(
        SecurityGroupIngress(
            CLIENT_INGRESS,
            GroupId=Ref(SECURITY_GROUP),
            SourceSecurityGroupId=Ref(CLIENT_SECURITY_GROUP),
            IpProtocol="tcp",
            FromPort=CACHE_PORT,
            ToPort=CACHE_PORT,
            Description="From cache clients (TLS)",
        )
    )
    t.add_resource(
        SubnetGroup(
            SUBNET_GROUP,
            Description="Isolated subnets of every AZ",
            SubnetIds=net.isolated_subnet_ids,
        )
    )
    t.add_resource(
        Secret(
            AUTH_SECRET,
            Description="AUTH token of the cache (clients read it from here)",
            # the token is worth nothing without the group: deleted with the stack on purpose
            DeletionPolicy="Delete",
            UpdateReplacePolicy="Delete",
            GenerateSecretString=GenerateSecretString(
                SecretStringTemplate="{}",
                GenerateStringKey="token",
                PasswordLength=64,
                ExcludePunctuation=True,
            ),
        )
    )
    t.add_resource(
        ReplicationGroup(
            REPLICATION_GROUP,
            ReplicationGroupDescription=Sub("${AWS::StackName} cache"),
            Engine=options.engine,
            EngineVersion=ENGINE_VERSIONS[options.engine],
            CacheNodeType=options.node_type,
            NumCacheClusters=nodes,
            PreferredCacheClusterAZs=[net.az(i % net.az_count) for i in range(nodes)],
            MultiAZEnabled=True,
            AutomaticFailoverEnabled=True,
            TransitEncryptionEnabled=True,
            AtRestEncryptionEnabled=True,
            AuthToken=Sub("{{resolve:secretsmanager:${" + AUTH_SECRET + "}::token}}"),
            CacheSubnetGroupName=Ref(SUBNET_GROUP),
            SecurityGroupIds=[Ref(SECURITY_GROUP)],
            Port=CACHE_PORT,
            SnapshotRetentionLimit=options.snapshot_retention_days,
            AutoMinorVersionUpgrade=True,
            DeletionPolicy="Snapshot",
            UpdateReplacePolicy="Snapshot",
        )
    )
    if topic is not None:
        dimensions = [MetricDimension(Name="ReplicationGroupId", Value=Ref(REPLICATION_GROUP))]
        for name, metric, threshold, what in (
            (CPU_ALARM, "EngineCPUUtilization", 80, "engine CPU above 80%"),
            (
                MEMORY_ALARM,
                "DatabaseMemoryUsagePercentage",
                options.memory_alarm_percent,
                f"memory above {options.memory_alarm_percent}%",
            ),
            (LAG_ALARM, "ReplicationLag", 5, "replicas more than 5 s behind"),
        ):
            _alarm(
                t,
                name,
                topic,
                AlarmDescription=f"Cache {what}",
                Namespace="AWS/ElastiCache",
                MetricName=metric,
                Dimensions=dimensions,
                Statistic="Maximum",
                Period=60,
                EvaluationPeriods=5,
                Threshold=threshold,
                ComparisonOperator="GreaterThanThreshold",
            )
    return CacheHandle(
        primary_endpoint=GetAtt(REPLICATION_GROUP, "PrimaryEndPoint.Address"),
        reader_endpoint=GetAtt(REPLICATION_GROUP, "ReaderEndPoint.Address"),
        port=CACHE_PORT,
        client_security_group_id=Ref(CLIENT_SECURITY_GROUP),
        auth_secret_arn=Ref(AUTH_SECRET),
        replication_group_id=Ref(REPLICATION_GROUP),
    )


def cache_outputs(t: Any, cache: CacheHandle) -> None:
    from troposphere import Output

    t.add_output(Output("CacheEndpoint", Value=cache.primary_endpoint))
    t.add_output(Output("CacheReaderEndpoint", Value=cache.reader_endpoint))
    t.add_output(Output("CacheAuthSecretArn", Value=cache.auth_secret_arn))
    t.add_output(Output("CacheClientSecurityGroupId", Value=cache.client_security_group_id))
