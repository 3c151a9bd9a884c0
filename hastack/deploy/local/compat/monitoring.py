"""CloudWatch alarms and Auto Scaling policies: skipped by moto 5.2, so alarms never existed."""

from __future__ import annotations

from typing import Any

from moto.autoscaling.models import autoscaling_backends
from moto.cloudwatch.models import cloudwatch_backends
from moto.core.common_models import CloudFormationModel

from hastack.deploy.local.compat._base import (
    WrappedResource,
    ref_name,
    tags_list,
    to_bool,
    to_float,
    to_int,
)


def _strings(values: Any) -> list[str]:
    return [str(ref_name(v)) for v in values or []]


class AlarmHandler(WrappedResource, CloudFormationModel):
    """``AWS::CloudWatch::Alarm`` via ``CloudWatchBackend.put_metric_alarm``.

    ``put_metric_alarm`` overwrites by name, so an update is an in-place put; a new
    ``AlarmName`` replaces the alarm.
    """

    CFN_TYPE = "AWS::CloudWatch::Alarm"
    NAME_PROPERTY = "AlarmName"
    ATTRIBUTES = {"Arn": lambda self: self.resource.alarm_arn}

    @classmethod
    def create(
        cls, name: str, properties: dict[str, Any], account_id: str, region_name: str, **_: Any
    ) -> AlarmHandler:
        backend = cloudwatch_backends[account_id][region_name]
        alarm = backend.put_metric_alarm(
            name=name,
            namespace=properties.get("Namespace"),
            metric_name=properties.get("MetricName"),
            metric_data_queries=_metric_queries(properties.get("Metrics")),
            comparison_operator=properties.get("ComparisonOperator"),
            evaluation_periods=to_int(properties.get("EvaluationPeriods")),
            datapoints_to_alarm=to_int(properties.get("DatapointsToAlarm")),
            period=to_int(properties.get("Period")),
            threshold=to_float(properties.get("Threshold")),
            statistic=properties.get("Statistic"),
            extended_statistic=properties.get("ExtendedStatistic"),
            description=properties.get("AlarmDescription"),
            dimensions=[
                {"Name": d["Name"], "Value": str(ref_name(d["Value"]))}
                for d in properties.get("Dimensions") or []
            ],
            alarm_actions=_strings(properties.get("AlarmActions")),
            ok_actions=_strings(properties.get("OKActions")),
            insufficient_data_actions=_strings(properties.get("InsufficientDataActions")),
            unit=properties.get("Unit"),
            actions_enabled=to_bool(properties.get("ActionsEnabled", True)),
            treat_missing_data=properties.get("TreatMissingData"),
            evaluate_low_sample_count_percentile=properties.get("EvaluateLowSampleCountPercentile"),
            threshold_metric_id=properties.get("ThresholdMetricId"),
            tags=tags_list(properties.get("Tags")),
        )
        return cls(alarm, account_id, region_name, properties)

    @classmethod
    def update(
        cls,
        original: Any,
        new_name: str,
        properties: dict[str, Any],
        account_id: str,
        region_name: str,
    ) -> AlarmHandler:
        if properties.get("AlarmName") not in (None, original.resource.name):
            return super().update(original, new_name, properties, account_id, region_name)
        return cls.create(original.resource.name, properties, account_id, region_name)

    @property
    def physical_resource_id(self) -> str:
        return self.resource.name

    def delete_resource(self) -> None:
        cloudwatch_backends[self.account_id][self.region_name].delete_alarms([self.resource.name])


def _metric_queries(metrics: Any) -> Any:
    """Metric-math alarms: the same objects moto's PutMetricAlarm handler builds."""
    if not metrics:
        return None
    from moto.cloudwatch.models import Dimension, Metric, MetricDataQuery, MetricStat

    queries = []
    for metric in metrics:
        stat = metric.get("MetricStat") or {}
        inner = stat.get("Metric") or {}
        metric_stat = None
        if inner.get("MetricName"):
            metric_stat = MetricStat(
                metric=Metric(
                    metric_name=inner["MetricName"],
                    namespace=inner.get("Namespace"),
                    dimensions=[
                        Dimension(name=d["Name"], value=str(ref_name(d["Value"])))
                        for d in inner.get("Dimensions") or []
                    ],
                ),
                period=to_int(stat.get("Period")),
                stat=stat.get("Stat"),
                unit=stat.get("Unit"),
            )
        queries.append(
            MetricDataQuery(
                query_id=metric.get("Id"),
                label=metric.get("Label"),
                period=to_int(metric.get("Period")),
                return_data=to_bool(metric.get("ReturnData")),
                expression=metric.get("Expression"),
                metric_stat=metric_stat,
            )
        )
    return queries


class ScalingPolicyHandler(WrappedResource, CloudFormationModel):
    """``AWS::AutoScaling::ScalingPolicy`` via ``AutoScalingBackend.put_scaling_policy``.

    ``Ref`` is the policy ARN, as in AWS; the policy is named after the generated name.
    """

    CFN_TYPE = "AWS::AutoScaling::ScalingPolicy"
    ATTRIBUTES = {
        "Arn": lambda self: self.resource.arn,
        "PolicyName": lambda self: self.resource.name,
    }

    @classmethod
    def create(
        cls, name: str, properties: dict[str, Any], account_id: str, region_name: str, **_: Any
    ) -> ScalingPolicyHandler:
        backend = autoscaling_backends[account_id][region_name]
        group = str(ref_name(properties.get("AutoScalingGroupName")))
        if group not in backend.autoscaling_groups:
            raise ValueError(f"AutoScalingGroupName {group!r} does not exist")
        policy = backend.put_scaling_policy(
            name=name,
            policy_type=properties.get("PolicyType", "SimpleScaling"),
            metric_aggregation_type=properties.get("MetricAggregationType"),
            adjustment_type=properties.get("AdjustmentType"),
            as_name=group,
            min_adjustment_magnitude=properties.get("MinAdjustmentMagnitude"),
            scaling_adjustment=to_int(properties.get("ScalingAdjustment")),
            cooldown=to_int(properties.get("Cooldown")),
            target_tracking_config=properties.get("TargetTrackingConfiguration") or {},
            step_adjustments=properties.get("StepAdjustments") or [],
            estimated_instance_warmup=properties.get("EstimatedInstanceWarmup"),
            predictive_scaling_configuration=properties.get("PredictiveScalingConfiguration") or {},
        )
        return cls(policy, account_id, region_name, properties)

    @classmethod
    def update(
        cls,
        original: Any,
        new_name: str,
        properties: dict[str, Any],
        account_id: str,
        region_name: str,
    ) -> ScalingPolicyHandler:
        if properties.get("AutoScalingGroupName") != original.properties.get(
            "AutoScalingGroupName"
        ):
            return super().update(original, new_name, properties, account_id, region_name)
        return cls.create(original.resource.name, properties, account_id, region_name)

    @property
    def physical_resource_id(self) -> str:
        return self.resource.arn

    def delete_resource(self) -> None:
        autoscaling_backends[self.account_id][self.region_name].delete_policy(self.resource.name)
