"""RDS DB instances (MySQL, MariaDB, PostgreSQL), Aurora clusters and their instances.

RDS: a Multi-AZ instance is billed for two instances and twice the storage, which is what the
catalog's [single-AZ, Multi-AZ] price pairs say. A read replica is an instance of its own, with
the engine and storage of its source unless it sets them. Aurora: instances are billed per
class; the cluster bills storage and I/O by use, except with I/O-Optimized storage
(``StorageType: aurora-iopt1``), where instances and storage cost more and I/O is included.
Passwords managed by RDS (``ManageMasterUserPassword``) live in a Secrets Manager secret that is
billed like any other secret, so the estimate counts it on the DB resource.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hastack.cost.model import Component
from hastack.cost.pricers.base import NotPriced, PriceContext, as_bool, as_int, charge, pricer
from hastack.cost.resolver import Unresolved
from hastack.cost.usage import key
from hastack.template import types

RDS_ENGINES = {"mysql": "mysql", "mariadb": "mysql", "postgres": "postgres"}
AURORA_ENGINES = {
    "aurora": "aurora-mysql",
    "aurora-mysql": "aurora-mysql",
    "aurora-postgresql": "aurora-postgresql",
}
GP3_BASE_IOPS = (3000, 12000)
"""RDS gp3 IOPS included below / from 400 GB (MySQL, MariaDB, PostgreSQL)."""
GP3_BASE_THROUGHPUT = (125, 500)
GP3_LARGE_GB = 400
DEFAULT_MIN_ACU = Decimal("0.5")


def _managed_secret(ctx: PriceContext) -> list[Component]:
    if as_bool(ctx.get_or("ManageMasterUserPassword", False, "ManageMasterUserPassword")):
        return [
            charge(
                "RDS-managed master password secret",
                "secret-months",
                1,
                ctx.price("secretsmanager", "secret"),
            )
        ]
    return []


def _source_props(ctx: PriceContext, node: Any) -> dict[str, Any]:
    target = ctx.resolver.ref_target(node)
    source = ctx.other(target) if target else None
    return (source.get("Properties") or {}) if source else {}


def _cluster(ctx: PriceContext) -> dict[str, Any]:
    if "DBClusterIdentifier" not in ctx.props:
        return {}
    return _source_props(ctx, ctx.props["DBClusterIdentifier"])


@pricer(
    types.RDS_DB_INSTANCE,
    usage=[
        key(
            "acu",
            "0.5",
            "ACUs (average)",
            "Aurora Serverless v2 capacity; default: the cluster's MinCapacity, else 0.5",
        )
    ],
)
def db_instance(ctx: PriceContext) -> list[Component]:
    props = ctx.props
    source = (
        _source_props(ctx, props["SourceDBInstanceIdentifier"])
        if "SourceDBInstanceIdentifier" in props
        else {}
    )
    cluster = _cluster(ctx)
    engine = str(
        ctx.get("Engine")
        or ctx.get("Engine", props=source)
        or ctx.get("Engine", props=cluster)
        or ""
    ).lower()
    if engine in AURORA_ENGINES or cluster:
        return _aurora_instance(ctx, AURORA_ENGINES.get(engine, "aurora-mysql"), cluster)
    if engine not in RDS_ENGINES:
        raise NotPriced(
            f"engine {engine or '(not set)'!r} is not in the catalog "
            "(MySQL, MariaDB, PostgreSQL and Aurora are)"
        )
    family = RDS_ENGINES[engine]
    if engine == "mariadb":
        ctx.note("MariaDB priced at MySQL rates (the same list prices)")
    db_class = ctx.get("DBInstanceClass") or ctx.get("DBInstanceClass", props=source)
    multi_az = as_bool(ctx.get_or("MultiAZ", False, "MultiAZ"))
    index = 1 if multi_az else 0
    deployment = "Multi-AZ" if multi_az else "single-AZ"
    role = "read replica" if "SourceDBInstanceIdentifier" in props else "instance"
    parts = [
        charge(
            f"RDS {family} {db_class} {role} ({deployment})",
            "hours",
            ctx.hours,
            ctx.price("rds", f"{family}:{db_class}", index, f"{family} class {db_class}"),
        )
    ]
    parts.extend(_rds_storage(ctx, source, index, deployment))
    parts.extend(_managed_secret(ctx))
    return parts


def _rds_storage(
    ctx: PriceContext, source: dict[str, Any], index: int, deployment: str
) -> list[Component]:
    def prop(name: str, default: Any = None) -> Any:
        value = ctx.get(name)
        return value if value is not None else ctx.get(name, default, props=source)

    try:
        size = as_int(prop("AllocatedStorage"), "AllocatedStorage")
    except Unresolved as why:
        ctx.note(f"storage assumed 20 GB ({why})")
        size = 20
    iops = prop("Iops")
    storage = str(prop("StorageType") or ("io1" if iops else "gp2"))
    if prop("StorageType") is None:
        ctx.note(f"storage type assumed {storage} (the RDS default)")
    parts = [
        charge(
            f"{storage} storage ({size} GB, {deployment})",
            "GB-months",
            size,
            ctx.price("rds", f"storage:{storage}", index, f"storage type {storage}"),
        )
    ]
    if storage == "io1":
        parts.append(
            charge(
                f"io1 provisioned IOPS ({deployment})",
                "IOPS-months",
                as_int(iops or 1000, "Iops"),
                ctx.price("rds", "iops:io1", index),
            )
        )
    elif storage == "gp3":
        large = size >= GP3_LARGE_GB
        base_iops, base_tp = GP3_BASE_IOPS[large], GP3_BASE_THROUGHPUT[large]
        if iops and as_int(iops, "Iops") > base_iops:
            parts.append(
                charge(
                    f"gp3 IOPS above {base_iops} ({deployment})",
                    "IOPS-months",
                    as_int(iops, "Iops") - base_iops,
                    ctx.price("rds", "iops:gp3", index),
                )
            )
        throughput = prop("StorageThroughput")
        if throughput and as_int(throughput, "StorageThroughput") > base_tp:
            parts.append(
                charge(
                    f"gp3 throughput above {base_tp} MiB/s ({deployment})",
                    "MiBps-months",
                    as_int(throughput, "StorageThroughput") - base_tp,
                    ctx.price("rds", "throughput:gp3", index),
                )
            )
    return parts


def _aurora_instance(ctx: PriceContext, engine: str, cluster: dict[str, Any]) -> list[Component]:
    optimized = _io_optimized(ctx, cluster)
    index = 1 if optimized else 0
    mode = "I/O-Optimized" if optimized else "standard"
    db_class = ctx.get("DBInstanceClass")
    if db_class == "db.serverless":
        acu = ctx.usage.get("acu") if ctx.usage.given("acu") else _min_acu(ctx, cluster)
        return [
            charge(
                f"Aurora Serverless v2 capacity ({mode})",
                "ACU-hours",
                acu * ctx.hours,
                ctx.price("aurora", "serverless-acu", index),
                usage_based=True,
            )
        ]
    return [
        charge(
            f"Aurora {engine} {db_class} ({mode})",
            "hours",
            ctx.hours,
            ctx.price("aurora", f"{engine}:{db_class}", index, f"Aurora class {db_class}"),
        )
    ]


def _min_acu(ctx: PriceContext, cluster: dict[str, Any]) -> Decimal:
    config = cluster.get("ServerlessV2ScalingConfiguration") or {}
    try:
        value = ctx.resolver.value(config.get("MinCapacity"))
        if value is not None:
            ctx.note(f"capacity assumed at the cluster's MinCapacity {value} ACU")
            return Decimal(str(value))
    except Unresolved:
        pass
    ctx.note(f"capacity assumed {DEFAULT_MIN_ACU} ACU (set 'acu' in the usage file)")
    return DEFAULT_MIN_ACU


def _io_optimized(ctx: PriceContext, cluster: dict[str, Any]) -> bool:
    return str(ctx.get_or("StorageType", "aurora", "StorageType", props=cluster)) == "aurora-iopt1"


@pricer(
    types.RDS_DB_CLUSTER,
    usage=[
        key("storage_gb", 20, "GB-months", "Aurora cluster volume size"),
        key(
            "io_requests_millions",
            20,
            "million requests/month",
            "Aurora I/O requests (not billed with I/O-Optimized)",
        ),
    ],
)
def db_cluster(ctx: PriceContext) -> list[Component]:
    engine = str(ctx.get("Engine") or "").lower()
    if engine not in AURORA_ENGINES:
        raise NotPriced(
            f"Multi-AZ DB cluster with engine {engine!r} is not in the catalog "
            "(Aurora clusters are)"
        )
    if str(ctx.get_or("EngineMode", "provisioned", "EngineMode")) == "serverless":
        raise NotPriced("Aurora Serverless v1 is not in the catalog (Serverless v2 is)")
    optimized = _io_optimized(ctx, ctx.props)
    index = 1 if optimized else 0
    mode = "I/O-Optimized" if optimized else "standard"
    parts = [
        charge(
            f"Aurora storage ({mode})",
            "GB-months",
            ctx.usage.get("storage_gb"),
            ctx.price("aurora", "storage", index),
            usage_based=True,
        )
    ]
    if optimized:
        ctx.note("I/O-Optimized: I/O requests are included, no I/O charge")
    else:
        parts.append(
            charge(
                "Aurora I/O requests",
                "million requests",
                ctx.usage.get("io_requests_millions"),
                ctx.price("aurora", "io"),
                usage_based=True,
            )
        )
    parts.extend(_managed_secret(ctx))
    return parts


@pricer(
    types.RDS_GLOBAL_CLUSTER,
    usage=[
        key(
            "replicated_write_io_millions",
            20,
            "million writes/month",
            "write I/Os replicated to secondary regions, summed over all secondaries",
        )
    ],
)
def global_cluster(ctx: PriceContext) -> list[Component]:
    """The global cluster itself is free; each write replicated to a secondary region is billed.

    The clusters and instances of each region are priced where they are defined; traffic between
    regions is the usage file's ``data_transfer.inter_region_gb``.
    """
    ctx.note("replicated writes are billed in each secondary region; priced at this region's rate")
    return [
        charge(
            "Aurora Global Database replicated write I/O",
            "million writes",
            ctx.usage.get("replicated_write_io_millions"),
            ctx.price("aurora", "global-write-io"),
            usage_based=True,
        )
    ]
