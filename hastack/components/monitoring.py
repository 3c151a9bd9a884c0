"""Alarms that page someone: load balancer 5xx, unhealthy hosts, latency, database health.

Alarms publish to an SNS topic encrypted with a customer-managed KMS key: CloudWatch cannot
publish to a topic encrypted with the AWS-managed ``aws/sns`` key, so the key policy here lets
CloudWatch use it. Each alarm has alarm and OK actions; missing data counts as not breaching
(a quiet night is not an outage).

A topic nobody subscribes to pages nobody: give ``alarm_email`` (subscribed here) or
``alarm_topic_arn`` (an existing, already subscribed topic, used instead of a new one). With
neither, synth warns ``hastack:monitoring:nobody-notified``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hastack.components.database import DatabaseHandle
from hastack.components.load_balancer import LoadBalancerHandle
from hastack.core.options import Options, option
from hastack.core.records import Record

ALARM_TOPIC = "AlarmTopic"
ALARM_TOPIC_KEY = "AlarmTopicKey"
ALARM_SUBSCRIPTION = "AlarmEmailSubscription"
LB_5XX_ALARM = "LoadBalancer5xxAlarm"
TARGET_5XX_ALARM = "Target5xxAlarm"
UNHEALTHY_HOSTS_ALARM = "UnhealthyHostsAlarm"
RESPONSE_TIME_ALARM = "TargetResponseTimeAlarm"
ZONAL_AUTOSHIFT = "LoadBalancerZonalAutoshift"
DB_CPU_ALARM = "DatabaseCpuAlarm"
REPLICA_LAG_ALARM = "ReplicaLagAlarm"
FREE_STORAGE_ALARM = "FreeStorageAlarm"

EMAIL_PATTERN = r"[^@\s]+@[^@\s]+\.[^@\s]+"
TOPIC_ARN_PATTERN = r"arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}"
NOBODY_NOTIFIED_WARNING = "hastack:monitoring:nobody-notified"
REPLICA_LAG_PERIOD = 60
REPLICA_LAG_DATAPOINTS = 2
"""Lag over the threshold in 2 of 3 one-minute periods pages within 3 minutes, not 15."""


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class MonitoringOptions(Options):
    """The alarms: their topic or e-mail address and thresholds."""

    alarm_email: str | None = option(
        None, help="E-mail address subscribed to the alarm topic.", pattern=EMAIL_PATTERN
    )
    alarm_topic_arn: str | None = option(
        None,
        help="Existing SNS topic (already subscribed) for the alarms instead of a new one.",
        pattern=TOPIC_ARN_PATTERN,
    )
    error_threshold: int = option(
        10, help="5xx responses per minute that raise the alarm.", ge=1, le=1_000_000
    )
    response_time_p99_seconds: float = option(
        1.0, help="p99 target response time alarm.", ge=0.01, le=60
    )
    db_cpu_percent: int = option(80, help="Database CPU alarm threshold.", ge=10, le=100)
    replica_lag_seconds: float = option(1.0, help="Replica lag alarm threshold.", ge=0.01, le=3600)
    free_storage_gb: int = option(10, help="Free storage alarm threshold.", ge=1, le=10000)

    def warnings(self) -> list[tuple[str, str]]:
        found = super().warnings()
        if self.alarm_email is None and self.alarm_topic_arn is None:
            found.append(
                (
                    NOBODY_NOTIFIED_WARNING,
                    "alarms publish to a new topic with no subscriber: NOBODY IS NOTIFIED. "
                    "Set monitoring.alarm_email or monitoring.alarm_topic_arn",
                )
            )
        return found

    def check(self) -> list[tuple[str, object, str]]:
        if self.alarm_email is not None and self.alarm_topic_arn is not None:
            return [("alarm_email", self.alarm_email, "unset when alarm_topic_arn is given")]
        return []


@dataclass(frozen=True, eq=False, repr=False)
class AlarmTopicHandle(Record):
    """The SNS topic every alarm of the stack publishes to."""

    topic_arn: Any


def add_alarm_topic(t: Any, options: MonitoringOptions) -> AlarmTopicHandle:
    from awacs.aws import Allow, PolicyDocument, Principal, Statement
    from troposphere import GetAtt, Ref, Sub
    from troposphere.kms import Key
    from troposphere.sns import SubscriptionResource, Topic

    if options.alarm_topic_arn is not None:
        return AlarmTopicHandle(topic_arn=options.alarm_topic_arn)
    root = Sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:root")
    t.add_resource(
        Key(
            ALARM_TOPIC_KEY,
            Description="Encrypts the alarm topic; usable by CloudWatch to publish",
            PendingWindowInDays=7,
            DeletionPolicy="Delete",  # alarm messages are transient: nothing to keep
            UpdateReplacePolicy="Delete",
            EnableKeyRotation=True,
            KeyPolicy=PolicyDocument(
                Version="2012-10-17",
                Statement=[
                    Statement(
                        Sid="AccountAdministers",
                        Effect=Allow,
                        Principal=Principal("AWS", root),
                        Action=[_kms("*")],
                        Resource=["*"],
                    ),
                    Statement(
                        Sid="CloudWatchPublishes",
                        Effect=Allow,
                        Principal=Principal("Service", "cloudwatch.amazonaws.com"),
                        Action=[_kms("Decrypt"), _kms("GenerateDataKey*")],
                        Resource=["*"],
                    ),
                ],
            ),
        )
    )
    t.add_resource(Topic(ALARM_TOPIC, KmsMasterKeyId=GetAtt(ALARM_TOPIC_KEY, "Arn")))
    if options.alarm_email:
        t.add_resource(
            SubscriptionResource(
                ALARM_SUBSCRIPTION,
                TopicArn=Ref(ALARM_TOPIC),
                Protocol="email",
                Endpoint=options.alarm_email,
            )
        )
    return AlarmTopicHandle(topic_arn=Ref(ALARM_TOPIC))


def _kms(action: str) -> Any:
    from awacs.kms import Action

    return Action(action)


def _alarm(t: Any, name: str, topic: AlarmTopicHandle, **props: Any) -> None:
    from troposphere.cloudwatch import Alarm

    t.add_resource(
        Alarm(
            name,
            AlarmActions=[topic.topic_arn],
            OKActions=[topic.topic_arn],
            TreatMissingData="notBreaching",
            **props,
        )
    )


def add_load_balancer_alarms(
    t: Any, lb: LoadBalancerHandle, topic: AlarmTopicHandle, options: MonitoringOptions
) -> None:
    from troposphere.cloudwatch import MetricDimension

    lb_dim = MetricDimension(Name="LoadBalancer", Value=lb.full_name)
    tg_dim = MetricDimension(Name="TargetGroup", Value=lb.target_group_full_name)
    # 3 bad minutes out of 5: a single spike does not page anyone.
    common = dict(
        Namespace=lb.metric_namespace,
        Dimensions=[lb_dim],
        Period=60,
        EvaluationPeriods=5,
        DatapointsToAlarm=3,
    )
    error_alarms: tuple[tuple[str, str, str], ...]
    if lb.kind == "application":
        error_alarms = (
            (LB_5XX_ALARM, "HTTPCode_ELB_5XX_Count", "5xx responses from the load balancer"),
            (TARGET_5XX_ALARM, "HTTPCode_Target_5XX_Count", "5xx responses from the targets"),
        )
    else:
        error_alarms = ((LB_5XX_ALARM, "TCP_ELB_Reset_Count", "Resets sent by the load balancer"),)
    for name, metric, description in error_alarms:
        _alarm(
            t,
            name,
            topic,
            AlarmDescription=description,
            MetricName=metric,
            Statistic="Sum",
            Threshold=options.error_threshold,
            ComparisonOperator="GreaterThanOrEqualToThreshold",
            **common,
        )
    if lb.kind == "application":
        _alarm(
            t,
            RESPONSE_TIME_ALARM,
            topic,
            AlarmDescription="p99 target response time",
            MetricName="TargetResponseTime",
            ExtendedStatistic="p99",
            Threshold=options.response_time_p99_seconds,
            ComparisonOperator="GreaterThanThreshold",
            **common,
        )
    if lb.zonal_autoshift:
        _add_zonal_autoshift(t, lb, LB_5XX_ALARM)
    _alarm(
        t,
        UNHEALTHY_HOSTS_ALARM,
        topic,
        AlarmDescription="Targets failing health checks",
        Namespace=lb.metric_namespace,
        MetricName="UnHealthyHostCount",
        Dimensions=[lb_dim, tg_dim],
        Statistic="Maximum",
        Period=60,
        EvaluationPeriods=3,
        Threshold=0,
        ComparisonOperator="GreaterThanThreshold",
    )


def _add_zonal_autoshift(t: Any, lb: LoadBalancerHandle, outcome_alarm: str) -> None:
    """ARC zonal autoshift for the load balancer: AWS shifts its traffic out of an AZ that its
    own telemetry sees impaired, without anyone deploying or paging. AWS requires practice runs
    with it: a weekly 30-minute shift away from one AZ, proving the other AZs carry the load;
    the load balancer's own error alarm (5xx it sends for an ALB: no healthy target, timeouts;
    resets for an NLB) is the outcome alarm that ends a practice run that hurts (AWS takes one;
    the fleet is sized to lose an AZ at the stated peak, so it should not fire)."""
    from troposphere import GetAtt
    from troposphere.arczonalshift import (
        ControlCondition,
        PracticeRunConfiguration,
        ZonalAutoshiftConfiguration,
    )

    t.add_resource(
        ZonalAutoshiftConfiguration(
            ZONAL_AUTOSHIFT,
            ResourceIdentifier=lb.load_balancer_arn,
            ZonalAutoshiftStatus="ENABLED",
            PracticeRunConfiguration=PracticeRunConfiguration(
                OutcomeAlarms=[
                    ControlCondition(
                        AlarmIdentifier=GetAtt(outcome_alarm, "Arn"), Type="CLOUDWATCH"
                    )
                ]
            ),
        )
    )


def add_database_alarms(
    t: Any,
    db: DatabaseHandle,
    topic: AlarmTopicHandle,
    options: MonitoringOptions,
    *,
    has_replicas: bool,
) -> None:
    from troposphere.cloudwatch import MetricDimension

    dim_name = "DBClusterIdentifier" if db.aurora else "DBInstanceIdentifier"
    dim = MetricDimension(Name=dim_name, Value=db.identifier)
    common = dict(Namespace="AWS/RDS", Dimensions=[dim], Period=300, EvaluationPeriods=3)
    _alarm(
        t,
        DB_CPU_ALARM,
        topic,
        AlarmDescription="Database CPU",
        MetricName="CPUUtilization",
        Statistic="Average",
        Threshold=options.db_cpu_percent,
        ComparisonOperator="GreaterThanThreshold",
        **common,
    )
    storage_metric, storage_description = (
        ("FreeLocalStorage", "Local storage of the instances")
        if db.aurora
        else ("FreeStorageSpace", "Free storage of the primary")
    )
    _alarm(
        t,
        FREE_STORAGE_ALARM,
        topic,
        AlarmDescription=storage_description,
        MetricName=storage_metric,
        Statistic="Minimum",
        Threshold=options.free_storage_gb * 1024**3,
        ComparisonOperator="LessThanThreshold",
        **common,
    )
    lag_timing = dict(
        Period=REPLICA_LAG_PERIOD, EvaluationPeriods=3, DatapointsToAlarm=REPLICA_LAG_DATAPOINTS
    )
    if db.aurora and has_replicas:
        _alarm(
            t,
            REPLICA_LAG_ALARM,
            topic,
            AlarmDescription="Aurora replica lag",
            MetricName="AuroraReplicaLagMaximum",
            Statistic="Maximum",
            Threshold=options.replica_lag_seconds * 1000,
            ComparisonOperator="GreaterThanThreshold",
            **{**common, **lag_timing},
        )
    elif not db.aurora and db.replica_identifiers:
        replica = MetricDimension(Name="DBInstanceIdentifier", Value=db.replica_identifiers[0])
        _alarm(
            t,
            REPLICA_LAG_ALARM,
            topic,
            AlarmDescription="Lag of the first read replica",
            MetricName="ReplicaLag",
            Statistic="Maximum",
            Threshold=options.replica_lag_seconds,
            ComparisonOperator="GreaterThanThreshold",
            **{**common, **lag_timing, "Dimensions": [replica]},
        )


def monitoring_outputs(t: Any, topic: AlarmTopicHandle) -> None:
    from troposphere import Output

    t.add_output(
        Output(
            "AlarmTopicArn", Value=topic.topic_arn, Description="SNS topic the alarms publish to"
        )
    )
