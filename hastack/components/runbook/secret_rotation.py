"""Global database password rotation (hastack; see docs/multiregion.md).

Secrets Manager's four steps, as in AWS's rotation templates (AWSPENDING/AWSCURRENT labels,
each step safe to run again); setSecret changes the master password through the RDS API
(ModifyDBCluster on the global writer cluster), so the function needs no VPC and no SQL driver.
The deployed code is this file without docstrings and type hints (4 KB inline limit).
"""

import json
import os
import secrets
import string
import time
from typing import Any

Env = dict[str, str]


def check(sm: Any, arn: str, token: str) -> bool:
    """Secrets Manager's protocol; False when version ``token`` is already AWSCURRENT."""
    meta = sm.describe_secret(SecretId=arn)
    if not meta.get("RotationEnabled", True):
        raise ValueError(f"{arn}: rotation not enabled")
    stages = meta.get("VersionIdsToStages", {}).get(token) or []
    if not {"AWSCURRENT", "AWSPENDING"} & set(stages):
        raise ValueError(f"{arn}: version {token} is not AWSPENDING")
    return "AWSCURRENT" not in stages


def value(sm: Any, arn: str, stage: str, token: str = "") -> dict[str, Any]:
    extra = {"VersionId": token} if token else {}
    got = sm.get_secret_value(SecretId=arn, VersionStage=stage, **extra)
    document: dict[str, Any] = json.loads(got["SecretString"])
    return document


def create_step(sm: Any, rds: Any, env: Env, arn: str, token: str) -> str:
    """A new password under AWSPENDING for ``token``, unless a retry already made it."""
    current = value(sm, arn, "AWSCURRENT")
    try:
        value(sm, arn, "AWSPENDING", token)
        return "pending version exists"
    except sm.exceptions.ResourceNotFoundException:
        pass
    # Python's CSPRNG: GetRandomPassword would need an IAM grant on Resource "*"
    pool = [c for c in string.printable[:94] if c not in env["EXCLUDE_CHARACTERS"]]
    current["password"] = "".join(secrets.choice(pool) for _ in range(int(env["LENGTH"])))
    sm.put_secret_value(
        SecretId=arn,
        ClientRequestToken=token,
        SecretString=json.dumps(current),
        VersionStages=["AWSPENDING"],
    )
    return "pending version created"


def set_step(sm: Any, rds: Any, env: Env, arn: str, token: str) -> str:
    """The pending password becomes the cluster's master password. Only the global writer's
    can change: after a region failover the writer is elsewhere, and this fails until fail
    back (AWSCURRENT stays the password in use)."""
    pending = value(sm, arn, "AWSPENDING", token)
    gid, cluster = env["GLOBAL_ID"], env["CLUSTER_ARN"]
    found = rds.describe_global_clusters(GlobalClusterIdentifier=gid)["GlobalClusters"]
    mine = [g for g in found if g["GlobalClusterIdentifier"] == gid]  # moto lists every one
    writers = [m["DBClusterArn"] for g in mine for m in g["GlobalClusterMembers"] if m["IsWriter"]]
    if writers != [cluster]:
        raise RuntimeError(f"{cluster} is not the writer of {gid} (writers: {writers})")
    rds.modify_db_cluster(
        DBClusterIdentifier=env["CLUSTER_ID"],
        MasterUserPassword=pending["password"],
        ApplyImmediately=True,
    )
    return f"master password of {env['CLUSTER_ID']} changed"


def verify_step(sm: Any, rds: Any, env: Env, arn: str, token: str, sleep: Any = time.sleep) -> str:
    """The pending version is readable and RDS has applied the change: the cluster is
    available with no password change pending. No SQL login is made."""
    value(sm, arn, "AWSPENDING", token)
    cluster, tries, status = env["CLUSTER_ID"], int(env["TEST_TRIES"]), ""
    for attempt in range(tries):
        found = rds.describe_db_clusters(DBClusterIdentifier=cluster)["DBClusters"][0]
        status = found.get("Status", "")
        if status == "available" and "MasterUserPassword" not in found.get(
            "PendingModifiedValues", {}
        ):
            return f"{cluster} available, no password change pending"
        if attempt + 1 < tries:
            sleep(float(env["TEST_PAUSE"]))
    raise RuntimeError(f"{cluster} still {status!r} after {tries} readings")


def finish_step(sm: Any, rds: Any, env: Env, arn: str, token: str) -> str:
    """AWSCURRENT moves to ``token`` (Secrets Manager moves AWSPREVIOUS to the old one)."""
    stages = sm.describe_secret(SecretId=arn)["VersionIdsToStages"]
    current = next(v for v, s in stages.items() if "AWSCURRENT" in s)
    if current != token:
        sm.update_secret_version_stage(
            SecretId=arn,
            VersionStage="AWSCURRENT",
            MoveToVersionId=token,
            RemoveFromVersionId=current,
        )
    return f"AWSCURRENT is {token}"


STEPS = {
    "createSecret": create_step,
    "setSecret": set_step,
    "testSecret": verify_step,
    "finishSecret": finish_step,
}


def rotate(sm: Any, rds: Any, env: Env, event: dict[str, Any]) -> str:
    """What Secrets Manager's invocation ``event`` asks for, after the protocol check."""
    arn, token, step = event["SecretId"], event["ClientRequestToken"], event["Step"]
    if step not in STEPS:
        raise ValueError(f"unknown step {step}")
    if not check(sm, arn, token):
        return f"{step}: {token} is already AWSCURRENT"
    return f"{step}: " + STEPS[step](sm, rds, env, arn, token)


def handler(event: Any, context: Any) -> str:
    import boto3

    result = rotate(boto3.client("secretsmanager"), boto3.client("rds"), dict(os.environ), event)
    print(result)
    return result
