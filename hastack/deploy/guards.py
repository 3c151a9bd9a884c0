"""What a deploy adds around the change set: stack policy, rollback triggers, approval.

- **Stack policy.** A stack holding data gets a policy that denies ``Update:Replace`` and
  ``Update:Delete`` on its stateful resources, so no update (from hastack, the console or a
  script) can replace or remove them by accident. An ``--allow-replace`` deploy lifts it for
  that one execution (ExecuteChangeSet takes no during-update policy, so hastack sets an
  allowing one first and the denying one again after).
- **Rollback triggers.** The stack's own CloudWatch alarms (the monitoring component's 5xx,
  unhealthy-host and latency alarms) become the change set's ``RollbackConfiguration``: if one
  goes into ALARM during the update (or the monitoring minutes after it), CloudFormation rolls
  the update back. An alarm must exist to be a trigger, so a first create has none.
- **Approval.** ``--require-approval`` (CDK's option): ``never`` asks nothing, ``broadening``
  asks only when IAM or security-group access widens (shown first), ``any-change`` asks always.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from hastack.deploy.changes import StackDiff
from hastack.deploy.stateful import is_stateful
from hastack.template import Evaluator, TemplateView

MAX_TRIGGERS = 5
"""CloudFormation accepts at most five rollback triggers per stack."""
ALARM = "AWS::CloudWatch::Alarm"


class Approval(StrEnum):
    NEVER = "never"
    BROADENING = "broadening"
    ANY_CHANGE = "any-change"


# -- stack policy ------------------------------------------------------------------------------
def protecting_policy(body: Mapping[str, Any]) -> str | None:
    """The stack policy for ``body``: deny replace/delete of stateful resources (None: none)."""
    stateful = sorted(
        logical_id
        for logical_id, resource in (body.get("Resources") or {}).items()
        if isinstance(resource, Mapping) and is_stateful(str(resource.get("Type", "")))
    )
    if not stateful:
        return None
    return json.dumps(
        {
            "Statement": [
                {"Effect": "Allow", "Action": "Update:*", "Principal": "*", "Resource": "*"},
                {
                    "Effect": "Deny",
                    "Action": ["Update:Replace", "Update:Delete"],
                    "Principal": "*",
                    "Resource": [f"LogicalResourceId/{logical_id}" for logical_id in stateful],
                },
            ]
        },
        sort_keys=True,
    )


ALLOW_ALL = json.dumps(
    {"Statement": [{"Effect": "Allow", "Action": "Update:*", "Principal": "*", "Resource": "*"}]}
)


# -- rollback triggers -------------------------------------------------------------------------
def rollback_configuration(
    deployed: Mapping[str, Any] | None,
    physical: Mapping[str, str],
    *,
    region: str,
    account: str,
    monitoring_minutes: int,
) -> dict[str, Any] | None:
    """``RollbackConfiguration`` from the deployed stack's alarms (5xx ones first)."""
    alarms = []
    for logical_id, resource in ((deployed or {}).get("Resources") or {}).items():
        if not isinstance(resource, Mapping) or resource.get("Type") != ALARM:
            continue
        name = physical.get(logical_id)
        if not name:
            continue
        metric = str((resource.get("Properties") or {}).get("MetricName", ""))
        alarms.append((0 if "5XX" in metric.upper() else 1, logical_id, name))
    if not alarms:
        return None
    partition = (
        "aws-cn"
        if region.startswith("cn-")
        else ("aws-us-gov" if region.startswith("us-gov-") else "aws")
    )
    triggers = [
        {"Arn": f"arn:{partition}:cloudwatch:{region}:{account}:alarm:{name}", "Type": ALARM}
        for _, _, name in sorted(alarms)[:MAX_TRIGGERS]
    ]
    return {"RollbackTriggers": triggers, "MonitoringTimeInMinutes": monitoring_minutes}


# -- approval ----------------------------------------------------------------------------------
IAM_TYPES = frozenset(
    {
        "AWS::IAM::Role",
        "AWS::IAM::Policy",
        "AWS::IAM::ManagedPolicy",
        "AWS::IAM::User",
        "AWS::IAM::Group",
        "AWS::IAM::InstanceProfile",
        "AWS::IAM::UserToGroupAddition",
        "AWS::Lambda::Permission",
        "AWS::S3::BucketPolicy",
        "AWS::SNS::TopicPolicy",
        "AWS::SQS::QueuePolicy",
        "AWS::KMS::Key",
    }
)
SG_TYPES = frozenset(
    {
        "AWS::EC2::SecurityGroup",
        "AWS::EC2::SecurityGroupIngress",
        "AWS::EC2::SecurityGroupEgress",
    }
)


def widening(diff: StackDiff, body: Mapping[str, Any], region: str) -> list[str]:
    """Lines describing IAM and security-group changes that may widen access."""
    values = Evaluator(TemplateView(body=body, region=region))
    resources = body.get("Resources") or {}
    lines = []
    for change in diff.changes:
        if change.action not in ("Add", "Modify"):
            continue
        sign = "+" if change.action == "Add" else "~"
        if change.resource_type in IAM_TYPES:
            lines.append(f"IAM {sign} {change.logical_id} ({change.resource_type})")
        elif change.resource_type in SG_TYPES:
            props = (resources.get(change.logical_id) or {}).get("Properties") or {}
            rules = props.get("SecurityGroupIngress")
            rules = rules if isinstance(rules, list) else [props]
            shown = [_rule_text(values.known(rule, {}) or {}) for rule in rules]
            detail = "; ".join(s for s in shown if s) or "rules changed"
            lines.append(f"security group {sign} {change.logical_id}: {detail}")
    return lines


def _rule_text(rule: Mapping[str, Any]) -> str:
    if not isinstance(rule, Mapping) or not any(
        k in rule for k in ("CidrIp", "CidrIpv6", "SourceSecurityGroupId", "IpProtocol")
    ):
        return ""
    source = rule.get("CidrIp") or rule.get("CidrIpv6") or rule.get("SourceSecurityGroupId")
    ports = rule.get("FromPort"), rule.get("ToPort")
    port = str(ports[0]) if ports[0] == ports[1] else f"{ports[0]}-{ports[1]}"
    return f"{rule.get('IpProtocol', '?')} {port} from {source if source else 'a group'}"


def needs_approval(policy: Approval, broadening: list[str]) -> bool:
    if policy is Approval.NEVER:
        return False
    if policy is Approval.BROADENING:
        return bool(broadening)
    return True
