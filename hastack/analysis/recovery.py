"""RTO and RPO per disruption type, offline, in AWS Resilience Hub's four categories.

Resilience Hub assesses an application against a resiliency policy with RTO/RPO targets for
four disruption types (``ResiliencyPolicy`` ``PolicyMap``: Software, Hardware, AZ, Region,
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-resiliencehub-resiliencypolicy-policymap.html).
This module estimates the same figures from the template, without an account:

- **Application** (Software): a bad release. RTO: detection (alarm or a person) + redeploying
  the last good release; RPO: a release that corrupts data is undone by point-in-time restore
  (about 5 minutes behind) when backups are kept, and not at all without them.
- **Infrastructure** (Hardware): an instance or the database writer fails. RTO: the slower of
  the fleet's detection/replacement and the database's failover; RPO: 0 with a synchronous copy
  (Aurora storage, Multi-AZ), the last restorable point otherwise.
- **AZ**: an AZ is impaired. RTO: the slowest part's recovery (the whole impairment for a part
  with no copy outside the AZ); RPO as for infrastructure (a Single-AZ RDS instance is restored
  from its automated backups, which S3 keeps outside the AZ; Aurora storage spans three AZs).
- **Region**: a region is impaired. RTO: DNS failover and the standby database taking writes
  (the automation in the template, or a person); the whole impairment for one region. RPO: the
  replication lag of the cross-region copy (Aurora Global about 1 s), unbounded without one.

The score follows Resilience Hub's idea (how much of the policy the application meets): each
disruption type counted weighs equally, half for meeting its RTO target and half for its RPO
target; Region is counted when the app spans regions or a Region target is given.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hastack.analysis.failures import Contribution, FailureInputs, Modeller, load_failure_table
from hastack.analysis.settings import Settings
from hastack.analysis.topology import Database, Model, RegionModel
from hastack.analysis.units import duration_text, parse_duration
from hastack.errors import UsageError

DISRUPTIONS = ("application", "infrastructure", "az", "region")
HUB_KEYS = {"application": "Software", "infrastructure": "Hardware", "az": "AZ", "region": "Region"}
DEFAULT_TARGET = (3600.0, 3600.0)
"""RTO and RPO targets (seconds) scored against when none are given: one hour each."""


@dataclass
class Disruption:
    kind: str
    rto: float | None
    """Seconds; None when recovery waits on something unbounded (e.g. the region returning)."""
    rpo: float | None
    """Seconds; None when data can be lost without bound (no copy)."""
    rto_why: str
    rpo_why: str
    target_rto: float
    target_rpo: float
    rto_required: bool = False
    """The RTO target was given (a gate), not the scoring default."""
    rpo_required: bool = False
    recommendations: list[str] = field(default_factory=list)

    @property
    def missed(self) -> list[str]:
        """The required targets this estimate misses: ``["RTO", "RPO"]`` or fewer."""
        out = []
        if self.rto_required and not self.rto_met:
            out.append("RTO")
        if self.rpo_required and not self.rpo_met:
            out.append("RPO")
        return out

    @property
    def rto_met(self) -> bool:
        return self.rto is not None and self.rto <= self.target_rto

    @property
    def rpo_met(self) -> bool:
        return self.rpo is not None and self.rpo <= self.target_rpo

    def to_dict(self) -> dict[str, Any]:
        return {
            "disruption": self.kind,
            "resilience_hub_key": HUB_KEYS[self.kind],
            "rto_seconds": self.rto,
            "rpo_seconds": self.rpo,
            "rto_why": self.rto_why,
            "rpo_why": self.rpo_why,
            "target_rto_seconds": self.target_rto,
            "target_rpo_seconds": self.target_rpo,
            "rto_met": self.rto_met,
            "rpo_met": self.rpo_met,
            "required": {"rto": self.rto_required, "rpo": self.rpo_required},
            "missed": self.missed,
            "recommendations": self.recommendations,
        }


@dataclass
class RecoveryReport:
    disruptions: list[Disruption]
    targets_given: bool

    @property
    def score(self) -> float:
        if not self.disruptions:
            return 0.0
        points = sum(0.5 * d.rto_met + 0.5 * d.rpo_met for d in self.disruptions)
        return round(100 * points / len(self.disruptions), 1)

    @property
    def met(self) -> bool:
        """Every required target is met."""
        return not any(d.missed for d in self.disruptions)

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "targets_given": self.targets_given,
            "met": self.met,
            "disruptions": [d.to_dict() for d in self.disruptions],
        }


def parse_targets(values: tuple[str, ...] | list[str], option: str) -> dict[str, float]:
    """``("5m",)`` → every type; ``("region=1h", "az=2m")`` → per type."""
    targets: dict[str, float] = {}
    for value in values:
        kind, sep, text = value.partition("=")
        if not sep:
            seconds = parse_duration(value, option)
            for name in DISRUPTIONS:
                targets.setdefault(name, seconds)
            continue
        kind = kind.strip().lower()
        if kind not in DISRUPTIONS:
            raise UsageError(f"{option} {value!r}: TYPE is one of {', '.join(DISRUPTIONS)}")
        targets[kind] = parse_duration(text, option)
    return targets


def estimate_recovery(
    model: Model,
    settings: Settings,
    inputs: FailureInputs | None = None,
    *,
    serving: list[RegionModel],
    standby: list[RegionModel],
    rto_targets: dict[str, float] | None = None,
    rpo_targets: dict[str, float] | None = None,
) -> RecoveryReport:
    inputs = inputs or FailureInputs()
    rto_targets = rto_targets or {}
    rpo_targets = rpo_targets or {}
    m = Modeller(model, settings, inputs, serving, standby)
    m.run()
    timings = load_failure_table()["timings"]
    pitr = float(timings["rds-pitr-rpo"]["seconds"])
    dbs = [db for r in serving for db in r.databases if not db.replica_of]
    primary_dbs = [db for db in dbs if db.global_role != "secondary"]
    found: list[Disruption] = []

    def target(kind: str) -> tuple[float, float, bool, bool]:
        return (
            rto_targets.get(kind, DEFAULT_TARGET[0]),
            rpo_targets.get(kind, DEFAULT_TARGET[1]),
            kind in rto_targets,
            kind in rpo_targets,
        )

    # -- application ---------------------------------------------------------------------------
    deploy = m.figures["bad-deployment"].contributions
    if deploy:
        worst = max(deploy, key=lambda c: c.detection + c.recovery)
        rto: float | None = worst.detection + worst.recovery
        rto_why = (
            f"detection {duration_text(worst.detection)} + rollback "
            f"{duration_text(worst.recovery)}: {worst.why}"
        )
    else:
        rto, rto_why = None, "no fleet found to redeploy"
    rpo, rpo_why, recs = _restore_rpo(primary_dbs, settings, pitr)
    d = Disruption("application", rto, rpo, rto_why, rpo_why, *target("application"))
    if m.settings.service_alarm() is None and deploy:
        d.recommendations.append(
            "add a CloudWatch alarm with an action on 5xx or unhealthy hosts: a bad release is "
            "noticed in minutes, not when users report it"
        )
    fleet_settings = [
        m.settings.fleet(f.stack, f.name) for r in serving for f in r.fleets if f.kind == "asg"
    ]
    if fleet_settings and not any(fs.gated for fs in fleet_settings):
        d.recommendations.append(
            "gate rolling updates on instance signals (WaitOnResourceSignals with a deep health "
            "check): a release that fails stops at the first batch"
        )
    d.recommendations.extend(recs)
    found.append(d)

    # -- infrastructure ------------------------------------------------------------------------
    infra = (
        m.figures["instance-failure"].contributions + m.figures["db-writer-failure"].contributions
    )
    if infra:
        stops = [c for c in infra if _stops_service(c)]
        if stops:
            worst = max(stops, key=lambda c: c.detection + c.recovery)
            rto = worst.detection + worst.recovery
            rto_why = f"{worst.where}: {worst.why}"
        else:
            worst = max(infra, key=lambda c: c.detection)
            rto = worst.detection
            rto_why = (
                "redundant parts, the survivors carry the load: lost capacity drained after "
                f"health-check detection ({worst.where})"
            )
    else:
        rto, rto_why = None, "nothing found to recover"
    rpo, rpo_why = _sync_rpo(primary_dbs, settings, pitr)
    d = Disruption("infrastructure", rto, rpo, rto_why, rpo_why, *target("infrastructure"))
    for c in infra:
        if c.blast >= 1.0 and "one instance" in c.why:
            d.recommendations.append(f"{c.where}: run at least two instances (MinSize >= 2)")
        if "no reader" in c.why:
            d.recommendations.append(f"{c.where}: add an Aurora reader (failover in ~30 s)")
        if "Single-AZ" in c.why:
            d.recommendations.append(f"{c.where}: set MultiAZ: true (failover in 60-120 s)")
    found.append(d)

    # -- AZ --------------------------------------------------------------------------------------
    az = m.figures["az-impairment"].contributions
    span = m.duration("az-impairment")
    if az:
        worst = max(az, key=lambda c: c.detection + c.recovery if c.blast else 0.0)
        rto = worst.detection + worst.recovery
        rto_why = f"{worst.where}: {worst.why}"
        if rto >= span:
            rto_why += " (until the AZ recovers; counted as the impairment's 2 h)"
    else:
        rto, rto_why = None, "nothing placed in an AZ found"
    single = [c for c in az if c.recovery >= span]
    # A Single-AZ RDS instance's automated backups live in S3 (regional) and an Aurora cluster
    # volume keeps six copies over three AZs: the data outlives the AZ, as for infrastructure.
    rpo, rpo_why = _sync_rpo(primary_dbs, settings, pitr)
    d = Disruption("az", rto, rpo, rto_why, rpo_why, *target("az"))
    d.recommendations.extend(f"{c.where}: place it in two or more AZs ({c.why})" for c in single)
    found.append(d)

    # -- region ------------------------------------------------------------------------------
    if standby or "region" in rto_targets or "region" in rpo_targets:
        region_parts = m.figures["region-impairment"].contributions
        if standby and region_parts:
            c = region_parts[0]
            rto = c.detection + c.recovery
            rto_why = c.why
        else:
            rto = None
            rto_why = "one region: down until the region recovers (no standby region)"
        rpo, rpo_why = _region_rpo(standby, timings)
        d = Disruption("region", rto, rpo, rto_why, rpo_why, *target("region"))
        if not standby:
            d.recommendations.append(
                "run a standby region behind Route 53 failover records with an Aurora Global "
                "Database secondary"
            )
        elif "by hand" in rto_why:
            d.recommendations.append(
                "automate the standby's promotion (a function allowed rds:FailoverGlobalCluster, "
                "triggered by the primary's health check): writes move in minutes, not an hour"
            )
        found.append(d)
    return RecoveryReport(found, bool(rto_targets or rpo_targets))


def _stops_service(c: Contribution) -> bool:
    """The failure stops the service, or leaves too little capacity, until it is repaired: the
    whole service is lost, or more is lost per event than requests to the dead part until the
    health checks take it out (a shortfall lasting until the replacement)."""
    if c.blast >= 1.0:
        return True
    if not c.events:
        return False
    return c.minutes * 60 / c.events > c.detection * c.blast + 1e-6


def _restore_rpo(
    dbs: list[Database], settings: Settings, pitr: float
) -> tuple[float | None, str, list[str]]:
    if not dbs:
        return 0.0, "no database: no state to lose", []
    without = [db for db in dbs if settings.backup_days.get((db.stack, db.name), 1) < 1]
    if without:
        names = ", ".join(f"{db.stack}/{db.name}" for db in without)
        return (
            None,
            f"{names}: BackupRetentionPeriod 0, no point-in-time restore",
            [f"{names}: keep automated backups (BackupRetentionPeriod >= 1)"],
        )
    return pitr, f"point-in-time restore to before the release ({duration_text(pitr)} behind)", []


def _sync_rpo(dbs: list[Database], settings: Settings, pitr: float) -> tuple[float | None, str]:
    if not dbs:
        return 0.0, "no database: no state to lose"
    unsynced = [
        db for db in dbs if db.kind == "rds" and not db.multi_az and db.kind != "rds-cluster"
    ]
    if unsynced:
        rpo, why, _ = _restore_rpo(unsynced, settings, pitr)
        return rpo, f"Single-AZ database restored from backup: {why}"
    return 0.0, "synchronous copy in another AZ (Aurora storage or Multi-AZ standby)"


def _region_rpo(standby: list[RegionModel], timings: dict[str, Any]) -> tuple[float | None, str]:
    copies = [db for r in standby for db in r.databases if db.global_role == "secondary"]
    if copies:
        lag = float(timings["aurora-global-rpo"]["seconds"])
        return lag, f"Aurora Global secondary: replication lag about {duration_text(lag)}"
    replicas = [db for r in standby for db in r.databases if db.replica_of]
    if replicas:
        lag = float(timings["cross-region-replica-rpo"]["seconds"])
        return lag, f"cross-region read replica: replication lag (counted {duration_text(lag)})"
    return None, "no copy of the data in another region"
