"""Resources that hold data, and the property changes that make CloudFormation replace them.

A replaced or removed database, bucket or hosted zone loses what it holds (or at best leaves a
snapshot behind), so a deploy stops before such a change unless the user opts in. The change
set's own ``Replacement`` field is authoritative on AWS, but the local emulator always answers
``None``; the provider schemas (:mod:`hastack.template.schemas`) let hastack compute replacement
from the two templates as well. The guard merges both sources and believes whichever says yes.
"""

from __future__ import annotations

from typing import Any

from hastack.template import types as T
from hastack.template.schemas import schema

STATEFUL_TYPES = frozenset(
    {
        T.RDS_DB_CLUSTER,
        T.RDS_DB_INSTANCE,
        T.RDS_GLOBAL_CLUSTER,
        T.S3_BUCKET,
        T.ROUTE53_HOSTED_ZONE,
        T.DYNAMODB_TABLE,
        T.DYNAMODB_GLOBAL_TABLE,
        T.EFS_FILE_SYSTEM,
        T.ELASTICACHE_REPLICATION_GROUP,
        T.DOCDB_DB_CLUSTER,
        T.OPENSEARCHSERVICE_DOMAIN,
    }
)
"""Resource types whose replacement or deletion loses the data they hold."""

EXTRA_REPLACEMENT_PROPERTIES: dict[str, frozenset[str]] = {
    T.S3_BUCKET: frozenset({"ObjectLockEnabled"}),
}
"""Properties the resource reference marks "Update requires: Replacement" that the provider
schema does not list as create-only (the schema lets the handler turn Object Lock on in place;
CloudFormation's own documentation still says replacement)."""


def is_stateful(resource_type: str) -> bool:
    """True for resource types whose replacement or deletion loses data."""
    return resource_type in STATEFUL_TYPES


def replacing_properties(resource_type: str, changed: list[str]) -> list[str]:
    """The subset of ``changed`` properties that may force ``resource_type`` to be replaced:
    the provider schema's create-only and conditionally create-only properties (a conditional
    one, e.g. an Aurora ``Engine`` change, replaces in some cases: the guard assumes it does)."""
    found = schema(resource_type)
    names = EXTRA_REPLACEMENT_PROPERTIES.get(resource_type, frozenset())
    if found is not None:
        names = names | found.create_only | found.conditional_create_only
    return [name for name in changed if name in names]


KEEPING_POLICIES = frozenset({"Snapshot", "Retain", "RetainExceptOnCreate"})
SNAPSHOT_KINDS = {"AWS::RDS::DBCluster": "cluster", "AWS::RDS::DBInstance": "instance"}


def needs_snapshot(resource: dict[str, Any] | None, policy_key: str = "DeletionPolicy") -> bool:
    """True for an RDS cluster or standalone instance whose ``policy_key`` keeps no copy.

    hastack snapshots such a database itself before it is deleted or replaced (see
    :mod:`hastack.deploy.snapshots`). Aurora cluster members and read replicas hold no data of
    their own (the cluster or the source does), and RDS cannot snapshot them on their own.
    """
    if not resource or resource.get("Type") not in SNAPSHOT_KINDS:
        return False
    if resource.get(policy_key) in KEEPING_POLICIES:
        return False
    props = resource.get("Properties") or {}
    if resource["Type"] == "AWS::RDS::DBInstance" and (
        props.get("DBClusterIdentifier") or props.get("SourceDBInstanceIdentifier")
    ):
        return False
    return True


def deletion_outcome(policy: str | None, *, hastack_snapshot: bool = False) -> str:
    """What happens to the data when CloudFormation deletes a resource with ``policy``.

    ``hastack_snapshot``: hastack takes a manual snapshot first (:func:`needs_snapshot`).
    """
    if hastack_snapshot:
        return (
            "hastack takes a manual snapshot (hastack-<stack>-<resource>-<time>) and waits for "
            "it, then it is deleted (no DeletionPolicy of its own keeps a copy)"
        )
    if policy == "Snapshot":
        return "a final snapshot is taken (DeletionPolicy Snapshot), then it is deleted"
    if policy == "Retain":
        return "it is kept outside the stack (DeletionPolicy Retain)"
    if policy == "RetainExceptOnCreate":
        return "it is kept outside the stack (DeletionPolicy RetainExceptOnCreate)"
    return "it is deleted with its data (no DeletionPolicy keeps a copy)"


def keeps_data(policy: str | None) -> bool:
    """Retain keeps the live resource, so deleting it from the stack loses nothing."""
    return policy in {"Retain", "RetainExceptOnCreate"}
