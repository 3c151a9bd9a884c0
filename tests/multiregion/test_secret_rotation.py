"""The global database's password rotation function, step by step, against botocore Stubbers
(real request and response shapes). The emulator drill (tests/drills) runs the steps end to
end; Secrets Manager's protocol check (a rotation opens with a valueless AWSPENDING version,
which moto cannot hold) is tested only here.

Each test runs twice: on the source module and on the code the template deploys (the source
compacted to fit CloudFormation's 4 KB inline limit), so the two cannot drift apart.

AWS behaviour relied on: Secrets Manager invokes the function once per step with the secret,
the version token and the step; it labels that version AWSPENDING before createSecret; a
version already AWSCURRENT means the rotation is done. ModifyDBCluster with
MasterUserPassword and ApplyImmediately resets the master password (the cluster shows
``resetting-master-credentials`` until it is applied).
"""

from __future__ import annotations

import json
import types
from collections.abc import Iterator
from typing import Any

import pytest

from hastack.components.inline_function import INLINE_CODE_LIMIT, compact_code
from hastack.components.runbook import secret_rotation as source_module
from hastack.components.secret_rotation import ROTATION_SOURCE

SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:shop-db-AbCdEf"
TOKEN = "11111111-2222-3333-4444-555555555555"
OLD = "99999999-8888-7777-6666-555555555555"
GLOBAL = "shop-global"
CLUSTER = "shop-primary"
CLUSTER_ARN = f"arn:aws:rds:us-east-1:123456789012:cluster:{CLUSTER}"
OTHER_ARN = "arn:aws:rds:us-west-2:123456789012:cluster:shop-secondary"
EXCLUDED = "\"@/\\'` "
ENV = {
    "GLOBAL_ID": GLOBAL,
    "CLUSTER_ID": CLUSTER,
    "CLUSTER_ARN": CLUSTER_ARN,
    "EXCLUDE_CHARACTERS": EXCLUDED,
    "LENGTH": "32",
    "TEST_TRIES": "3",
    "TEST_PAUSE": "10",
}
CURRENT = {"username": "dbadmin", "password": "old-password-1234", "host": "h", "port": 3306}


def deployed_code() -> str:
    from tests.blueprints.test_review_defects import primary

    return primary()["Resources"]["DatabaseSecretRotationFunction"]["Properties"]["Code"]["ZipFile"]


@pytest.fixture(params=["source", "deployed"])
def code(request: pytest.FixtureRequest) -> Any:
    if request.param == "source":
        return source_module
    module = types.ModuleType("deployed_rotation")
    exec(compile(deployed_code(), "deployed", "exec"), module.__dict__)  # noqa: S102
    return module


@pytest.fixture
def clients() -> Iterator[tuple[Any, Any, Any, Any]]:
    import boto3
    from botocore.stub import Stubber

    session = boto3.session.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1"
    )
    sm, rds = session.client("secretsmanager"), session.client("rds")
    with Stubber(sm) as sm_stub, Stubber(rds) as rds_stub:
        yield sm, rds, sm_stub, rds_stub
        sm_stub.assert_no_pending_responses()
        rds_stub.assert_no_pending_responses()


def described(stages: dict[str, list[str]], enabled: bool = True) -> dict[str, Any]:
    return {
        "ARN": SECRET,
        "Name": "shop-db",
        "RotationEnabled": enabled,
        "VersionIdsToStages": stages,
    }


def expect_described(sm_stub: Any, stages: dict[str, list[str]], enabled: bool = True) -> None:
    sm_stub.add_response("describe_secret", described(stages, enabled), {"SecretId": SECRET})


def expect_value(sm_stub: Any, stage: str, document: dict[str, Any], token: str = "") -> None:
    params: dict[str, Any] = {"SecretId": SECRET, "VersionStage": stage}
    if token:
        params["VersionId"] = token
    response = {"ARN": SECRET, "Name": "shop-db", "VersionId": token or OLD}
    sm_stub.add_response(
        "get_secret_value", response | {"SecretString": json.dumps(document)}, params
    )


def expect_members(rds_stub: Any, writer: str) -> None:
    members = [
        {"DBClusterArn": CLUSTER_ARN, "IsWriter": writer == CLUSTER_ARN},
        {"DBClusterArn": OTHER_ARN, "IsWriter": writer == OTHER_ARN},
    ]
    rds_stub.add_response(
        "describe_global_clusters",
        {"GlobalClusters": [{"GlobalClusterIdentifier": GLOBAL, "GlobalClusterMembers": members}]},
        {"GlobalClusterIdentifier": GLOBAL},
    )


def expect_cluster(rds_stub: Any, status: str, pending: dict[str, Any] | None = None) -> None:
    cluster: dict[str, Any] = {"DBClusterIdentifier": CLUSTER, "Status": status}
    if pending is not None:
        cluster["PendingModifiedValues"] = pending
    rds_stub.add_response(
        "describe_db_clusters", {"DBClusters": [cluster]}, {"DBClusterIdentifier": CLUSTER}
    )


def event(step: str) -> dict[str, str]:
    return {"SecretId": SECRET, "ClientRequestToken": TOKEN, "Step": step}


def test_the_template_deploys_the_compacted_source_within_the_inline_limit() -> None:
    code = deployed_code()
    assert code == compact_code(ROTATION_SOURCE.read_text())
    assert len(code.encode()) <= INLINE_CODE_LIMIT < len(ROTATION_SOURCE.read_bytes())
    assert code.startswith('"""Global database password rotation (hastack; see docs/multiregion')
    assert "Any" not in code and "typing" not in code  # the hints are gone, not the logic


@pytest.mark.parametrize(
    ("stages", "enabled", "message"),
    [
        ({OLD: ["AWSCURRENT"], TOKEN: ["AWSPENDING"]}, False, "rotation not enabled"),
        ({OLD: ["AWSCURRENT"]}, True, "is not AWSPENDING"),
        ({OLD: ["AWSCURRENT"], TOKEN: ["AWSPREVIOUS"]}, True, "is not AWSPENDING"),
    ],
)
def test_a_step_for_a_version_outside_the_rotation_protocol_is_refused(
    code, clients, stages, enabled, message
) -> None:
    sm, rds, sm_stub, _ = clients
    expect_described(sm_stub, stages, enabled)
    with pytest.raises(ValueError, match=message):
        code.rotate(sm, rds, ENV, event("setSecret"))


def test_a_version_already_current_is_left_alone_by_every_step(code, clients) -> None:
    sm, rds, sm_stub, _ = clients
    for step in ("createSecret", "setSecret", "testSecret", "finishSecret"):
        expect_described(sm_stub, {TOKEN: ["AWSCURRENT", "AWSPENDING"]})
        assert code.rotate(sm, rds, ENV, event(step)) == f"{step}: {TOKEN} is already AWSCURRENT"


def test_create_puts_a_new_password_under_awspending_keeping_the_rest(code, clients) -> None:
    from botocore.stub import ANY

    sm, rds, sm_stub, _ = clients
    expect_described(sm_stub, {OLD: ["AWSCURRENT"], TOKEN: ["AWSPENDING"]})
    expect_value(sm_stub, "AWSCURRENT", CURRENT)
    sm_stub.add_client_error(
        "get_secret_value",
        service_error_code="ResourceNotFoundException",
        expected_params={"SecretId": SECRET, "VersionStage": "AWSPENDING", "VersionId": TOKEN},
    )
    sent: dict[str, Any] = {}
    sm_stub.add_response(
        "put_secret_value",
        {"ARN": SECRET, "VersionId": TOKEN},
        {
            "SecretId": SECRET,
            "ClientRequestToken": TOKEN,
            "SecretString": ANY,
            "VersionStages": ["AWSPENDING"],
        },
    )
    sm.meta.events.register(
        "provide-client-params.secrets-manager.PutSecretValue",
        lambda params, **_: sent.update(params),
    )
    assert code.rotate(sm, rds, ENV, event("createSecret")).endswith("pending version created")
    document = json.loads(sent["SecretString"])
    assert {k: v for k, v in document.items() if k != "password"} == {
        k: v for k, v in CURRENT.items() if k != "password"
    }
    assert len(document["password"]) == 32 and document["password"] != CURRENT["password"]
    assert not set(document["password"]) & set(EXCLUDED)


def test_create_run_again_keeps_the_pending_password_it_made(code, clients) -> None:
    sm, rds, sm_stub, _ = clients
    expect_described(sm_stub, {OLD: ["AWSCURRENT"], TOKEN: ["AWSPENDING"]})
    expect_value(sm_stub, "AWSCURRENT", CURRENT)
    expect_value(sm_stub, "AWSPENDING", CURRENT | {"password": "new-password-5678"}, TOKEN)
    assert code.rotate(sm, rds, ENV, event("createSecret")).endswith("pending version exists")


def test_set_changes_the_writers_master_password_through_modify_db_cluster(code, clients) -> None:
    sm, rds, sm_stub, rds_stub = clients
    expect_described(sm_stub, {OLD: ["AWSCURRENT"], TOKEN: ["AWSPENDING"]})
    expect_value(sm_stub, "AWSPENDING", CURRENT | {"password": "new-password-5678"}, TOKEN)
    expect_members(rds_stub, writer=CLUSTER_ARN)
    rds_stub.add_response(
        "modify_db_cluster",
        {"DBCluster": {"DBClusterIdentifier": CLUSTER, "Status": "resetting-master-credentials"}},
        {
            "DBClusterIdentifier": CLUSTER,
            "MasterUserPassword": "new-password-5678",
            "ApplyImmediately": True,
        },
    )
    assert code.rotate(sm, rds, ENV, event("setSecret")) == (
        f"setSecret: master password of {CLUSTER} changed"
    )


def test_set_refuses_when_the_cluster_is_not_the_global_writer_after_a_failover(
    code, clients
) -> None:
    """After a region failover the other region's cluster is the writer: no ModifyDBCluster
    (the Stubber would fail on an unexpected call), and the step fails so AWSCURRENT stays."""
    sm, rds, sm_stub, rds_stub = clients
    expect_described(sm_stub, {OLD: ["AWSCURRENT"], TOKEN: ["AWSPENDING"]})
    expect_value(sm_stub, "AWSPENDING", CURRENT | {"password": "new-password-5678"}, TOKEN)
    expect_members(rds_stub, writer=OTHER_ARN)
    with pytest.raises(RuntimeError, match=f"{CLUSTER_ARN} is not the writer of {GLOBAL}"):
        code.rotate(sm, rds, ENV, event("setSecret"))


def test_test_waits_until_rds_has_applied_the_password(code, clients) -> None:
    sm, rds, sm_stub, rds_stub = clients
    pauses: list[float] = []
    expect_value(sm_stub, "AWSPENDING", CURRENT | {"password": "new-password-5678"}, TOKEN)
    expect_cluster(rds_stub, "resetting-master-credentials")
    expect_cluster(rds_stub, "available", {"MasterUserPassword": "****"})
    expect_cluster(rds_stub, "available", {})
    step = code.STEPS["testSecret"]
    assert step(sm, rds, ENV, SECRET, TOKEN, sleep=pauses.append).endswith(
        "no password change pending"
    )
    assert pauses == [10.0, 10.0]


def test_test_fails_when_the_change_is_not_applied_in_time(code, clients) -> None:
    sm, rds, sm_stub, rds_stub = clients
    pauses: list[float] = []
    expect_value(sm_stub, "AWSPENDING", CURRENT | {"password": "new-password-5678"}, TOKEN)
    for _ in range(3):
        expect_cluster(rds_stub, "resetting-master-credentials")
    with pytest.raises(RuntimeError, match="still 'resetting-master-credentials' after 3 readings"):
        code.STEPS["testSecret"](sm, rds, ENV, SECRET, TOKEN, sleep=pauses.append)
    assert pauses == [10.0, 10.0]


def test_finish_moves_awscurrent_to_the_new_version(code, clients) -> None:
    sm, rds, sm_stub, _ = clients
    expect_described(sm_stub, {OLD: ["AWSCURRENT"], TOKEN: ["AWSPENDING"]})
    expect_described(sm_stub, {OLD: ["AWSCURRENT"], TOKEN: ["AWSPENDING"]})
    sm_stub.add_response(
        "update_secret_version_stage",
        {"ARN": SECRET, "Name": "shop-db"},
        {
            "SecretId": SECRET,
            "VersionStage": "AWSCURRENT",
            "MoveToVersionId": TOKEN,
            "RemoveFromVersionId": OLD,
        },
    )
    assert (
        code.rotate(sm, rds, ENV, event("finishSecret")) == f"finishSecret: AWSCURRENT is {TOKEN}"
    )


def test_an_unknown_step_is_refused(code, clients) -> None:
    sm, rds, _, _ = clients
    with pytest.raises(ValueError, match="unknown step"):
        code.rotate(sm, rds, ENV, event("rollbackSecret"))
