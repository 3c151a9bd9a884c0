"""``AWS::SecretsManager::RotationSchedule`` on the emulator: the schedule is checked and kept by
the engine; no rotation is started.

AWS's RotationSchedule calls RotateSecret, which invokes the rotation function (its testSecret
step, or all four steps when rotating immediately). moto's RotateSecret would run the function
in Docker, and on return labels AWSCURRENT a version that moto made itself, so calling it would
either fail or leave the secret holding a value no function wrote. The handler therefore checks
what AWS checks before rotating (the secret exists and is not a replica; the function exists)
and records the schedule; moto's DescribeSecret keeps ``RotationEnabled: false``. A rotation
runs the function's own code against the emulator through ``hastack drill --drill
secret-rotation`` instead. ``HostedRotationLambda`` is refused: the function it names is created
by the ``AWS::SecretsManager-2020-07-23`` transform, which the engine cannot run.
"""

from __future__ import annotations

from typing import Any

from hastack.local.errors import ResourceFailure
from hastack.local.handlers.base import Context, Handler, Live, register, to_int

MAX_DAYS = 1000
"""Secrets Manager's limit on ``AutomaticallyAfterDays``."""


@register
class RotationScheduleHandler(Handler):
    type = "AWS::SecretsManager::RotationSchedule"
    emulates = (
        "checks the secret (not a replica) and the rotation function exist and records the "
        "schedule; starts no rotation (moto would run the function in Docker): "
        "`hastack drill --drill secret-rotation` runs the function's code"
    )

    def create(self, ctx: Context, props: dict[str, Any]) -> Live:
        if props.get("HostedRotationLambda") is not None:
            raise ResourceFailure(
                "HostedRotationLambda is created by the AWS::SecretsManager-2020-07-23 "
                "transform (a Serverless Application Repository app), which the local engine "
                "cannot run; give RotationLambdaARN instead"
            )
        secret = _secret(ctx, str(props.get("SecretId", "")))
        function = props.get("RotationLambdaARN")
        if function is not None:
            _function(ctx, str(function))
        rules = props.get("RotationRules") or {}
        days = to_int(rules.get("AutomaticallyAfterDays"))
        if days is not None and not 1 <= days <= MAX_DAYS:
            raise ResourceFailure(
                f"RotationRules.AutomaticallyAfterDays must be within 1-{MAX_DAYS}, got {days}"
            )
        every = f"every {days} days" if days else str(rules.get("ScheduleExpression", ""))
        return Live(
            physical_id=secret.arn,
            note=f"rotation {every} recorded, not started: the emulator runs no Lambda code",
        )

    def update(self, ctx: Context, live: Live, old: dict[str, Any], new: dict[str, Any]) -> Live:
        return self.create(ctx, new)

    def delete(self, ctx: Context, live: Live, props: dict[str, Any]) -> None:
        """Nothing was started on the secret, so nothing is cancelled."""


def _secret(ctx: Context, secret_id: str) -> Any:
    from moto.secretsmanager.exceptions import SecretNotFoundException

    try:
        secret = ctx.backend("secretsmanager").describe_secret(secret_id)
    except SecretNotFoundException:
        raise ResourceFailure(
            f"Secrets Manager can't find the specified secret {secret_id}"
        ) from None
    if type(secret).__name__ == "ReplicaSecret":
        raise ResourceFailure(f"{secret_id} is a replica secret: rotate its primary instead")
    return secret


def _function(ctx: Context, arn: str) -> None:
    parts = arn.split(":")
    region = parts[3] if len(parts) > 6 and parts[2] == "lambda" else ctx.region
    try:
        ctx.backend("lambda", region).get_function(arn)
    except Exception:  # noqa: BLE001 - moto raises its own not-found types
        raise ResourceFailure(f"Resource not found for ARN '{arn}' (RotationLambdaARN)") from None
