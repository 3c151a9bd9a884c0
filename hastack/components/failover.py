"""Region failover runbook: promotes the standby region's Aurora cluster when the primary fails.

Route 53 already moves users to the standby region when the primary's (deep) health check
fails; without this runbook the standby region then serves against a read-only Aurora
secondary until someone fails the global database over by hand. The runbook closes that gap:

- **Where**: a Lambda function in the *standby* region, run every minute by an EventBridge
  schedule. Nothing it needs runs in the primary region, which is the one that is failing.
- **Signal**: the same one Route 53 uses to move traffic, the PRIMARY record's health check
  (``GetHealthCheckStatus``: healthy while more than 18% of Route 53's checkers report success,
  inverted and disabled checks as Route 53 treats them). It acts only when every one of
  ``samples`` readings ``sample_seconds`` apart says "failed"; a status it cannot read is never
  a reason to act.
- **Action**: ``FailoverGlobalCluster`` with ``AllowDataLoss`` (an unplanned failover: the
  standby becomes the writer, the old primary rejoins as a secondary once it is back), then
  "fences" the primary's health check (its path becomes ``fence_path``, which the health agent
  answers 404) so DNS stays on the new writer's region when the old one recovers read-only.
- **Idempotent and one-way**: once the standby cluster is the writer it does nothing. Failing
  back is a deliberate ``SwitchoverGlobalCluster`` (no data loss) plus restoring the health
  check path (docs/multiregion.md).
- **Opt-out**: ``automatic=False`` builds no runbook; at run time, disabling the schedule rule
  (``aws events disable-rule``) or setting the function's ``ENABLED`` to ``false`` stops it.

The function is alone (reserved concurrency 1), has only the RDS and Route 53 permissions the
steps need, and its errors raise an alarm on the region's alarm topic.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hastack.components.database import global_cluster_arn
from hastack.components.inline_function import (
    InlineFunction,
    add_errors_alarm,
    add_inline_function,
)
from hastack.core.options import Options, option
from hastack.core.records import Record

RUNBOOK_ROLE = "FailoverRunbookRole"
RUNBOOK_FUNCTION = "FailoverRunbook"
RUNBOOK_LOG_GROUP = "FailoverRunbookLogGroup"
RUNBOOK_SCHEDULE = "FailoverRunbookSchedule"
RUNBOOK_PERMISSION = "FailoverRunbookSchedulePermission"
RUNBOOK_ERRORS_ALARM = "FailoverRunbookErrorsAlarm"
RUNBOOK_SOURCE = Path(__file__).parent / "runbook" / "region_failover.py"
RUNBOOK_MARKER = "region-failover"
"""Value of the function's ``HASTACK_RUNBOOK`` variable: how drills find it."""


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class FailoverOptions(Options):
    automatic: bool = option(
        True, help="Promote the standby region's database automatically (opt-out)."
    )
    samples: int = option(
        3, help="Consecutive failed readings of the primary's health check before acting.", ge=1
    )
    sample_seconds: int = option(10, help="Seconds between readings.", ge=1, le=60)
    fence_path: str = option(
        "/health/failed-over",
        help="Path the primary's health check is moved to after a failover (keeps DNS away "
        "from the old, now read-only, primary until fail back).",
        pattern=r"/[^\s]*",
    )

    def check(self) -> list[tuple[str, object, str]]:
        if self.samples * self.sample_seconds > 60:
            return [
                (
                    "samples",
                    self.samples,
                    "samples x sample_seconds within 60 (one run per minute)",
                )
            ]
        return []


@dataclass(frozen=True, eq=False, repr=False)
class RunbookTarget(Record):
    """What the runbook acts on: the global cluster, the standby cluster, the primary's check."""

    global_cluster_identifier: Any
    target_cluster_arn: Any
    health_check_id: Any
    alarm_topic_arn: Any = None


RUNBOOK = InlineFunction(
    function=RUNBOOK_FUNCTION,
    role=RUNBOOK_ROLE,
    log_group=RUNBOOK_LOG_GROUP,
    policy_name="region-failover",
    description="Promotes this region's Aurora cluster when the primary region fails",
    source=RUNBOOK_SOURCE,
    checkov_skips={
        RUNBOOK_FUNCTION: {
            "CKV_AWS_117": "Not in a VPC on purpose: the runbook must reach the RDS and Route 53 "
            "APIs even when the region's VPC, NAT or endpoints are what failed.",
            "CKV_AWS_116": "No dead-letter queue: the schedule runs it again every minute, and a "
            "failed run raises FailoverRunbookErrorsAlarm.",
            "CKV_AWS_173": "The variables hold identifiers only (cluster ARN, health check id), "
            "no secret; the AWS-managed Lambda key encrypts them at rest.",
        },
        RUNBOOK_LOG_GROUP: {
            "CKV_AWS_158": "The log holds the runbook's decisions only (no application data); "
            "CloudWatch Logs encrypts it at rest with its service key.",
        },
    },
)


def add_failover_runbook(t: Any, target: RunbookTarget, options: FailoverOptions) -> Any:
    """The runbook function, its schedule, role, log group and errors alarm; returns its Ref."""
    from awacs.aws import Action as IamAction
    from awacs.aws import Allow, Statement
    from troposphere import GetAtt, Ref, Sub
    from troposphere.awslambda import Permission
    from troposphere.events import Rule
    from troposphere.events import Target as RuleTarget

    global_arn = global_cluster_arn(target.global_cluster_identifier)
    any_cluster = Sub("arn:${AWS::Partition}:rds:*:${AWS::AccountId}:cluster:*")
    check_arn = Sub("arn:${AWS::Partition}:route53:::healthcheck/${Id}", Id=target.health_check_id)
    statements = [
        Statement(
            Sid="ReadGlobalDatabase",
            Effect=Allow,
            Action=[IamAction("rds", "DescribeGlobalClusters")],
            Resource=[global_arn],
        ),
        Statement(
            Sid="FailOverGlobalDatabase",
            Effect=Allow,
            Action=[IamAction("rds", "FailoverGlobalCluster")],
            Resource=[global_arn, any_cluster],
        ),
        Statement(
            Sid="ReadAndFencePrimaryHealthCheck",
            Effect=Allow,
            Action=[
                IamAction("route53", "GetHealthCheck"),
                IamAction("route53", "GetHealthCheckStatus"),
                IamAction("route53", "UpdateHealthCheck"),
            ],
            Resource=[check_arn],
        ),
    ]
    add_inline_function(
        t,
        RUNBOOK,
        statements=statements,
        timeout=max(60, options.samples * options.sample_seconds + 30),
        reserved_concurrency=1,  # never two failovers at once
        variables={
            "HASTACK_RUNBOOK": RUNBOOK_MARKER,
            "ENABLED": "true" if options.automatic else "false",
            "GLOBAL_CLUSTER_ID": target.global_cluster_identifier,
            "TARGET_CLUSTER_ARN": target.target_cluster_arn,
            "HEALTH_CHECK_ID": target.health_check_id,
            "SAMPLES": str(options.samples),
            "SAMPLE_SECONDS": str(options.sample_seconds),
            "FENCE_PATH": options.fence_path,
        },
    )
    t.add_resource(
        Rule(
            RUNBOOK_SCHEDULE,
            Description="Runs the region failover runbook every minute",
            ScheduleExpression="rate(1 minute)",
            State="ENABLED",
            Targets=[RuleTarget(Id="runbook", Arn=GetAtt(RUNBOOK_FUNCTION, "Arn"))],
        )
    )
    t.add_resource(
        Permission(
            RUNBOOK_PERMISSION,
            Action="lambda:InvokeFunction",
            FunctionName=Ref(RUNBOOK_FUNCTION),
            Principal="events.amazonaws.com",
            SourceArn=GetAtt(RUNBOOK_SCHEDULE, "Arn"),
        )
    )
    if target.alarm_topic_arn is not None:
        add_errors_alarm(
            t,
            RUNBOOK_ERRORS_ALARM,
            RUNBOOK_FUNCTION,
            "The region failover runbook failed: fail over by hand",
            target.alarm_topic_arn,
        )
    return Ref(RUNBOOK_FUNCTION)
