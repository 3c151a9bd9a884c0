"""What CloudFormation will refuse, found before the first call that changes anything.

CloudFormation does not plan a delete: it removes resources in dependency order and stops at
the first one it may not remove (DeletionProtection on a database, a bucket that still holds
objects, an export another stack imports), leaving the stack DELETE_FAILED and half gone. A
replacement fails the same way in its clean-up phase and leaves the old resource orphaned.
Every fact that decides those refusals can be read first, so hastack reads them all, for every
stack of the run, and stops with one :class:`Blocked` error that lists each blocker and the
explicit step that lifts it. Only reading calls happen here.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from hastack.deploy import cfn as cfn_api
from hastack.errors import DeployError
from hastack.template import Evaluator, TemplateView

KEEPING = frozenset({"Retain", "RetainExceptOnCreate"})
"""DeletionPolicy values under which CloudFormation leaves the resource alone on delete."""


@dataclass(frozen=True)
class Blocker:
    """One thing CloudFormation would refuse, and the explicit step that lifts it."""

    stack: str
    subject: str
    """What is blocked: a resource ``Id (Type)``, an export, or the stack itself."""
    problem: str
    lift: str

    def describe(self) -> str:
        subject = "" if self.subject == self.stack else f"{self.subject}: "
        return f"{self.stack}: {subject}{self.problem}; to proceed: {self.lift}"


class Blocked(DeployError):
    """The run was refused before any change because of ``blockers`` (exit code 1)."""

    def __init__(self, operation: str, blockers: list[Blocker]) -> None:
        self.blockers = blockers
        super().__init__(blocked_message(operation, blockers))


def blocked_message(operation: str, blockers: list[Blocker]) -> str:
    lines = [
        f"{operation} stopped before changing anything: CloudFormation would fail on "
        f"{len(blockers)} blocker(s):"
    ]
    lines.extend(f"  - {b.describe()}" for b in blockers)
    return "\n".join(lines)


# -- DeletionProtection, per resource type ------------------------------------------------------
@dataclass(frozen=True)
class Protection:
    """Where a resource type keeps its delete protection, and how to turn it off on its own."""

    resource_type: str
    prop: str
    on: tuple[Any, ...]
    off_value: str
    off_command: str
    """``aws`` command that turns it off; ``{id}`` is the physical id."""

    def is_on(self, value: Any) -> bool:
        return value in self.on or str(value).lower() in {str(v).lower() for v in self.on}


PROTECTIONS = {
    p.resource_type: p
    for p in (
        Protection(
            "AWS::RDS::DBCluster",
            "DeletionProtection",
            (True, "true"),
            "false",
            "aws rds modify-db-cluster --db-cluster-identifier {id} --no-deletion-protection "
            "--apply-immediately",
        ),
        Protection(
            "AWS::RDS::DBInstance",
            "DeletionProtection",
            (True, "true"),
            "false",
            "aws rds modify-db-instance --db-instance-identifier {id} --no-deletion-protection "
            "--apply-immediately",
        ),
        Protection(
            "AWS::Neptune::DBCluster",
            "DeletionProtection",
            (True, "true"),
            "false",
            "aws neptune modify-db-cluster --db-cluster-identifier {id} "
            "--no-deletion-protection --apply-immediately",
        ),
        Protection(
            "AWS::DocDB::DBCluster",
            "DeletionProtection",
            (True, "true"),
            "false",
            "aws docdb modify-db-cluster --db-cluster-identifier {id} --no-deletion-protection "
            "--apply-immediately",
        ),
        Protection(
            "AWS::DynamoDB::Table",
            "DeletionProtectionEnabled",
            (True, "true"),
            "false",
            "aws dynamodb update-table --table-name {id} --no-deletion-protection-enabled",
        ),
        Protection(
            "AWS::Cognito::UserPool",
            "DeletionProtection",
            ("ACTIVE",),
            "INACTIVE",
            "aws cognito-idp update-user-pool --user-pool-id {id} --deletion-protection INACTIVE",
        ),
        Protection(
            "AWS::EC2::Instance",
            "DisableApiTermination",
            (True, "true"),
            "false",
            "aws ec2 modify-instance-attribute --instance-id {id} --no-disable-api-termination",
        ),
    )
}


def template_values(body: dict[str, Any], region: str, parameters: dict[str, str]) -> Evaluator:
    """The shared evaluator over ``body`` with the parameter values it is (to be) deployed with."""
    return Evaluator(TemplateView(body=body, region=region, parameters=parameters))


def _elb_protected(props: dict[str, Any], values: Evaluator) -> bool:
    for attribute in values.known(props.get("LoadBalancerAttributes"), []) or []:
        if isinstance(attribute, dict) and attribute.get("Key") == "deletion_protection.enabled":
            return str(attribute.get("Value")).lower() == "true"
    return False


def _live_rds_protection(target: Any, region: str, resource_type: str, physical: str) -> Any:
    """RDS's own answer (protection may have been switched in the console); None if unknown."""
    try:
        rds = target.client("rds", region)
        if resource_type == "AWS::RDS::DBCluster":
            found = rds.describe_db_clusters(DBClusterIdentifier=physical)["DBClusters"]
        else:
            found = rds.describe_db_instances(DBInstanceIdentifier=physical)["DBInstances"]
    except Exception:  # noqa: BLE001 - the template's value stands when RDS cannot say
        return None
    return found[0].get("DeletionProtection") if found else None


# -- facts of one deployed stack ----------------------------------------------------------------
@dataclass
class DeployedStack:
    """What is read once about a deployed stack: description, template, physical ids."""

    name: str
    region: str
    description: dict[str, Any]
    body: dict[str, Any]
    physical: dict[str, str]

    @property
    def parameters(self) -> dict[str, str]:
        return cfn_api.parameters_of(self.description)

    @property
    def resources(self) -> dict[str, Any]:
        return self.body.get("Resources") or {}

    @property
    def values(self) -> Evaluator:
        return template_values(self.body, self.region, self.parameters)


def physical_ids(cfn: Any, stack: str) -> dict[str, str]:
    """Logical id -> physical id of every resource of ``stack``."""
    found: dict[str, str] = {}
    token: str | None = None
    while True:
        args: dict[str, Any] = {"StackName": stack}
        if token:
            args["NextToken"] = token
        page = cfn.list_stack_resources(**args)
        for summary in page.get("StackResourceSummaries", []):
            if summary.get("PhysicalResourceId"):
                found[summary["LogicalResourceId"]] = summary["PhysicalResourceId"]
        token = page.get("NextToken")
        if not token:
            return found


def protection_blockers(
    target: Any, stack: DeployedStack, logical_ids: Iterable[str], why: str
) -> list[Blocker]:
    """DeletionProtection (or its like) on any of ``logical_ids``, which ``why`` removes."""
    blockers = []
    values = stack.values
    for logical_id in logical_ids:
        resource = stack.resources.get(logical_id) or {}
        resource_type = resource.get("Type", "")
        props = resource.get("Properties") or {}
        physical = stack.physical.get(logical_id, logical_id)
        protection = PROTECTIONS.get(resource_type)
        if protection is not None:
            value = values.known(props.get(protection.prop))
            if resource_type.startswith("AWS::RDS::"):
                live = _live_rds_protection(target, stack.region, resource_type, physical)
                value = value if live is None else live
            if not protection.is_on(value):
                continue
            lift = (
                f"turn it off as its own step, by deploying the template with "
                f"{protection.prop}: {protection.off_value} first or with `"
                f"{protection.off_command.format(id=physical)}`, then run this again"
            )
        elif resource_type == "AWS::ElasticLoadBalancingV2::LoadBalancer":
            if not _elb_protected(props, values):
                continue
            lift = (
                "turn it off as its own step, by deploying the template with the "
                "deletion_protection.enabled attribute false first or with `aws elbv2 "
                f"modify-load-balancer-attributes --load-balancer-arn {physical} --attributes "
                "Key=deletion_protection.enabled,Value=false`, then run this again"
            )
        else:
            continue
        blockers.append(
            Blocker(
                stack.name,
                f"{logical_id} ({resource_type})",
                f"DeletionProtection is on and {why} would delete it",
                lift,
            )
        )
    return blockers


def bucket_blockers(target: Any, stack: DeployedStack, logical_ids: Iterable[str]) -> list[Blocker]:
    """Buckets that still hold objects (or object versions): S3 refuses to delete them."""
    blockers = []
    s3 = None
    for logical_id in logical_ids:
        resource = stack.resources.get(logical_id) or {}
        if resource.get("Type") != "AWS::S3::Bucket" or logical_id not in stack.physical:
            continue
        bucket = stack.physical[logical_id]
        s3 = s3 or target.client("s3", stack.region)
        if not _bucket_has_objects(s3, bucket):
            continue
        blockers.append(
            Blocker(
                stack.name,
                f"{logical_id} (AWS::S3::Bucket)",
                f"bucket {bucket} is not empty, and S3 refuses to delete a bucket with objects",
                f"copy what you need, then empty it with `aws s3 rm s3://{bucket} --recursive` "
                "(and delete its object versions if it is versioned), or give it "
                "DeletionPolicy: Retain",
            )
        )
    return blockers


def _bucket_has_objects(s3: Any, bucket: str) -> bool:
    from botocore.exceptions import ClientError

    try:
        if s3.list_objects_v2(Bucket=bucket, MaxKeys=1).get("KeyCount", 0):
            return True
        versions = s3.list_object_versions(Bucket=bucket, MaxKeys=1)
    except ClientError:
        return False  # gone already: nothing to refuse
    return bool(versions.get("Versions") or versions.get("DeleteMarkers"))


# -- exports ----------------------------------------------------------------------------------
def exports_of(body: dict[str, Any] | None, region: str, parameters: dict[str, str]) -> set[str]:
    """Export names a template declares, where the evaluator knows them before deploy."""
    values = template_values(body or {}, region, parameters)
    names = set()
    for output in ((body or {}).get("Outputs") or {}).values():
        export = (output or {}).get("Export") if isinstance(output, dict) else None
        name = values.known(export.get("Name")) if isinstance(export, dict) else None
        if isinstance(name, str):
            names.add(name)
    return names


def live_exports(cfn: Any, stack_id: str) -> set[str]:
    """Names of the exports the stack with id ``stack_id`` holds now."""
    names: set[str] = set()
    token: str | None = None
    while True:
        page = cfn.list_exports(**({"NextToken": token} if token else {}))
        for export in page.get("Exports", []):
            if export.get("ExportingStackId") == stack_id:
                names.add(export["Name"])
        token = page.get("NextToken")
        if not token:
            return names


def importers(cfn: Any, export: str) -> list[str]:
    """Stacks importing ``export`` (ListImports; a scan of templates where it is missing).

    AWS answers ListImports with a ValidationError "is not imported by any stack" when nobody
    imports it. moto does not implement ListImports; there the deployed templates are scanned
    for ``Fn::ImportValue`` of the literal name.
    """
    from botocore.exceptions import BotoCoreError, ClientError
    from botocore.parsers import ResponseParserError

    try:
        found: list[str] = []
        token: str | None = None
        while True:
            args: dict[str, Any] = {"ExportName": export}
            if token:
                args["NextToken"] = token
            page = cfn.list_imports(**args)
            found.extend(page.get("Imports", []))
            token = page.get("NextToken")
            if not token:
                return sorted(found)
    except ClientError as error:
        if "not imported" in cfn_api.error_message(error):
            return []
    except (BotoCoreError, ResponseParserError):
        pass
    return _scan_imports(cfn, export)


def _scan_imports(cfn: Any, export: str) -> list[str]:
    needles = (
        json.dumps({"Fn::ImportValue": export})[1:-1],
        f"Fn::ImportValue: {export}",
        f"!ImportValue {export}",
    )
    found = []
    token: str | None = None
    while True:
        page = cfn.describe_stacks(**({"NextToken": token} if token else {}))
        for stack in page.get("Stacks", []):
            if stack.get("StackStatus") in ("DELETE_COMPLETE", "REVIEW_IN_PROGRESS"):
                continue
            body = cfn.get_template(StackName=stack["StackName"]).get("TemplateBody")
            text = body if isinstance(body, str) else json.dumps(body)
            if any(needle in text for needle in needles):
                found.append(stack["StackName"])
        token = page.get("NextToken")
        if not token:
            return sorted(found)


def export_blockers(
    cfn: Any, stack: str, leaving: Iterable[str], going_too: set[str], why: str
) -> list[Blocker]:
    """Exports that ``why`` removes while a stack outside ``going_too`` still imports them."""
    blockers = []
    for export in sorted(leaving):
        users = [name for name in importers(cfn, export) if name not in going_too]
        if users:
            blockers.append(
                Blocker(
                    stack,
                    f"export {export}",
                    f"export {export} is imported by {', '.join(users)}, and {why} removes it",
                    f"remove the Fn::ImportValue from {', '.join(users)} and deploy "
                    f"{'them' if len(users) > 1 else 'it'} first, or destroy "
                    f"{'them' if len(users) > 1 else 'it'} in the same run",
                )
            )
    return blockers


# -- stack-level ------------------------------------------------------------------------------
def termination_blocker(stack: str, region: str, description: dict[str, Any]) -> Blocker | None:
    if not description.get("EnableTerminationProtection"):
        return None
    return Blocker(
        stack,
        stack,
        "termination protection is on, so CloudFormation refuses to delete the stack",
        "turn it off as its own step with `aws cloudformation update-termination-protection "
        f"--no-enable-termination-protection --stack-name {stack} --region {region}`",
    )


def busy_blocker(stack: str, status: str) -> Blocker | None:
    if not cfn_api.is_in_progress(status):
        return None
    return Blocker(
        stack,
        stack,
        f"the stack is {status}: another operation is running on it",
        "wait until it ends (hastack status shows it), then run this again",
    )
