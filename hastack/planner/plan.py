"""The requirements planner: from availability, load, RTO, RPO and budget to a runnable app.

Candidates are every combination of: one region or two (active/passive), 2 or 3 AZs, an
instance type from the capacity table, and a database topology. Each candidate's fleet is sized
for static stability: after losing its fullest AZ it still carries the peak
(:func:`~hastack.analysis.capacity.min_size_for`); a multi-region candidate runs the same fleet
in the standby region so it carries the peak after a region loss too.

For each candidate the planner synthesizes the design's stacks with the blueprints, prices them
with the cost estimator (``hastack.cost.api.estimate``) and rates them with the availability
model of this package, then checks every requirement. To keep this fast, stacks are synthesized
once per *shape* (regions × AZs × database) and the fleet's price for each instance type and
count comes from the estimator pricing that fleet alone; the chosen design is then synthesized
in full and estimated again, and that verified figure is what the report and the app file state.

Recovery facts per database topology (``DB_TOPOLOGIES``), used for the RTO/RPO fit:

- RDS Single-AZ: restore from automated backup; RPO up to 5 min (transaction logs are shipped
  every 5 min), RTO hours (counted as 4 h).
- RDS Multi-AZ: synchronous standby; failover 60-120 s (counted as 120 s), RPO 0.
- Aurora with a reader in another AZ: failover ~30 s, at most 60 s (counted as 60 s), RPO 0.
- Aurora Global Database across two regions: in-region as Aurora; a region loss is recovered by
  managed failover to the secondary: RPO ~1 s (replication lag), RTO minutes (counted as 5 min:
  health-check detection ~90 s, promotion ~1-2 min, DNS TTL ~60 s).

A single-region design's RTO/RPO are those of an AZ loss; a region outage shows in its
availability figure (it is down for the outage), not as an RTO.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from hastack.analysis.availability import estimate_availability
from hastack.analysis.capacity import CAPACITY, instances_needed, min_size_for
from hastack.analysis.units import duration_text, parse_percent, percent
from hastack.blueprints import ActivePassiveWebApp, HAWebApp
from hastack.core.regions import DEFAULT_REGION
from hastack.cost.api import estimate
from hastack.cost.catalog import load_catalog
from hastack.cost.traffic import Traffic
from hastack.errors import UsageError

DEFAULT_INSTANCE_TYPES = (
    "t3.medium",
    "t4g.large",
    "m7g.large",
    "c7g.large",
    "c7g.xlarge",
    "c7g.2xlarge",
)
FLEET_MAX_SIZE = 1000
"""The fleet component's MaxSize limit (``compute`` options, ``le=1000``)."""
FLEET_MAX_MIN_SIZE = FLEET_MAX_SIZE // 3
"""Largest minimum fleet one stack can hold: the planner sets MaxSize to 3 × MinSize."""
AZ_CHOICES = (2, 3)
DB_INSTANCE_CLASS = "db.r6g.large"
SECONDARY_REGIONS = {
    "us-east-1": "us-west-2",
    "us-east-2": "us-west-2",
    "us-west-1": "us-east-1",
    "us-west-2": "us-east-1",
    "ca-central-1": "us-east-1",
    "eu-west-1": "eu-central-1",
    "eu-west-2": "eu-west-1",
    "eu-west-3": "eu-central-1",
    "eu-central-1": "eu-west-1",
    "eu-north-1": "eu-central-1",
    "ap-southeast-1": "ap-southeast-2",
    "ap-southeast-2": "ap-southeast-1",
    "ap-northeast-1": "ap-northeast-3",
    "ap-northeast-2": "ap-northeast-1",
    "ap-south-1": "ap-southeast-1",
    "sa-east-1": "us-east-1",
}
"""Default standby region for a primary: the nearest region in the same market."""


@dataclass(frozen=True)
class DbTopology:
    key: str
    label: str
    options: dict[str, Any]
    rto_seconds: float
    rpo_seconds: float
    regions: int = 1
    region_rto_seconds: float | None = None
    region_rpo_seconds: float | None = None
    basis: str = ""


DB_TOPOLOGIES: dict[str, DbTopology] = {
    t.key: t
    for t in (
        DbTopology(
            "rds-single",
            "RDS MySQL Single-AZ",
            {"engine": "mysql", "multi_az": False, "readers": 0},
            rto_seconds=4 * 3600,
            rpo_seconds=300,
            basis="restore from backup: RPO up to 5 min, RTO hours",
        ),
        DbTopology(
            "rds-multi-az",
            "RDS MySQL Multi-AZ",
            {"engine": "mysql", "multi_az": True, "readers": 0},
            rto_seconds=120,
            rpo_seconds=0,
            basis="synchronous standby: failover 60-120 s, RPO 0",
        ),
        DbTopology(
            "aurora",
            "Aurora MySQL, writer + 1 reader",
            {"engine": "aurora-mysql", "readers": 1},
            rto_seconds=60,
            rpo_seconds=0,
            basis="reader in another AZ: failover ~30 s (<= 60 s), RPO 0",
        ),
        DbTopology(
            "aurora-iopt",
            "Aurora MySQL I/O-Optimized, writer + 1 reader",
            {"engine": "aurora-mysql", "readers": 1, "storage_type": "aurora-iopt1"},
            rto_seconds=60,
            rpo_seconds=0,
            basis="reader in another AZ: failover ~30 s (<= 60 s), RPO 0; no per-I/O charge",
        ),
        DbTopology(
            "aurora-global",
            "Aurora Global, writer + 1 reader per region",
            {"engine": "aurora-mysql", "readers": 1},
            rto_seconds=60,
            rpo_seconds=0,
            regions=2,
            region_rto_seconds=300,
            region_rpo_seconds=1,
            basis="managed cross-region failover: RPO ~1 s, RTO minutes (5 min)",
        ),
    )
}


def parse_target(text: str, option: str = "--availability") -> float:
    """The availability target as a fraction from a percentage (``99.99``), refusing a fraction
    (``0.9999``) that would otherwise read as 0.9999 %."""
    raw = str(text).strip().rstrip("%")
    try:
        value = float(raw)
    except ValueError:
        raise UsageError(f"{option} {text!r}: a percentage such as 99.9 or 99.99") from None
    if 0 < value < 1 and not str(text).strip().endswith("%"):
        raise UsageError(
            f"{option} {text}: a percentage, not a fraction; did you mean {value * 100:g}?"
        )
    return parse_percent(text, option)


@dataclass(frozen=True)
class Requirements:
    availability: float
    """Target as a fraction (0.9999 for 99.99%)."""
    peak_rps: float
    rto_seconds: float
    rpo_seconds: float
    budget: Decimal | None = None
    region: str = DEFAULT_REGION
    secondary_region: str | None = None
    rps_per_instance: float | None = None
    """Requests/s of a 2-vCPU instance; other sizes scale with their vCPUs."""
    instance_types: tuple[str, ...] = ()
    name: str = "app"
    domain: str | None = None
    average_rps: float | None = None
    """Average requests/s over the month: what usage is billed on. Default: a quarter of the
    peak (web traffic's daily peak is typically 3 to 5 times its average)."""
    request_bytes: float = 2_000
    response_bytes: float = 20_000
    new_connections: float | None = None
    """New connections per second (default: one per 10 requests, HTTP keep-alive)."""
    write_share: float = 0.1
    """Share of requests that write to the database (Aurora I/O, billed per million)."""

    def check(self) -> None:
        problems = []
        if not 0 < self.availability < 1:
            problems.append(f"--availability {self.availability * 100:g}: above 0 and below 100")
        if not 0 < self.peak_rps < float("inf"):
            problems.append(f"--peak-rps {self.peak_rps:g}: a finite number above 0")
        if self.average_rps is not None and not 0 < self.average_rps <= self.peak_rps:
            problems.append(f"--average-rps {self.average_rps:g}: above 0 and at most the peak")
        for option, value in (
            ("--request-kb", self.request_bytes),
            ("--response-kb", self.response_bytes),
        ):
            if not 0 <= value < float("inf"):
                problems.append(f"{option} {value / 1000:g}: a size of 0 or more")
        if self.new_connections is not None and not 0 <= self.new_connections < float("inf"):
            problems.append(f"--new-connections {self.new_connections:g}: 0 or more per second")
        if not 0 <= self.write_share <= 1:
            problems.append(f"--write-share {self.write_share:g}: a share from 0 to 1")
        if self.budget is not None and self.budget <= 0:
            problems.append(f"--budget {self.budget}: dollars per month above 0")
        if self.rps_per_instance is not None and self.rps_per_instance <= 0:
            problems.append(f"--rps-per-instance {self.rps_per_instance:g}: a number above 0")
        if not re.fullmatch(r"[a-z]{2}(-gov)?-[a-z]+-\d", self.region):
            problems.append(f"--region {self.region!r}: an AWS region name such as us-east-1")
        for t in self.instance_types:
            if t not in CAPACITY:
                problems.append(
                    f"--instance-type {t!r}: one of the capacity table's types "
                    f"({', '.join(sorted(CAPACITY))})"
                )
        if not re.fullmatch(r"[a-z][a-z0-9-]{0,20}", self.name):
            problems.append(
                f"--name {self.name!r}: lowercase letters, digits and hyphens, starting with a "
                "letter (at most 21 characters)"
            )
        if problems:
            raise UsageError("; ".join(problems))

    @property
    def mean_rps(self) -> float:
        return self.average_rps if self.average_rps is not None else self.peak_rps / 4

    def traffic(self, azs: int) -> Traffic:
        """The traffic model cost prices usage from (LCU on every dimension, NAT and cross-AZ
        bytes, internet egress)."""
        return Traffic(
            requests_per_second=Decimal(str(self.mean_rps)),
            request_bytes=Decimal(str(self.request_bytes)),
            response_bytes=Decimal(str(self.response_bytes)),
            write_share=Decimal(str(self.write_share)),
            new_connections_per_second=(
                Decimal(str(self.new_connections)) if self.new_connections is not None else None
            ),
            active_connections=Decimal(str(max(100.0, self.mean_rps))),
            availability_zones=azs,
        )

    @property
    def standby_region(self) -> str | None:
        return self.secondary_region or SECONDARY_REGIONS.get(self.region)


@dataclass
class Design:
    regions: tuple[str, ...]
    azs: int
    instance_type: str
    instances: int
    """Minimum fleet size per region."""
    database: str
    rps_per_instance: float

    @property
    def topology(self) -> DbTopology:
        return DB_TOPOLOGIES[self.database]

    @property
    def label(self) -> str:
        where = self.regions[0] if len(self.regions) == 1 else " + ".join(self.regions)
        return (
            f"{where}, {self.azs} AZs, {self.instances} x {self.instance_type}"
            f"{' per region' if len(self.regions) > 1 else ''}, {self.topology.label}"
        )

    @property
    def rto_seconds(self) -> float:
        t = self.topology
        return max(t.rto_seconds, t.region_rto_seconds or 0)

    @property
    def rpo_seconds(self) -> float:
        t = self.topology
        return max(t.rpo_seconds, t.region_rpo_seconds or 0)

    def to_dict(self) -> dict[str, Any]:
        return {
            "regions": list(self.regions),
            "azs": self.azs,
            "instance_type": self.instance_type,
            "instances_per_region": self.instances,
            "rps_per_instance": self.rps_per_instance,
            "database": self.database,
            "database_label": self.topology.label,
        }


@dataclass
class Candidate:
    design: Design
    monthly: Decimal
    availability: float
    fails: list[str] = field(default_factory=list)
    verified: bool = False

    @property
    def meets(self) -> bool:
        return not self.fails

    def to_dict(self) -> dict[str, Any]:
        return {
            "design": self.design.to_dict(),
            "label": self.design.label,
            "monthly_cost": float(round(self.monthly, 2)),
            "availability": self.availability,
            "availability_percent": percent(self.availability),
            "rto_seconds": self.design.rto_seconds,
            "rpo_seconds": self.design.rpo_seconds,
            "meets": self.meets,
            "fails": self.fails,
            "verified": self.verified,
        }


@dataclass
class Plan:
    requirements: Requirements
    candidates: list[Candidate]
    chosen: Candidate | None
    explanation: list[str]
    notes: list[str] = field(default_factory=list)
    why: list[str] = field(default_factory=list)
    """Why the chosen design: what the cheaper candidates miss."""

    @property
    def pareto(self) -> list[Candidate]:
        """Candidates no other beats on both cost and availability, cheapest first."""
        front: list[Candidate] = []
        for c in sorted(self.candidates, key=lambda c: (c.monthly, -c.availability)):
            if not front or c.availability > front[-1].availability:
                front.append(c)
        return front

    def to_dict(self) -> dict[str, Any]:
        r = self.requirements
        return {
            "requirements": {
                "availability": r.availability,
                "peak_rps": r.peak_rps,
                "rto_seconds": r.rto_seconds,
                "rpo_seconds": r.rpo_seconds,
                "budget": float(r.budget) if r.budget is not None else None,
                "region": r.region,
                "secondary_region": r.standby_region,
                "average_rps": r.mean_rps,
                "request_bytes": r.request_bytes,
                "response_bytes": r.response_bytes,
                "new_connections_per_second": r.new_connections,
                "write_share": r.write_share,
            },
            "chosen": self.chosen.to_dict() if self.chosen else None,
            "candidates": [c.to_dict() for c in self.candidates],
            "explanation": self.explanation,
            "why": self.why,
            "pareto_front": [
                {
                    "label": c.design.label,
                    "monthly_cost": float(round(c.monthly, 2)),
                    "availability": c.availability,
                }
                for c in self.pareto
            ],
            "notes": self.notes,
        }


def make_plan(requirements: Requirements) -> Plan:
    """Enumerate, price and rate every candidate; choose the cheapest that meets everything."""
    requirements.check()
    too_big = explain_too_big(requirements)
    if too_big:
        return Plan(requirements, [], None, too_big)
    planner = _Planner(requirements)
    candidates = planner.candidates()
    candidates.sort(key=lambda c: (c.monthly, -c.availability))
    meeting = [c for c in candidates if c.meets]
    chosen = None
    explanation: list[str] = []
    if meeting:
        chosen = planner.verify(meeting[0])
        if not chosen.meets:  # the full synth disagrees with the shape figure: take the next
            for other in meeting[1:]:
                chosen = planner.verify(other)
                if chosen.meets:
                    break
            else:
                chosen = None
    if chosen is None:
        explanation = explain_impossible(requirements, candidates)
    why = explain_choice(chosen, candidates) if chosen else []
    return Plan(requirements, candidates, chosen, explanation, planner.notes, why)


def explain_too_big(req: Requirements) -> list[str]:
    """Why no single stack can serve the peak (and how to shard), before anything is built."""
    types = req.instance_types or DEFAULT_INSTANCE_TYPES
    best: tuple[int, str] | None = None
    for instance_type in types:
        entry = CAPACITY[instance_type]
        rps = (
            req.rps_per_instance * entry.vcpus / 2
            if req.rps_per_instance is not None
            else float(entry.rps)
        )
        for azs in AZ_CHOICES:
            size = min_size_for(instances_needed(req.peak_rps, rps), azs)
            if best is None or size < best[0]:
                best = (size, instance_type)
    assert best is not None
    size, instance_type = best
    if size <= FLEET_MAX_MIN_SIZE:
        return []
    cells = -(-size // FLEET_MAX_MIN_SIZE)
    return [
        "no candidate meets every requirement:",
        f"  peak {req.peak_rps:g} requests/s needs at least {size:,} x {instance_type} to carry "
        f"it with one AZ lost; one stack's fleet holds at most {FLEET_MAX_MIN_SIZE} running "
        f"instances (MaxSize {FLEET_MAX_SIZE} at 3 x the minimum)",
        f"  shard it: about {cells:,} independent cells (stacks) behind Route 53 weighted "
        "records, each planned for its share of the peak; or raise --rps-per-instance after a "
        "load test",
    ]


def explain_choice(chosen: Candidate, candidates: list[Candidate]) -> list[str]:
    """The chosen design is the cheapest that meets everything: say what the cheaper miss."""
    cheaper = [c for c in candidates if c.monthly < chosen.monthly and c.fails]
    lines = [
        f"cheapest of {sum(c.meets for c in candidates)} candidate(s) meeting every requirement "
        f"(of {len(candidates)})"
    ]
    reasons: dict[str, int] = {}
    for c in cheaper:
        for fail in c.fails:
            key = fail.split(" ")[0]
            reasons[key] = reasons.get(key, 0) + 1
    if reasons:
        lines.append(
            f"{len(cheaper)} cheaper candidate(s) miss: "
            + ", ".join(f"{k} ({n})" for k, n in sorted(reasons.items(), key=lambda kv: -kv[1]))
        )
    return lines


def explain_impossible(req: Requirements, candidates: list[Candidate]) -> list[str]:
    """What would be needed: the best reachable figures and the cheapest near-fits."""
    lines = ["no candidate meets every requirement:"]
    if not candidates:
        return lines + ["  no candidates could be built (see notes)"]
    best = max(candidates, key=lambda c: c.availability)
    if best.availability < req.availability:
        lines.append(
            f"  availability {percent(req.availability, 3)} is above the best design hastack "
            f"builds: {percent(best.availability)} ({best.design.label}); relax the target to "
            f"{percent(best.availability, 3)} or below, or shorten the failover (RTO) of the "
            "multi-region design"
        )
    fastest = min(candidates, key=lambda c: c.design.rto_seconds)
    if fastest.design.rto_seconds > req.rto_seconds:
        lines.append(
            f"  RTO {duration_text(req.rto_seconds)} is below the fastest recovery on offer: "
            f"{duration_text(fastest.design.rto_seconds)} ({fastest.design.topology.label})"
        )
    tightest = min(candidates, key=lambda c: c.design.rpo_seconds)
    if tightest.design.rpo_seconds > req.rpo_seconds:
        lines.append(
            f"  RPO {duration_text(req.rpo_seconds)} is below the smallest data loss on offer: "
            f"{duration_text(tightest.design.rpo_seconds)}"
        )
    if req.budget is not None:
        cheapest_any = min(candidates, key=lambda c: c.monthly)
        if cheapest_any.monthly > req.budget:
            lines.append(
                f"  budget ${req.budget:,.0f}/month is below the cheapest design of any kind: "
                f"${cheapest_any.monthly:,.2f}/month ({cheapest_any.design.label})"
            )
        fit = [c for c in candidates if c.fails and all(f.startswith("cost") for f in c.fails)]
        if fit:
            cheapest = min(fit, key=lambda c: c.monthly)
            lines.append(
                f"  budget ${req.budget:,.0f}/month is below the cheapest design that meets the "
                f"other requirements: ${cheapest.monthly:,.2f}/month ({cheapest.design.label}); "
                f"raise the budget to ${cheapest.monthly:,.0f} or relax availability, RTO or RPO"
            )
    return lines


class _Planner:
    def __init__(self, req: Requirements) -> None:
        self.req = req
        self.notes: list[str] = []
        self._fleet_cost: dict[tuple[str, str, int], Decimal] = {}

    def rps(self, instance_type: str) -> float:
        entry = CAPACITY[instance_type]
        if self.req.rps_per_instance is not None:
            return self.req.rps_per_instance * entry.vcpus / 2
        return float(entry.rps)

    def candidates(self) -> list[Candidate]:
        req = self.req
        types = req.instance_types or DEFAULT_INSTANCE_TYPES
        standby = self.standby()
        shapes: list[tuple[tuple[str, ...], int, str]] = []
        for azs in AZ_CHOICES:
            for key, topo in DB_TOPOLOGIES.items():
                if topo.regions == 1:
                    shapes.append(((req.region,), azs, key))
                elif standby:
                    shapes.append(((req.region, standby), azs, key))
        if not req.standby_region:
            self.notes.append(
                f"no default standby region for {req.region}: pass --secondary-region to "
                "consider multi-region designs"
            )
        candidates = []
        for regions, azs, db in shapes:
            base = _shape_design(regions, azs, db)
            shape_cost, shape_fleet, availability = self.rate(base)
            for instance_type in types:
                rps = self.rps(instance_type)
                needed = instances_needed(req.peak_rps, rps)
                size = max(azs, min_size_for(needed, azs))
                design = Design(regions, azs, instance_type, size, db, rps)
                fleet = sum(self.fleet_cost(r, instance_type, size) for r in regions)
                if not fleet:
                    note = f"{instance_type}: no price in the catalog; not considered"
                    if note not in self.notes:
                        self.notes.append(note)
                    continue
                monthly = shape_cost - shape_fleet + fleet
                candidates.append(self.judge(Candidate(design, monthly, availability)))
        return candidates

    def standby(self) -> str | None:
        """The standby region, if the price catalog can price it (else no multi-region)."""
        catalog = load_catalog()
        catalog.check_region(self.req.region)  # the primary must be priceable: exit 2 if not
        region = self.req.standby_region
        if region is None or region == self.req.region:
            if region == self.req.region:
                raise UsageError(f"--secondary-region {region}: a region other than --region")
            return None
        if self.req.secondary_region:
            catalog.check_region(region)  # asked for explicitly: an error if unknown
            return region
        try:
            catalog.check_region(region)
        except UsageError:
            self.notes.append(
                f"default standby region {region} is not in the price catalog: multi-region "
                "designs skipped (pass --secondary-region with a catalog region)"
            )
            return None
        return region

    def judge(self, c: Candidate) -> Candidate:
        req, d = self.req, c.design
        c.fails = []
        if c.availability < req.availability:
            c.fails.append(
                f"availability {percent(c.availability, 3)} < {percent(req.availability, 3)}"
            )
        if d.rto_seconds > req.rto_seconds:
            c.fails.append(f"RTO {duration_text(d.rto_seconds)} > {duration_text(req.rto_seconds)}")
        if d.rpo_seconds > req.rpo_seconds:
            c.fails.append(f"RPO {duration_text(d.rpo_seconds)} > {duration_text(req.rpo_seconds)}")
        if req.budget is not None and c.monthly > req.budget:
            c.fails.append(f"cost ${c.monthly:,.2f} > budget ${req.budget:,.2f}")
        return c

    def rate(self, design: Design) -> tuple[Decimal, Decimal, float]:
        """(monthly cost, of which the fleet, availability) of a design's synthesized stacks,
        usage priced from the stated traffic by the cost estimator."""
        stacks = build_stacks(design, self.req)
        cost = estimate(
            stacks, traffic=self.req.traffic(design.azs), usage=traffic_usage(stacks, self.req)
        )
        fleet = Decimal(0)
        for item in cost.resources:
            if item.type == "AWS::AutoScaling::AutoScalingGroup":
                fleet += item.monthly
        region_rto = design.topology.region_rto_seconds
        report = estimate_availability(stacks, rto=region_rto)
        return cost.total_monthly, fleet, report.availability or 0.0

    def fleet_cost(self, region: str, instance_type: str, size: int) -> Decimal:
        """The estimator's price of the fleet alone (launch template + Auto Scaling group)."""
        key = (region, instance_type, size)
        if key not in self._fleet_cost:
            body = {
                "Resources": {
                    "LaunchTemplate": {
                        "Type": "AWS::EC2::LaunchTemplate",
                        "Properties": {
                            "LaunchTemplateData": {
                                "InstanceType": instance_type,
                                "BlockDeviceMappings": [
                                    {
                                        "DeviceName": "/dev/xvda",
                                        "Ebs": {"VolumeType": "gp3", "VolumeSize": 20},
                                    }
                                ],
                            }
                        },
                    },
                    "AutoScalingGroup": {
                        "Type": "AWS::AutoScaling::AutoScalingGroup",
                        "Properties": {
                            "MinSize": str(size),
                            "MaxSize": str(size * 3),
                            "DesiredCapacity": str(size),
                            "LaunchTemplate": {
                                "LaunchTemplateId": {"Ref": "LaunchTemplate"},
                                "Version": "1",
                            },
                        },
                    },
                }
            }
            result = estimate(body, region=region)
            self._fleet_cost[key] = sum(
                (
                    r.monthly
                    for r in result.resources
                    if r.type == "AWS::AutoScaling::AutoScalingGroup"
                ),
                Decimal(0),
            )
        return self._fleet_cost[key]

    def verify(self, candidate: Candidate) -> Candidate:
        """Synthesize the chosen design in full, estimate and rate it again."""
        cost, _fleet, availability = self.rate(candidate.design)
        verified = self.judge(Candidate(candidate.design, cost, availability, verified=True))
        if abs(cost - candidate.monthly) > Decimal("0.05"):
            self.notes.append(
                f"{candidate.design.label}: full estimate ${cost:,.2f} differs from the "
                f"enumeration's ${candidate.monthly:,.2f}; the full figure is used"
            )
        candidate.monthly, candidate.availability = cost, availability
        candidate.fails, candidate.verified = verified.fails, True
        return candidate


AURORA_IOS_PER_WRITE = 4
"""Billed Aurora I/Os per writing request: a few 4 KB pages (row, index, log) and reads served
from the buffer cache (assumption; measure with the VolumeWriteIOPs metric)."""
SECONDS_PER_MONTH = 730 * 3600


REQUEST_ENTRY_TYPES = frozenset(
    {
        "AWS::ElasticLoadBalancingV2::LoadBalancer",
        "AWS::ElasticLoadBalancing::LoadBalancer",
        "AWS::ApiGateway::RestApi",
        "AWS::ApiGatewayV2::Api",
        "AWS::CloudFront::Distribution",
    }
)
"""Resource types through which requests enter a stack (the traffic model charges them)."""
SCHEDULED_RUNS_PER_MONTH = SECONDS_PER_MONTH / 60
"""A once-a-minute schedule's invocations per month."""


def traffic_usage(stacks: list[Any], req: Requirements) -> dict[str, dict[str, float]]:
    """Usage the traffic model leaves to the planner: Aurora I/O from the write rate on the
    writing cluster, and no request traffic through the standby region of an active/passive
    pair (its load balancer and NAT gateways idle until a failover). A stack with no entry
    point for requests (the failover runbook's) serves none: its function runs on its schedule
    (once a minute) and logs a few lines per run, not per request."""
    usage: dict[str, dict[str, float]] = {}
    writes = req.mean_rps * req.write_share * SECONDS_PER_MONTH
    for index, stack in enumerate(stacks):
        resources = stack.body.get("Resources", {})
        served = any(r.get("Type") in REQUEST_ENTRY_TYPES for r in resources.values())
        for logical_id, resource in resources.items():
            kind = resource.get("Type")
            key = f"{stack.name}.{logical_id}"
            props = resource.get("Properties") or {}
            if not served and kind == "AWS::Lambda::Function":
                usage[key] = {"requests_millions": SCHEDULED_RUNS_PER_MONTH / 1e6}
            elif not served and kind == "AWS::Logs::LogGroup":
                usage[key] = {"ingested_gb": 0.0}
            elif (
                kind == "AWS::RDS::DBCluster"
                and index == 0
                and "aurora" in str(props.get("Engine"))
            ):
                usage[key] = {"io_requests_millions": writes * AURORA_IOS_PER_WRITE / 1e6}
            elif index > 0 and kind == "AWS::ElasticLoadBalancingV2::LoadBalancer":
                usage[key] = {"lcu": 0.0, "nlcu": 0.0}
            elif index > 0 and kind == "AWS::EC2::NatGateway":
                usage[key] = {"gb_processed": 0.0}
    return usage


def _shape_design(regions: tuple[str, ...], azs: int, db: str) -> Design:
    """The design used to price and rate a shape: a minimal fleet of the first table type."""
    return Design(regions, azs, "t3.medium", azs, db, float(CAPACITY["t3.medium"].rps))


def blueprint_options(design: Design) -> dict[str, Any]:
    """The HAWebApp options of a design (both regions of a multi-region design)."""
    size = design.instances
    return {
        "app_name": "app",
        "network": {"az_count": design.azs},
        "fleet": {
            "instance_type": design.instance_type,
            "min_size": size,
            "max_size": size * 3,
        },
        "database": dict(design.topology.options, instance_class=DB_INSTANCE_CLASS),
        # set a certificate_arn for HTTPS; plain HTTP must be chosen, and alarms need a reader
        "load_balancer": {"plain_http": True},
        "monitoring": {"alarm_email": "oncall@example.com"},
    }


def build_stacks(design: Design, req: Requirements) -> list[Any]:
    """Synthesize the design's stacks with the blueprints (what the app file will do)."""
    options = blueprint_options(design)
    if len(design.regions) == 1:
        if req.domain:
            options["dns"] = {"domain_name": req.domain}
        return [HAWebApp(f"{req.name}-prod", region=design.regions[0], **options).synth()]
    pair = ActivePassiveWebApp(
        req.name,
        primary_region=design.regions[0],
        secondary_region=design.regions[1],
        domain_name=req.domain or f"{req.name}.example.com",
        **options,
    )
    return pair.stacks()


def render_app(plan: Plan, command: str = "") -> str:
    """A runnable app file (Python) for the chosen design."""
    if plan.chosen is None:
        raise UsageError("no design meets the requirements: nothing to write")
    c, req = plan.chosen, plan.requirements
    d = c.design
    options = blueprint_options(d)
    paragraphs = [
        "Planned by hastack plan" + (f": {command}" if command else "") + ".",
        f"Design: {d.label}.",
        f"Fleet: {d.instances} instances per region, sized so that losing one AZ still leaves "
        f"{instances_needed(req.peak_rps, d.rps_per_instance)} for {req.peak_rps:g} requests/s "
        f"at {d.rps_per_instance:g} requests/s each (load-test and adjust).",
        f"Estimated cost: ${c.monthly:,.2f}/month (hastack cost); availability estimate "
        f"{percent(c.availability)} (hastack availability); RTO {duration_text(d.rto_seconds)}, "
        f"RPO {duration_text(d.rpo_seconds)} ({d.topology.basis}).",
        "Check it: hastack synth FILE; hastack validate FILE; hastack cost FILE; "
        "hastack resilience FILE",
    ]
    header = ['"""' + textwrap.fill(paragraphs[0], 96, subsequent_indent="    ")]
    for paragraph in paragraphs[1:]:
        header += ["", textwrap.fill(paragraph, 99)]
    header += ['"""', ""]
    if len(d.regions) == 1:
        if req.domain:
            options["dns"] = {"domain_name": req.domain}
        body = [
            "from hastack.blueprints import HAWebApp",
            "from hastack import App",
            "",
            f'app = App("{req.name}")',
            "app.add(",
            "    HAWebApp(",
            f'        "{req.name}-prod",',
            f'        region="{d.regions[0]}",',
            *[f"        {k}={_py(v)}," for k, v in options.items()],
            "    )",
            ")",
        ]
    else:
        body = [
            "from hastack.blueprints import ActivePassiveWebApp",
            "from hastack import App",
            "",
            f'app = App("{req.name}")',
            "pair = ActivePassiveWebApp(",
            f'    "{req.name}",',
            f'    primary_region="{d.regions[0]}",',
            f'    secondary_region="{d.regions[1]}",',
            f'    domain_name="{req.domain or f"{req.name}.example.com"}",',
            *[f"    {k}={_py(v)}," for k, v in options.items()],
            ")",
            "app.extend(pair.stacks())",
        ]
    return "\n".join(header + body) + "\n"


def _py(value: Any) -> str:
    """Python source for option values, double-quoted like the rest of the file."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_py(k)}: {_py(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_py(v) for v in value) + "]"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return repr(value)


def write_app(plan: Plan, path: str | Path, command: str = "") -> Path:
    out = Path(path)
    if out.suffix != ".py":
        raise UsageError(f"-o {path}: an app file name ending in .py")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_app(plan, command))
    return out


def shown_candidates(plan: Plan, show_all: bool = False) -> list[Candidate]:
    """Every candidate, or the cheapest instance type of each shape (plus the chosen one)."""
    if show_all:
        return plan.candidates
    seen: set[tuple[Any, ...]] = set()
    shown = []
    for c in plan.candidates:  # sorted by cost: the first of a shape is its cheapest
        d = c.design
        key = (d.regions, d.azs, d.database)
        if key not in seen or c is plan.chosen:
            seen.add(key)
            shown.append(c)
    return shown


def render_text(plan: Plan, show_all: bool = False) -> str:
    req = plan.requirements
    lines = [
        "Requirements: availability "
        f"{percent(req.availability, 3)}, peak {req.peak_rps:g} rps, RTO "
        f"{duration_text(req.rto_seconds)}, RPO {duration_text(req.rpo_seconds)}"
        + (f", budget ${req.budget:,.2f}/month" if req.budget is not None else "")
        + f", region {req.region}",
        f"Traffic priced: average {req.mean_rps:g} rps, request {req.request_bytes / 1000:g} KB, "
        f"response {req.response_bytes / 1000:g} KB, write share {req.write_share:g} "
        "(load balancer capacity units, NAT and cross-AZ bytes, internet egress, Aurora I/O)",
        "",
    ]
    if not plan.candidates:
        lines.extend(plan.explanation)
        lines.extend(f"Note: {note}" for note in plan.notes)
        return "\n".join(lines) + "\n"
    rows = [("", "Design", "$/month", "Availability", "RTO", "RPO", "Fails")]
    shown = shown_candidates(plan, show_all)
    for c in shown:
        mark = "*" if plan.chosen is c else ("ok" if c.meets else "")
        rows.append(
            (
                mark,
                c.design.label,
                f"{c.monthly:,.2f}",
                percent(c.availability, 4),
                duration_text(c.design.rto_seconds),
                duration_text(c.design.rpo_seconds),
                "; ".join(c.fails) or "-",
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(6)]
    for row in rows:
        lines.append(
            "  "
            + "  ".join(
                row[i].rjust(widths[i]) if i in (2, 3) else row[i].ljust(widths[i])
                for i in range(6)
            )
            + "  "
            + row[6]
        )
    hidden = len(plan.candidates) - len(shown)
    if hidden:
        lines.append(f"  (+{hidden} candidates with other instance types; --all lists them)")
    lines.append("")
    if plan.chosen:
        c = plan.chosen
        lines.append(
            f"Chosen: {c.design.label} at ${c.monthly:,.2f}/month, availability "
            f"{percent(c.availability)} (estimate), RTO {duration_text(c.design.rto_seconds)}, "
            f"RPO {duration_text(c.design.rpo_seconds)}"
        )
        lines.append(f"  database: {c.design.topology.basis}")
        lines.extend(f"  why: {w}" for w in plan.why)
        if len(c.design.regions) > 1:
            lines.append(
                "  multi-region availability assumes independent regional failures and models "
                f"failover as {duration_text(c.design.topology.region_rto_seconds or 0)} per "
                "primary outage"
            )
    else:
        lines.extend(plan.explanation)
    if plan.candidates:
        lines.append("Pareto front (no other candidate is both cheaper and more available):")
        for c in plan.pareto:
            lines.append(f"  ${c.monthly:>10,.2f}  {percent(c.availability)}  {c.design.label}")
    for note in plan.notes:
        lines.append(f"Note: {note}")
    lines.append(
        "Capacity: fleets sized to carry the peak with one AZ lost, at the capacity table's "
        "requests/s per instance (override with --rps-per-instance)"
    )
    return "\n".join(lines) + "\n"
