"""EFS file systems: storage by class, and throughput by mode. Mount targets are free.

Storage: Standard (or One Zone when ``AvailabilityZoneName`` is set), Infrequent Access and
Archive, from usage. Throughput: ``bursting`` (the default) is included in storage;
``elastic`` bills data read and written; ``provisioned`` bills the MiB/s set in
``ProvisionedThroughputInMibps`` for the whole month.
"""

from __future__ import annotations

from hastack.cost.model import Component
from hastack.cost.pricers.base import PriceContext, charge, number_or, pricer, usage_charge
from hastack.cost.usage import key
from hastack.template import types


@pricer(
    types.EFS_FILE_SYSTEM,
    usage=[
        key("storage_gb", 10, "GB-months", "data in the Standard (or One Zone) class"),
        key("ia_gb", 0, "GB-months", "data in Infrequent Access"),
        key("archive_gb", 0, "GB-months", "data in Archive"),
        key("read_gb", 10, "GB/month", "data read (Elastic throughput)"),
        key("write_gb", 5, "GB/month", "data written (Elastic throughput)"),
    ],
)
def file_system(ctx: PriceContext) -> list[Component]:
    one_zone = bool(ctx.props.get("AvailabilityZoneName"))
    prefix = "onezone" if one_zone else "standard"
    label = "One Zone" if one_zone else "Standard"
    ia_key = "onezone-ia-gb" if one_zone else "ia-gb"
    parts = [
        usage_charge(ctx, f"EFS {label} storage", "GB-months", "storage_gb", "efs", f"{prefix}-gb"),
    ]
    if ctx.usage.get("ia_gb"):
        parts.append(
            usage_charge(ctx, "EFS Infrequent Access storage", "GB-months", "ia_gb", "efs", ia_key)
        )
    if ctx.usage.get("archive_gb"):
        parts.append(
            usage_charge(ctx, "EFS Archive storage", "GB-months", "archive_gb", "efs", "archive-gb")
        )
    mode = str(ctx.get_or("ThroughputMode", "bursting", "throughput mode", default="bursting"))
    if mode == "elastic":
        parts += [
            usage_charge(
                ctx, "EFS Elastic throughput reads", "GB", "read_gb", "efs", "elastic-read-gb"
            ),
            usage_charge(
                ctx, "EFS Elastic throughput writes", "GB", "write_gb", "efs", "elastic-write-gb"
            ),
        ]
    elif mode == "provisioned":
        mibps = number_or(ctx, "ProvisionedThroughputInMibps", 1, "provisioned throughput")
        parts.append(
            charge(
                f"EFS provisioned throughput ({mibps} MiB/s)",
                "MiBps-months",
                mibps,
                ctx.price("efs", "provisioned-mibps-month"),
            )
        )
    return parts
