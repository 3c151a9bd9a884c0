"""EBS volume charges, shared by volumes, instances and Auto Scaling groups."""

from __future__ import annotations

from typing import Any

from hastack.cost.model import Component
from hastack.cost.pricers.base import NotPriced, PriceContext, as_int, charge
from hastack.cost.resolver import Unresolved

GP3_BASE_IOPS = 3000
GP3_BASE_THROUGHPUT = 125
ROOT_VOLUME_GB = 8
"""Root volume of current Amazon Linux AMIs: 8 GB gp3."""


def volume_components(
    ctx: PriceContext,
    vtype: str,
    size: int,
    iops: int | None,
    throughput: int | None,
    count: int = 1,
    label: str = "",
) -> list[Component]:
    """Storage, IOPS and throughput charges of ``count`` volumes of one kind."""
    prefix = f"{label} " if label else ""
    if not ctx.catalog.has(ctx.region, "ebs", vtype):
        raise NotPriced(f"EBS volume type {vtype!r} is not in the catalog")
    parts = [
        charge(
            f"{prefix}EBS {vtype} storage ({size} GB x {count})",
            "GB-months",
            size * count,
            ctx.price("ebs", vtype),
        )
    ]
    if vtype == "gp3":
        if iops and iops > GP3_BASE_IOPS:
            parts.append(
                charge(
                    f"{prefix}EBS gp3 IOPS above {GP3_BASE_IOPS}",
                    "IOPS-months",
                    (iops - GP3_BASE_IOPS) * count,
                    ctx.price("ebs", "gp3-iops"),
                )
            )
        if throughput and throughput > GP3_BASE_THROUGHPUT:
            parts.append(
                charge(
                    f"{prefix}EBS gp3 throughput above {GP3_BASE_THROUGHPUT} MiB/s",
                    "MiBps-months",
                    (throughput - GP3_BASE_THROUGHPUT) * count,
                    ctx.price("ebs", "gp3-throughput"),
                )
            )
    elif vtype in ("io1", "io2"):
        parts.append(
            charge(
                f"{prefix}EBS {vtype} provisioned IOPS",
                "IOPS-months",
                (iops or 100) * count,
                ctx.price("ebs", f"{vtype}-iops"),
            )
        )
        if not iops:
            ctx.note(f"{vtype} IOPS assumed 100 (not set)")
    return parts


def mapping_components(
    ctx: PriceContext, mappings: Any, count: int, root_assumed: bool = True
) -> list[Component]:
    """Charges of the EBS volumes in ``BlockDeviceMappings`` for ``count`` instances.

    Without any EBS mapping the instance still pays for its AMI's root volume; that is assumed
    to be 8 GB gp3 (current Amazon Linux) and noted.
    """
    parts: list[Component] = []
    try:
        resolved = ctx.resolver.value(mappings) if mappings is not None else []
    except Unresolved as why:
        ctx.note(f"block device mappings unresolved ({why}); root volume assumed")
        resolved = []
    for mapping in resolved if isinstance(resolved, list) else []:
        ebs = mapping.get("Ebs") if isinstance(mapping, dict) else None
        if not isinstance(ebs, dict) or mapping.get("NoDevice") is not None:
            continue
        device = mapping.get("DeviceName", "volume")
        vtype = str(ebs.get("VolumeType", "gp2"))
        if "VolumeType" not in ebs:
            ctx.note(f"{device}: volume type assumed gp2 (EC2's default when none is set)")
        try:
            size = as_int(ebs["VolumeSize"], "VolumeSize")
        except (KeyError, Unresolved):
            size = ROOT_VOLUME_GB
            ctx.note(f"{device}: size assumed {ROOT_VOLUME_GB} GB (taken from the snapshot/AMI)")
        iops = _optional_int(ebs.get("Iops"))
        throughput = _optional_int(ebs.get("Throughput"))
        parts.extend(volume_components(ctx, vtype, size, iops, throughput, count, str(device)))
    if not parts and root_assumed:
        ctx.note(
            f"root volume assumed {ROOT_VOLUME_GB} GB gp3 (AMI default; no block device "
            "mapping given)"
        )
        parts.extend(volume_components(ctx, "gp3", ROOT_VOLUME_GB, None, None, count, "root"))
    return parts


def _optional_int(value: Any) -> int | None:
    if value is None:
        return None
    try:
        return int(str(value))
    except ValueError:
        return None
