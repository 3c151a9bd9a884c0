"""Lambda functions (and provisioned concurrency), SQS queues, EventBridge buses, Step Functions.

All of them bill by use. Lambda: requests, plus duration in GB-seconds at the rate of the
function's architecture (``Architectures``, x86_64 by default), plus ephemeral storage above the
free 512 MB for the same seconds; provisioned concurrency is billed on the version or alias that
configures it, for every second of the month, and its invocations pay the lower provisioned
duration rate. Free tiers (1M Lambda requests and 400,000 GB-s, 1M SQS requests a month) are
per account, not per stack, so they are not subtracted.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hastack.cost.model import Component
from hastack.cost.pricers.base import (
    Free,
    PriceContext,
    as_bool,
    charge,
    number_or,
    pricer,
    usage_charge,
)
from hastack.cost.usage import key
from hastack.template import types

SECONDS_PER_HOUR = 3600
LAMBDA_DEFAULT_MEMORY_MB = 128
"""Lambda's default MemorySize."""
LAMBDA_FREE_EPHEMERAL_MB = 512
MB_PER_GB = Decimal(1024)
LAMBDA_USAGE = [
    key("requests_millions", 1, "million requests/month", "invocations"),
    key("duration_ms", 100, "ms", "average billed duration of one invocation"),
]


def lambda_settings(ctx: PriceContext, props: dict[str, Any]) -> tuple[str, Decimal, Decimal]:
    """(architecture, memory GB, billed ephemeral storage GB above the free 512 MB)."""
    arch_list = ctx.get_or("Architectures", ["x86_64"], "architecture", props=props)
    arch = str(arch_list[0]) if isinstance(arch_list, list) and arch_list else "x86_64"
    if arch not in ("x86_64", "arm64"):
        arch = "x86_64"
    memory = number_or(ctx, "MemorySize", LAMBDA_DEFAULT_MEMORY_MB, "MemorySize (MB)", props)
    storage = props.get("EphemeralStorage")
    extra = Decimal(0)
    if isinstance(storage, dict):
        size = number_or(ctx, "Size", LAMBDA_FREE_EPHEMERAL_MB, "EphemeralStorage.Size", storage)
        extra = max(size - LAMBDA_FREE_EPHEMERAL_MB, Decimal(0)) / MB_PER_GB
    return arch, memory / MB_PER_GB, extra


@pricer(types.LAMBDA_FUNCTION, usage=LAMBDA_USAGE)
def lambda_function(ctx: PriceContext) -> list[Component]:
    arch, memory_gb, extra_gb = lambda_settings(ctx, ctx.props)
    requests = ctx.usage.get("requests_millions")
    seconds = requests * 1_000_000 * ctx.usage.get("duration_ms") / 1000
    parts = [
        charge(
            "Lambda requests",
            "million requests",
            requests,
            ctx.price("lambda", "requests-million"),
            usage_based=True,
        ),
        charge(
            f"Lambda duration ({arch}, {memory_gb * MB_PER_GB:g} MB)",
            "GB-seconds",
            seconds * memory_gb,
            ctx.price("lambda", f"{arch}-gb-second"),
            usage_based=True,
        ),
    ]
    if extra_gb:
        parts.append(
            charge(
                f"Lambda ephemeral storage above {LAMBDA_FREE_EPHEMERAL_MB} MB",
                "GB-seconds",
                seconds * extra_gb,
                ctx.price("lambda", "ephemeral-gb-second"),
                usage_based=True,
            )
        )
    return parts


@pricer(types.LAMBDA_VERSION, types.LAMBDA_ALIAS)
def lambda_provisioned_concurrency(ctx: PriceContext) -> list[Component]:
    """Provisioned concurrency: configured executions x memory x every second of the month."""
    config = ctx.props.get("ProvisionedConcurrencyConfig")
    if not isinstance(config, dict):
        raise Free("no provisioned concurrency: a version or alias costs nothing by itself")
    executions = number_or(
        ctx, "ProvisionedConcurrentExecutions", 1, "provisioned concurrency", config
    )
    function = _function_props(ctx)
    arch, memory_gb, _ = lambda_settings(ctx, function)
    if not function:
        ctx.note("function not in this template: 128 MB x86_64 assumed")
    return [
        charge(
            f"Lambda provisioned concurrency ({executions} x {memory_gb * MB_PER_GB:g} MB, {arch})",
            "GB-seconds",
            executions * memory_gb * ctx.hours * SECONDS_PER_HOUR,
            ctx.price("lambda", f"{arch}-provisioned-gb-second"),
        )
    ]


def _function_props(ctx: PriceContext) -> dict[str, Any]:
    """The function a version or alias belongs to (an alias through its version)."""
    node = ctx.props.get("FunctionName")
    for _ in range(3):
        target = ctx.resolver.ref_target(node)
        resource = ctx.other(target) if target else None
        if resource is None:
            return {}
        props = resource.get("Properties") or {}
        if resource.get("Type") == types.LAMBDA_FUNCTION:
            return props
        node = props.get("FunctionName")
    return {}


@pricer(
    types.SQS_QUEUE,
    usage=[key("requests_millions", 1, "million requests/month", "API requests (64 KB each)")],
)
def sqs_queue(ctx: PriceContext) -> list[Component]:
    fifo = as_bool(ctx.get_or("FifoQueue", False, "FifoQueue"))
    kind = "fifo" if fifo else "standard"
    return [
        usage_charge(
            ctx,
            f"SQS {kind} requests",
            "million requests",
            "requests_millions",
            "sqs",
            f"{kind}-million",
        )
    ]


@pricer(
    types.EVENTS_EVENT_BUS,
    usage=[key("events_millions", 1, "million events/month", "custom events published")],
)
def event_bus(ctx: PriceContext) -> list[Component]:
    """A custom bus bills the events published to it; AWS service events are free."""
    return [
        usage_charge(
            ctx,
            "EventBridge custom events",
            "million events",
            "events_millions",
            "events",
            "custom-events-million",
        )
    ]


@pricer(
    types.STEPFUNCTIONS_STATE_MACHINE,
    usage=[
        key("transitions_thousands", 100, "1K state transitions/month", "Standard workflows"),
        key("requests_millions", 1, "million requests/month", "Express workflow executions"),
        key("duration_ms", 1000, "ms", "average Express execution duration"),
        key("memory_mb", 64, "MB", "Express memory, billed in 64 MB steps"),
    ],
)
def state_machine(ctx: PriceContext) -> list[Component]:
    kind = str(ctx.get_or("StateMachineType", "STANDARD", "type", default="STANDARD")).upper()
    if kind != "EXPRESS":
        return [
            usage_charge(
                ctx,
                "Step Functions state transitions (Standard)",
                "1K transitions",
                "transitions_thousands",
                "stepfunctions",
                "standard-transitions-1k",
            )
        ]
    requests = ctx.usage.get("requests_millions")
    memory_gb = max(ctx.usage.get("memory_mb"), Decimal(64)) / MB_PER_GB
    seconds = requests * 1_000_000 * ctx.usage.get("duration_ms") / 1000
    return [
        charge(
            "Step Functions Express requests",
            "million requests",
            requests,
            ctx.price("stepfunctions", "express-requests-million"),
            usage_based=True,
        ),
        charge(
            "Step Functions Express duration",
            "GB-seconds",
            seconds * memory_gb,
            ctx.price("stepfunctions", "express-gb-second"),
            usage_based=True,
        ),
    ]
