"""The template settings that decide how fast a failure is noticed and repaired.

Detection is the template's own: a target group notices a dead target after
``HealthCheckIntervalSeconds × UnhealthyThresholdCount``, Route 53 after
``RequestInterval × FailureThreshold``, a CloudWatch alarm after ``Period × EvaluationPeriods``.
Recovery depends on what the template automates: an Auto Scaling group replaces instances (and
how it checks them), a rolling update gated on signals stops a bad release at the first batch,
a function allowed to call ``rds:FailoverGlobalCluster`` promotes a standby region. Absent
settings take AWS's documented defaults (``failure_modes.json`` ``timings``); the reader never
assumes a blueprint of ours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from hastack.analysis.sources import AnalysisSource
from hastack.analysis.values import Resolver, ResourceRef, Unknown
from hastack.components.proxy_tier import ProxyTierOptions, proxy_tiers
from hastack.errors import UsageError
from hastack.template import types as T

FAILOVER_ACTIONS = (
    "rds:failoverglobalcluster",
    "rds:switchoverglobalcluster",
    "rds:promotereadreplicadbcluster",
    "rds:promotereadreplica",
    "rds:*",
)
"""IAM actions that let an automation make a standby database the writer."""

SERVICE_METRICS = {
    "HTTPCode_Target_5XX_Count",
    "HTTPCode_ELB_5XX_Count",
    "UnHealthyHostCount",
    "HealthyHostCount",
    "TargetResponseTime",
    "HealthCheckStatus",
    "HealthCheckPercentageHealthy",
    "RejectedConnectionCount",
    "TargetConnectionErrorCount",
}
"""Metrics that show users being failed: an alarm on one of them detects a bad release."""

_RATE = re.compile(r"rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)")


@dataclass
class HealthCheck:
    """A target group's or Route 53 health check: how long until a failure is seen."""

    name: str
    stack: str
    interval: float
    unhealthy: int
    healthy: int
    path: str | None = None
    defaults: list[str] = field(default_factory=list)
    kind: str = "target group"
    """Who checks: a target group, a Route 53 health check, or a proxy tier's own checks."""
    described: str | None = None
    """How detection works when it is not interval × threshold (NGINX's passive checks)."""
    discovery_seconds: float = 0.0
    """Before a *new* instance is checked at all: the proxy tier's discovery agent adds it to
    the configuration on its next run."""

    @property
    def detection_seconds(self) -> float:
        return self.interval * self.unhealthy

    @property
    def recovery_seconds(self) -> float:
        """Time for a recovered target to be marked healthy again."""
        return self.interval * self.healthy

    @property
    def basis(self) -> str:
        if self.described:
            return f"{self.stack}/{self.name}: {self.described}"
        text = f"{self.stack}/{self.name}: {self.interval:g} s × {self.unhealthy}"
        if self.defaults:
            text += f" ({', '.join(self.defaults)} AWS default)"
        return text


@dataclass
class FleetSettings:
    """How an Auto Scaling group notices and replaces instances and rolls out releases."""

    health_check_type: str = "EC2"
    grace_seconds: float = 0.0
    target_groups: list[HealthCheck] = field(default_factory=list)
    gated: bool = False
    """Rolling update that waits for each batch's signals (a failing release stops there)."""
    batch: int | None = None
    pause_seconds: float | None = None


@dataclass
class Alarm:
    name: str
    stack: str
    metric: str
    seconds: float
    actions: bool

    @property
    def basis(self) -> str:
        return f"{self.stack}/{self.name} ({self.metric}): {self.seconds:g} s"


@dataclass
class Automation:
    """Something in a template allowed to promote a standby database."""

    name: str
    stack: str
    region: str | None
    trigger_seconds: float | None
    trigger: str


@dataclass
class Settings:
    fleets: dict[tuple[str, str], FleetSettings] = field(default_factory=dict)
    alarms: list[Alarm] = field(default_factory=list)
    route53_checks: dict[tuple[str, str], HealthCheck] = field(default_factory=dict)
    record_checks: dict[tuple[str, str], HealthCheck] = field(default_factory=dict)
    """(stack, record logical id) → the health check its HealthCheckId names."""
    record_ttl: dict[tuple[str, str], float] = field(default_factory=dict)
    promotion_tiers: dict[tuple[str, str], int] = field(default_factory=dict)
    backup_days: dict[tuple[str, str], int] = field(default_factory=dict)
    """(stack, cluster or instance) → BackupRetentionPeriod (AWS default 1 day when unset)."""
    automations: list[Automation] = field(default_factory=list)

    def fleet(self, stack: str, name: str) -> FleetSettings:
        return self.fleets.get((stack, name)) or FleetSettings()

    def service_alarm(self) -> Alarm | None:
        """The fastest alarm with an action on a metric that shows users being failed."""
        found = [a for a in self.alarms if a.actions and a.metric in SERVICE_METRICS]
        return min(found, key=lambda a: a.seconds) if found else None


def read_settings(resolver: Resolver, sources: list[AnalysisSource], timing: Any) -> Settings:
    """Every setting of ``sources`` the failure-mode model reads."""
    settings = Settings()
    groups: dict[tuple[str, str], HealthCheck] = {}
    for source in sources:
        for name, resource in source.resources.items():
            if not isinstance(resource, dict):
                continue
            if resource.get("Type") == T.ELBV2_TARGET_GROUP:
                groups[(source.name, name)] = _target_group(resolver, source, name, timing)
            elif resource.get("Type") == T.ROUTE53_HEALTH_CHECK:
                check = _route53_check(resolver, source, name, timing)
                settings.route53_checks[(source.name, name)] = check
    for source in sources:
        _Scan(resolver, source, settings, groups).run()
    for source in sources:
        _proxy_checks(resolver, source, sources, settings)
    return settings


def _proxy_checks(
    resolver: Resolver, source: AnalysisSource, sources: list[AnalysisSource], settings: Settings
) -> None:
    """A self-managed proxy tier (HAProxy/NGINX) checks the app instances itself: its settings,
    stated in the launch template's ``hastack:proxy`` metadata that the instances render, are
    how fast a dead app instance leaves the rotation. The instances it checks are the ones its
    discovery agent finds: those tagged ``Name`` = the tier's app name."""
    try:
        tiers = proxy_tiers(source.body)
    except UsageError:
        return  # metadata this reader cannot parse: no check is assumed
    for logical_id, options, app_name in tiers:
        check = _proxy_check(source, logical_id, options)
        for other in sources:
            for name, resource in other.resources.items():
                if not isinstance(resource, dict):
                    continue
                if resource.get("Type") != T.AUTOSCALING_AUTO_SCALING_GROUP:
                    continue
                props = resource.get("Properties") or {}
                if _name_tag(resolver, other, props) == app_name:
                    fleet = settings.fleets.setdefault((other.name, name), FleetSettings())
                    fleet.target_groups.append(check)


def _proxy_check(source: AnalysisSource, logical_id: str, options: ProxyTierOptions) -> HealthCheck:
    """HAProxy checks every ``inter``: out after ``fall`` failures, back after ``rise``
    passes. Open-source NGINX only learns from requests: under load a dead server fails its
    first requests, which are retried on the next one, and it is out at once; it is tried again
    ``fail_timeout`` later."""
    if options.kind == "haproxy":
        return HealthCheck(
            logical_id,
            source.name,
            options.check_interval_ms / 1000,
            options.fall,
            options.rise,
            options.check_path,
            kind="HAProxy check",
            discovery_seconds=float(options.discovery_interval),
        )
    return HealthCheck(
        logical_id,
        source.name,
        float(options.fail_timeout),
        0,
        1,
        None,
        kind="NGINX passive check",
        described=(
            f"passive, max_fails {options.fall}: out at the first failed requests under load "
            f"(retried on the next server), tried again after fail_timeout {options.fail_timeout} s"
        ),
        discovery_seconds=float(options.discovery_interval),
    )


def _name_tag(resolver: Resolver, source: AnalysisSource, props: dict[str, Any]) -> str | None:
    tags = props.get("Tags")
    for tag in tags if isinstance(tags, list) else []:
        if isinstance(tag, dict) and tag.get("Key") == "Name":
            value = resolver.value(source, tag.get("Value"))
            return value if isinstance(value, str) else None
    return None


def _number(resolver: Resolver, source: AnalysisSource, expr: Any) -> float | None:
    value = resolver.value(source, expr)
    try:
        return float(str(value))
    except ValueError:
        return None


def _target_group(
    resolver: Resolver, source: AnalysisSource, name: str, timing: Any
) -> HealthCheck:
    props = source.resources[name].get("Properties") or {}
    defaults = []
    interval = _number(resolver, source, props.get("HealthCheckIntervalSeconds"))
    if interval is None:
        interval = timing("tg-interval-default")
        defaults.append("interval")
    unhealthy = _number(resolver, source, props.get("UnhealthyThresholdCount"))
    if unhealthy is None:
        unhealthy = timing("tg-unhealthy-default")
        defaults.append("unhealthy threshold")
    healthy = _number(resolver, source, props.get("HealthyThresholdCount"))
    if healthy is None:
        healthy = timing("tg-healthy-default")
    path = resolver.value(source, props.get("HealthCheckPath"))
    return HealthCheck(
        name,
        source.name,
        interval,
        int(unhealthy),
        int(healthy),
        path if isinstance(path, str) else None,
        defaults,
    )


def _route53_check(
    resolver: Resolver, source: AnalysisSource, name: str, timing: Any
) -> HealthCheck:
    props = source.resources[name].get("Properties") or {}
    config = props.get("HealthCheckConfig") if isinstance(props, dict) else None
    config = config if isinstance(config, dict) else {}
    defaults = []
    interval = _number(resolver, source, config.get("RequestInterval"))
    if interval is None:
        interval = timing("r53-interval-default")
        defaults.append("interval")
    threshold = _number(resolver, source, config.get("FailureThreshold"))
    if threshold is None:
        threshold = timing("r53-threshold-default")
        defaults.append("failure threshold")
    path = resolver.value(source, config.get("ResourcePath"))
    return HealthCheck(
        name,
        source.name,
        interval,
        int(threshold),
        int(threshold),
        path if isinstance(path, str) else None,
        defaults,
    )


class _Scan:
    def __init__(
        self,
        resolver: Resolver,
        source: AnalysisSource,
        settings: Settings,
        groups: dict[tuple[str, str], HealthCheck],
    ) -> None:
        self.r = resolver
        self.s = source
        self.settings = settings
        self.groups = groups
        self.schedules: list[tuple[str, float]] = []
        self.allowed: list[str] = []

    def run(self) -> None:
        for name, resource in self.s.resources.items():
            if not isinstance(resource, dict):
                continue
            rtype = resource.get("Type")
            props = resource.get("Properties") or {}
            if not isinstance(props, dict):
                continue
            if rtype == T.AUTOSCALING_AUTO_SCALING_GROUP:
                self._fleet(name, resource, props)
            elif rtype == T.CLOUDWATCH_ALARM:
                self._alarm(name, props)
            elif rtype in (T.ROUTE53_RECORD_SET, T.ROUTE53_RECORD_SET_GROUP):
                records = props.get("RecordSets") if rtype == T.ROUTE53_RECORD_SET_GROUP else None
                if isinstance(records, list):
                    for i, record in enumerate(records):
                        if isinstance(record, dict):
                            self._record(f"{name}[{i}]", record)
                else:
                    self._record(name, props)
            elif rtype in (T.RDS_DB_INSTANCE, T.RDS_DB_CLUSTER):
                self._database(name, props)
            elif rtype == T.EVENTS_RULE:
                rate = self._schedule(props)
                if rate is not None:
                    self.schedules.append((name, rate))
            elif rtype in (T.IAM_ROLE, T.IAM_POLICY, T.IAM_MANAGED_POLICY):
                if _allows_failover(props):
                    self.allowed.append(name)
        if self.allowed:
            trigger = min(self.schedules, key=lambda s: s[1]) if self.schedules else None
            self.settings.automations.append(
                Automation(
                    name=self.allowed[0],
                    stack=self.s.name,
                    region=self.s.region,
                    trigger_seconds=trigger[1] if trigger else None,
                    trigger=f"schedule {trigger[0]} every {trigger[1]:g} s"
                    if trigger
                    else "no schedule found: counted as triggered by an alarm",
                )
            )

    def _fleet(self, name: str, resource: dict[str, Any], props: dict[str, Any]) -> None:
        fleet = FleetSettings()
        kind = self.r.value(self.s, props.get("HealthCheckType", "EC2"))
        fleet.health_check_type = kind if isinstance(kind, str) else "EC2"
        grace = _number(self.r, self.s, props.get("HealthCheckGracePeriod", 0))
        fleet.grace_seconds = grace or 0.0
        arns = self.r.value(self.s, props.get("TargetGroupARNs"))
        for arn in arns if isinstance(arns, list) else []:
            if isinstance(arn, ResourceRef) and (arn.stack, arn.logical_id) in self.groups:
                fleet.target_groups.append(self.groups[(arn.stack, arn.logical_id)])
        policy = resource.get("UpdatePolicy")
        rolling = policy.get("AutoScalingRollingUpdate") if isinstance(policy, dict) else None
        if isinstance(rolling, dict):
            wait = self.r.value(self.s, rolling.get("WaitOnResourceSignals", False))
            fleet.gated = str(wait).lower() == "true"
            batch = _number(self.r, self.s, rolling.get("MaxBatchSize", 1))
            fleet.batch = int(batch) if batch else 1
            pause = self.r.value(self.s, rolling.get("PauseTime"))
            fleet.pause_seconds = _iso_seconds(pause) if isinstance(pause, str) else None
        self.settings.fleets[(self.s.name, name)] = fleet

    def _database(self, name: str, props: dict[str, Any]) -> None:
        if "PromotionTier" in props:
            tier = _number(self.r, self.s, props["PromotionTier"])
            if tier is not None:
                self.settings.promotion_tiers[(self.s.name, name)] = int(tier)
        days = _number(self.r, self.s, props.get("BackupRetentionPeriod", 1))
        self.settings.backup_days[(self.s.name, name)] = int(days) if days is not None else 1

    def _alarm(self, name: str, props: dict[str, Any]) -> None:
        period = _number(self.r, self.s, props.get("Period"))
        evaluations = _number(self.r, self.s, props.get("EvaluationPeriods"))
        metric = self.r.value(self.s, props.get("MetricName"))
        if period is None and isinstance(props.get("Metrics"), list):
            for query in props["Metrics"]:
                stat = query.get("MetricStat") if isinstance(query, dict) else None
                if isinstance(stat, dict):
                    period = _number(self.r, self.s, stat.get("Period"))
                    inner = stat.get("Metric") or {}
                    metric = self.r.value(self.s, inner.get("MetricName"))
                    break
        if period is None or evaluations is None:
            return
        datapoints = _number(self.r, self.s, props.get("DatapointsToAlarm")) or evaluations
        actions = bool(props.get("AlarmActions"))
        self.settings.alarms.append(
            Alarm(
                name,
                self.s.name,
                metric if isinstance(metric, str) else "?",
                period * datapoints,
                actions,
            )
        )

    def _record(self, name: str, props: dict[str, Any]) -> None:
        check = self.r.value(self.s, props.get("HealthCheckId"))
        if isinstance(check, ResourceRef):
            found = self.settings.route53_checks.get((check.stack, check.logical_id))
            if found is not None:
                self.settings.record_checks[(self.s.name, name)] = found
        ttl = _number(self.r, self.s, props.get("TTL"))
        if ttl is not None:
            self.settings.record_ttl[(self.s.name, name)] = ttl

    def _schedule(self, props: dict[str, Any]) -> float | None:
        expr = self.r.value(self.s, props.get("ScheduleExpression"))
        if not isinstance(expr, str):
            return None
        match = _RATE.fullmatch(expr.strip())
        if match:
            unit = match.group(2).rstrip("s")
            return int(match.group(1)) * {"minute": 60, "hour": 3600, "day": 86400}[unit]
        if expr.startswith("cron("):
            return 60.0  # the finest cron granularity EventBridge offers
        return None


def _allows_failover(props: dict[str, Any]) -> bool:
    documents: list[Any] = []
    if "PolicyDocument" in props:
        documents.append(props["PolicyDocument"])
    for policy in props.get("Policies") or []:
        if isinstance(policy, dict):
            documents.append(policy.get("PolicyDocument"))
    for document in documents:
        statements = document.get("Statement") if isinstance(document, dict) else None
        for statement in statements if isinstance(statements, list) else [statements]:
            if not isinstance(statement, dict) or statement.get("Effect") != "Allow":
                continue
            actions = statement.get("Action")
            for action in actions if isinstance(actions, list) else [actions]:
                if isinstance(action, str) and action.lower() in FAILOVER_ACTIONS:
                    return True
    return False


def _iso_seconds(text: str) -> float | None:
    """``PT5M`` / ``PT1H30M`` / ``PT30S`` → seconds."""
    match = re.fullmatch(r"PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?", text.strip())
    if not match or not any(match.groups()):
        return None
    hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
    return float(hours * 3600 + minutes * 60 + seconds)


__all__ = ["Alarm", "Automation", "FleetSettings", "HealthCheck", "Settings", "Unknown"]
