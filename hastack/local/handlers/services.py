"""Types moto has no CloudFormation model for, over its service backends: alarms, secrets,
bucket and topic policies, subscriptions, certificates, IAM inline policies, wait conditions."""

from __future__ import annotations

import json
from typing import Any

from hastack.local.errors import ResourceFailure
from hastack.local.handlers.base import (
    Context,
    Handler,
    Live,
    register,
    tags_list,
    to_bool,
    to_float,
    to_int,
)
from hastack.local.handlers.moto_models import MotoModelHandler


def _policy_text(document: Any) -> str:
    return document if isinstance(document, str) else json.dumps(document)


@register
class AlarmHandler(Handler):
    type = "AWS::CloudWatch::Alarm"
    emulates = "`put_metric_alarm` (metric and metric-math alarms); updates put it again"

    def create(self, ctx: Context, props: dict[str, Any]) -> Live:
        return self._put(ctx, str(props.get("AlarmName") or ctx.generated_name(255)), props)

    def _put(self, ctx: Context, name: str, props: dict[str, Any]) -> Live:
        alarm = ctx.backend("cloudwatch").put_metric_alarm(
            name=name,
            namespace=props.get("Namespace"),
            metric_name=props.get("MetricName"),
            metric_data_queries=_metric_queries(props.get("Metrics")),
            comparison_operator=props.get("ComparisonOperator"),
            evaluation_periods=to_int(props.get("EvaluationPeriods")),
            datapoints_to_alarm=to_int(props.get("DatapointsToAlarm")),
            period=to_int(props.get("Period")),
            threshold=to_float(props.get("Threshold")),
            statistic=props.get("Statistic"),
            extended_statistic=props.get("ExtendedStatistic"),
            description=props.get("AlarmDescription"),
            dimensions=[
                {"Name": d["Name"], "Value": str(d["Value"])} for d in props.get("Dimensions") or []
            ],
            alarm_actions=[str(a) for a in props.get("AlarmActions") or []],
            ok_actions=[str(a) for a in props.get("OKActions") or []],
            insufficient_data_actions=[str(a) for a in props.get("InsufficientDataActions") or []],
            unit=props.get("Unit"),
            actions_enabled=to_bool(props.get("ActionsEnabled", True)),
            treat_missing_data=props.get("TreatMissingData"),
            evaluate_low_sample_count_percentile=props.get("EvaluateLowSampleCountPercentile"),
            threshold_metric_id=props.get("ThresholdMetricId"),
            tags=tags_list(props.get("Tags")),
        )
        return Live(physical_id=name, attributes={"Arn": alarm.alarm_arn})

    def update(self, ctx: Context, live: Live, old: dict[str, Any], new: dict[str, Any]) -> Live:
        return self._put(ctx, live.physical_id, new)

    def delete(self, ctx: Context, live: Live, props: dict[str, Any]) -> None:
        ctx.backend("cloudwatch").delete_alarms([live.physical_id])


def _as_moto_parses(value: object) -> Any:
    """A field of moto's CloudWatch query objects, given as moto's own request parser gives it.

    moto annotates ``Period``, ``ReturnData``, ``Stat``, ``Unit`` and ``Namespace`` as ``str``,
    but its PutMetricAlarm layer stores what it decodes (an int period, a bool, None for a
    field the request leaves out) and reads them back that way; passing the same values keeps
    ``DescribeAlarms`` answering as it does for an alarm put through moto's API."""
    return value


def _metric_queries(metrics: Any) -> Any:
    """Metric-math alarms: the same objects moto's PutMetricAlarm API layer builds."""
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
                    namespace=_as_moto_parses(inner.get("Namespace")),
                    dimensions=[
                        Dimension(name=d["Name"], value=str(d["Value"]))
                        for d in inner.get("Dimensions") or []
                    ],
                ),
                period=_as_moto_parses(to_int(stat.get("Period"))),
                stat=_as_moto_parses(stat.get("Stat")),
                unit=_as_moto_parses(stat.get("Unit")),
            )
        queries.append(
            MetricDataQuery(
                query_id=metric.get("Id"),
                label=metric.get("Label"),
                period=_as_moto_parses(to_int(metric.get("Period"))),
                return_data=_as_moto_parses(to_bool(metric.get("ReturnData"))),
                expression=metric.get("Expression"),
                metric_stat=metric_stat,
            )
        )
    return queries


@register
class BucketHandler(MotoModelHandler):
    """moto's bucket model applies ``BucketEncryption`` and ``Tags`` but not
    ``VersioningConfiguration``: a versioned bucket came up unversioned (drift detection showed
    it). Versioning is applied with ``put_bucket_versioning``, as AWS applies it at creation and
    on update."""

    type = "AWS::S3::Bucket"
    emulates = (
        "moto's model (encryption, tags) and `put_bucket_versioning`; other bucket "
        "configurations are recorded, not applied"
    )

    def __init__(self) -> None:
        super().__init__(self.type)

    def create(self, ctx: Context, props: dict[str, Any]) -> Live:
        live = super().create(ctx, props)
        _versioning(ctx, live, props)
        return live

    def update(self, ctx: Context, live: Live, old: dict[str, Any], new: dict[str, Any]) -> Live:
        live = super().update(ctx, live, old, new)
        if old.get("VersioningConfiguration") != new.get("VersioningConfiguration"):
            _versioning(ctx, live, new, default="Suspended")
        return live


def _versioning(ctx: Context, live: Live, props: dict[str, Any], default: str = "") -> None:
    status = (props.get("VersioningConfiguration") or {}).get("Status") or default
    if status:
        ctx.backend("s3", "aws").put_bucket_versioning(live.physical_id, str(status))


@register
class BucketPolicyHandler(Handler):
    type = "AWS::S3::BucketPolicy"
    emulates = "`put_bucket_policy` (`get_bucket_policy` shows it)"

    def create(self, ctx: Context, props: dict[str, Any]) -> Live:
        bucket = str(props["Bucket"])
        ctx.backend("s3", "aws").put_bucket_policy(
            bucket, _policy_text(props["PolicyDocument"]).encode()
        )
        return Live(physical_id=ctx.generated_name(255), state=bucket)

    def update(self, ctx: Context, live: Live, old: dict[str, Any], new: dict[str, Any]) -> Live:
        self.delete(ctx, live, old)
        created = self.create(ctx, new)
        return Live(physical_id=live.physical_id, state=created.state)

    def delete(self, ctx: Context, live: Live, props: dict[str, Any]) -> None:
        backend = ctx.backend("s3", "aws")
        if str(props["Bucket"]) in backend.buckets:
            backend.delete_bucket_policy(str(props["Bucket"]))


@register
class TopicPolicyHandler(Handler):
    type = "AWS::SNS::TopicPolicy"
    emulates = "`set_topic_attributes(Policy)` on each topic"

    def create(self, ctx: Context, props: dict[str, Any]) -> Live:
        backend = ctx.backend("sns")
        for topic in props.get("Topics") or []:
            backend.set_topic_attribute(str(topic), "Policy", _policy_text(props["PolicyDocument"]))
        name = ctx.generated_name(255)
        return Live(physical_id=name, attributes={"Id": name})

    def update(self, ctx: Context, live: Live, old: dict[str, Any], new: dict[str, Any]) -> Live:
        self.create(ctx, new)
        return live

    def delete(self, ctx: Context, live: Live, props: dict[str, Any]) -> None:
        """AWS restores the topic's default policy; the emulated topic keeps the last one."""


@register
class SubscriptionHandler(Handler):
    type = "AWS::SNS::Subscription"
    emulates = "`subscribe` with its attributes; `Ref` is the subscription ARN"

    def create(self, ctx: Context, props: dict[str, Any]) -> Live:
        topic_arn = str(props["TopicArn"])
        backend = ctx.backend("sns", topic_arn.split(":")[3] or ctx.region)
        subscription = backend.subscribe(topic_arn, str(props.get("Endpoint")), props["Protocol"])
        for key in ("FilterPolicy", "RawMessageDelivery", "RedrivePolicy", "FilterPolicyScope"):
            if props.get(key) is not None:
                value = props[key]
                value = _policy_text(value) if isinstance(value, dict) else str(value).lower()
                backend.set_subscription_attributes(subscription.arn, key, value)
        return Live(physical_id=subscription.arn, attributes={"Arn": subscription.arn})

    def delete(self, ctx: Context, live: Live, props: dict[str, Any]) -> None:
        backend = ctx.backend("sns", live.physical_id.split(":")[3])
        if live.physical_id in backend.subscriptions:
            backend.unsubscribe(live.physical_id)


@register
class CertificateHandler(Handler):
    type = "AWS::CertificateManager::Certificate"
    emulates = "`request_certificate`; validation is not emulated (issued at once)"

    def create(self, ctx: Context, props: dict[str, Any]) -> Live:
        arn = ctx.backend("acm").request_certificate(
            domain_name=props["DomainName"],
            idempotency_token=None,
            subject_alt_names=props.get("SubjectAlternativeNames") or [],
            tags=tags_list(props.get("Tags")),
        )
        return Live(physical_id=arn, attributes={"Id": arn})

    def delete(self, ctx: Context, live: Live, props: dict[str, Any]) -> None:
        backend = ctx.backend("acm")
        try:
            backend.delete_certificate(live.physical_id)
        except Exception as error:  # noqa: BLE001 - already gone is fine
            if "ResourceNotFound" not in type(error).__name__ + str(error):
                raise


def _generated_string(backend: Any, spec: dict[str, Any]) -> str:
    password: str = backend.get_random_password(
        password_length=to_int(spec.get("PasswordLength", 32)),
        exclude_characters=spec.get("ExcludeCharacters", ""),
        exclude_numbers=bool(to_bool(spec.get("ExcludeNumbers", False))),
        exclude_punctuation=bool(to_bool(spec.get("ExcludePunctuation", False))),
        exclude_uppercase=bool(to_bool(spec.get("ExcludeUppercase", False))),
        exclude_lowercase=bool(to_bool(spec.get("ExcludeLowercase", False))),
        include_space=bool(to_bool(spec.get("IncludeSpace", False))),
        require_each_included_type=bool(to_bool(spec.get("RequireEachIncludedType", True))),
    )
    password = json.loads(password)["RandomPassword"] if password.startswith("{") else password
    template = spec.get("SecretStringTemplate")
    key = spec.get("GenerateStringKey")
    if template and key:
        document = json.loads(template)
        document[key] = password
        return json.dumps(document)
    return password


@register
class SecretHandler(Handler):
    type = "AWS::SecretsManager::Secret"
    emulates = (
        "`create_secret` with `GenerateSecretString` honoured; `Ref` is the ARN; "
        "in-place `update_secret`"
    )

    def create(self, ctx: Context, props: dict[str, Any]) -> Live:
        backend = ctx.backend("secretsmanager")
        name = str(props.get("Name") or ctx.generated_name(255))
        secret_string = props.get("SecretString")
        if secret_string is None and props.get("GenerateSecretString") is not None:
            secret_string = _generated_string(backend, props["GenerateSecretString"])
        backend.create_secret(
            name=name,
            secret_string=secret_string,
            secret_binary=None,
            description=props.get("Description"),
            tags=tags_list(props.get("Tags")),
            kms_key_id=props.get("KmsKeyId"),
            client_request_token=None,
            replica_regions=props.get("ReplicaRegions") or [],
            force_overwrite=False,
        )
        arn = backend.describe_secret(name).arn
        return Live(physical_id=arn, attributes={"Id": arn})

    def update(self, ctx: Context, live: Live, old: dict[str, Any], new: dict[str, Any]) -> Live:
        backend = ctx.backend("secretsmanager")
        secret_string = new.get("SecretString")
        if secret_string is None and new.get("GenerateSecretString") != old.get(
            "GenerateSecretString"
        ):
            secret_string = _generated_string(backend, new["GenerateSecretString"])
        backend.update_secret(
            secret_id=live.physical_id,
            secret_string=secret_string,
            description=new.get("Description"),
            kms_key_id=new.get("KmsKeyId"),
        )
        return live

    def delete(self, ctx: Context, live: Live, props: dict[str, Any]) -> None:
        backend = ctx.backend("secretsmanager")
        if backend.secrets.get(live.physical_id) is not None:
            backend.delete_secret(
                live.physical_id, recovery_window_in_days=None, force_delete_without_recovery=True
            )


@register
class SecretTargetAttachmentHandler(Handler):
    type = "AWS::SecretsManager::SecretTargetAttachment"
    emulates = "adds the database's engine, host, port and identifier to the secret's JSON"

    def create(self, ctx: Context, props: dict[str, Any]) -> Live:
        backend = ctx.backend("secretsmanager")
        secret_id = str(props["SecretId"])
        details = _target_details(ctx, str(props["TargetId"]), props.get("TargetType", ""))
        current = backend.get_secret_value(secret_id, version_id=None, version_stage=None)
        document = json.loads(current.get("SecretString") or "{}")
        document.update(details)
        arn = backend.describe_secret(secret_id).arn
        backend.put_secret_value(
            secret_id=arn,
            secret_string=json.dumps(document),
            secret_binary=None,
            client_request_token=None,
            version_stages=["AWSCURRENT"],
        )
        return Live(physical_id=arn)

    def update(self, ctx: Context, live: Live, old: dict[str, Any], new: dict[str, Any]) -> Live:
        return Live(physical_id=self.create(ctx, new).physical_id)

    def delete(self, ctx: Context, live: Live, props: dict[str, Any]) -> None:
        """Detaching leaves the secret's JSON as it is, as AWS does."""


def _target_details(ctx: Context, target_id: str, target_type: str) -> dict[str, Any]:
    backend = ctx.backend("rds")
    if target_type == "AWS::RDS::DBCluster" or target_id.lower() in backend.clusters:
        cluster = backend.clusters[target_id.lower()]
        return {
            "engine": cluster.engine,
            "host": cluster.endpoint,
            "port": cluster.port,
            "dbClusterIdentifier": cluster.db_cluster_identifier,
        }
    if target_type == "AWS::RDS::DBInstance" or target_id.lower() in backend.databases:
        database = backend.databases[target_id.lower()]
        return {
            "engine": database.engine,
            "host": database.address,
            "port": database.port,
            "dbInstanceIdentifier": database.db_instance_identifier,
        }
    raise ResourceFailure(f"TargetId {target_id!r} is not an RDS cluster or instance")


@register
class RolePolicyHandler(Handler):
    type = "AWS::IAM::RolePolicy"
    emulates = "`put_role_policy` / `delete_role_policy`"

    def create(self, ctx: Context, props: dict[str, Any]) -> Live:
        ctx.backend("iam", "global").put_role_policy(
            str(props["RoleName"]),
            str(props["PolicyName"]),
            _policy_text(props.get("PolicyDocument") or {}),
        )
        return Live(physical_id=f"{props['PolicyName']}-{ctx.generated_name(40)}"[:128])

    def update(self, ctx: Context, live: Live, old: dict[str, Any], new: dict[str, Any]) -> Live:
        self.create(ctx, new)
        return live

    def delete(self, ctx: Context, live: Live, props: dict[str, Any]) -> None:
        backend = ctx.backend("iam", "global")
        try:
            backend.delete_role_policy(str(props["RoleName"]), str(props["PolicyName"]))
        except Exception as error:  # noqa: BLE001 - the role went first
            if "NoSuchEntity" not in type(error).__name__ + str(error):
                raise


@register
class LambdaPermissionHandler(Handler):
    """moto's model adds the statement with no ``Sid`` and keeps nothing to remove it by, so a
    deleted or replaced permission stayed in the function's policy. AWS's ``AddPermission``
    takes a statement id (CloudFormation generates one, the Ref) that ``RemovePermission``
    removes."""

    type = "AWS::Lambda::Permission"
    emulates = "`add_permission` with a generated statement id (the `Ref`); `remove_permission`"

    def create(self, ctx: Context, props: dict[str, Any]) -> Live:
        sid = ctx.generated_name(100)
        statement = {key: value for key, value in props.items() if key != "FunctionName"}
        ctx.backend("lambda").add_permission(
            str(props["FunctionName"]), None, json.dumps({**statement, "StatementId": sid})
        )
        return Live(physical_id=sid)

    def delete(self, ctx: Context, live: Live, props: dict[str, Any]) -> None:
        backend = ctx.backend("lambda")
        try:
            backend.remove_permission(str(props["FunctionName"]), live.physical_id)
        except Exception as error:  # noqa: BLE001 - the function (and its policy) went first
            if "ResourceNotFound" not in type(error).__name__ + str(error):
                raise


@register
class WaitConditionHandleHandler(Handler):
    type = "AWS::CloudFormation::WaitConditionHandle"
    emulates = "a presigned-URL-like id; nothing waits on it"

    def create(self, ctx: Context, props: dict[str, Any]) -> Live:
        return Live(
            physical_id=f"https://cloudformation-waitcondition-{ctx.region}.s3.amazonaws.com/"
            f"{ctx.stack_id}/{ctx.logical_id}"
        )

    def delete(self, ctx: Context, live: Live, props: dict[str, Any]) -> None:
        """Nothing exists behind a handle."""


@register
class WaitConditionHandler(Handler):
    type = "AWS::CloudFormation::WaitCondition"
    emulates = "completes at once with no data (no instance signals locally)"

    def create(self, ctx: Context, props: dict[str, Any]) -> Live:
        return Live(physical_id=ctx.generated_name(255), attributes={"Data": "{}"})

    def update(self, ctx: Context, live: Live, old: dict[str, Any], new: dict[str, Any]) -> Live:
        return live

    def delete(self, ctx: Context, live: Live, props: dict[str, Any]) -> None:
        """Nothing exists behind a wait condition."""


@register
class NestedStackHandler(Handler):
    type = "AWS::CloudFormation::Stack"
    emulates = (
        "a nested stack run by the engine itself, its template read from the emulator's S3; "
        "`GetAtt Outputs.NAME`"
    )

    def create(self, ctx: Context, props: dict[str, Any]) -> Live:
        child = ctx.engine.nested_create(ctx, props)
        if child.status != "CREATE_COMPLETE":
            raise ResourceFailure(
                f"Embedded stack {child.stack_id} was not successfully created: {child.reason}"
            )
        return Live(physical_id=child.stack_id)

    def update(self, ctx: Context, live: Live, old: dict[str, Any], new: dict[str, Any]) -> Live:
        child = ctx.engine.nested_update(ctx, live.physical_id, new)
        if child.status not in ("UPDATE_COMPLETE", "CREATE_COMPLETE"):
            raise ResourceFailure(
                f"Embedded stack {child.stack_id} was not successfully updated. Currently in "
                f"{child.status} with reason: {child.reason}"
            )
        return live

    def delete(self, ctx: Context, live: Live, props: dict[str, Any]) -> None:
        child = ctx.engine.nested_delete(ctx, live.physical_id)
        if child is not None and child.status != "DELETE_COMPLETE":
            raise ResourceFailure(
                f"Embedded stack {child.stack_id} was not deleted: {child.reason}"
            )

    def attribute(self, ctx: Context, live: Live, name: str) -> Any:
        if name.startswith("Outputs."):
            for output in ctx.engine.nested_outputs(ctx, live.physical_id):
                if output["OutputKey"] == name[len("Outputs.") :]:
                    return output["OutputValue"]
        return super().attribute(ctx, live, name)
