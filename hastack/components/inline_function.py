"""A Lambda function whose Python code is inline in the template (``Code.ZipFile``), with its
own role, log group and errors alarm: what the region failover runbook and the global
database's password rotation are built from.

Inline code needs no bucket and no build step, so the function deploys with the stack in any
region and the drills can run the deployed code itself (``hastack.drills.inventory``);
CloudFormation caps it at 4 KB. The log group is named as Lambda would name it and kept for a
year (retained on delete: it is the record of what the function did); the role may write only
to that group, plus the statements the caller gives.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

INLINE_CODE_LIMIT = 4096
"""CloudFormation's limit on ``Code.ZipFile`` for Python functions."""
LOG_RETENTION_DAYS = 365


@dataclass(frozen=True)
class InlineFunction:
    """The logical ids of one function's resources and what it is."""

    function: str
    role: str
    log_group: str
    policy_name: str
    description: str
    source: Path
    checkov_skips: Mapping[str, Mapping[str, str]]
    """checkov findings answered on the resource itself, by logical id, each with its reason."""
    compact: bool = False
    """Deploy :func:`compact_code` of the source: for code whose docstrings and type hints
    would not fit in 4 KB."""


def inline_code(source: Path, *, compact: bool = False) -> str:
    code = source.read_text()
    if compact:
        code = compact_code(code)
    if len(code.encode()) > INLINE_CODE_LIMIT:  # pragma: no cover - guarded by tests
        raise ValueError(f"{source}: over the {INLINE_CODE_LIMIT}-byte inline limit")
    return code


def compact_code(code: str) -> str:
    """The same program without comments, type hints or docstrings (the module's first line
    is kept, so the deployed code still says what it is and where it is documented)."""
    tree = ast.parse(code)
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            if ast.get_docstring(node, clean=False) is not None:
                node.body = node.body[1:] or [ast.Pass()]
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            node.returns = None
            for arg in [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]:
                arg.annotation = None
            for extra in (node.args.vararg, node.args.kwarg):
                if extra is not None:
                    extra.annotation = None
    tree = _PlainAssignments().visit(tree)
    tree.body = [
        node
        for node in tree.body
        if not (isinstance(node, ast.ImportFrom) and node.module == "typing")
    ]
    docstring = ast.get_docstring(tree, clean=False)
    if docstring is not None:
        tree.body[0] = ast.Expr(ast.Constant(docstring.strip().splitlines()[0]))
    return ast.unparse(ast.fix_missing_locations(tree)) + "\n"


class _PlainAssignments(ast.NodeTransformer):
    """``x: T = v`` becomes ``x = v`` (a bare ``x: T`` declaration is dropped)."""

    def visit_AnnAssign(self, node: ast.AnnAssign) -> ast.stmt | None:
        if node.value is None:
            return None
        return ast.copy_location(ast.Assign(targets=[node.target], value=node.value), node)


def checkov_metadata(spec: InlineFunction, logical_id: str) -> dict[str, Any]:
    skips = spec.checkov_skips[logical_id]
    return {"checkov": {"skip": [{"id": k, "comment": v} for k, v in sorted(skips.items())]}}


def add_inline_function(
    t: Any,
    spec: InlineFunction,
    *,
    statements: Sequence[Any],
    variables: Mapping[str, Any],
    timeout: int,
    reserved_concurrency: int = 1,
) -> Any:
    """The log group, role (``statements`` plus writing its own logs) and function; its Ref."""
    from awacs.aws import Action as IamAction
    from awacs.aws import Allow, PolicyDocument, Principal, Statement
    from awacs.sts import AssumeRole
    from troposphere import GetAtt, Ref, Sub
    from troposphere.awslambda import Code, Environment, Function
    from troposphere.iam import Policy, Role
    from troposphere.logs import LogGroup

    t.add_resource(
        LogGroup(
            spec.log_group,
            Metadata=checkov_metadata(spec, spec.log_group),
            LogGroupName=Sub(f"/aws/lambda/${{AWS::StackName}}-{spec.function}"),
            RetentionInDays=LOG_RETENTION_DAYS,
            DeletionPolicy="Retain",  # the record of what the function did, and when
            UpdateReplacePolicy="Retain",
        )
    )
    write_logs = Statement(
        Sid="WriteOwnLogs",
        Effect=Allow,
        Action=[IamAction("logs", "CreateLogStream"), IamAction("logs", "PutLogEvents")],
        Resource=[Sub("${Arn}:*", Arn=GetAtt(spec.log_group, "Arn"))],
    )
    t.add_resource(
        Role(
            spec.role,
            AssumeRolePolicyDocument=PolicyDocument(
                Version="2012-10-17",
                Statement=[
                    Statement(
                        Effect=Allow,
                        Principal=Principal("Service", "lambda.amazonaws.com"),
                        Action=[AssumeRole],
                    )
                ],
            ),
            Policies=[
                Policy(
                    PolicyName=spec.policy_name,
                    PolicyDocument=PolicyDocument(
                        Version="2012-10-17", Statement=[*statements, write_logs]
                    ),
                )
            ],
        )
    )
    t.add_resource(
        Function(
            spec.function,
            DependsOn=[spec.log_group],
            Metadata=checkov_metadata(spec, spec.function),
            FunctionName=Sub(f"${{AWS::StackName}}-{spec.function}"),
            Description=spec.description,
            Runtime="python3.12",
            Handler="index.handler",
            Code=Code(ZipFile=inline_code(spec.source, compact=spec.compact)),
            Role=GetAtt(spec.role, "Arn"),
            Timeout=timeout,
            MemorySize=128,
            ReservedConcurrentExecutions=reserved_concurrency,
            Environment=Environment(Variables=dict(variables)),
        )
    )
    return Ref(spec.function)


def add_errors_alarm(
    t: Any, logical_id: str, function_id: str, description: str, topic_arn: Any
) -> None:
    """An alarm on the function's first error in a minute, to ``topic_arn`` (and back to OK)."""
    from troposphere import Ref
    from troposphere.cloudwatch import Alarm, MetricDimension

    t.add_resource(
        Alarm(
            logical_id,
            AlarmDescription=description,
            Namespace="AWS/Lambda",
            MetricName="Errors",
            Dimensions=[MetricDimension(Name="FunctionName", Value=Ref(function_id))],
            Statistic="Sum",
            Period=60,
            EvaluationPeriods=1,
            Threshold=0,
            ComparisonOperator="GreaterThanThreshold",
            TreatMissingData="notBreaching",
            AlarmActions=[topic_arn],
            OKActions=[topic_arn],
        )
    )
