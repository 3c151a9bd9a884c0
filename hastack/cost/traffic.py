"""One usage model that follows the traffic: from requests per second to every usage figure.

A usage file can give each figure by hand (``LoadBalancer: {lcu: 5}``); most people know their
traffic instead. :class:`Traffic` holds it (requests/s, bytes per request and response, the
share of writes, connections) and :func:`usage_from_traffic` derives the usage values of every
resource of a template from it: load balancer capacity units, NAT and transfer GB, Lambda
invocations and API requests, DynamoDB request units, CloudFront requests and GB, queue
requests and log volume. A usage file's ``traffic:`` entry sets the model; any figure the file
gives for a resource still wins over the derived one. The planner calls the same functions.

The formulas follow the published billing units:

- ALB LCU = the largest of new connections/s / 25, active connections / 3,000, processed GB per
  hour / 1 (EC2/IP targets), per https://aws.amazon.com/elasticloadbalancing/pricing/; NLB NLCU
  (TCP) = the largest of new flows/s / 800, active flows / 100,000, GB per hour / 1.
- DynamoDB on-demand: a write is one WRU per KB (rounded up), a read one RRU per 4 KB, halved
  for eventually consistent reads.
- Transfer GB are GiB (2^30 bytes), as AWS bills them. Traffic between the load balancer and its
  targets crosses AZs for (AZs - 1) / AZs of the bytes, counted in ``inter_az_gb`` once per GB
  (the catalog row bills each GB on both sides).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from decimal import ROUND_CEILING, Decimal
from typing import Any

from hastack.errors import UsageError
from hastack.template import types

TRAFFIC = "traffic"
"""Reserved top-level key of the usage file for the traffic model."""
GIB = Decimal(2**30)
SECONDS_PER_HOUR = Decimal(3600)
HOURS_PER_MONTH = Decimal(730)
ALB_NEW_CONNECTIONS_PER_LCU = Decimal(25)
ALB_ACTIVE_CONNECTIONS_PER_LCU = Decimal(3000)
NLB_NEW_FLOWS_PER_NLCU = Decimal(800)
NLB_ACTIVE_FLOWS_PER_NLCU = Decimal(100_000)
GB_PER_HOUR_PER_LCU = Decimal(1)


@dataclass(frozen=True, kw_only=True)
class Traffic:
    """What a workload does, averaged over the month. Every field has a documented default."""

    requests_per_second: Decimal = Decimal(10)
    """Average requests per second reaching the front door (load balancer, API, CDN)."""
    request_bytes: Decimal = Decimal(2_000)
    """Average request size (headers and body)."""
    response_bytes: Decimal = Decimal(20_000)
    """Average response size."""
    write_share: Decimal = Decimal("0.1")
    """Share of requests that write (a DynamoDB put, a queued message, an event)."""
    new_connections_per_second: Decimal | None = None
    """Default: one new connection per 10 requests (HTTP keep-alive)."""
    active_connections: Decimal = Decimal(100)
    """Concurrent connections held open (per minute, as ALB counts them)."""
    availability_zones: int = 2
    """AZs the targets spread over; (AZs - 1)/AZs of the LB-to-target bytes cross AZs."""
    nat_share: Decimal = Decimal("0.1")
    """Share of request + response bytes the backends exchange with the internet via NAT."""
    cache_hit_ratio: Decimal = Decimal("0.8")
    """Share of CDN requests served from the edge cache (the rest reach the origin)."""
    lambda_duration_ms: Decimal = Decimal(100)
    """Average billed duration of one Lambda invocation."""
    log_bytes_per_request: Decimal = Decimal(500)
    """Log volume written per request (CloudWatch Logs ingestion)."""

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], where: str = TRAFFIC) -> Traffic:
        """A :class:`Traffic` from a usage file's ``traffic:`` entry; unknown keys are errors."""
        known = {f.name for f in fields(cls)}
        problems = [
            f"{where}.{k}: unknown; allowed: {', '.join(sorted(known))}"
            for k in data
            if k not in known
        ]
        if problems:
            raise UsageError("\n".join(problems))
        values: dict[str, Any] = {}
        for name, raw in data.items():
            try:
                number = Decimal(str(raw))
            except ArithmeticError:
                raise UsageError(f"{where}.{name}: {raw!r} is not a number") from None
            if number < 0:
                raise UsageError(f"{where}.{name}: {raw!r} is negative")
            values[name] = int(number) if name == "availability_zones" else number
        return cls(**values)

    @property
    def requests_per_month(self) -> Decimal:
        return self.requests_per_second * SECONDS_PER_HOUR * HOURS_PER_MONTH

    @property
    def gb_in(self) -> Decimal:
        """GiB of requests per month."""
        return self.requests_per_month * self.request_bytes / GIB

    @property
    def gb_out(self) -> Decimal:
        """GiB of responses per month."""
        return self.requests_per_month * self.response_bytes / GIB

    @property
    def new_connections(self) -> Decimal:
        if self.new_connections_per_second is not None:
            return self.new_connections_per_second
        return self.requests_per_second / 10


def alb_lcus(traffic: Traffic) -> Decimal:
    """Average ALB capacity units: the largest of the three billed dimensions (no rule charge:
    the first 10 rules of a listener are free)."""
    gb_per_hour = (traffic.gb_in + traffic.gb_out) / HOURS_PER_MONTH
    return max(
        traffic.new_connections / ALB_NEW_CONNECTIONS_PER_LCU,
        traffic.active_connections / ALB_ACTIVE_CONNECTIONS_PER_LCU,
        gb_per_hour / GB_PER_HOUR_PER_LCU,
    )


def nlb_lcus(traffic: Traffic) -> Decimal:
    """Average NLB capacity units for TCP traffic."""
    gb_per_hour = (traffic.gb_in + traffic.gb_out) / HOURS_PER_MONTH
    return max(
        traffic.new_connections / NLB_NEW_FLOWS_PER_NLCU,
        traffic.active_connections / NLB_ACTIVE_FLOWS_PER_NLCU,
        gb_per_hour / GB_PER_HOUR_PER_LCU,
    )


def _units(size: Decimal, unit_bytes: int) -> Decimal:
    return max((size / unit_bytes).to_integral_value(rounding=ROUND_CEILING), Decimal(1))


def usage_from_traffic(
    traffic: Traffic, resources: Mapping[str, str], behind_cdn: bool | None = None
) -> dict[str, dict[str, Decimal]]:
    """Usage values for each resource (``{logical id: type}``) derived from ``traffic``, plus
    the ``data_transfer`` entry. Only keys the resource type reads are set.

    ``behind_cdn``: whether a CloudFront distribution fronts these resources; by default,
    whether one is among them. An app whose distribution is a stack of its own passes it for
    every stack, or the regions' stacks would count the viewers' data out a second time."""
    millions = traffic.requests_per_month / 1_000_000
    writes = traffic.requests_per_month * traffic.write_share
    reads = traffic.requests_per_month - writes
    if behind_cdn is None:
        behind_cdn = types.CLOUDFRONT_DISTRIBUTION in set(resources.values())
    origin_share = (1 - traffic.cache_hit_ratio) if behind_cdn else Decimal(1)
    out: dict[str, dict[str, Decimal]] = {}
    for logical_id, rtype in resources.items():
        values = _derive(traffic, rtype, millions, writes, reads, origin_share)
        if values:
            out[logical_id] = values
    azs = max(traffic.availability_zones, 1)
    lb_bytes = traffic.gb_in + traffic.gb_out
    out["data_transfer"] = {
        "internet_out_gb": Decimal(0) if behind_cdn else traffic.gb_out,
        "inter_az_gb": lb_bytes * origin_share * (azs - 1) / azs,
    }
    return out


def _derive(
    traffic: Traffic,
    rtype: str,
    millions: Decimal,
    writes: Decimal,
    reads: Decimal,
    origin_share: Decimal,
) -> dict[str, Decimal]:
    origin_millions = millions * origin_share
    if rtype == types.ELBV2_LOAD_BALANCER:
        return {"lcu": alb_lcus(traffic), "nlcu": nlb_lcus(traffic)}
    if rtype == types.ELB_LOAD_BALANCER:
        return {"gb_processed": (traffic.gb_in + traffic.gb_out) * origin_share}
    if rtype == types.EC2_NAT_GATEWAY:
        return {"gb_processed": (traffic.gb_in + traffic.gb_out) * traffic.nat_share}
    if rtype == types.LAMBDA_FUNCTION:
        return {"requests_millions": origin_millions, "duration_ms": traffic.lambda_duration_ms}
    if rtype in (types.APIGATEWAY_REST_API, types.APIGATEWAYV2_API):
        return {"requests_millions": origin_millions}
    if rtype in (types.DYNAMODB_TABLE, types.DYNAMODB_GLOBAL_TABLE):
        wru = writes * origin_share * _units(traffic.request_bytes, 1024)
        rru = reads * origin_share * _units(traffic.response_bytes, 4096) / 2
        return {"writes_millions": wru / 1_000_000, "reads_millions": rru / 1_000_000}
    if rtype == types.CLOUDFRONT_DISTRIBUTION:
        return {"data_out_gb": traffic.gb_out, "requests_10k": traffic.requests_per_month / 10_000}
    if rtype == types.S3_BUCKET:
        return {"get_requests_thousands": reads * origin_share / 1000}
    if rtype == types.SQS_QUEUE:
        return {"requests_millions": writes * origin_share * 3 / 1_000_000}
    if rtype in (types.SNS_TOPIC,):
        return {"requests_millions": writes * origin_share / 1_000_000}
    if rtype == types.EVENTS_EVENT_BUS:
        return {"events_millions": writes * origin_share / 1_000_000}
    if rtype == types.LOGS_LOG_GROUP:
        gb = traffic.requests_per_month * origin_share * traffic.log_bytes_per_request / GIB
        return {"ingested_gb": gb}
    if rtype in (types.WAFV2_WEB_ACL, types.WAF_WEB_ACL, types.WAFREGIONAL_WEB_ACL):
        return {"requests_millions": millions}
    return {}
