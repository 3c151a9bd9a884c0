"""Aurora Global Database failover and switchover on the emulator, which moto's RDS lacks.

moto's RDS keeps global clusters and reports each member's ``IsWriter``, but answers
``FailoverGlobalCluster`` and ``SwitchoverGlobalCluster`` with "not implemented", so a region
failover runbook cannot be exercised against it. The router sends those two RDS actions here.
AWS's semantics, as far as a state change goes: the target must be a secondary member of the
global cluster (named by ARN or identifier); it becomes the writer and every other member a
secondary. A failover (``AllowDataLoss``) may lose the replication lag; a switchover (the
``SwitchoverGlobalCluster`` action, or ``Switchover=true``) waits for the secondaries to catch
up, which on the emulator's one copy of the data is the same state change.

moto is not changed: the writer flag moves through its backend's public ``modify_db_cluster``,
which sets the fields it is given (``is_writer`` is the field its global clusters report as
``IsWriter``).
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from hastack.local.errors import CfnError

ACTIONS = ("FailoverGlobalCluster", "SwitchoverGlobalCluster")
NAMESPACE = "http://rds.amazonaws.com/doc/2014-10-31/"


def _true(value: str | None) -> bool:
    return str(value).lower() == "true"


def _global_cluster(account: str, identifier: str) -> Any:
    from moto.backends import get_backend

    wanted = identifier.lower()
    for regional in get_backend("rds")[account].values():
        for global_cluster in regional.global_clusters.values():
            if wanted in (global_cluster.global_cluster_identifier, global_cluster.arn):
                return global_cluster
    raise CfnError("GlobalClusterNotFoundFault", f"Global cluster {identifier} not found.", 404)


def _member(global_cluster: Any, target: str) -> Any:
    for cluster in global_cluster.members:
        if target in (cluster.db_cluster_arn, cluster.db_cluster_identifier):
            return cluster
    raise CfnError(
        "DBClusterNotFoundFault",
        f"The DB cluster {target} is not a member of the global cluster "
        f"{global_cluster.global_cluster_identifier}.",
        404,
    )


def _held(backend: Any, cluster: Any) -> bool:
    """Whether ``cluster``'s regional backend holds it under its identifier."""
    return backend.clusters.get(cluster.db_cluster_identifier) is cluster


def _set_writer(backend: Any, cluster: Any, writer: bool) -> None:
    backend.modify_db_cluster(
        {"db_cluster_identifier": cluster.db_cluster_identifier, "is_writer": writer}
    )


def promote(account: str, global_id: str, target: str) -> Any:
    """Make ``target`` the writer of global cluster ``global_id``; every other member becomes
    a secondary. Returns the global cluster.

    All or nothing, as AWS's one operation: the new flags are computed and every member
    checked first; then the flags move one member at a time (moto keeps them per regional
    backend), and if one change fails the members already changed get their flag back, so the
    global cluster never has two writers or none."""
    from moto.backends import get_backend

    global_cluster = _global_cluster(account, global_id)
    new_writer = _member(global_cluster, target)
    if new_writer.is_writer:
        raise CfnError(
            "InvalidGlobalClusterStateFault",
            f"The DB cluster {target} is already the primary cluster of "
            f"{global_cluster.global_cluster_identifier}.",
        )
    backends = get_backend("rds")[account]
    plan = [
        (backends[cluster.region], cluster, bool(cluster.is_writer), cluster is new_writer)
        for cluster in list(global_cluster.members)
    ]
    for backend, cluster, _, _ in plan:
        if not _held(backend, cluster):
            raise CfnError(
                "InvalidGlobalClusterStateFault",
                f"The DB cluster {cluster.db_cluster_identifier} of global cluster "
                f"{global_cluster.global_cluster_identifier} is not available in "
                f"{cluster.region}; no member was changed.",
            )
    done: list[tuple[Any, Any, bool]] = []
    for backend, cluster, was, becomes in plan:
        if was == becomes:
            continue
        try:
            _set_writer(backend, cluster, becomes)
        except Exception as error:
            for changed_backend, changed, before in reversed(done):
                _set_writer(changed_backend, changed, before)
            raise CfnError(
                "InternalFailure",
                f"changing the writer of {global_cluster.global_cluster_identifier} failed on "
                f"{cluster.db_cluster_identifier} ({type(error).__name__}: {error}); "
                "every member is as it was",
                500,
            ) from error
        done.append((backend, cluster, was))
    return global_cluster


def serve(action: str, form: dict[str, str], account: str, rid: str) -> str:
    """Run ``action`` on the parsed form; the RDS query-protocol XML answer."""
    global_id = form.get("GlobalClusterIdentifier")
    target = form.get("TargetDbClusterIdentifier")
    if not global_id or not target:
        raise CfnError(
            "MissingParameter",
            f"{action} needs GlobalClusterIdentifier and TargetDbClusterIdentifier.",
        )
    if (
        action == "FailoverGlobalCluster"
        and not _true(form.get("AllowDataLoss"))
        and not _true(form.get("Switchover"))
    ):
        raise CfnError(
            "InvalidParameterCombination",
            "FailoverGlobalCluster needs AllowDataLoss=true (failover) or Switchover=true.",
        )
    global_cluster = promote(account, global_id, target)
    return _response(action, global_cluster, rid)


def _response(action: str, global_cluster: Any, rid: str) -> str:
    members = "".join(
        "<GlobalClusterMember>"
        f"<DBClusterArn>{escape(m['DBClusterArn'])}</DBClusterArn>"
        f"<IsWriter>{str(m['IsWriter']).lower()}</IsWriter>"
        "</GlobalClusterMember>"
        for m in global_cluster.global_cluster_members
    )
    body = (
        "<GlobalCluster>"
        f"<GlobalClusterIdentifier>{escape(global_cluster.global_cluster_identifier)}"
        "</GlobalClusterIdentifier>"
        f"<GlobalClusterArn>{escape(global_cluster.arn)}</GlobalClusterArn>"
        f"<Engine>{escape(str(global_cluster.engine))}</Engine>"
        f"<Status>{escape(str(global_cluster.status))}</Status>"
        f"<GlobalClusterMembers>{members}</GlobalClusterMembers>"
        "</GlobalCluster>"
    )
    return (
        f'<{action}Response xmlns="{NAMESPACE}"><{action}Result>{body}</{action}Result>'
        f"<ResponseMetadata><RequestId>{rid}</RequestId></ResponseMetadata></{action}Response>"
    )
