"""Availability: expected downtime per failure mode, with the published SLAs beside it.

The estimate is :mod:`hastack.analysis.failures`: per failure mode, events a year × (detection +
recovery) × blast radius, read from the template's settings. The SLA composition below is the
contractual reference shown next to it, never the estimate.

SLA composition: per region the serving path is load balancer → compute → database; every part
of it must be up, so the region's figure is the product of its parts (series). Route 53 answers
for every region and sits in front (series, 100%). Regions joined by Route 53 failover records
are redundant: the service is down only when all of them are, ``1 - Π(1 - A_i)`` (parallel).

That parallel figure assumes failover is instant and regions fail independently. Neither holds,
so multi-region figures are labelled estimates; with a known RTO, failover time is modelled::

    f     = min(1, RTO / T)          share of a primary outage spent failing over
    U_eff = U_p × (f + (1 - f) × U_s)  U_p, U_s: unavailability of primary and secondary chain
    A_eff = 1 - U_eff

where T is the mean length of a primary-region outage (default 60 minutes): every outage costs
the RTO (or the whole outage when it is shorter), and after that the secondary carries the load
unless it is down too. With RTO = 0 this is the plain parallel figure.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from hastack.analysis.failures import (
    DowntimeModel,
    FailureInputs,
    load_failure_table,
    model_downtime,
)
from hastack.analysis.settings import Settings, read_settings
from hastack.analysis.sla import SlaTable, load_sla_table
from hastack.analysis.sources import load_sources
from hastack.analysis.topology import (
    Cache,
    Database,
    Fleet,
    LoadBalancer,
    Model,
    RegionModel,
    build_model,
    quorum_clusters,
)
from hastack.analysis.units import downtime, downtime_text, duration_text, parse_duration, percent
from hastack.analysis.values import Resolver
from hastack.errors import UsageError

DEFAULT_OUTAGE_MINUTES = 60.0
TIERS = ("load balancer", "compute", "database")
ESTIMATE_LABEL = (
    "SLA reference: regions combined in parallel assume independent failures "
    "(correlated failures, e.g. a bad deploy or a global service event, are ignored)"
)
NO_RTO_LABEL = "SLA reference: failover time is ignored; pass --rto to model it there"


@dataclass
class PartFigure:
    """One component with the SLA that applies to it and why."""

    tier: str
    name: str
    stack: str
    sla: str
    availability: float
    multi_az: bool
    azs: list[str]
    why: str
    assumptions: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "tier": self.tier,
            "name": self.name,
            "stack": self.stack,
            "sla": self.sla,
            "availability": self.availability,
            "multi_az": self.multi_az,
            "azs": self.azs,
            "why": self.why,
            "assumptions": self.assumptions,
        }


@dataclass
class RegionFigure:
    region: str | None
    parts: list[PartFigure]
    availability: float
    role: str | None = None  # primary | secondary | None

    @property
    def math(self) -> str:
        factors = " × ".join(f"{p.availability:g}" for p in self.parts) or "1"
        return f"{factors} = {self.availability:.8f}"

    @property
    def tier_math(self) -> str:
        """The same product grouped by tier: ``load balancer 0.9999 × compute (0.9999 × ...)``."""
        tiers: dict[str, list[float]] = {}
        for part in self.parts:
            tiers.setdefault(part.tier, []).append(part.availability)
        terms = []
        for tier, values in tiers.items():
            if len(values) == 1:
                terms.append(f"{tier} {values[0]:g}")
            else:
                product = 1.0
                for v in values:
                    product *= v
                inner = " × ".join(f"{v:g}" for v in values)
                terms.append(f"{tier} ({inner} = {product:.8f})")
        return " × ".join(terms) + f" = {self.availability:.8f}"

    def to_dict(self) -> dict[str, Any]:
        tiers: dict[str, float] = {}
        for part in self.parts:
            tiers[part.tier] = tiers.get(part.tier, 1.0) * part.availability
        return {
            "region": self.region,
            "role": self.role,
            "availability": self.availability,
            "percent": percent(self.availability),
            "math": self.math,
            "tier_math": self.tier_math,
            "tiers": tiers,
            "parts": [p.to_dict() for p in self.parts],
        }


@dataclass
class Failover:
    rto_seconds: float
    outage_minutes: float
    share: float
    primary_unavailability: float
    secondary_unavailability: float
    availability: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "rto_seconds": self.rto_seconds,
            "outage_minutes": self.outage_minutes,
            "failover_share": self.share,
            "primary_unavailability": self.primary_unavailability,
            "secondary_unavailability": self.secondary_unavailability,
            "formula": "U_eff = U_p * (f + (1 - f) * U_s), f = min(1, RTO / T)",
            "availability": self.availability,
        }


@dataclass
class AvailabilityReport:
    stacks: list[str]
    regions: list[RegionFigure]
    dns: PartFigure | None
    composition: str  # none | single | series | parallel
    availability: float | None
    parallel_availability: float | None = None
    failover: Failover | None = None
    labels: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unmodelled: list[str] = field(default_factory=list)
    sla_reviewed: str = ""
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    sla_availability: float | None = None
    """The published SLAs composed: the contractual reference, not the estimate."""
    downtime_model: DowntimeModel | None = None
    edge: PartFigure | None = None
    """CloudFront in front of every region (series, like DNS)."""

    @property
    def front(self) -> str:
        """The global parts' factors as the math shows them (``0.999 × 1 × ``)."""
        parts = [p for p in (self.edge, self.dns) if p is not None]
        return "".join(f"{p.availability:g} × " for p in parts)

    @property
    def weakest(self) -> PartFigure | None:
        parts = [p for r in self.regions for p in r.parts]
        if self.edge:
            parts.append(self.edge)
        if self.dns:
            parts.append(self.dns)
        return min(parts, key=lambda p: p.availability) if parts else None

    @property
    def math(self) -> str:
        if self.sla_availability is None:
            return "no modelled tiers"
        dns = self.front
        if self.composition == "parallel":
            terms = " × ".join(f"(1 - {r.availability:.8f})" for r in self.regions)
            text = f"{dns}(1 - {terms})"
            assert self.parallel_availability is not None
            text += f" = {self.parallel_availability:.8f}"
            if self.failover:
                text += f"; with failover time: {self.failover.availability:.8f}"
            return text
        factors = " × ".join(f"{r.availability:.8f}" for r in self.regions)
        return f"{dns}{factors} = {self.sla_availability:.8f}"

    def to_dict(self) -> dict[str, Any]:
        weakest = self.weakest
        model = self.downtime_model.to_dict() if self.downtime_model else None
        return {
            "stacks": self.stacks,
            "availability": self.availability,
            "percent": percent(self.availability) if self.availability is not None else None,
            "downtime_minutes_per_year": model["downtime_minutes_per_year"] if model else None,
            "weakest_mode": model["weakest_mode"] if model else None,
            "modes": model["modes"] if model else [],
            "model_assumptions": model["assumptions"] if model else [],
            "failure_table_reviewed": model["table_reviewed"] if model else None,
            "sla_availability": self.sla_availability,
            "sla_percent": (
                percent(self.sla_availability) if self.sla_availability is not None else None
            ),
            "composition": self.composition,
            "math": self.math,
            "parallel_availability": self.parallel_availability,
            "downtime": downtime(self.availability) if self.availability is not None else None,
            "weakest_link": weakest.to_dict() if weakest else None,
            "dns": self.dns.to_dict() if self.dns else None,
            "edge": self.edge.to_dict() if self.edge else None,
            "regions": [r.to_dict() for r in self.regions],
            "failover": self.failover.to_dict() if self.failover else None,
            "labels": self.labels,
            "notes": self.notes,
            "not_modelled": self.unmodelled,
            "sla_table": {"reviewed": self.sla_reviewed, "slas": self.sources},
        }


def estimate_availability(
    targets: Any,
    *,
    rto: float | str | None = None,
    outage_minutes: float = DEFAULT_OUTAGE_MINUTES,
    region: str | None = None,
    context: Any = None,
    stacks: tuple[str, ...] | list[str] = (),
    table: SlaTable | None = None,
    inputs: FailureInputs | None = None,
) -> AvailabilityReport:
    """Estimate the availability of templates, stacks or an app (see the module docstring).

    ``targets``: TARGET strings, Stacks, an App, Blueprints, template dicts or a built
    :class:`~hastack.analysis.topology.Model`. ``rto``: seconds or a duration text (``5m``);
    ``outage_minutes``: mean primary-region outage length for the failover model.
    """

    if not outage_minutes or outage_minutes <= 0:
        raise UsageError(f"--outage-minutes {outage_minutes!r}: a number of minutes above 0")
    rto_seconds = parse_duration(rto, "--rto") if rto is not None else None
    if isinstance(targets, Model):
        model = targets
    else:
        model = build_model(load_sources(targets, context=context, stacks=stacks, region=region))
    return compose(
        model, rto_seconds=rto_seconds, outage_minutes=outage_minutes, table=table, inputs=inputs
    )


def template_settings(sources: list[Any]) -> Settings:
    """The detection and recovery settings of ``sources`` (health checks, alarms, automation)."""
    timings = load_failure_table()["timings"]
    return read_settings(Resolver(sources), sources, lambda key: float(timings[key]["seconds"]))


def compose(
    model: Model,
    *,
    rto_seconds: float | None = None,
    outage_minutes: float = DEFAULT_OUTAGE_MINUTES,
    table: SlaTable | None = None,
    settings: Settings | None = None,
    inputs: FailureInputs | None = None,
) -> AvailabilityReport:
    """The downtime-model estimate of ``model``, with the SLA composition as its reference."""
    report = compose_slas(
        model, rto_seconds=rto_seconds, outage_minutes=outage_minutes, table=table
    )
    report.sla_availability = report.availability
    if report.sla_availability is None:
        return report
    by_region = {r.region: r for r in model.regions}
    roles = {f.region: f.role for f in report.regions}
    serving = [
        by_region[f.region]
        for f in report.regions
        if f.role != "secondary" and f.region in by_region
    ]
    standby = [by_region[r] for r, role in roles.items() if role == "secondary" and r in by_region]
    if settings is None:
        settings = template_settings(model.sources) if model.sources else Settings()
    dm = model_downtime(model, settings, inputs, serving=serving, standby=standby)
    report.downtime_model = dm
    report.availability = dm.availability
    return report


def compose_slas(
    model: Model,
    *,
    rto_seconds: float | None = None,
    outage_minutes: float = DEFAULT_OUTAGE_MINUTES,
    table: SlaTable | None = None,
) -> AvailabilityReport:
    """The published SLAs composed: tiers in series, failover regions in parallel."""
    table = table or load_sla_table()
    used: dict[str, dict[str, Any]] = {}

    def sla(key: str) -> float:
        used[key] = table[key].to_dict()
        return table[key].availability

    figures = []
    for region in model.regions:
        parts = region_parts(region, sla)
        if parts:
            figures.append(RegionFigure(region.region, parts, _product(parts)))
    dns = None
    if model.has_dns:
        records = len(model.dns)
        dns = PartFigure(
            "dns",
            "Route 53",
            ", ".join(sorted({r.stack for r in model.dns})) or "-",
            "route53",
            sla("route53"),
            True,
            [],
            f"{records} record(s), {model.health_checks} health check(s), "
            f"{model.hosted_zones} hosted zone(s) created",
        )
    edge = None
    cdns = model.serving_cdns
    if cdns:
        chains = [" → ".join(f"{o.id} ({o.region or o.kind})" for o in c.chain()) for c in cdns]
        edge = PartFigure(
            "edge",
            "CloudFront",
            ", ".join(sorted({c.stack for c in cdns})),
            "cloudfront",
            sla("cloudfront"),
            True,
            [],
            f"{len(cdns)} distribution(s), the viewers' entry point (series): " + "; ".join(chains),
        )
    report = AvailabilityReport(
        stacks=model.stacks,
        regions=figures,
        dns=dns,
        edge=edge,
        composition="none",
        availability=None,
        notes=list(model.notes),
        unmodelled=[
            f"{stack}/{lid} ({what}, {r.label}): no SLA in the table, not in the figure"
            for r in model.regions
            for stack, lid, what in r.unmodelled
        ],
        sla_reviewed=table.reviewed,
        sources=used,
    )
    for region in model.regions:
        for fleet in region.fleets:
            report.notes.extend(f"{fleet.stack}/{fleet.name}: {n}" for n in fleet.notes)
        for db in region.databases:
            report.notes.extend(f"{db.stack}/{db.name}: {n}" for n in db.notes)
    if not figures:
        if dns:
            report.notes.append("only DNS found: no load balancer, compute or database to model")
        else:
            report.notes.append("no load balancer, compute or database found: nothing to estimate")
        return report
    dns_factor = (dns.availability if dns else 1.0) * (edge.availability if edge else 1.0)
    if len(figures) == 1:
        report.composition = "single"
        report.availability = dns_factor * figures[0].availability
        if rto_seconds is not None:
            report.notes.append("--rto not used: one region, so there is no region failover")
        return report

    primary, secondaries = failover_regions(model, [f.region for f in figures], report.notes)
    if primary is None:
        report.composition = "series"
        report.availability = dns_factor * _product_regions(figures)
        report.notes.append(
            "several regions but no Route 53 failover between them: every region counts as "
            "needed (series); add PRIMARY/SECONDARY failover records with health checks"
        )
        return report

    report.composition = "parallel"
    by_region = {f.region: f for f in figures}
    chain = [by_region[primary]] + [by_region[s] for s in secondaries]
    with_db = [f for f in chain if any(p.tier == "database" for p in f.parts)]
    if with_db:
        for f in chain:
            if f not in with_db:
                report.notes.append(
                    f"{f.region}: no database in this region; its figure leaves the database "
                    "out, though its app may depend on another region's"
                )
    others = [f for f in figures if f not in chain]
    chain[0].role = "primary"
    for f in chain[1:]:
        f.role = "secondary"
    figures[:] = chain + others
    u_primary = 1 - chain[0].availability
    u_secondary = _product([1 - f.availability for f in chain[1:]])
    parallel = 1 - u_primary * u_secondary
    series_rest = _product_regions(others)
    report.parallel_availability = dns_factor * parallel * series_rest
    report.labels.append(ESTIMATE_LABEL)
    if rto_seconds is None:
        report.availability = report.parallel_availability
        report.labels.append(NO_RTO_LABEL)
    else:
        share = min(1.0, rto_seconds / (outage_minutes * 60))
        u_eff = u_primary * (share + (1 - share) * u_secondary)
        effective = dns_factor * (1 - u_eff) * series_rest
        report.failover = Failover(
            rto_seconds, outage_minutes, share, u_primary, u_secondary, effective
        )
        report.availability = effective
        report.labels.append(
            f"SLA reference: failover time modelled: RTO {duration_text(rto_seconds)} per "
            f"primary outage of {outage_minutes:g} min on average"
        )
    if others:
        report.notes.append(
            "regions outside the failover pair count in series: "
            + ", ".join(f.region or "?" for f in others)
        )
    return report


def region_parts(region: RegionModel, sla: Any) -> list[PartFigure]:
    """The SLA figure of every modelled part of one region, in tier order."""
    parts: list[PartFigure] = []
    for lb in region.load_balancers:
        parts.append(_lb_part(lb, sla))
    asgs = [f for f in region.fleets if f.kind == "asg" and f.quorum is None]
    for fleet in asgs:
        parts.append(_fleet_part(fleet, sla))
    parts.extend(quorum_parts(region, sla))
    instances = [f for f in region.fleets if f.kind == "instance"]
    if instances:
        parts.append(_instances_part(instances, sla))
    for db in region.databases:
        parts.append(_db_part(db, sla))
    for group in region.caches:
        parts.append(_cache_part(group, sla))
    return parts


def _cache_part(cache: Cache, sla: Any) -> PartFigure:
    """ElastiCache: the Multi-AZ SLA needs Multi-AZ with automatic failover and a replica in
    another AZ; anything else (one node, failover off, AZs unknown or shared) is Single-AZ."""
    azs = sorted({str(a) for a in cache.nodes if a is not None})
    apart = any(r is not None and r != cache.primary for r in cache.replicas)
    multi = cache.multi_az and cache.automatic_failover and cache.primary is not None and apart
    key = "elasticache-multi-az" if multi else "elasticache-single"
    nodes = len(cache.nodes)
    why = f"ElastiCache {cache.kind}, {nodes} node(s) in {len(azs)} known AZ(s)"
    if azs:
        why += f" ({', '.join(azs)})"
    assumptions = []
    if multi:
        why += ": Multi-AZ, automatic failover to a replica in another AZ"
    elif nodes < 2:
        why += ": one node, bound to its AZ"
    elif not cache.automatic_failover or not cache.multi_az:
        why += ": Multi-AZ automatic failover off"
    elif any(a is None for a in cache.nodes):
        assumptions.append("AZ of some nodes not set: counted as Single-AZ")
    else:
        why += ": every replica in the primary's AZ"
    return PartFigure("cache", cache.name, cache.stack, key, sla(key), multi, azs, why, assumptions)


def quorum_parts(region: RegionModel, sla: Any) -> list[PartFigure]:
    """One part per quorum cluster: up while a majority of its members is (k of n).

    Each member is one instance in one AZ (``ec2-single``); the cluster is available when at
    least n // 2 + 1 of the n members are, so its figure is the k-of-n sum over independent
    members, far above any one member's.
    """
    parts = []
    for name, members in sorted(quorum_clusters(region).items()):
        n, member = len(members), sla("ec2-single")
        need = n // 2 + 1
        figure = sum(
            math.comb(n, up) * member**up * (1 - member) ** (n - up) for up in range(need, n + 1)
        )
        azs = sorted({str(a) for m in members for a in m.placement.azs})
        why = (
            f"quorum cluster {name}: up while {need} of {n} members are, each one instance in "
            f"one AZ at {member:.3%}; members over {len(azs)} AZ(s)"
        )
        parts.append(
            PartFigure(
                "compute", name, members[0].stack, "ec2-single", figure, len(azs) >= 2, azs, why
            )
        )
    return parts


def _az_count(azs: list[str]) -> str:
    """How many AZs a part is known to use: none known reads as unknown, never as "0 AZ(s)"."""
    return f"{len(azs)} AZ(s)" if azs else "AZs not known"


def _lb_part(lb: LoadBalancer, sla: Any) -> PartFigure:
    azs = [str(a) for a in lb.placement.azs]
    multi = len(azs) >= 2
    key = "elb-multi-az" if multi else "elb-single"
    why = f"{lb.kind} load balancer in {_az_count(azs)}" + (f": {', '.join(azs)}" if azs else "")
    assumptions = list(lb.placement.assumed)
    if not multi and lb.placement.unknown:
        assumptions.append(
            f"placement not known ({'; '.join(lb.placement.unknown)}): counted as one AZ"
        )
    return PartFigure(
        "load balancer", lb.name, lb.stack, key, sla(key), multi, azs, why, assumptions
    )


def _fleet_part(fleet: Fleet, sla: Any) -> PartFigure:
    azs = [str(a) for a in fleet.placement.azs]
    assumptions = list(fleet.placement.assumed)
    running = fleet.min_size
    if running is None:
        running = 1
        assumptions.append("MinSize not known: counted as one instance")
    spread = min(running, len(azs))
    multi = spread >= 2
    key = "ec2-multi-az" if multi else "ec2-single"
    why = f"Auto Scaling group, min {running} over {_az_count(azs)}"
    if azs:
        why += f" ({', '.join(azs)})"
    if not multi:
        if running < 2 and len(azs) >= 2:
            why += ": one instance runs in one AZ at a time"
        elif fleet.placement.unknown:
            assumptions.append(
                f"placement not known ({'; '.join(fleet.placement.unknown)}): counted as one AZ"
            )
    return PartFigure(
        "compute", fleet.name, fleet.stack, key, sla(key), multi, azs, why, assumptions
    )


def _instances_part(instances: list[Fleet], sla: Any) -> PartFigure:
    azs: list[str] = []
    unknown: list[str] = []
    for fleet in instances:
        for az in fleet.placement.azs:
            if str(az) not in azs:
                azs.append(str(az))
        unknown.extend(f"{fleet.name}: {u}" for u in fleet.placement.unknown)
    multi = len(azs) >= 2
    key = "ec2-multi-az" if multi else "ec2-single"
    names = ", ".join(f.name for f in instances)
    why = f"{len(instances)} EC2 instance(s) in {_az_count(azs)}"
    assumptions = []
    if not multi and unknown:
        assumptions.append(f"placement not known ({'; '.join(unknown)}): counted as one AZ")
    if len(instances) > 1:
        assumptions.append("standalone instances counted as one redundant group")
    return PartFigure(
        "compute", names, instances[0].stack, key, sla(key), multi, azs, why, assumptions
    )


def _db_part(db: Database, sla: Any) -> PartFigure:
    assumptions: list[str] = []
    azs = sorted({str(m.az) for m in db.members if m.az is not None and m.role != "replica"})
    if db.kind in ("aurora", "aurora-serverless"):
        instances = [m for m in db.members if m.role in ("writer", "reader")]
        multi = db.kind == "aurora" and len(azs) >= 2
        key = "aurora-multi-az" if multi else "aurora-single"
        why = f"Aurora cluster, {len(instances)} instance(s) in {len(azs)} known AZ(s)"
        if azs:
            why += f" ({', '.join(azs)})"
        if db.kind == "aurora-serverless":
            assumptions.append("Aurora Serverless v1 runs in one AZ at a time")
        elif not instances:
            assumptions.append("no DB instances found for the cluster: counted as single-AZ")
        elif not multi:
            unknown = [f"{m.name}: {m.unknown}" for m in instances if m.unknown]
            if unknown:
                assumptions.append(
                    "AZ of some instances not known (" + "; ".join(unknown) + "): counted as "
                    "single-AZ; set AvailabilityZone on each instance to prove the spread"
                )
            elif len(instances) >= 2:
                why += ": every instance in the same AZ"
            else:
                why += ": no reader, so no failover target"
        if db.global_role:
            why += f"; Aurora Global {db.global_role}"
    elif db.kind == "rds-cluster":
        multi, key = True, "rds-multi-az"
        why = "RDS Multi-AZ DB cluster (writer + two readable standbys)"
    else:
        multi = bool(db.multi_az)
        key = "rds-multi-az" if multi else "rds-single"
        why = (
            "RDS Multi-AZ DB instance (synchronous standby)"
            if multi
            else ("RDS Single-AZ DB instance")
        )
        if db.replicas:
            why += f", {len(db.replicas)} read replica(s) (not automatic failover targets)"
        if db.replica_of:
            why += f"; read replica of {db.replica_of}"
        if db.multi_az is None:
            assumptions.append("MultiAZ not known before deploy: counted as Single-AZ")
    return PartFigure("database", db.name, db.stack, key, sla(key), multi, azs, why, assumptions)


def failover_regions(
    model: Model, regions: list[str | None], notes: list[str]
) -> tuple[str | None, list[str | None]]:
    """(primary, secondaries) from Route 53 failover records, or (None, []) without failover."""
    primaries = [r for r in model.dns if (r.failover or "").upper() == "PRIMARY"]
    secondaries = [r for r in model.dns if (r.failover or "").upper() == "SECONDARY"]
    if not primaries or not secondaries:
        return cdn_failover_regions(model, regions)
    primary = primaries[0]
    if not (primary.health_check or primary.evaluate_target_health):
        notes.append(
            f"{primary.stack}/{primary.name}: PRIMARY failover record without a health check "
            "or EvaluateTargetHealth never fails over; regions counted in series"
        )
        return None, []
    primary_region = primary.target_region or primary.region
    found = [
        s.target_region or s.region
        for s in secondaries
        if (s.target_region or s.region) != primary_region
    ]
    if primary_region not in regions or not any(f in regions for f in found):
        notes.append("failover records do not point at two modelled regions; counted in series")
        return None, []
    ordered: list[str | None] = []
    for region in found:
        if region in regions and region not in ordered:
            ordered.append(region)
    return primary_region, ordered


def cdn_failover_regions(
    model: Model, regions: list[str | None]
) -> tuple[str | None, list[str | None]]:
    """(primary, [secondary]) from a CloudFront origin group whose first two origins are load
    balancers in two modelled regions, or (None, []) when no distribution fails over so."""
    for cdn in model.serving_cdns:
        balancers = [o for o in cdn.chain() if o.kind == "load-balancer"]
        if len(balancers) >= 2 and balancers[0].region != balancers[1].region:
            first, second = balancers[0].region, balancers[1].region
            if first in regions and second in regions:
                return first, [second]
    return None, []


def _product(values: Any) -> float:
    result = 1.0
    for v in values:
        result *= v.availability if isinstance(v, PartFigure) else v
    return result


def _product_regions(figures: list[RegionFigure]) -> float:
    result = 1.0
    for f in figures:
        result *= f.availability
    return result


def render_text(report: AvailabilityReport) -> str:
    """The report as the text ``hastack availability`` prints."""
    lines = [f"Availability of {', '.join(report.stacks)}"]
    if report.availability is None:
        lines.append("  no figure: " + "; ".join(report.notes[-1:]))
        lines.extend(_notes(report))
        return "\n".join(lines) + "\n"
    lines.append("Published SLAs of the serving path (reference):")
    rows = [("Region", "Tier", "Component", "SLA", "Availability", "Why")]
    for d in (report.edge, report.dns):
        if d is not None:
            rows.append(("global", d.tier, d.name, d.sla, percent(d.availability, 3), d.why))
    for region in report.regions:
        label = region.region or "-"
        if region.role:
            label += f" ({region.role})"
        for part in region.parts:
            rows.append(
                (label, part.tier, part.name, part.sla, percent(part.availability, 3), part.why)
            )
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    for row in rows:
        lines.append(
            "  " + "  ".join(c.ljust(widths[i]) for i, c in enumerate(row[:5])) + "  " + row[5]
        )
    lines.append("")
    lines.append("SLA math (reference):")
    for region in report.regions:
        lines.append(f"  {region.region or '-'}: {region.tier_math}")
    lines.append(f"  total ({report.composition}): {report.math}")
    if report.failover:
        f = report.failover
        lines.append(
            f"  failover: f = min(1, {duration_text(f.rto_seconds)} / {f.outage_minutes:g} min) "
            f"= {f.share:.4f}; U = {f.primary_unavailability:.6g} × ({f.share:.4f} + "
            f"{1 - f.share:.4f} × {f.secondary_unavailability:.6g}) → {f.availability:.8f}"
        )
    lines.append("")
    assert report.sla_availability is not None
    lines.append(
        f"Published SLAs combined: {percent(report.sla_availability)} (the contractual "
        "reference: service credits start below it; not the estimate)"
    )
    weakest = report.weakest
    if weakest:
        lines.append(
            f"Weakest SLA: {weakest.tier} {weakest.name} ({weakest.stack}) at "
            f"{percent(weakest.availability, 3)} [{weakest.sla}]"
        )
    if report.downtime_model is not None:
        lines.append("")
        lines.extend(render_modes(report.downtime_model))
    lines.append("")
    lines.append(f"Availability (estimate): {percent(report.availability)}")
    lines.append(f"Expected downtime: {downtime_text(report.availability)}")
    if report.downtime_model is not None and report.downtime_model.weakest is not None:
        w = report.downtime_model.weakest
        lines.append(f"Weakest mode: {w.title} ({w.minutes:,.1f} min/year)")
    for label in report.labels:
        lines.append(f"Note: {label}")
    lines.extend(_notes(report))
    lines.append("")
    lines.append(f"SLA sources (table reviewed {report.sla_reviewed}):")
    for key, entry in sorted(report.sources.items()):
        lines.append(
            f"  {key}: {percent(entry['availability'], 2)} {entry['service']}, "
            f"{entry['applies_to']} — {entry['url']} ({entry['terms_dated']})"
        )
    return "\n".join(lines) + "\n"


def _notes(report: AvailabilityReport) -> list[str]:
    lines = []
    assumptions = [f"{p.name}: {a}" for r in report.regions for p in r.parts for a in p.assumptions]
    if assumptions:
        lines.append("Assumptions (conservative where unknown):")
        lines.extend(f"  - {a}" for a in assumptions)
    # with no figure, the last note is the reason, printed above; the others still stand
    notes = report.notes if report.availability is not None else report.notes[:-1]
    if notes:
        lines.append("Notes:")
        lines.extend(f"  - {n}" for n in notes)
    if report.unmodelled:
        lines.append("Not in the figure:")
        lines.extend(f"  - {u}" for u in report.unmodelled)
    return lines


def render_modes(model: DowntimeModel) -> list[str]:
    """The per-mode table, each contribution's reasoning and the sources of every number."""
    lines = ["Expected downtime per failure mode (events/year × (detection + recovery) × blast):"]
    rows = [("Mode", "Events/yr", "Detect", "Recover", "Blast", "Min/yr")]
    for m in model.modes:
        data = m.to_dict()
        rows.append(
            (
                m.title,
                f"{m.events:.3g}",
                duration_text(data["detection_seconds"]),
                duration_text(data["recovery_seconds"]),
                f"{data['blast_radius']:.0%}",
                f"{m.minutes:,.2f}",
            )
        )
    rows.append(("total", "", "", "", "", f"{model.minutes:,.2f}"))
    widths = [max(len(r[i]) for r in rows) for i in range(6)]
    for row in rows:
        cells = [row[0].ljust(widths[0])] + [c.rjust(widths[i + 1]) for i, c in enumerate(row[1:])]
        lines.append("  " + "  ".join(cells))
    lines.append("Why:")
    for m in model.modes:
        if not m.contributions:
            lines.append(f"  {m.title}: {'; '.join(m.notes) or 'not applicable'}")
            continue
        for c in m.contributions:
            lines.append(f"  {m.title}, {c.where}: {c.why} ({c.minutes:,.2f} min/yr)")
    lines.append("Frequencies (stated assumptions; override with --frequency MODE=RATE):")
    for m in model.modes:
        lines.append(f"  {m.mode}: {m.rate:g} per {m.per}: {m.basis}")
    lines.append(f"Sources (table reviewed {model.reviewed}):")
    for m in model.modes:
        lines.append(f"  {m.mode}: {', '.join(m.sources)}")
    notes = [n for m in model.modes for n in m.notes if not n.startswith("not applicable")]
    if model.assumptions or notes:
        lines.append("Model assumptions:")
        lines.extend(f"  - {a}" for a in [*model.assumptions, *notes])
    return lines
