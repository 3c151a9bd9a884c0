"""Lambda functions: requests and compute (GB-seconds), both from usage.

A function costs what it is asked to do: the template gives its memory (``MemorySize``, default
128 MB) and architecture; how often it runs and for how long come from the usage file.
"""

from __future__ import annotations

from decimal import Decimal

from hastack.cost.model import Component
from hastack.cost.pricers.base import PriceContext, as_int, charge, pricer
from hastack.cost.resolver import Unresolved
from hastack.cost.usage import key

DEFAULT_MEMORY_MB = 128


@pricer(
    "AWS::Lambda::Function",
    usage=[
        key("requests_millions", 1, "million requests/month", "invocations"),
        key("average_duration_ms", 100, "ms", "average run time of one invocation"),
    ],
)
def function(ctx: PriceContext) -> list[Component]:
    try:
        memory = as_int(ctx.get("MemorySize", DEFAULT_MEMORY_MB), "MemorySize")
    except Unresolved:
        memory = DEFAULT_MEMORY_MB
        ctx.note(f"MemorySize unknown: {DEFAULT_MEMORY_MB} MB assumed")
    arm = "arm64" in (ctx.props.get("Architectures") or [])
    requests = Decimal(str(ctx.usage.get("requests_millions")))
    seconds = requests * 1_000_000 * Decimal(str(ctx.usage.get("average_duration_ms"))) / 1000
    gb_seconds = seconds * Decimal(memory) / 1024
    return [
        charge(
            "Lambda requests",
            "million requests",
            requests,
            ctx.price("lambda", "requests-million"),
            usage_based=True,
        ),
        charge(
            f"Lambda compute ({memory} MB, {'arm64' if arm else 'x86_64'})",
            "GB-seconds",
            gb_seconds,
            ctx.price("lambda", "gb-second-arm" if arm else "gb-second"),
            usage_based=True,
        ),
    ]
