"""W9618: a database password kept in a Secrets Manager secret of the template is rotated."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import Finding, HastackRule, props, ref_target, resources

SECRET = "AWS::SecretsManager::Secret"
ATTACHMENT = "AWS::SecretsManager::SecretTargetAttachment"
ROTATION = "AWS::SecretsManager::RotationSchedule"


class DatabaseSecretRotated(HastackRule):
    id = "W9618"
    shortdesc = "Database credentials secret has a rotation schedule"
    description = (
        "A database password generated into a Secrets Manager secret (attached to the "
        "database with a SecretTargetAttachment) stays the same for the database's life "
        "unless a RotationSchedule rotates it; a leaked copy stays valid. RDS rotates the "
        "passwords it manages itself (ManageMasterUserPassword), but not one the template "
        "generates, as a global database's must be."
    )
    fix = (
        "Add an AWS::SecretsManager::RotationSchedule for the secret (HostedRotationLambda "
        "with the AWS::SecretsManager-2020-07-23 transform, or RotationLambdaARN), or say in "
        "Metadata.hastack.suppress why it is not rotated."
    )
    source_url = "https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_turn-on-for-db.html"
    tags = ["hastack", "security", "rds"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        secrets = resources(cfn, [SECRET])
        schedules = resources(cfn, [ROTATION]).values()
        rotated = {ref_target(props(res).get("SecretId"), cfn) for res in schedules}
        for res in resources(cfn, [ATTACHMENT]).values():
            p = props(res)
            secret = ref_target(p.get("SecretId"), cfn)
            target_type = p.get("TargetType")
            if secret not in secrets or not str(target_type).startswith("AWS::RDS::"):
                continue  # a secret of another stack, or not a database's
            if secret not in rotated:
                database = ref_target(p.get("TargetId"), cfn) or "a database"
                yield (
                    ["Resources", secret],
                    f"{secret} holds the password of {database} and is never rotated",
                )
