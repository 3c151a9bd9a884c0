"""The requirements planner: from availability, load, RTO, RPO and budget to a runnable app.

The design space is what the shipped blueprints can synthesize:

- **one region** (:class:`~hastack.blueprints.HAWebApp`) over 2 or 3 AZs, with RDS Multi-AZ,
  Aurora (writer + a reader in another AZ) or Aurora I/O-Optimized;
- **two regions, active/passive** (:class:`~hastack.blueprints.ActivePassiveWebApp`: Aurora
  Global Database, Route 53 failover records and the failover runbook) as a *hot standby* (the
  standby runs the primary's fleet) or a *warm standby* (the standby runs one instance per AZ
  and scales out after a failover);
- for ``environment="non-production"`` only: a Single-AZ database (RDS Single-AZ, or Aurora with
  no reader), one NAT gateway and a fleet sized for the peak with no spare AZ;
- in each, every instance type of the capacity table and, per database class family the engine
  supports (burstable t4g, general-purpose m6g for RDS, memory-optimized r6g; Aurora Global
  takes memory-optimized classes only), the smallest class that carries the peak's writes.

Not offered, because no blueprint builds them: *pilot light* (a standby with no app instances:
the fleet's MinSize is at least 1 and an Aurora Global secondary always has an instance, so the
warm standby is the leanest standby hastack builds) and *active/active* (both regions taking
writes needs a multi-writer store such as a DynamoDB global table or Aurora write forwarding,
and latency or weighted routing; the blueprints build neither).

Each fleet is sized for static stability: after losing its fullest AZ it still carries the peak
(:func:`~hastack.analysis.capacity.min_size_for`). Each candidate's stacks are synthesized by the
blueprints, priced by the cost estimator (``hastack.cost.api.estimate``) with the stated traffic,
and scored by the availability model (:mod:`hastack.analysis.failures`, with the peak, so a
warm standby's missing capacity counts) and its RTO/RPO estimate
(:mod:`hastack.analysis.recovery`): the RTO and RPO of a design are the model's for an instance
or writer failure, an AZ impairment and, for two regions, a region impairment (the failover
runbook's detection + promotion, read from the synthesized templates). To keep this fast the
stacks are synthesized once per *shape* (everything but the instance type; per instance type
too for a warm standby, whose capacity decides its score) with the first instance type's real
fleet, and each other type's fleet is priced alone by the estimator and swapped in: availability
does not depend on the type once the fleet carries the peak. The Pareto front and the chosen
design are then synthesized in full and estimated again; those verified figures are what the
report and the app file state.
"""

from __future__ import annotations

import math
import re
import textwrap
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from hastack.analysis.availability import estimate_availability
from hastack.analysis.capacity import CAPACITY, instances_needed, min_size_for
from hastack.analysis.failures import FailureInputs
from hastack.analysis.resilience import check_resilience
from hastack.analysis.sources import load_sources
from hastack.analysis.topology import build_model
from hastack.analysis.units import MINUTES_PER_YEAR, duration_text, parse_percent, percent
from hastack.blueprints import ActivePassiveWebApp, HAWebApp
from hastack.core.regions import DEFAULT_REGION, region_problem
from hastack.core.stack import Stack
from hastack.cost.api import estimate
from hastack.cost.catalog import load_catalog
from hastack.cost.model import Estimate
from hastack.cost.traffic import Traffic
from hastack.errors import UsageError
from hastack.template.types import (
    APIGATEWAY_REST_API,
    APIGATEWAYV2_API,
    AUTOSCALING_AUTO_SCALING_GROUP,
    CLOUDFRONT_DISTRIBUTION,
    EC2_LAUNCH_TEMPLATE,
    EC2_NAT_GATEWAY,
    ELB_LOAD_BALANCER,
    ELBV2_LOAD_BALANCER,
    LAMBDA_FUNCTION,
    LOGS_LOG_GROUP,
    RDS_DB_CLUSTER,
)

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
ENVIRONMENTS = ("production", "non-production")
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
NOT_OFFERED = (
    "pilot light (no app instances in the standby region) is not offered: the fleet's MinSize "
    "is at least 1 and an Aurora Global secondary always runs an instance; the warm standby is "
    "the leanest standby the blueprints build",
    "active/active is not offered: both regions taking writes needs a multi-writer store "
    "(DynamoDB global table, Aurora write forwarding) and latency or weighted routing, which "
    "no blueprint builds",
)


@dataclass(frozen=True)
class DbTopology:
    key: str
    label: str
    options: dict[str, Any]
    families: tuple[str, ...]
    """Database class families the engine takes, cheapest first."""
    regions: int = 1
    production: bool = True
    """False: offered for non-production only (no copy outside one AZ)."""
    basis: str = ""


DB_TOPOLOGIES: dict[str, DbTopology] = {
    t.key: t
    for t in (
        DbTopology(
            "rds-single",
            "RDS MySQL Single-AZ",
            {"engine": "mysql", "multi_az": False, "readers": 0},
            ("t4g", "m6g", "r6g"),
            production=False,
            basis="no standby: a writer or AZ failure waits for a restore from backup",
        ),
        DbTopology(
            "aurora-writer",
            "Aurora MySQL, writer only",
            {"engine": "aurora-mysql", "readers": 0},
            ("t4g", "r6g"),
            production=False,
            basis="no reader: Aurora recreates the writer (storage keeps six copies in 3 AZs)",
        ),
        DbTopology(
            "rds-multi-az",
            "RDS MySQL Multi-AZ",
            {"engine": "mysql", "multi_az": True, "readers": 0},
            ("t4g", "m6g", "r6g"),
            basis="synchronous standby in another AZ: RDS fails over to it",
        ),
        DbTopology(
            "aurora",
            "Aurora MySQL, writer + 1 reader",
            {"engine": "aurora-mysql", "readers": 1},
            ("t4g", "r6g"),
            basis="a reader in another AZ is promoted",
        ),
        DbTopology(
            "aurora-iopt",
            "Aurora MySQL I/O-Optimized, writer + 1 reader",
            {"engine": "aurora-mysql", "readers": 1, "storage_type": "aurora-iopt1"},
            ("t4g", "r6g"),
            basis="a reader in another AZ is promoted; no per-I/O charge",
        ),
        DbTopology(
            "aurora-global",
            "Aurora Global, writer + 1 reader per region",
            {"engine": "aurora-mysql", "readers": 1},
            ("r6g",),
            regions=2,
            basis="managed cross-region failover by the runbook; a reader per region",
        ),
    )
}
"""Aurora Global takes memory-optimized classes only
(https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database.configuration.requirements.html)."""


@dataclass(frozen=True)
class DbClass:
    name: str
    family: str
    vcpus: int
    baseline: float = 1.0
    """Share of the vCPUs a burstable class sustains without spending CPU credits."""

    @property
    def writes_per_second(self) -> float:
        return self.vcpus * self.baseline * DB_WRITES_PER_VCPU


DB_WRITES_PER_VCPU = 500
"""Writes/s one database vCPU sustains: a transactional write (a few row and index pages and a
commit) at about 2 ms of database CPU. Reads are assumed served by caches or readers, so the
writer is sized on the peak's writes (``peak × write share``). An assumption, not a
measurement: load-test and choose the class by the writer's CPU."""
DB_CLASSES = (
    DbClass("db.t4g.medium", "t4g", 2, 0.2),
    DbClass("db.t4g.large", "t4g", 2, 0.3),
    DbClass("db.m6g.large", "m6g", 2),
    DbClass("db.m6g.xlarge", "m6g", 4),
    DbClass("db.m6g.2xlarge", "m6g", 8),
    DbClass("db.r6g.large", "r6g", 2),
    DbClass("db.r6g.xlarge", "r6g", 4),
    DbClass("db.r6g.2xlarge", "r6g", 8),
)
"""Classes the price catalog holds, smallest first per family (t4g at its baseline: 20% of a
vCPU for medium, 30% for large)."""


def db_classes_for(topology: DbTopology, peak_writes: float) -> list[DbClass]:
    """The smallest class of each family ``topology`` takes that carries ``peak_writes``."""
    found = []
    for family in topology.families:
        fitting = [
            c for c in DB_CLASSES if c.family == family and c.writes_per_second >= peak_writes
        ]
        if fitting:
            found.append(fitting[0])
    return found


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
    """Share of requests that write to the database (Aurora I/O, billed per million; the
    database class is sized on the peak's writes)."""
    environment: str = "production"
    """``non-production`` also offers a Single-AZ database, one NAT gateway and a fleet with no
    spare AZ."""

    def check(self) -> None:
        problems = []
        if self.environment not in ENVIRONMENTS:
            problems.append(f"--environment {self.environment!r}: one of {', '.join(ENVIRONMENTS)}")
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
        for option, region in (
            ("--region", self.region),
            ("--secondary-region", self.secondary_region),
        ):
            problem = None if region is None else region_problem(region)
            if problem is not None:
                problems.append(f"{option} {problem}")
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
    """Minimum fleet size per region (the primary's, for a warm standby)."""
    database: str
    rps_per_instance: float
    db_class: str = "db.r6g.large"
    standby_instances: int | None = None
    """A warm standby's fleet minimum; None: the standby runs the primary's fleet (hot)."""
    non_production: bool = False
    """One NAT gateway and a fleet with no spare AZ (non-production designs)."""

    @property
    def topology(self) -> DbTopology:
        return DB_TOPOLOGIES[self.database]

    @property
    def kind(self) -> str:
        if len(self.regions) == 1:
            return "one region" + (", non-production" if self.non_production else "")
        return "warm standby" if self.standby_instances is not None else "hot standby"

    @property
    def label(self) -> str:
        if len(self.regions) == 1:
            where = self.regions[0]
            fleet = f"{self.instances} x {self.instance_type}"
        else:
            where = " + ".join(self.regions)
            standby = self.instances if self.standby_instances is None else self.standby_instances
            fleet = f"{self.instances} + {standby} x {self.instance_type}"
        extra = ", 1 NAT" if self.non_production else ""
        return (
            f"{where} ({self.kind}), {self.azs} AZs{extra}, {fleet}, {self.topology.label} "
            f"({self.db_class})"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "regions": list(self.regions),
            "kind": self.kind,
            "azs": self.azs,
            "instance_type": self.instance_type,
            "instances_per_region": self.instances,
            "standby_instances": (
                self.standby_instances
                if self.standby_instances is not None or len(self.regions) == 1
                else self.instances
            ),
            "rps_per_instance": self.rps_per_instance,
            "database": self.database,
            "database_label": self.topology.label,
            "database_class": self.db_class,
            "non_production": self.non_production,
        }


@dataclass(frozen=True)
class Rating:
    """What synthesizing, pricing and scoring a design gave."""

    monthly: Decimal
    fleet: Decimal
    """Of which the fleet (Auto Scaling groups)."""
    availability: float
    rto_seconds: float | None
    """The model's slowest recovery over the disruptions counted; None: unbounded."""
    rpo_seconds: float | None
    rto_why: str
    rpo_why: str
    seconds: float
    """Wall time of the synth, estimate and model run."""


@dataclass
class Candidate:
    design: Design
    monthly: Decimal
    availability: float
    rto_seconds: float | None = None
    rpo_seconds: float | None = None
    rto_why: str = ""
    rpo_why: str = ""
    fails: list[str] = field(default_factory=list)
    verified: bool = False

    @property
    def meets(self) -> bool:
        return not self.fails

    @property
    def rto(self) -> float:
        return math.inf if self.rto_seconds is None else self.rto_seconds

    @property
    def rpo(self) -> float:
        return math.inf if self.rpo_seconds is None else self.rpo_seconds

    def to_dict(self) -> dict[str, Any]:
        return {
            "design": self.design.to_dict(),
            "label": self.design.label,
            "monthly_cost": float(round(self.monthly, 2)),
            "availability": self.availability,
            "availability_percent": percent(self.availability),
            "rto_seconds": self.rto_seconds,
            "rpo_seconds": self.rpo_seconds,
            "rto_why": self.rto_why,
            "rpo_why": self.rpo_why,
            "meets": self.meets,
            "fails": self.fails,
            "verified": self.verified,
        }


def bound_text(seconds: float | None) -> str:
    """A duration, or "unbounded" (recovery or data loss with no limit in the template)."""
    return "unbounded" if seconds is None or math.isinf(seconds) else duration_text(seconds)


@dataclass
class Plan:
    requirements: Requirements
    candidates: list[Candidate]
    chosen: Candidate | None
    explanation: list[str]
    notes: list[str] = field(default_factory=list)
    why: list[str] = field(default_factory=list)
    """Why the chosen design: what the cheaper candidates miss."""
    timing: dict[str, float] = field(default_factory=dict)
    """The planner's own cost: design-space size, syntheses, seconds per candidate."""

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
                "environment": r.environment,
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
            "not_offered": list(NOT_OFFERED),
            "timing": self.timing,
        }


def make_plan(requirements: Requirements) -> Plan:
    """Enumerate, price and rate every candidate; choose the cheapest that meets everything."""
    requirements.check()
    too_big = explain_too_big(requirements)
    if too_big:
        return Plan(requirements, [], None, too_big)
    started = time.perf_counter()
    planner = _Planner(requirements)
    candidates = planner.candidates()
    enumerated = time.perf_counter() - started
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
    plan = Plan(requirements, candidates, chosen, explanation, planner.notes)
    for c in plan.pareto:  # every design on the front is synthesized and priced in full
        if not c.verified:
            planner.verify(c)
    candidates.sort(key=lambda c: (c.monthly, -c.availability))
    if chosen is None:
        plan.explanation = explain_impossible(requirements, candidates)
    plan.why = explain_choice(chosen, candidates, plan.pareto) if chosen else []
    total = time.perf_counter() - started
    plan.timing = {
        "candidates": len(candidates),
        "shapes_rated": planner.ratings,
        "full_syntheses": planner.ratings + planner.verified,
        "seconds": round(total, 3),
        "enumeration_seconds": round(enumerated, 3),
        "ms_per_candidate": round(1000 * enumerated / len(candidates), 2) if candidates else 0.0,
        "ms_per_synthesis": (
            round(1000 * planner.rating_seconds / (planner.ratings + planner.verified), 2)
            if planner.ratings
            else 0.0
        ),
    }
    return plan


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


def explain_choice(
    chosen: Candidate, candidates: list[Candidate], front: list[Candidate]
) -> list[str]:
    """The chosen design is the cheapest that meets everything: say what the cheaper miss and
    what the next more available design on the Pareto front would cost."""
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
    better = [c for c in front if c.availability > chosen.availability]
    if better:
        nxt = better[0]
        gained = (nxt.availability - chosen.availability) * MINUTES_PER_YEAR
        lines.append(
            f"the next design on the Pareto front ({nxt.design.label}) would save "
            f"{gained:.1f} min/year of expected downtime for "
            f"${nxt.monthly - chosen.monthly:,.2f}/month more"
        )
    else:
        lines.append("no candidate is more available: the chosen design ends the Pareto front")
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
    fastest = min(candidates, key=lambda c: c.rto)
    if fastest.rto > req.rto_seconds:
        lines.append(
            f"  RTO {duration_text(req.rto_seconds)} is below the fastest recovery on offer: "
            f"{bound_text(fastest.rto_seconds)} ({fastest.design.label}: {fastest.rto_why})"
        )
    tightest = min(candidates, key=lambda c: c.rpo)
    if tightest.rpo > req.rpo_seconds:
        lines.append(
            f"  RPO {duration_text(req.rpo_seconds)} is below the smallest data loss on offer: "
            f"{bound_text(tightest.rpo_seconds)} ({tightest.rpo_why})"
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
        self.ratings = 0
        """Designs synthesized, priced and scored during the enumeration."""
        self.verified = 0
        self.rating_seconds = 0.0

    def rps(self, instance_type: str) -> float:
        entry = CAPACITY[instance_type]
        if self.req.rps_per_instance is not None:
            return self.req.rps_per_instance * entry.vcpus / 2
        return float(entry.rps)

    def shapes(self, standby: str | None) -> list[tuple[tuple[str, ...], int, str, str, bool]]:
        """(regions, AZs, database, class, warm standby) of every design the blueprints build."""
        req = self.req
        nonprod = req.environment == "non-production"
        peak_writes = req.peak_rps * req.write_share
        shapes: list[tuple[tuple[str, ...], int, str, str, bool]] = []
        for azs in AZ_CHOICES:
            for key, topo in DB_TOPOLOGIES.items():
                if not topo.production and not nonprod:
                    continue
                classes = db_classes_for(topo, peak_writes)
                if not classes:
                    note = (
                        f"{topo.label}: no class of {', '.join(topo.families)} carries "
                        f"{peak_writes:,.0f} writes/s (the peak's writes at "
                        f"{DB_WRITES_PER_VCPU} per vCPU); not considered"
                    )
                    if note not in self.notes:
                        self.notes.append(note)
                for db_class in classes:
                    if topo.regions == 1:
                        shapes.append(((req.region,), azs, key, db_class.name, False))
                    elif standby:
                        for warm in (False, True):
                            shapes.append(((req.region, standby), azs, key, db_class.name, warm))
        if not nonprod:
            self.notes.append(
                "Single-AZ databases, one NAT gateway and fleets with no spare AZ are offered "
                "for --environment non-production only"
            )
        return shapes

    def candidates(self) -> list[Candidate]:
        req = self.req
        types = req.instance_types or DEFAULT_INSTANCE_TYPES
        standby = self.standby()
        if not req.standby_region:
            self.notes.append(
                f"no default standby region for {req.region}: pass --secondary-region to "
                "consider multi-region designs"
            )
        candidates = []
        for regions, azs, db, db_class, warm in self.shapes(standby):
            non_production = not DB_TOPOLOGIES[db].production
            shape: Rating | None = None
            for instance_type in types:
                rps = self.rps(instance_type)
                needed = instances_needed(req.peak_rps, rps)
                if non_production:
                    size = needed
                else:
                    size = max(azs, min_size_for(needed, azs))
                if warm and size <= azs:
                    continue  # one instance per AZ already: the warm standby is the hot one
                design = Design(
                    regions,
                    azs,
                    instance_type,
                    size,
                    db,
                    rps,
                    db_class=db_class,
                    standby_instances=azs if warm else None,
                    non_production=non_production,
                )
                fleet = sum(self.fleet_cost(r, instance_type, size) for r in regions)
                if not fleet:
                    note = f"{instance_type}: no price in the catalog; not considered"
                    if note not in self.notes:
                        self.notes.append(note)
                    continue
                if warm or non_production:
                    # capacity decides the score: each instance type is synthesized and rated
                    rating = self.rate(design)
                    monthly = rating.monthly
                else:
                    # the fleet carries the peak after an AZ loss whatever the type: the
                    # shape's score holds; only the fleet's price changes
                    shape = shape or self.rate(design)
                    rating = shape
                    monthly = shape.monthly - shape.fleet + fleet
                candidates.append(self.judge(_candidate(design, monthly, rating)))
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
        req = self.req
        c.fails = []
        if c.availability < req.availability:
            c.fails.append(
                f"availability {percent(c.availability, 3)} < {percent(req.availability, 3)}"
            )
        if c.rto > req.rto_seconds:
            c.fails.append(f"RTO {bound_text(c.rto_seconds)} > {duration_text(req.rto_seconds)}")
        if c.rpo > req.rpo_seconds:
            c.fails.append(f"RPO {bound_text(c.rpo_seconds)} > {duration_text(req.rpo_seconds)}")
        if req.budget is not None and c.monthly > req.budget:
            c.fails.append(f"cost ${c.monthly:,.2f} > budget ${req.budget:,.2f}")
        return c

    def rate(self, design: Design) -> Rating:
        """Synthesize the design's stacks, price them with the stated traffic and score them
        with the availability model and its RTO/RPO estimate (the peak given, so a standby
        that cannot carry it counts)."""
        started = time.perf_counter()
        stacks = build_stacks(design, self.req)
        cost = estimate(
            stacks, traffic=self.req.traffic(design.azs), usage=traffic_usage(stacks, self.req)
        )
        fleet = _asg_monthly(cost)
        model = build_model(load_sources(stacks))
        inputs = FailureInputs(peak_rps=self.req.peak_rps, rps_per_instance=design.rps_per_instance)
        availability = estimate_availability(model, inputs=inputs).availability or 0.0
        recovery = check_resilience(
            model,
            peak_rps=self.req.peak_rps,
            rps_per_instance=design.rps_per_instance,
            inputs=inputs,
        ).recovery
        counted = ["infrastructure", "az"] + (["region"] if len(design.regions) > 1 else [])
        found = [d for d in (recovery.disruptions if recovery else []) if d.kind in counted]
        rto = max(found, key=lambda d: math.inf if d.rto is None else d.rto, default=None)
        rpo = max(found, key=lambda d: math.inf if d.rpo is None else d.rpo, default=None)
        elapsed = time.perf_counter() - started
        self.ratings += 1
        self.rating_seconds += elapsed
        return Rating(
            cost.total_monthly,
            fleet,
            availability,
            rto.rto if rto else 0.0,
            rpo.rpo if rpo else 0.0,
            f"{rto.kind}: {rto.rto_why}" if rto else "",
            f"{rpo.kind}: {rpo.rpo_why}" if rpo else "",
            elapsed,
        )

    def fleet_cost(self, region: str, instance_type: str, size: int) -> Decimal:
        """The estimator's price of the fleet alone (launch template + Auto Scaling group)."""
        key = (region, instance_type, size)
        if key not in self._fleet_cost:
            body = {
                "Resources": {
                    "LaunchTemplate": {
                        "Type": EC2_LAUNCH_TEMPLATE,
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
                        "Type": AUTOSCALING_AUTO_SCALING_GROUP,
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
            self._fleet_cost[key] = _asg_monthly(result)
        return self._fleet_cost[key]

    def verify(self, candidate: Candidate) -> Candidate:
        """Synthesize the design in full, estimate and rate it again."""
        rating = self.rate(candidate.design)
        self.ratings -= 1  # counted as a verification, not a shape
        self.verified += 1
        if abs(rating.monthly - candidate.monthly) > Decimal("0.05"):
            self.notes.append(
                f"{candidate.design.label}: full estimate ${rating.monthly:,.2f} differs from "
                f"the enumeration's ${candidate.monthly:,.2f}; the full figure is used"
            )
        verified = self.judge(_candidate(candidate.design, rating.monthly, rating))
        verified.verified = True
        candidate.__dict__.update(verified.__dict__)
        return candidate


def _asg_monthly(cost: Estimate) -> Decimal:
    """The monthly price of the Auto Scaling groups in a cost estimate (the fleet)."""
    return sum(
        (r.monthly for r in cost.resources if r.type == AUTOSCALING_AUTO_SCALING_GROUP),
        Decimal(0),
    )


def _candidate(design: Design, monthly: Decimal, rating: Rating) -> Candidate:
    return Candidate(
        design,
        monthly,
        rating.availability,
        rating.rto_seconds,
        rating.rpo_seconds,
        rating.rto_why,
        rating.rpo_why,
    )


AURORA_IOS_PER_WRITE = 4
"""Billed Aurora I/Os per writing request: a few 4 KB pages (row, index, log) and reads served
from the buffer cache (assumption; measure with the VolumeWriteIOPs metric)."""
SECONDS_PER_MONTH = 730 * 3600


REQUEST_ENTRY_TYPES = frozenset(
    {
        ELBV2_LOAD_BALANCER,
        ELB_LOAD_BALANCER,
        APIGATEWAY_REST_API,
        APIGATEWAYV2_API,
        CLOUDFRONT_DISTRIBUTION,
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
            if not served and kind == LAMBDA_FUNCTION:
                usage[key] = {"requests_millions": SCHEDULED_RUNS_PER_MONTH / 1e6}
            elif not served and kind == LOGS_LOG_GROUP:
                usage[key] = {"ingested_gb": 0.0}
            elif kind == RDS_DB_CLUSTER and index == 0 and "aurora" in str(props.get("Engine")):
                usage[key] = {"io_requests_millions": writes * AURORA_IOS_PER_WRITE / 1e6}
            elif index > 0 and kind == ELBV2_LOAD_BALANCER:
                usage[key] = {"lcu": 0.0, "nlcu": 0.0}
            elif index > 0 and kind == EC2_NAT_GATEWAY:
                usage[key] = {"gb_processed": 0.0}
    return usage


def blueprint_options(design: Design) -> dict[str, Any]:
    """The HAWebApp options of a design (both regions of a multi-region design)."""
    size = design.instances
    options: dict[str, Any] = {
        "app_name": "app",
        "network": {"az_count": design.azs},
        "fleet": {
            "instance_type": design.instance_type,
            "min_size": size,
            "max_size": max(size * 3, size + 1),
        },
        "database": dict(design.topology.options, instance_class=design.db_class),
        # set a certificate_arn for HTTPS; plain HTTP must be chosen, and alarms need a reader
        "load_balancer": {"plain_http": True},
        "monitoring": {"alarm_email": "oncall@example.com"},
    }
    if design.non_production:
        options["network"]["nat"] = "single"
    return options


def standby_overrides(design: Design) -> dict[str, Any] | None:
    """A warm standby's ``secondary=`` overrides: one instance per AZ, scaling to the peak."""
    if design.standby_instances is None:
        return None
    return {
        "fleet": {
            "min_size": design.standby_instances,
            "max_size": max(design.instances * 3, design.standby_instances + 1),
        }
    }


def build_stacks(design: Design, req: Requirements) -> list[Stack]:
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
        secondary=standby_overrides(design),
        **options,
    )
    # mypy, run on the source tree, cannot follow ``hastack.blueprints`` (setup.py maps it
    # from blueprints/), so the blueprint reads as Any here; ``stacks()`` is typed there.
    stacks: list[Stack] = pair.stacks()
    return stacks


def _fleet_text(d: Design, req: Requirements) -> str:
    needed = instances_needed(req.peak_rps, d.rps_per_instance)
    each = f"{req.peak_rps:g} requests/s at {d.rps_per_instance:g} requests/s each"
    if d.non_production:
        text = f"Fleet: {d.instances} instances carry {each}, with no spare AZ (non-production)"
    else:
        text = (
            f"Fleet: {d.instances} instances, sized so that losing one AZ still leaves {needed} "
            f"for {each}"
        )
    if d.standby_instances is not None:
        text += f"; the warm standby runs {d.standby_instances} and scales out after a failover"
    elif len(d.regions) > 1:
        text += "; the standby region runs the same fleet"
    return text + " (load-test and adjust)."


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
        _fleet_text(d, req),
        f"Estimated cost: ${c.monthly:,.2f}/month (hastack cost); availability estimate "
        f"{percent(c.availability)} (hastack availability); RTO {bound_text(c.rto_seconds)}, "
        f"RPO {bound_text(c.rpo_seconds)} (hastack resilience; {d.topology.basis}).",
        "Check it: hastack synth FILE; hastack validate FILE; hastack cost FILE; "
        "hastack resilience FILE"
        + (
            " (it reports the warm standby short of the peak until Auto Scaling adds "
            "instances: by design)"
            if d.standby_instances is not None
            else ""
        ),
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
            *(
                [f"    secondary={_py(standby_overrides(d))},"]
                if d.standby_instances is not None
                else []
            ),
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
        key = (d.regions, d.azs, d.database, d.db_class, d.standby_instances is None)
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
        + f", region {req.region}, {req.environment}",
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
                bound_text(c.rto_seconds),
                bound_text(c.rpo_seconds),
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
            f"{percent(c.availability)} (estimate), RTO {bound_text(c.rto_seconds)}, "
            f"RPO {bound_text(c.rpo_seconds)}"
        )
        lines.append(f"  database: {c.design.topology.basis}")
        lines.append(f"  RTO from the model: {c.rto_why}")
        lines.append(f"  RPO from the model: {c.rpo_why}")
        lines.extend(f"  why: {w}" for w in plan.why)
    else:
        lines.extend(plan.explanation)
    lines.append("Pareto front (no other candidate is both cheaper and more available; verified):")
    for c in plan.pareto:
        mark = "*" if c is plan.chosen else ("ok" if c.meets else "  ")
        lines.append(
            f"  {mark} ${c.monthly:>10,.2f}  {percent(c.availability)}  "
            f"RTO {bound_text(c.rto_seconds):>9}  {c.design.label}"
        )
    for note in plan.notes:
        lines.append(f"Note: {note}")
    lines.extend(f"Not offered: {line}" for line in NOT_OFFERED)
    t = plan.timing
    if t:
        lines.append(
            f"Planner: {t['candidates']} candidates from {t['shapes_rated']} synthesized shapes "
            f"(+{t['full_syntheses'] - t['shapes_rated']} verified in full) in "
            f"{t['seconds']:.2f} s: {t['ms_per_candidate']:.1f} ms per candidate, "
            f"{t['ms_per_synthesis']:.1f} ms per synth + estimate + model run"
        )
    lines.append(
        "Capacity: fleets sized to carry the peak with one AZ lost, at the capacity table's "
        "requests/s per instance (override with --rps-per-instance); database classes sized on "
        f"the peak's writes at {DB_WRITES_PER_VCPU} writes/s per vCPU"
    )
    return "\n".join(lines) + "\n"
