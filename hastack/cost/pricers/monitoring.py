"""CloudWatch alarms, dashboards and log groups; SNS topics.

Alarms are billed per metric they watch: a metric-math alarm pays for each metric it reads, an
anomaly-detection alarm for three (the metric and the two band edges), and an alarm on a period
under 60 seconds is a high-resolution alarm at three times the price.
"""

from __future__ import annotations

from typing import Any

from hastack.cost.model import Component
from hastack.cost.pricers.base import PriceContext, as_int, charge, pricer
from hastack.cost.resolver import Unresolved
from hastack.cost.usage import key
from hastack.template import types

ANOMALY_METRICS = 3


def _period(ctx: PriceContext, props: dict[str, Any]) -> int:
    try:
        return as_int(ctx.get("Period", 60, props=props), "Period")
    except Unresolved:
        return 60


@pricer(types.CLOUDWATCH_ALARM)
def alarm(ctx: PriceContext) -> list[Component]:
    metrics = ctx.props.get("Metrics")
    high_res = False
    if isinstance(metrics, list) and metrics:
        stats = [m["MetricStat"] for m in metrics if isinstance(m, dict) and m.get("MetricStat")]
        count = max(len(stats), 1)
        high_res = any(_period(ctx, s) < 60 for s in stats if isinstance(s, dict))
        if ctx.props.get("ThresholdMetricId"):
            count = ANOMALY_METRICS * count
            ctx.note("anomaly detection alarm: billed as 3 metrics per metric")
    else:
        count = 1
        high_res = _period(ctx, ctx.props) < 60
    kind = "high-resolution" if high_res else "standard"
    price = ctx.price("cloudwatch", f"alarm-{kind}")
    return [
        charge(
            f"CloudWatch alarm ({kind}, {count} metric{'s' if count > 1 else ''})",
            "alarm metrics",
            count,
            price,
        )
    ]


@pricer(types.CLOUDWATCH_COMPOSITE_ALARM)
def composite_alarm(ctx: PriceContext) -> list[Component]:
    price = ctx.price("cloudwatch", "alarm-composite")
    return [charge("CloudWatch composite alarm", "alarms", 1, price)]


@pricer(types.CLOUDWATCH_DASHBOARD)
def dashboard(ctx: PriceContext) -> list[Component]:
    ctx.note("the first 3 dashboards of an account are free; not subtracted")
    return [charge("CloudWatch dashboard", "dashboards", 1, ctx.price("cloudwatch", "dashboard"))]


@pricer(
    types.LOGS_LOG_GROUP,
    usage=[
        key("ingested_gb", 5, "GB/month", "log data ingested"),
        key("stored_gb", 5, "GB-months", "log data archived"),
    ],
)
def log_group(ctx: PriceContext) -> list[Component]:
    return [
        charge(
            "CloudWatch Logs ingestion",
            "GB",
            ctx.usage.get("ingested_gb"),
            ctx.price("cloudwatch", "logs-ingest-gb"),
            usage_based=True,
        ),
        charge(
            "CloudWatch Logs storage",
            "GB-months",
            ctx.usage.get("stored_gb"),
            ctx.price("cloudwatch", "logs-storage-gb"),
            usage_based=True,
        ),
    ]


@pricer(
    types.SNS_TOPIC,
    usage=[
        key("requests_millions", 1, "million requests/month", "publishes and API requests"),
        key("email_notifications", 0, "notifications/month", "email deliveries"),
    ],
)
def sns_topic(ctx: PriceContext) -> list[Component]:
    parts = [
        charge(
            "SNS requests",
            "million requests",
            ctx.usage.get("requests_millions"),
            ctx.price("sns", "requests-million"),
            usage_based=True,
        )
    ]
    emails = ctx.usage.get("email_notifications")
    if emails:
        parts.append(
            charge(
                "SNS email notifications",
                "100K notifications",
                emails / 100000,
                ctx.price("sns", "email-100k"),
                usage_based=True,
            )
        )
    return parts


@pricer(types.EC2_FLOW_LOG, usage=[key("gb", 10, "GB/month", "flow log records delivered")])
def flow_log(ctx: PriceContext) -> list[Component]:
    """Vended logs: CloudWatch Logs ingestion rates, or S3 delivery rates for an S3 destination."""
    destination = ctx.get_or(
        "LogDestinationType", "cloud-watch-logs", "destination", default="cloud-watch-logs"
    )
    if destination == "s3":
        return [
            charge(
                "flow log delivery to S3",
                "GB",
                ctx.usage.get("gb"),
                ctx.price("cloudwatch", "logs-vended-s3-gb"),
                usage_based=True,
            )
        ]
    ctx.note("flow log storage is priced on its log group (if in this template)")
    return [
        charge(
            "flow log ingestion (CloudWatch Logs)",
            "GB",
            ctx.usage.get("gb"),
            ctx.price("cloudwatch", "logs-ingest-gb"),
            usage_based=True,
        )
    ]
