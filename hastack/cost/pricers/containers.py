"""ECS services (on Fargate or on EC2 capacity) and EKS clusters and managed node groups.

Fargate bills the task definition's vCPU and memory per hour, at the rates of its operating
system and CPU architecture (``RuntimePlatform``; Linux x86_64 unless set), for each of the
service's ``DesiredCount`` tasks, plus ephemeral storage above the free 20 GB. Windows tasks
also pay an OS licence per vCPU-hour. A service on EC2 capacity costs nothing by itself: its
instances are priced on their Auto Scaling group or instance. Task definitions and clusters
are free. Fargate Spot is priced at on-demand rates, an upper bound.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from hastack.cost.model import Component
from hastack.cost.pricers.base import (
    Free,
    NotPriced,
    PriceContext,
    charge,
    number_or,
    pricer,
)
from hastack.cost.pricers.compute import instance_hours
from hastack.cost.pricers.ebs import volume_components
from hastack.cost.resolver import Unresolved
from hastack.template import types

FARGATE_FREE_STORAGE_GB = 20
ECS_DEFAULT_DESIRED = 1
"""ECS creates a replica service with one task when DesiredCount is not set."""
EKS_DEFAULT_NODE_TYPE = "t3.medium"
EKS_DEFAULT_DISK_GB = 20
_UNIT = re.compile(r"^\s*([\d.]+)\s*(vcpu|gb)?\s*$", re.IGNORECASE)


def _vcpu(value: Any) -> Decimal:
    """``Cpu`` as vCPUs: CPU units (``"256"``) or ``"0.25 vCPU"``."""
    match = _UNIT.match(str(value))
    if not match:
        raise Unresolved(f"task Cpu {value!r} is not understood")
    number = Decimal(match.group(1))
    return number if match.group(2) else number / 1024


def _memory_gb(value: Any) -> Decimal:
    """``Memory`` as GB: MiB (``"512"``) or ``"1 GB"``."""
    match = _UNIT.match(str(value))
    if not match:
        raise Unresolved(f"task Memory {value!r} is not understood")
    number = Decimal(match.group(1))
    return number if match.group(2) else number / 1024


def _task_definition(ctx: PriceContext) -> dict[str, Any]:
    target = ctx.resolver.ref_target(ctx.props.get("TaskDefinition"))
    resource = ctx.other(target) if target else None
    if resource is None or resource.get("Type") != types.ECS_TASK_DEFINITION:
        raise NotPriced("its task definition is not in this template, so its size is unknown")
    return resource.get("Properties") or {}


def _on_fargate(ctx: PriceContext) -> bool:
    launch = ctx.get_or("LaunchType", None, "LaunchType")
    if launch is not None:
        return str(launch).upper() == "FARGATE"
    strategy = ctx.get_or("CapacityProviderStrategy", [], "capacity providers") or []
    providers = [str(s.get("CapacityProvider", "")) for s in strategy if isinstance(s, dict)]
    if providers:
        if any(p == "FARGATE_SPOT" for p in providers):
            ctx.note("Fargate Spot share priced at on-demand rates (an upper bound)")
        return any(p.startswith("FARGATE") for p in providers)
    return False


@pricer(types.ECS_SERVICE)
def ecs_service(ctx: PriceContext) -> list[Component]:
    if not _on_fargate(ctx):
        task = ctx.props.get("TaskDefinition")
        target = ctx.resolver.ref_target(task)
        resource = ctx.other(target) if target else None
        compat = (resource or {}).get("Properties", {}).get("RequiresCompatibilities") or []
        if "FARGATE" not in compat or "LaunchType" in ctx.props:
            raise Free("runs on EC2 capacity: its instances are priced on their group or instance")
        ctx.note("no launch type: priced on Fargate, which its task definition requires")
    task = _task_definition(ctx)
    count = number_or(ctx, "DesiredCount", ECS_DEFAULT_DESIRED, "DesiredCount")
    if "DesiredCount" not in ctx.props:
        ctx.note(f"DesiredCount not set: ECS runs {ECS_DEFAULT_DESIRED} task")
    cpu = _vcpu(ctx.get("Cpu", props=task) or "256")
    memory = _memory_gb(ctx.get("Memory", props=task) or "512")
    platform = ctx.get_or("RuntimePlatform", {}, "RuntimePlatform", props=task) or {}
    os_family = str(platform.get("OperatingSystemFamily", "LINUX")).upper()
    arch = (
        "arm64" if str(platform.get("CpuArchitecture", "X86_64")).upper() == "ARM64" else "x86_64"
    )
    hours = ctx.hours * count
    if os_family.startswith("WINDOWS"):
        parts = [
            charge(
                f"Fargate Windows vCPU ({cpu} x {count} tasks)",
                "vCPU-hours",
                cpu * hours,
                ctx.price("fargate", "windows-vcpu-hour"),
            ),
            charge(
                f"Fargate Windows OS licence ({cpu} vCPU x {count})",
                "vCPU-hours",
                cpu * hours,
                ctx.price("fargate", "windows-license-vcpu-hour"),
            ),
            charge(
                f"Fargate Windows memory ({memory} GB x {count})",
                "GB-hours",
                memory * hours,
                ctx.price("fargate", "windows-gb-hour"),
            ),
        ]
    else:
        parts = [
            charge(
                f"Fargate Linux/{arch} vCPU ({cpu} x {count} tasks)",
                "vCPU-hours",
                cpu * hours,
                ctx.price("fargate", f"linux-{arch}-vcpu-hour"),
            ),
            charge(
                f"Fargate Linux/{arch} memory ({memory} GB x {count})",
                "GB-hours",
                memory * hours,
                ctx.price("fargate", f"linux-{arch}-gb-hour"),
            ),
        ]
    storage = task.get("EphemeralStorage")
    if isinstance(storage, dict):
        size = number_or(ctx, "SizeInGiB", FARGATE_FREE_STORAGE_GB, "ephemeral storage", storage)
        extra = size - FARGATE_FREE_STORAGE_GB
        if extra > 0:
            parts.append(
                charge(
                    f"Fargate ephemeral storage above {FARGATE_FREE_STORAGE_GB} GB",
                    "GB-hours",
                    extra * hours,
                    ctx.price("fargate", "ephemeral-gb-hour"),
                )
            )
    return parts


@pricer(types.EKS_CLUSTER)
def eks_cluster(ctx: PriceContext) -> list[Component]:
    return [charge("EKS cluster", "hours", ctx.hours, ctx.price("eks", "cluster-hour"))]


@pricer(types.EKS_NODEGROUP)
def eks_nodegroup(ctx: PriceContext) -> list[Component]:
    """Managed node groups bill their EC2 instances and disks; the group itself is free."""
    scaling = ctx.get_or("ScalingConfig", {}, "ScalingConfig") or {}
    count = int(number_or(ctx, "DesiredSize", scaling.get("MinSize", 1), "DesiredSize", scaling))
    instance_types = ctx.get_or("InstanceTypes", [EKS_DEFAULT_NODE_TYPE], "instance types")
    itype = (
        instance_types[0]
        if isinstance(instance_types, list) and instance_types
        else EKS_DEFAULT_NODE_TYPE
    )
    if "InstanceTypes" not in ctx.props:
        ctx.note(f"InstanceTypes not set: EKS's default {EKS_DEFAULT_NODE_TYPE}")
    disk = int(number_or(ctx, "DiskSize", EKS_DEFAULT_DISK_GB, "DiskSize"))
    return [
        instance_hours(ctx, itype, count),
        *volume_components(ctx, "gp2", disk, None, None, count, "node"),
    ]
