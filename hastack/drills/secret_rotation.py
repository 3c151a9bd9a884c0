"""Secret rotation: run the app's own password rotation function against the emulator, as
Secrets Manager would, and check the label protocol, the replica and the failover behaviour.

The function (``hastack.components.secret_rotation``) has inline code; the emulator cannot run
Lambda code, so the drill runs the *deployed* code in this process (as the region-failover
drill does) with clients pointed at the emulator and the function's environment as the
emulator stores it. The drill plays Secrets Manager's part: a fresh version token per rotation
and the four steps in order (createSecret, setSecret, testSecret, finishSecret). Secrets
Manager opens a rotation by labelling a version without a value AWSPENDING, which moto cannot
hold, so the function's protocol check (``check``, tested with botocore Stubbers) is not what
runs here: the steps are.

The passes: a rotation (AWSCURRENT moves to a new password; AWSPREVIOUS keeps the old; the
rest of the secret is kept; the replica region's copy follows); the same token again (nothing
changes: each step is idempotent); a failover of the global database to the other region,
after which a rotation must stop at setSecret with AWSCURRENT untouched (only the writer's
password can change, and this region's cluster no longer is the writer); the switchover back;
and a rotation that succeeds again.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from typing import Any

from hastack.drills.inventory import DeployedResource, load_inline_code, marked_functions, of_type
from hastack.drills.model import DrillResult, timed
from hastack.drills.region_failover import global_writers

NAME = "secret-rotation"
MARKER = "secret-rotation"
"""The rotation function's ``HASTACK_RUNBOOK`` variable (``hastack.components.secret_rotation``)."""
SCHEDULE_TYPE = "AWS::SecretsManager::RotationSchedule"
STEPS = ("createSecret", "setSecret", "testSecret", "finishSecret")


def run(target: Any, resources: Sequence[DeployedResource]) -> list[DrillResult]:
    found = marked_functions(resources, MARKER)
    if not found:
        return [
            DrillResult(
                NAME,
                "app",
                None,
                skipped_reason="the app has no secret rotation function (a function whose "
                f"HASTACK_RUNBOOK is {MARKER}: the primary region of a global database)",
            )
        ]
    return [_drill(target, resource, resources) for resource in found]


def rotated_secret(resources: Sequence[DeployedResource], function: DeployedResource) -> str | None:
    """The secret a RotationSchedule of the function's stack rotates with it (its physical id
    is the secret's ARN)."""
    wanted = {"Fn::GetAtt": [function.logical_id, "Arn"]}
    for schedule in of_type(resources, SCHEDULE_TYPE):
        if schedule.stack == function.stack and schedule.properties.get("RotationLambdaARN") in (
            wanted,
            function.physical_id,
        ):
            return schedule.physical_id
    return None


class Rotation:
    """Secrets Manager's part: one token, the four steps in order, stopping at a failure."""

    def __init__(self, module: Any, sm: Any, rds: Any, env: dict[str, str], arn: str) -> None:
        self.module, self.sm, self.rds, self.env, self.arn = module, sm, rds, env, arn

    def run(self, result: DrillResult, token: str, label: str) -> str | None:
        """The step that failed (with the error in the actions), or None when all four ran."""
        for step in STEPS:
            try:
                done = self.module.STEPS[step](self.sm, self.rds, self.env, self.arn, token)
            except Exception as error:  # noqa: BLE001 - a failed step is what the drill reports
                result.actions.append(f"{label}: {step} failed: {error}")
                return step
            result.actions.append(f"{label}: {step}: {done}")
        return None

    def current(self) -> tuple[str, dict[str, Any]]:
        stages = self.sm.describe_secret(SecretId=self.arn)["VersionIdsToStages"]
        version = next(v for v, s in stages.items() if "AWSCURRENT" in s)
        return version, self.module.value(self.sm, self.arn, "AWSCURRENT")

    def stages(self, version: str) -> list[str]:
        return list(
            self.sm.describe_secret(SecretId=self.arn)["VersionIdsToStages"].get(version, [])
        )


@timed
def _drill(
    target: Any, resource: DeployedResource, resources: Sequence[DeployedResource]
) -> DrillResult:
    result = DrillResult(NAME, resource.subject, resource.region)
    module = load_inline_code(resource)
    if module is None or not isinstance(getattr(module, "STEPS", None), dict):
        result.skipped_reason = "the rotation function has no inline code with STEPS to execute"
        return result
    arn = rotated_secret(resources, resource)
    if not result.check("a RotationSchedule rotates a secret with this function", arn is not None):
        return result
    assert arn is not None
    config = target.client("lambda", resource.region).get_function_configuration(
        FunctionName=resource.physical_id
    )
    env = dict((config.get("Environment") or {}).get("Variables") or {})
    sm, rds = (
        target.client("secretsmanager", resource.region),
        target.client("rds", resource.region),
    )
    rotation = Rotation(module, sm, rds, env, arn)

    old_version, old = rotation.current()
    result.before.append(f"{arn}: AWSCURRENT is version {old_version}")
    token = str(uuid.uuid4())
    failed = rotation.run(result, token, "rotation")
    new_version, new = rotation.current()
    result.after.append(f"AWSCURRENT is version {new_version}")
    result.check("the four rotation steps ran", failed is None)
    result.check("AWSCURRENT moved to the rotation's version", new_version == token)
    result.check("the password changed", new.get("password") != old.get("password"))
    result.check(
        "the rest of the secret (user, host, port) is kept",
        {k: v for k, v in new.items() if k != "password"}
        == {k: v for k, v in old.items() if k != "password"},
    )
    excluded = env.get("EXCLUDE_CHARACTERS", "")
    password = str(new.get("password", ""))
    result.check(
        f"the new password has {env.get('LENGTH')} characters, none of {excluded!r}",
        len(password) == int(env.get("LENGTH", "0")) and not set(password) & set(excluded),
    )
    result.check("the old version is AWSPREVIOUS", "AWSPREVIOUS" in rotation.stages(old_version))
    _check_replicas(target, result, sm, arn, password)

    if failed is None:
        rotation.run(result, token, "the same token again")
        result.check(
            "running the steps again with the same token changes nothing",
            rotation.current() == (token, new),
        )
        _failover_pass(result, rotation, env)
    else:
        result.check("AWSCURRENT is untouched by the failed rotation", new_version == old_version)
    result.notes.append(
        "the function's deployed code ran in this process against the emulator (which cannot "
        "run Lambda code); the drill played Secrets Manager's part, so the function's protocol "
        "check is tested with Stubbers, not here"
    )
    result.notes.append(
        "no SQL login is made, here or on AWS: the emulator's cluster keeps the password "
        "ModifyDBCluster gave it; on AWS testSecret waits until the cluster is available with "
        "no password change pending"
    )
    return result


def _check_replicas(target: Any, result: DrillResult, sm: Any, arn: str, password: str) -> None:
    """Each replica region's AWSCURRENT. Named explicitly: moto's UpdateSecretVersionStage
    moves the label but not the version GetSecretValue returns by default (AWS returns
    AWSCURRENT), so a read without VersionStage still gets the old password on the emulator."""
    described = sm.describe_secret(SecretId=arn)
    for replica in described.get("ReplicationStatus", []):
        region = replica["Region"]
        copy = target.client("secretsmanager", region).get_secret_value(
            SecretId=described["Name"], VersionStage="AWSCURRENT"
        )
        result.check(
            f"the replica secret in {region} holds the new password",
            json.loads(copy["SecretString"]).get("password") == password,
        )


def _failover_pass(result: DrillResult, rotation: Rotation, env: dict[str, str]) -> None:
    """After a region failover the rotation must stop before AWSCURRENT moves; after the
    switchover back it must work again."""
    rds, global_id, cluster = rotation.rds, env["GLOBAL_ID"], env["CLUSTER_ARN"]
    writers = global_writers(rds, global_id)
    others = [arn for arn, writer in writers.items() if not writer]
    if not writers.get(cluster) or not others:
        result.notes.append(f"{cluster} is not the writer, or the only member: no failover pass")
        return
    rds.failover_global_cluster(
        GlobalClusterIdentifier=global_id, TargetDbClusterIdentifier=others[0], AllowDataLoss=True
    )
    result.actions.append(f"failed the global database over to {others[0]}")
    try:
        before = rotation.current()
        failed = rotation.run(result, str(uuid.uuid4()), "rotation after the failover")
        result.check(
            "after a region failover the rotation stops at setSecret (this region's cluster "
            "is no longer the writer)",
            failed == "setSecret",
        )
        result.check("AWSCURRENT is untouched by the failed rotation", rotation.current() == before)
    finally:
        rds.switchover_global_cluster(
            GlobalClusterIdentifier=global_id, TargetDbClusterIdentifier=cluster
        )
        result.actions.append(f"failed back: SwitchoverGlobalCluster to {cluster}")
    token = str(uuid.uuid4())
    failed = rotation.run(result, token, "rotation after fail back")
    result.check(
        "after fail back the next rotation succeeds",
        failed is None and rotation.current()[0] == token,
    )
