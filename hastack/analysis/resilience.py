"""What survives the loss of each AZ, and of each region of a multi-region app.

For every AZ a region's parts run in, the AZ is removed from the model and each part is asked
what is left: instances versus the group's minimum and versus what the stated peak load needs,
whether the load balancer still has an AZ, whether a database writer can be promoted (an Aurora
reader in another AZ, a Multi-AZ standby), whether private subnets in the surviving AZs still
reach a NAT gateway, and whether DNS still answers. For each region of a multi-region app the
whole region is removed: does Route 53 fail over, is there a database copy to promote (Aurora
Global secondary, cross-region replica), and can the surviving fleet carry the peak?

Unknown placement never passes: a part whose AZ the template does not say is assumed to be in
the AZ being removed, and the check says why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hastack.analysis.availability import failover_regions, template_settings
from hastack.analysis.capacity import instances_needed, lost_with_one_az, min_size_for, rps_for
from hastack.analysis.failures import FailureInputs
from hastack.analysis.partitions import PartitionReport, analyse_partitions
from hastack.analysis.partitions import render_text as render_partitions
from hastack.analysis.recovery import RecoveryReport, estimate_recovery
from hastack.analysis.settings import Settings
from hastack.analysis.sources import load_sources
from hastack.analysis.topology import (
    Cache,
    Cdn,
    Database,
    Fleet,
    Model,
    RegionModel,
    build_model,
    members_left,
    quorum_clusters,
)
from hastack.analysis.units import duration_text
from hastack.errors import UsageError
from hastack.template.values import Az

PASS, FAIL, WARN = "pass", "fail", "warn"


@dataclass
class Check:
    part: str  # compute | load balancer | database | nat | dns
    name: str
    status: str
    detail: str
    promotes: str | None = None
    """The database or member this scenario's failover makes the writer (for the diagram)."""

    def to_dict(self) -> dict[str, Any]:
        return {"part": self.part, "name": self.name, "status": self.status, "detail": self.detail}


@dataclass
class Scenario:
    kind: str  # az | region
    lost: str
    region: str | None
    checks: list[Check] = field(default_factory=list)
    region_label: str = ""

    @property
    def passed(self) -> bool:
        return all(c.status != FAIL for c in self.checks)

    @property
    def title(self) -> str:
        if self.kind == "region":
            return f"lose region {self.lost}"
        return f"lose {self.lost} ({self.region_label or self.region or 'region not set'})"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "lost": self.lost,
            "region": self.region,
            "passed": self.passed,
            "checks": [c.to_dict() for c in self.checks],
        }


@dataclass
class Finding:
    id: str
    where: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"id": self.id, "where": self.where, "message": self.message}


@dataclass
class ResilienceReport:
    stacks: list[str]
    scenarios: list[Scenario]
    findings: list[Finding]
    peak_rps: float | None
    rps_per_instance: float | None
    notes: list[str] = field(default_factory=list)
    recovery: RecoveryReport | None = None

    partitions: list[tuple[str, PartitionReport]] = field(default_factory=list)
    """Per quorum cluster (``region/cluster``): every AZ loss and two-way split."""

    @property
    def passed(self) -> bool:
        return all(s.passed for s in self.scenarios)

    @property
    def targets_met(self) -> bool:
        """Every RTO/RPO target given (``--require-rto/--require-rpo``) is met."""
        return self.recovery is None or self.recovery.met

    def to_dict(self) -> dict[str, Any]:
        return {
            "partitions": {name: p.to_dict() for name, p in self.partitions},
            "stacks": self.stacks,
            "passed": self.passed,
            "peak_rps": self.peak_rps,
            "rps_per_instance": self.rps_per_instance,
            "scenarios": [s.to_dict() for s in self.scenarios],
            "findings": [f.to_dict() for f in self.findings],
            "notes": self.notes,
            "recovery": self.recovery.to_dict() if self.recovery else None,
            "summary": {
                "scenarios": len(self.scenarios),
                "passed": sum(s.passed for s in self.scenarios),
                "failed": sum(not s.passed for s in self.scenarios),
            },
        }


def check_resilience(
    targets: Any,
    *,
    peak_rps: float | None = None,
    rps_per_instance: float | None = None,
    region: str | None = None,
    context: Any = None,
    stacks: tuple[str, ...] | list[str] = (),
    rto_targets: dict[str, float] | None = None,
    rpo_targets: dict[str, float] | None = None,
    inputs: FailureInputs | None = None,
) -> ResilienceReport:
    """Run every AZ-loss and region-loss scenario on templates, stacks, an app or a Model, and
    estimate RTO/RPO per disruption type (:mod:`hastack.analysis.recovery`)."""

    if peak_rps is not None and peak_rps <= 0:
        raise UsageError(f"--peak-rps {peak_rps!r}: a number of requests per second above 0")
    if rps_per_instance is not None and rps_per_instance <= 0:
        raise UsageError(f"--rps-per-instance {rps_per_instance!r}: a number above 0")
    if isinstance(targets, Model):
        model = targets
    else:
        model = build_model(load_sources(targets, context=context, stacks=stacks, region=region))
    settings = template_settings(model.sources) if model.sources else Settings()
    report = _Checker(model, peak_rps, rps_per_instance).run()
    serving = [r for r in model.regions if _serves(r)]
    standby = standby_regions(model, serving)
    serving = [r for r in serving if r not in standby]
    if inputs is None:
        inputs = FailureInputs(peak_rps=peak_rps, rps_per_instance=rps_per_instance)
    report.recovery = estimate_recovery(
        model,
        settings,
        inputs,
        serving=serving,
        standby=standby,
        rto_targets=rto_targets,
        rpo_targets=rpo_targets,
    )
    return report


class _Checker:
    def __init__(self, model: Model, peak: float | None, rps: float | None) -> None:
        self.model = model
        self.peak = peak
        self.rps = rps
        self.findings: list[Finding] = []
        self.notes: list[str] = []

    def run(self) -> ResilienceReport:
        scenarios: list[Scenario] = []
        serving = [r for r in self.model.regions if _serves(r)]
        standby = standby_regions(self.model, serving)
        for region in serving:
            lost: list[Az | None] = list(region.azs()) or [None]
            for az in lost:
                scenario = self._az_scenario(region, az)
                if region in standby:
                    _as_standby(scenario)
                scenarios.append(scenario)
        if len(serving) >= 2:
            for region in serving:
                scenarios.append(self._region_scenario(region, serving))
        elif len(serving) == 1:
            self.notes.append(
                f"one region ({serving[0].label}): losing it stops the service; a multi-region "
                "app with Route 53 failover survives that"
            )
        else:
            self.notes.append("no load balancer, compute or database found: nothing to check")
        self._static_findings(serving)
        return ResilienceReport(
            stacks=self.model.stacks,
            scenarios=scenarios,
            findings=self.findings,
            peak_rps=self.peak,
            rps_per_instance=self.rps,
            notes=self.notes + list(self.model.notes),
            partitions=quorum_partitions(self.model),
        )

    # -- AZ loss -----------------------------------------------------------------------------
    def _az_scenario(self, region: RegionModel, az: Az | None) -> Scenario:
        label = str(az) if az else "the AZ of the unplaced parts"
        scenario = Scenario("az", label, region.region, region_label=region.label)
        for lb in region.load_balancers:
            left = [a for a in lb.placement.azs if a != az]
            if left:
                status = PASS
                detail = f"still in {_names(left)}"
            elif not lb.placement.azs:
                status = FAIL
                detail = f"placement not known ({'; '.join(lb.placement.unknown)}): assumed lost"
            else:
                status = FAIL
                detail = f"only in {_names(lb.placement.azs)}: no AZ left"
            scenario.checks.append(Check("load balancer", lb.name, status, detail))
        for fleet in region.fleets:
            if fleet.quorum is None:
                scenario.checks.append(self._fleet_after_az_loss(fleet, az))
        scenario.checks.extend(quorum_after_az_loss(region, az))
        for db in region.databases:
            scenario.checks.append(_db_after_az_loss(db, az))
        for group in region.caches:
            scenario.checks.append(cache_after_az_loss(group, az))
        scenario.checks.extend(_nat_after_az_loss(region, az))
        if self.model.has_dns:
            scenario.checks.append(
                Check("dns", "Route 53", PASS, "global service; aliases follow the load balancer")
            )
        return scenario

    def _fleet_after_az_loss(self, fleet: Fleet, az: Az | None) -> Check:
        kind = "group" if fleet.kind == "asg" else "instance"
        azs = fleet.placement.azs
        size = fleet.min_size
        if size is None:
            return Check(
                "compute",
                fleet.name,
                FAIL,
                "MinSize not known before deploy: cannot show what is left",
            )
        if not azs:
            return Check(
                "compute",
                fleet.name,
                FAIL,
                f"placement not known ({'; '.join(fleet.placement.unknown)}): assumed in the "
                "lost AZ",
            )
        if az is not None and az not in azs:
            left, lost = size, 0
        else:
            lost = size if fleet.kind == "instance" else lost_with_one_az(size, len(azs))
            left = size - lost
        surviving = [a for a in azs if a != az]
        parts = [f"{left} of min {size} left" + (f" in {_names(surviving)}" if surviving else "")]
        status = PASS
        if left == 0:
            status = FAIL
            parts.append(
                "no instance serves until replacements launch"
                if surviving
                else f"the {kind} runs only in {_names(azs)}"
            )
        elif left < size and fleet.kind == "asg":
            parts.append(f"the group relaunches {lost} in the surviving AZs")
        capacity = self._capacity(fleet, left, len(azs))
        if capacity is not None:
            cap_status, text = capacity
            parts.append(text)
            if cap_status == FAIL:
                status = FAIL
        return Check("compute", fleet.name, status, "; ".join(parts))

    def _capacity(self, fleet: Fleet, left: int, az_count: int) -> tuple[str, str] | None:
        if self.peak is None:
            return None
        rps = rps_for(fleet.instance_type, self.rps)
        if rps is None:
            what = (
                f"instance type {fleet.instance_type} is not in the capacity table"
                if fleet.instance_type
                else "instance type not known"
            )
            return FAIL, f"{what}: pass --rps-per-instance to check peak load"
        needed = instances_needed(self.peak, rps)
        if left >= needed:
            return PASS, f"{left} ≥ {needed} needed for {self.peak:g} rps at {rps:g} rps each"
        advice = ""
        if fleet.kind == "asg" and az_count >= 2:
            advice = f"; MinSize {min_size_for(needed, az_count)} over {az_count} AZs survives"
        return (
            FAIL,
            f"{left} < {needed} needed for peak {self.peak:g} rps at {rps:g} rps each{advice}",
        )

    # -- region loss -------------------------------------------------------------------------
    def _region_scenario(self, lost: RegionModel, serving: list[RegionModel]) -> Scenario:
        scenario = Scenario("region", lost.label, lost.region)
        survivors = [r for r in serving if r is not lost]
        scenario.checks.append(self._dns_after_region_loss(lost, survivors))
        lbs = [lb for r in survivors for lb in r.load_balancers]
        if lost.load_balancers:
            scenario.checks.append(
                Check(
                    "load balancer",
                    ", ".join(lb.name for lb in lbs) or "-",
                    PASS if lbs else FAIL,
                    f"load balancer in {', '.join(r.label for r in survivors)}"
                    if lbs
                    else "no load balancer in another region",
                )
            )
        fleets = [f for r in survivors for f in r.fleets]
        if lost.fleets:
            scenario.checks.append(self._fleets_after_region_loss(fleets, survivors))
        for db in lost.databases:
            scenario.checks.append(_db_after_region_loss(db, survivors))
        for cdn in self.model.serving_cdns:
            scenario.checks.append(cdn_after_region_loss(cdn, lost, survivors))
        for cdn in self.model.cdns:
            if not cdn.serves:
                scenario.checks.append(
                    Check(
                        "cdn",
                        cdn.name,
                        WARN,
                        f"viewers go around it ({', '.join(cdn.bypass)} alias its names to "
                        "load balancers): its origin group moves nobody",
                    )
                )
        for group in lost.caches:
            copies = [c for r in survivors for c in r.caches]
            scenario.checks.append(
                Check(
                    "cache",
                    group.name,
                    WARN if copies else FAIL,
                    f"lost with {lost.label}; "
                    + (
                        f"{copies[0].name} in {copies[0].region} serves, starting cold (caches "
                        "are not replicated across regions here)"
                        if copies
                        else "no cache in another region"
                    ),
                )
            )
        return scenario

    def _dns_after_region_loss(self, lost: RegionModel, survivors: list[RegionModel]) -> Check:
        records = self.model.dns
        names = {r.label for r in survivors}
        failover = [r for r in records if r.failover]
        fronted = [
            c
            for c in self.model.serving_cdns
            if cdn_after_region_loss(c, lost, survivors).status == PASS and len(c.chain()) >= 2
        ]
        if not failover and fronted:
            return Check(
                "dns",
                "Route 53",
                PASS,
                f"viewers resolve the CloudFront distribution {fronted[0].name}, not a region: "
                "its origin group moves them",
            )
        if not failover:
            return Check(
                "dns",
                "Route 53",
                FAIL,
                "no failover records: clients keep resolving to the lost region",
            )
        primary = [r for r in failover if (r.failover or "").upper() == "PRIMARY"]
        secondary = [r for r in failover if (r.failover or "").upper() == "SECONDARY"]
        target = {id(r): (r.target_region or r.region or "region not set") for r in failover}
        if primary and target[id(primary[0])] != lost.label:
            return Check(
                "dns",
                primary[0].name,
                PASS,
                f"PRIMARY answers from {target[id(primary[0])]}; "
                f"{lost.label} was not serving traffic",
            )
        if not any(r.health_check or r.evaluate_target_health for r in primary):
            return Check(
                "dns",
                primary[0].name if primary else "Route 53",
                FAIL,
                "PRIMARY record has no health check or EvaluateTargetHealth: it never fails over",
            )
        standby = [r for r in secondary if target[id(r)] in names]
        if not standby:
            return Check(
                "dns",
                "Route 53",
                FAIL,
                "no SECONDARY failover record pointing at a surviving region",
            )
        return Check(
            "dns",
            standby[0].name,
            PASS,
            f"health check fails PRIMARY over to SECONDARY in {target[id(standby[0])]}",
        )

    def _fleets_after_region_loss(self, fleets: list[Fleet], regions: list[RegionModel]) -> Check:
        if not fleets:
            return Check("compute", "-", FAIL, "no fleet in another region")
        total = sum(f.min_size or 0 for f in fleets)
        name = ", ".join(f"{f.stack}/{f.name}" for f in fleets)
        detail = f"min {total} instance(s) in {', '.join(r.label for r in regions)}"
        if self.peak is None:
            return Check("compute", name, PASS if total else FAIL, detail)
        needed = 0
        for fleet in fleets:
            rps = rps_for(fleet.instance_type, self.rps)
            if rps is None:
                return Check(
                    "compute",
                    name,
                    FAIL,
                    f"{detail}; instance type {fleet.instance_type or 'unknown'} not in the "
                    "capacity table: pass --rps-per-instance",
                )
            needed = max(needed, instances_needed(self.peak, rps))
        if total >= needed:
            return Check("compute", name, PASS, f"{detail} ≥ {needed} needed for peak")
        return Check(
            "compute",
            name,
            FAIL,
            f"{detail} < {needed} needed for peak {self.peak:g} rps (scale-out takes minutes "
            "during which the region is overloaded)",
        )

    # -- findings ------------------------------------------------------------------------------
    def _static_findings(self, regions: list[RegionModel]) -> None:
        for region in regions:
            nats = region.nats
            routed_azs = {r.subnet_az for r in region.routes if r.subnet_az is not None}
            used_nats = {r.nat for r in region.routes if r.nat}
            if len(routed_azs) >= 2 and len(used_nats) == 1:
                nat = next(iter(used_nats))
                nat_az = next((n.az for n in nats if n.name == nat), None)
                stack = next((n.stack for n in nats if n.name == nat), region.label)
                self.findings.append(
                    Finding(
                        "single-nat",
                        f"{stack}/{nat}",
                        f"one NAT gateway ({nat} in {nat_az or 'an unknown AZ'}) serves private "
                        f"subnets in {len(routed_azs)} AZs: losing its AZ cuts all of them off "
                        "the internet; add a NAT gateway per AZ",
                    )
                )
            for db in region.databases:
                finding = _aurora_reader_finding(db)
                if finding:
                    self.findings.append(finding)
            if self.peak is None:
                continue
            for fleet in region.fleets:
                if fleet.kind != "asg" or fleet.min_size is None:
                    continue
                rps = rps_for(fleet.instance_type, self.rps)
                azs = len(fleet.placement.azs)
                if rps is None or azs == 0:
                    continue
                needed = instances_needed(self.peak, rps)
                left = fleet.min_size - lost_with_one_az(fleet.min_size, azs)
                if left < needed:
                    self.findings.append(
                        Finding(
                            "capacity-after-az-loss",
                            f"{fleet.stack}/{fleet.name}",
                            f"MinSize {fleet.min_size} over {azs} AZ(s) leaves {left} after an "
                            f"AZ loss; peak {self.peak:g} rps needs {needed} at {rps:g} rps each"
                            + (
                                f": set MinSize to {min_size_for(needed, azs)}"
                                if azs >= 2
                                else ": spread the group over 2+ AZs"
                            ),
                        )
                    )
                if fleet.max_size is not None and fleet.max_size < needed:
                    self.findings.append(
                        Finding(
                            "max-below-peak",
                            f"{fleet.stack}/{fleet.name}",
                            f"MaxSize {fleet.max_size} cannot reach the {needed} instances "
                            f"peak {self.peak:g} rps needs",
                        )
                    )


def cache_after_az_loss(cache: Cache, az: Az | None) -> Check:
    """The cache survives an AZ loss when its primary is elsewhere, or a replica in another AZ
    is promoted (Multi-AZ with automatic failover); a single node is bound to its AZ."""
    primary = cache.primary
    if cache.nodes and all(n is not None and n != az for n in cache.nodes):
        return Check("cache", cache.name, PASS, f"no node in {az}: unaffected")
    if primary is not None and primary != az:
        return Check(
            "cache",
            cache.name,
            PASS,
            f"primary in {primary}; the replica(s) in {az} are lost and replaced",
        )
    lost_label = str(az) if az else "the lost AZ"
    where = (
        f"primary in {lost_label}"
        if primary is not None
        else f"primary's AZ not set: assumed in {lost_label}"
    )
    targets = [r for r in cache.replicas if r is not None and r != az]
    if cache.kind == "replication-group" and cache.automatic_failover and targets:
        return Check(
            "cache",
            cache.name,
            PASS,
            f"{where}: automatic failover promotes the replica in {targets[0]} (about a minute; "
            "writes since the last replication are lost: the copy is asynchronous)",
            promotes=f"{cache.name} replica in {targets[0]}",
        )
    if len(cache.nodes) <= 1:
        reason = "one node, bound to its AZ: down until ElastiCache replaces it elsewhere, empty"
    elif not cache.automatic_failover:
        reason = "automatic failover off: no replica takes over"
    elif any(r is None for r in cache.replicas):
        reason = "replicas have no AZ set: cannot show one is outside the lost AZ"
    else:
        reason = "every replica sits in the primary's AZ"
    return Check("cache", cache.name, FAIL, f"{where}: {reason}")


def cdn_after_region_loss(cdn: Cdn, lost: RegionModel, survivors: list[RegionModel]) -> Check:
    """A distribution survives a region loss when the origin it tries first is elsewhere, or
    its origin group fails over to a load balancer in a surviving region."""
    chain = cdn.chain()
    names = {r.region for r in survivors}
    if not chain:
        return Check("cdn", cdn.name, FAIL, "default behaviour's origin not found")
    first = chain[0]
    if first.region != lost.region:
        return Check(
            "cdn", cdn.name, PASS, f"first origin {first.id} is in {first.region or first.kind}"
        )
    rest = chain[1:]
    if not rest:
        return Check(
            "cdn",
            cdn.name,
            FAIL,
            f"one origin ({first.id} in {lost.label}) and no origin group: viewers get errors",
        )
    second = rest[0]
    codes = ", ".join(str(c) for c in cdn.failover_codes)
    if second.kind == "load-balancer" and second.region in names:
        return Check(
            "cdn",
            cdn.name,
            PASS,
            f"origin group fails over to {second.id} in {second.region}: each request waits "
            f"{first.connection_timeout:g} s × {first.connection_attempts} attempts for "
            f"{first.id}, or fails over at once on {codes}",
        )
    if second.kind == "s3":
        return Check(
            "cdn",
            cdn.name,
            FAIL,
            f"origin group fails over to the static {second.id} origin: viewers get the sorry "
            "page, not the app",
        )
    return Check(
        "cdn",
        cdn.name,
        FAIL,
        f"origin group's second origin {second.id} is not a load balancer in a surviving region",
    )


def quorum_after_az_loss(region: RegionModel, az: Az | None) -> list[Check]:
    """A quorum cluster survives an AZ loss when the members outside it are a majority."""
    checks = []
    for name, members in sorted(quorum_clusters(region).items()):
        left = members_left(members, az)
        need = len(members) // 2 + 1
        ok = len(left) >= need
        detail = f"{len(left)} of {len(members)} members left, {need} needed: " + (
            "elects a leader and accepts writes" if ok else "no majority: refuses writes"
        )
        checks.append(Check("quorum", name, PASS if ok else FAIL, detail))
    return checks


def quorum_partitions(model: Model) -> list[tuple[str, PartitionReport]]:
    """The partition analysis of every quorum cluster, members counted per AZ."""
    found = []
    for region in model.regions:
        for name, members in sorted(quorum_clusters(region).items()):
            per_az: dict[str, int] = {}
            for member in members:
                key = str(member.placement.azs[0]) if member.placement.azs else "unplaced"
                per_az[key] = per_az.get(key, 0) + 1
            found.append((f"{region.label}/{name}", analyse_partitions(per_az)))
    return found


def standby_regions(model: Model, serving: list[RegionModel]) -> list[RegionModel]:
    """The regions DNS sends no viewer to while the primary is healthy (failover SECONDARY)."""
    primary, secondaries = failover_regions(model, [r.region for r in serving], [])
    return [r for r in serving if primary is not None and r.region in secondaries]


STANDBY_NOTE = (
    "standby region, serving no viewer: users are not affected; a region failover before "
    "this is restored starts from less"
)


def _as_standby(scenario: Scenario) -> None:
    """An AZ lost in a standby region fails no viewer: each failing check becomes a warning
    that says what the standby lacks until it is restored."""
    for check in scenario.checks:
        if check.status == FAIL:
            check.status = WARN
            check.detail = f"{check.detail} ({STANDBY_NOTE})"


def _serves(region: RegionModel) -> bool:
    return bool(region.fleets or region.load_balancers or region.databases or region.caches)


def _names(azs: list[Az]) -> str:
    return ", ".join(str(a) for a in azs)


def _db_after_az_loss(db: Database, az: Az | None) -> Check:
    lost_label = str(az) if az else "the lost AZ"
    if db.kind == "rds-cluster":
        return Check(
            "database",
            db.name,
            PASS,
            "Multi-AZ DB cluster: a readable standby in another AZ takes over (~35 s, RPO 0)",
        )
    if db.kind == "rds":
        writer = db.writer
        if db.multi_az:
            return Check(
                "database",
                db.name,
                PASS,
                "Multi-AZ: the standby in another AZ takes over (60-120 s, RPO 0)",
            )
        if writer and writer.az is not None and writer.az != az:
            return Check(
                "database", db.name, PASS, f"single-AZ instance in {writer.az}: unaffected"
            )
        replicas = [m for m in db.replicas if m.az is not None and m.az != az]
        why = (
            f"single-AZ instance in {lost_label}"
            if writer and writer.az is not None
            else f"single-AZ instance with no AvailabilityZone: assumed in {lost_label}"
        )
        detail = f"{why}: restore from backup (RPO up to 5 min, RTO hours)"
        if replicas:
            detail += (
                f"; read replica {replicas[0].name} in {replicas[0].az} can be promoted by hand "
                "(RPO = replica lag)"
            )
        return Check("database", db.name, FAIL, detail)
    if db.kind == "aurora-serverless":
        return Check(
            "database",
            db.name,
            WARN,
            "Aurora Serverless v1 recreates capacity in another AZ (minutes of downtime)",
        )
    # Aurora provisioned (primary, or a global secondary with readers only)
    instances = [m for m in db.members if m.role in ("writer", "reader")]
    if not instances:
        return Check("database", db.name, FAIL, "no DB instances found for the cluster")
    writer = db.writer
    if db.global_role == "secondary" or writer is None:
        left = [m for m in instances if m.az is not None and m.az != az]
        if left:
            return Check(
                "database",
                db.name,
                PASS,
                f"readers left: {', '.join(f'{m.name} ({m.az})' for m in left)}",
            )
        return Check("database", db.name, FAIL, f"no reader outside {lost_label}")
    if writer.az is not None and writer.az != az:
        lost = [m.name for m in instances if m.az == az]
        extra = f"; reader(s) {', '.join(lost)} lost" if lost else ""
        return Check("database", db.name, PASS, f"writer {writer.name} in {writer.az}{extra}")
    assumed = "" if writer.az is not None else " (writer AZ not set: assumed there)"
    targets = [m for m in db.readers if m.az is not None and m.az != az]
    if targets:
        return Check(
            "database",
            db.name,
            PASS,
            f"writer in {lost_label}{assumed}: fails over to {targets[0].name} in "
            f"{targets[0].az} (~30 s, RPO 0)",
            promotes=targets[0].name,
        )
    readers = db.readers
    if not readers:
        reason = "no reader to promote: Aurora recreates the writer (about 10 min)"
    elif all(m.az == az for m in readers if m.az is not None) and any(
        m.az is not None for m in readers
    ):
        reason = f"the only reader(s) {', '.join(m.name for m in readers)} sit in the writer's AZ"
    else:
        reason = "readers have no AvailabilityZone: cannot show one is outside the lost AZ"
    return Check("database", db.name, FAIL, f"writer in {lost_label}{assumed}: {reason}")


def _aurora_reader_finding(db: Database) -> Finding | None:
    if db.kind != "aurora" or db.global_role == "secondary":
        return None
    writer = db.writer
    if writer is None or writer.az is None:
        return None
    readers = db.readers
    if not readers:
        return Finding(
            "aurora-no-reader",
            f"{db.stack}/{db.name}",
            "Aurora cluster without a reader: a writer failure waits for a new instance; "
            "add a reader in another AZ",
        )
    if all(m.az == writer.az for m in readers):
        return Finding(
            "aurora-reader-same-az",
            f"{db.stack}/{db.name}",
            f"every reader sits in the writer's AZ ({writer.az}): losing that AZ leaves no "
            "failover target; place a reader in another AZ",
        )
    return None


def _nat_after_az_loss(region: RegionModel, az: Az | None) -> list[Check]:
    cut: dict[str, list[str]] = {}
    unknown: list[str] = []
    for route in region.routes:
        if route.subnet_az is not None and route.subnet_az == az:
            continue  # the subnet is gone with its AZ
        if route.nat_az is None:
            unknown.append(route.subnet)
        elif az is None or route.nat_az == az:
            cut.setdefault(route.nat or "?", []).append(
                f"{route.subnet} ({route.subnet_az or '?'})"
            )
    checks = []
    for nat, subnets in cut.items():
        checks.append(
            Check(
                "nat",
                nat,
                FAIL,
                f"{', '.join(subnets)} route through {nat} in the lost AZ: no internet access "
                "(package installs, AWS APIs without endpoints)",
            )
        )
    if unknown:
        checks.append(
            Check(
                "nat",
                "-",
                WARN,
                f"NAT gateway AZ not known for {', '.join(unknown)}",
            )
        )
    if region.routes and not checks:
        surviving = sorted({str(r.nat_az) for r in region.routes if r.nat_az and r.nat_az != az})
        checks.append(
            Check(
                "nat",
                "NAT gateways",
                PASS,
                "private subnets in the surviving AZs keep their NAT gateways"
                + (f" ({', '.join(surviving)})" if surviving else ""),
            )
        )
    return checks


def _db_after_region_loss(db: Database, survivors: list[RegionModel]) -> Check:
    if db.global_role == "secondary" or db.replica_of:
        return Check(
            "database",
            db.name,
            PASS,
            "a standby copy is lost; the primary database keeps serving",
        )
    if db.global_cluster:
        copies = [
            other
            for r in survivors
            for other in r.databases
            if other.global_cluster == db.global_cluster and other is not db
        ]
        if copies:
            copy = copies[0]
            readers = [m for m in copy.members if m.role in ("reader", "writer")]
            if not readers:
                return Check(
                    "database",
                    db.name,
                    FAIL,
                    f"global secondary {copy.name} in {copy.region} has no instance to promote",
                )
            return Check(
                "database",
                db.name,
                PASS,
                f"Aurora Global: promote secondary {copy.name} in {copy.region} "
                "(managed failover; RPO ~1 s, RTO minutes)",
                promotes=copy.name,
            )
    replicas = [
        other
        for r in survivors
        for other in r.databases
        if other.replica_of and (db.name in other.replica_of or other.replica_of.endswith(db.name))
    ]
    if replicas:
        return Check(
            "database",
            db.name,
            PASS,
            f"cross-region replica {replicas[0].name} in {replicas[0].region} can be promoted "
            "(manual; RPO = replica lag)",
        )
    return Check(
        "database",
        db.name,
        FAIL,
        "no copy of the database in another region (Aurora Global secondary or cross-region "
        "replica): the data is unavailable until the region returns",
    )


def render_text(report: ResilienceReport) -> str:
    lines = [f"Resilience of {', '.join(report.stacks)}"]
    if report.peak_rps is not None:
        rps = (
            f"{report.rps_per_instance:g} rps per instance"
            if report.rps_per_instance
            else "rps per instance from the capacity table"
        )
        lines[0] += f" (peak {report.peak_rps:g} rps, {rps})"
    for scenario in report.scenarios:
        lines.append("")
        lines.append(f"{scenario.title}: {'PASS' if scenario.passed else 'FAIL'}")
        width = max((len(c.part) for c in scenario.checks), default=0)
        for check in scenario.checks:
            lines.append(
                f"  {check.status:<4}  {check.part:<{width}}  {check.name}: {check.detail}"
            )
    for name, partitions in report.partitions:
        lines.append("")
        lines.append(f"Partitions of {name}:")
        lines.append(render_partitions(partitions).rstrip("\n"))
    if report.findings:
        lines.append("")
        lines.append("Findings:")
        lines.extend(f"  {f.id} {f.where}: {f.message}" for f in report.findings)
    if report.notes:
        lines.append("")
        lines.append("Notes:")
        lines.extend(f"  - {n}" for n in report.notes)
    if report.recovery is not None:
        lines.append("")
        lines.extend(render_recovery(report.recovery))
    failed = sum(not s.passed for s in report.scenarios)
    lines.append("")
    lines.append(
        f"{len(report.scenarios)} scenario(s): {len(report.scenarios) - failed} passed, "
        f"{failed} failed"
    )
    return "\n".join(lines) + "\n"


def render_recovery(recovery: RecoveryReport) -> list[str]:
    """RTO/RPO per disruption type (Resilience Hub's categories), the score, recommendations."""

    def shown(seconds: float | None, unbounded: str) -> str:
        return unbounded if seconds is None else duration_text(seconds)

    basis = "the targets given" if recovery.targets_given else "default targets of 1 h each"
    lines = [f"RTO/RPO per disruption type (score {recovery.score:g}/100 against {basis}):"]
    for d in recovery.disruptions:
        rto_mark = "met" if d.rto_met else "MISSED"
        rpo_mark = "met" if d.rpo_met else "MISSED"
        lines.append(
            f"  {d.kind:<14} RTO {shown(d.rto, 'unbounded')} (target "
            f"{duration_text(d.target_rto)}, {rto_mark}); RPO {shown(d.rpo, 'unbounded')} "
            f"(target {duration_text(d.target_rpo)}, {rpo_mark})"
        )
        lines.append(f"    RTO: {d.rto_why}")
        lines.append(f"    RPO: {d.rpo_why}")
        lines.extend(f"    recommend: {r}" for r in d.recommendations)
    return lines
