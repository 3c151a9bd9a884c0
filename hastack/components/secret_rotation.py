"""Rotation of an Aurora Global Database's generated master password, without the SecretsManager
transform and without a database driver.

RDS cannot manage (and rotate) the master password of a cluster in a global database, and
hosted rotation (``HostedRotationLambda``) needs the ``AWS::SecretsManager-2020-07-23``
transform, a Serverless Application Repository app, plus a VPC path to the database and to
Secrets Manager. Instead, a function of the stack's own (inline code,
``runbook/secret_rotation.py``) implements Secrets Manager's four rotation steps and changes
the password through the RDS control plane: ``ModifyDBCluster`` with ``MasterUserPassword`` and
``ApplyImmediately`` on the global writer cluster. It calls AWS APIs only, so it runs outside
the VPC; the new password reaches the other region's cluster through the global database's own
replication, and the secret's new version reaches the replica secret through Secrets Manager's.

- **Where**: in the primary region, beside the secret: Secrets Manager rotates a secret only in
  its primary region (a replica is read-only).
- **Schedule**: ``AutomaticallyAfterDays`` (``database.password_rotation_days``, 30 by
  default), ``RotateImmediatelyOnUpdate: false``: the password was generated when the stack
  was created, and an immediate rotation would race the secondary region joining the new
  global database (its cluster is created right after this stack). Secrets Manager then only
  tests the configuration by running testSecret on an AWSPENDING copy of the current value,
  which passes once the cluster is available (the schedule depends on the function, whose
  variables name the cluster and the global cluster).
- **After a region failover** the writer is the other region's cluster: setSecret refuses
  (the function may change only this region's cluster), the rotation fails before AWSCURRENT
  moves, the errors alarm pages, and the password in use stays valid. Rotation resumes after
  fail back (docs/multiregion.md).
- **Least privilege**: Secrets Manager actions on this secret only, ``ModifyDBCluster`` and
  ``DescribeDBClusters`` on this cluster only, ``DescribeGlobalClusters`` on the global
  cluster; only Secrets Manager may invoke it, for this secret of this account. (Secrets
  Manager's guide recommends ``aws:SourceAccount`` and notes that ``aws:SourceArn`` limits the
  function to the one secret, which is all this function is for.)
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

ROTATION_SCHEDULE = "DatabaseSecretRotation"
ROTATION_FUNCTION = "DatabaseSecretRotationFunction"
ROTATION_ROLE = "DatabaseSecretRotationRole"
ROTATION_LOG_GROUP = "DatabaseSecretRotationLogGroup"
ROTATION_PERMISSION = "DatabaseSecretRotationPermission"
ROTATION_ERRORS_ALARM = "DatabaseSecretRotationErrorsAlarm"
ROTATION_SOURCE = Path(__file__).parent / "runbook" / "secret_rotation.py"
ROTATION_MARKER = "secret-rotation"
"""Value of the function's ``HASTACK_RUNBOOK`` variable: how drills find it."""
TEST_TRIES = 24
TEST_PAUSE_SECONDS = 10
"""testSecret reads the cluster's state up to 24 times, 10 s apart (4 minutes) for the
password change to be applied; the function's timeout leaves a minute more."""
PASSWORD_LENGTH = 32

ROTATION = InlineFunction(
    function=ROTATION_FUNCTION,
    role=ROTATION_ROLE,
    log_group=ROTATION_LOG_GROUP,
    policy_name="secret-rotation",
    description="Rotates the global database's master password (Secrets Manager rotation)",
    source=ROTATION_SOURCE,
    compact=True,
    checkov_skips={
        ROTATION_FUNCTION: {
            "CKV_AWS_117": "Not in a VPC on purpose: it calls the Secrets Manager and RDS APIs "
            "only (the password changes through ModifyDBCluster, no SQL connection), so it "
            "needs neither a NAT nor VPC endpoints.",
            "CKV_AWS_116": "No dead-letter queue: Secrets Manager invokes it synchronously, step "
            "by step, and retries a failed rotation; a failure raises "
            "DatabaseSecretRotationErrorsAlarm.",
            "CKV_AWS_173": "The variables hold identifiers only (cluster and global cluster), "
            "no secret; the AWS-managed Lambda key encrypts them at rest.",
        },
        ROTATION_LOG_GROUP: {
            "CKV_AWS_158": "The log holds step results and identifiers, never a password; "
            "CloudWatch Logs encrypts it at rest with its service key.",
        },
    },
)


@dataclass(frozen=True)
class RotationTarget:
    """The secret to rotate and the cluster whose master password it holds."""

    secret_arn: Any
    cluster_identifier: Any
    cluster_arn: Any
    global_cluster_identifier: Any
    excluded_characters: str
    alarm_topic_arn: Any = None
    after: tuple[str, ...] = ()
    """Logical ids that write the secret too (its target attachment): the schedule waits."""


def add_secret_rotation(t: Any, target: RotationTarget, days: int) -> Any:
    """The rotation function, its role, log group, invoke permission, schedule and alarm."""
    from awacs.aws import Action as IamAction
    from awacs.aws import Allow, Statement
    from troposphere import GetAtt, Ref
    from troposphere.awslambda import Permission
    from troposphere.secretsmanager import RotationRules, RotationSchedule

    global_arn = global_cluster_arn(target.global_cluster_identifier)
    statements = [
        Statement(
            Sid="RotateThisSecret",
            Effect=Allow,
            Action=[
                IamAction("secretsmanager", "DescribeSecret"),
                IamAction("secretsmanager", "GetSecretValue"),
                IamAction("secretsmanager", "PutSecretValue"),
                IamAction("secretsmanager", "UpdateSecretVersionStage"),
            ],
            Resource=[target.secret_arn],
        ),
        Statement(
            Sid="FindGlobalWriter",
            Effect=Allow,
            Action=[IamAction("rds", "DescribeGlobalClusters")],
            Resource=[global_arn],
        ),
        Statement(
            Sid="SetMasterPassword",
            Effect=Allow,
            Action=[IamAction("rds", "DescribeDBClusters"), IamAction("rds", "ModifyDBCluster")],
            Resource=[target.cluster_arn],
        ),
    ]
    add_inline_function(
        t,
        ROTATION,
        statements=statements,
        timeout=TEST_TRIES * TEST_PAUSE_SECONDS + 60,
        reserved_concurrency=1,  # one rotation step at a time
        variables={
            "HASTACK_RUNBOOK": ROTATION_MARKER,
            "GLOBAL_ID": target.global_cluster_identifier,
            "CLUSTER_ID": target.cluster_identifier,
            "CLUSTER_ARN": target.cluster_arn,
            "EXCLUDE_CHARACTERS": target.excluded_characters,
            "LENGTH": str(PASSWORD_LENGTH),
            "TEST_TRIES": str(TEST_TRIES),
            "TEST_PAUSE": str(TEST_PAUSE_SECONDS),
        },
    )
    t.add_resource(
        Permission(
            ROTATION_PERMISSION,
            Action="lambda:InvokeFunction",
            FunctionName=Ref(ROTATION_FUNCTION),
            Principal="secretsmanager.amazonaws.com",
            SourceAccount=Ref("AWS::AccountId"),
            SourceArn=target.secret_arn,
        )
    )
    t.add_resource(
        RotationSchedule(
            ROTATION_SCHEDULE,
            DependsOn=[ROTATION_PERMISSION, *target.after],
            SecretId=target.secret_arn,
            RotationLambdaARN=GetAtt(ROTATION_FUNCTION, "Arn"),
            RotationRules=RotationRules(AutomaticallyAfterDays=days),
            RotateImmediatelyOnUpdate=False,
        )
    )
    if target.alarm_topic_arn is not None:
        add_errors_alarm(
            t,
            ROTATION_ERRORS_ALARM,
            ROTATION_FUNCTION,
            "Rotating the global database's password failed: the password in use (AWSCURRENT) "
            "is unchanged; see the function's log (after a region failover: fail back first)",
            target.alarm_topic_arn,
        )
    return Ref(ROTATION_SCHEDULE)
