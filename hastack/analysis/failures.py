"""Expected downtime per failure mode, read from the template: the availability estimate.

A published SLA is a service-credit threshold, not an estimate: it does not move when the
template changes what matters. This model does. For each failure mode it multiplies

    events per year × (detection + recovery) × blast radius

where the event rate is a stated, sourced assumption (``failure_modes.json``, overridable),
detection comes from the template's own settings (target group interval × unhealthy threshold,
Route 53 request interval × failure threshold, alarm period × datapoints), recovery from AWS's
documented behaviour for what the template contains (Aurora replica promotion, RDS Multi-AZ
failover, Auto Scaling replacement, a failover automation or a person), and the blast radius is
the share of requests lost while it lasts (one instance of N, one AZ of K, everything, and a
capacity shortfall when the survivors cannot carry the peak). The sum over modes is the
expected downtime a year; availability is ``1 - downtime / minutes in a year``.

Modes: instance or task failure, bad deployment, AZ impairment, database writer failure, NAT
gateway failure, regional impairment, DNS/health-check failure, cache primary failure (an
ElastiCache group fails over to a replica, or its node is replaced), CloudFront impairment.
A CloudFront origin group changes the regional mode: each request that the primary region's
load balancer does not answer (a connection failure or timeout after ConnectionTimeout ×
ConnectionAttempts, or one of the group's failover status codes) is retried on the secondary
origin, so viewers wait instead of failing while DNS failover would still be detecting.
Overlaps between modes are ignored (each is rare); so are failures of services the template
does not show.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from hastack.analysis.capacity import instances_needed, lost_with_one_az, rps_for
from hastack.analysis.settings import Settings
from hastack.analysis.topology import (
    Cache,
    Database,
    Fleet,
    Model,
    RegionModel,
    members_left,
    quorum_clusters,
)
from hastack.analysis.units import MINUTES_PER_YEAR, duration_text
from hastack.core import regions as region_table
from hastack.errors import UsageError
from hastack.template.values import Az

TABLE = Path(__file__).with_name("failure_modes.json")
SECONDS_PER_YEAR = MINUTES_PER_YEAR * 60
MODES = (
    "instance-failure",
    "bad-deployment",
    "az-impairment",
    "db-writer-failure",
    "nat-failure",
    "region-impairment",
    "dns-failure",
    "cache-node-failure",
    "edge-impairment",
)
UNKNOWN_AZ_CHOICES = ("same", "spread")
GATED_CATCH_SHARE = 0.5
"""Share of bad releases a signal-gated rolling update stops at the first batch: those that fail
the instance's own health signal. The rest pass it (a check that does not exercise what broke)
and reach every instance."""


@cache
def load_failure_table() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(TABLE.read_text())
    return data


@dataclass(frozen=True)
class FailureInputs:
    """What the model cannot read from a template."""

    rates: tuple[tuple[str, float], ...] = ()
    """Overridden event rates (mode, events per unit a year)."""
    manual_detection: float | None = None
    manual_rto: float | None = None
    peak_rps: float | None = None
    rps_per_instance: float | None = None
    write_share: float = 1.0
    """Share of requests that need the database writer."""
    unknown_az: str = "same"
    """Placement the template leaves unknown: ``same`` (counted in one AZ) or ``spread``."""

    def rate(self, mode: str) -> float:
        for key, value in self.rates:
            if key == mode:
                return value
        return float(load_failure_table()["modes"][mode]["rate"])

    def check(self) -> None:
        for key, value in self.rates:
            if key not in MODES:
                raise UsageError(f"--frequency {key}: one of {', '.join(MODES)}")
            if value < 0 or math.isnan(value) or math.isinf(value):
                raise UsageError(f"--frequency {key}={value}: a rate of 0 or more")
        if not 0 <= self.write_share <= 1:
            raise UsageError(f"--write-share {self.write_share}: a share from 0 to 1")
        if self.unknown_az not in UNKNOWN_AZ_CHOICES:
            raise UsageError(f"--unknown-az {self.unknown_az}: same or spread")


def parse_frequencies(pairs: tuple[str, ...] | list[str]) -> tuple[tuple[str, float], ...]:
    """``("az-impairment=1", ...)`` → ``(("az-impairment", 1.0), ...)``."""
    found = []
    for pair in pairs:
        key, sep, value = pair.partition("=")
        try:
            if not sep:
                raise ValueError
            found.append((key.strip(), float(value)))
        except ValueError:
            raise UsageError(
                f"--frequency {pair!r}: MODE=EVENTS_PER_YEAR, e.g. az-impairment=1"
            ) from None
    return tuple(found)


@dataclass
class Contribution:
    """One part's share of a mode: where, how often, how long, how much is lost."""

    where: str
    events: float
    detection: float
    recovery: float
    blast: float
    minutes: float
    why: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "where": self.where,
            "events_per_year": round(self.events, 6),
            "detection_seconds": round(self.detection, 3),
            "recovery_seconds": round(self.recovery, 3),
            "blast_radius": round(self.blast, 6),
            "downtime_minutes_per_year": round(self.minutes, 4),
            "why": self.why,
        }


@dataclass
class ModeFigure:
    mode: str
    title: str
    rate: float
    per: str
    basis: str
    contributions: list[Contribution] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def minutes(self) -> float:
        return sum(c.minutes for c in self.contributions)

    @property
    def events(self) -> float:
        return sum(c.events for c in self.contributions)

    def _weighted(self, attr: str) -> float:
        events = self.events
        if not events:
            return 0.0
        total: float = sum(getattr(c, attr) * c.events for c in self.contributions)
        return total / events

    def to_dict(self) -> dict[str, Any]:
        return {
            "mode": self.mode,
            "title": self.title,
            "rate": self.rate,
            "per": self.per,
            "frequency_basis": self.basis,
            "events_per_year": round(self.events, 6),
            "detection_seconds": round(self._weighted("detection"), 3),
            "recovery_seconds": round(self._weighted("recovery"), 3),
            "blast_radius": round(self._weighted("blast"), 6),
            "downtime_minutes_per_year": round(self.minutes, 4),
            "contributions": [c.to_dict() for c in self.contributions],
            "sources": self.sources,
            "notes": self.notes,
        }


@dataclass
class DowntimeModel:
    modes: list[ModeFigure]
    reviewed: str
    assumptions: list[str] = field(default_factory=list)

    @property
    def minutes(self) -> float:
        return sum(m.minutes for m in self.modes)

    @property
    def availability(self) -> float:
        return max(0.0, 1.0 - self.minutes / MINUTES_PER_YEAR)

    @property
    def weakest(self) -> ModeFigure | None:
        found = [m for m in self.modes if m.minutes > 0]
        return max(found, key=lambda m: m.minutes) if found else None

    def mode(self, key: str) -> ModeFigure:
        return next(m for m in self.modes if m.mode == key)

    def to_dict(self) -> dict[str, Any]:
        weakest = self.weakest
        return {
            "downtime_minutes_per_year": round(self.minutes, 4),
            "availability": self.availability,
            "weakest_mode": weakest.mode if weakest else None,
            "modes": [m.to_dict() for m in self.modes],
            "assumptions": self.assumptions,
            "table_reviewed": self.reviewed,
        }


def model_downtime(
    model: Model,
    settings: Settings,
    inputs: FailureInputs | None = None,
    *,
    serving: list[RegionModel] | None = None,
    standby: list[RegionModel] | None = None,
) -> DowntimeModel:
    """Expected downtime per mode of ``model``. ``serving``: the regions users reach in steady
    state (the primary of an active/passive pair; every region otherwise); ``standby``: regions
    DNS fails over to."""
    inputs = inputs or FailureInputs()
    inputs.check()
    return Modeller(model, settings, inputs, serving, standby).run()


class Modeller:
    def __init__(
        self,
        model: Model,
        settings: Settings,
        inputs: FailureInputs,
        serving: list[RegionModel] | None,
        standby: list[RegionModel] | None,
    ) -> None:
        self.model = model
        self.settings = settings
        self.inputs = inputs
        self.table = load_failure_table()
        self.serving = serving if serving is not None else [r for r in model.regions if _serves(r)]
        self.standby = standby or []
        self.assumptions: list[str] = []
        self.figures = {key: self._figure(key) for key in MODES}

    # -- table ------------------------------------------------------------------------------
    def _figure(self, key: str) -> ModeFigure:
        entry = self.table["modes"][key]
        rate = self.inputs.rate(key)
        basis = entry["basis"]
        if rate != entry["rate"]:
            basis = f"{rate:g} per {entry['per']} (given; table: {entry['rate']:g})"
        return ModeFigure(key, entry["title"], rate, entry["per"], basis, sources=[entry["source"]])

    def timing(self, key: str, figure: ModeFigure | None = None) -> float:
        entry = self.table["timings"][key]
        if figure is not None and entry["source"] not in figure.sources:
            figure.sources.append(entry["source"])
        if key == "manual-detection" and self.inputs.manual_detection is not None:
            return self.inputs.manual_detection
        if key == "manual-recovery" and self.inputs.manual_rto is not None:
            return self.inputs.manual_rto
        return float(entry["seconds"])

    def duration(self, key: str) -> float:
        return float(self.table["modes"][key]["duration_minutes"]) * 60

    def add(
        self,
        key: str,
        where: str,
        events: float,
        detection: float,
        recovery: float,
        blast: float,
        why: str,
        seconds: float | None = None,
    ) -> None:
        """A contribution; lost time is ``(detection + recovery) × blast`` unless ``seconds``
        (request-weighted seconds lost per event) is given."""
        lost = (detection + recovery) * blast if seconds is None else seconds
        self.figures[key].contributions.append(
            Contribution(where, events, detection, recovery, blast, events * lost / 60, why)
        )

    def run(self) -> DowntimeModel:
        for region in self.serving:
            self._instances(region)
            self._az(region)
            self._databases(region)
            self._caches(region)
            self._nat(region)
        self._deployment()
        self._edge()
        self._region()
        self._dns()
        for figure in self.figures.values():
            if not figure.contributions:
                figure.notes.append("not applicable: nothing in the template has this mode")
        if self.inputs.peak_rps is None:
            self.assumptions.append(
                "no --peak-rps: the instances left after a failure are assumed to carry the load"
            )
        return DowntimeModel(list(self.figures.values()), self.table["reviewed"], self.assumptions)

    # -- capacity ---------------------------------------------------------------------------
    def needed(self, fleet: Fleet) -> int | None:
        if self.inputs.peak_rps is None:
            return None
        rps = rps_for(fleet.instance_type, self.inputs.rps_per_instance)
        if rps is None:
            return None
        return instances_needed(self.inputs.peak_rps, rps)

    def shortfall(self, fleet: Fleet, left: int) -> float:
        """Share of the peak the ``left`` instances cannot serve."""
        needed = self.needed(fleet)
        if needed is None:
            return 0.0 if left >= 1 else 1.0
        return max(0.0, (needed - left) / needed)

    def fleet_detection(self, fleet: Fleet, figure: ModeFigure) -> tuple[float, str]:
        fs = self.settings.fleet(fleet.stack, fleet.name)
        if fs.target_groups:
            group = min(fs.target_groups, key=lambda g: g.detection_seconds)
            for key in ("tg-interval-default", "tg-unhealthy-default"):
                self.timing(key, figure)
            return group.detection_seconds, f"{group.kind} {group.basis}"
        return self.timing("ec2-status-check", figure), "EC2 status checks (no target group)"

    def replacement(self, fleet: Fleet, figure: ModeFigure) -> tuple[float, str]:
        """Seconds until a replacement instance takes traffic."""
        if fleet.kind != "asg":
            return self.timing("manual-recovery", figure), "standalone instance: replaced by hand"
        fs = self.settings.fleet(fleet.stack, fleet.name)
        launch = self.timing("instance-launch", figure)
        if fs.health_check_type.upper() == "ELB" and fs.target_groups:
            group = min(fs.target_groups, key=lambda g: g.detection_seconds)
            notice, how = group.detection_seconds, "ELB health check"
        else:
            notice, how = self.timing("ec2-status-check", figure), "EC2 status checks"
        healthy = self.back_in_service(fleet, new=True)
        text = (
            f"Auto Scaling replaces it: {how} {duration_text(notice)} + launch "
            f"{duration_text(launch)} + healthy in the "
            f"{_checked_by(fs.target_groups)} {duration_text(healthy)}"
        )
        if fs.grace_seconds:
            text += f" (grace period {duration_text(fs.grace_seconds)} delays judging it)"
        return notice + launch + healthy, text

    def back_in_service(self, fleet: Fleet, *, new: bool) -> float:
        """Seconds from an instance answering to its checker sending it requests again: the
        healthy threshold × interval, and for a new instance behind a proxy tier the
        discovery agent's run that adds it first."""
        fs = self.settings.fleet(fleet.stack, fleet.name)
        return max(
            (g.recovery_seconds + (g.discovery_seconds if new else 0.0) for g in fs.target_groups),
            default=0.0,
        )

    # -- instance failure -------------------------------------------------------------------
    def _instances(self, region: RegionModel) -> None:
        figure = self.figures["instance-failure"]
        for name, members in sorted(quorum_clusters(region).items()):
            self._quorum_instances(name, members, figure)
        groups: list[Fleet] = [f for f in region.fleets if f.kind == "asg" and f.quorum is None]
        standalone = [f for f in region.fleets if f.kind == "instance"]
        for fleet in groups + standalone[:1]:
            size = (fleet.min_size or 1) if fleet.kind == "asg" else len(standalone)
            events = figure.rate * size
            detection, how = self.fleet_detection(fleet, figure)
            replace, replace_how = self.replacement(fleet, figure)
            where = f"{fleet.stack}/{fleet.name}" if fleet.kind == "asg" else "EC2 instances"
            if size <= 1:
                self.add(
                    "instance-failure",
                    where,
                    events,
                    detection,
                    replace,
                    1.0,
                    f"one instance: down until replaced; detection {how}; {replace_how}",
                )
                continue
            short = self.shortfall(fleet, size - 1)
            seconds = detection / size + short * replace
            why = f"1 of {size} instances lost until detected by the {how}"
            if short:
                why += f"; the other {size - 1} lack {short:.0%} of the peak until {replace_how}"
            self.add("instance-failure", where, events, detection, replace, 1 / size, why, seconds)

    # -- quorum clusters --------------------------------------------------------------------
    def _quorum_instances(self, name: str, members: list[Fleet], figure: ModeFigure) -> None:
        """A consensus cluster of n one-instance members is up while a majority is: losing one
        member costs a leader election when it led (chance 1/n); it is down only while more
        members than the majority spares are lost at once (a second failure before the first
        member is replaced, for three)."""
        n, need = len(members), len(members) // 2 + 1
        spare = n - need
        where = f"{members[0].stack}/{name}"
        events = figure.rate * n
        detection, _how = self.fleet_detection(members[0], figure)
        replace, replace_how = self.replacement(members[0], figure)
        if spare < 1:
            self.add(
                "instance-failure",
                where,
                events,
                detection,
                replace,
                1.0,
                f"quorum cluster {name}: {n} member(s), {need} needed: losing one stops it "
                f"until {replace_how}",
            )
            return
        election = self.timing("quorum-election", figure)
        self.add(
            "instance-failure",
            where,
            events,
            election,
            0.0,
            1 / n,
            f"quorum cluster {name}: {n - 1} of {n} members keep the majority ({need}); writes "
            f"pause for an election ({duration_text(election)}) when the lost member led "
            f"(chance 1/{n}); {replace_how}",
        )
        # spare + 1 members down together: each failure opens a window (until its member is
        # replaced) in which `spare` more of the others fail; the overlap lasts about a
        # window over (spare + 1)
        window = detection + replace
        chance = math.comb(n - 1, spare) * (figure.rate * window / SECONDS_PER_YEAR) ** spare
        self.add(
            "instance-failure",
            f"{where} (majority lost)",
            events * chance,
            0.0,
            window / (spare + 1),
            1.0,
            f"quorum cluster {name}: {spare + 1} members down at once (another fails within "
            f"the {duration_text(window)} the first takes to be replaced): no majority until "
            "one is back",
        )

    def _quorum_az(
        self,
        region: RegionModel,
        name: str,
        members: list[Fleet],
        rate: float,
        span: float,
        figure: ModeFigure,
    ) -> None:
        """An AZ impairment removes the members in it (a member cannot move: its interface and
        volume live in its AZ): the cluster keeps a majority or is down for the impairment."""
        n, need = len(members), len(members) // 2 + 1
        azs = region.azs()
        where = f"{members[0].stack}/{name}"
        election = self.timing("quorum-election", figure)
        unknown = [u for m in members for u in m.placement.unknown]
        self._unknown_note(unknown, where)
        zones: list[Az | None] = list(azs) if azs else [None]
        for az in zones:
            left = len(members_left(members, az))
            share = 1 / max(1, len(azs))
            if left >= need:
                lost = n - left
                if not lost:
                    continue
                self.add(
                    "az-impairment",
                    where,
                    rate * share,
                    election,
                    0.0,
                    lost / n,
                    f"quorum cluster {name}: {left} of {n} members outside {az} keep the "
                    f"majority ({need}); an election ({duration_text(election)}) when the "
                    f"leader was there (chance {lost}/{n})",
                )
            else:
                self._az_down(
                    where,
                    rate * share,
                    span,
                    f"quorum cluster {name}: {left} of {n} members outside {az}, {need} needed: "
                    "no majority, writes refused for the whole impairment",
                )

    # -- deployments --------------------------------------------------------------------------
    def _deployment(self) -> None:
        figure = self.figures["bad-deployment"]
        fleets = [f for r in self.serving for f in r.fleets if f.kind == "asg"]
        if not fleets:
            return
        # The largest fleet; among equals the first by name, not by where the template lists
        # it (a template read back from its file lists resources in another order).
        ordered = sorted(fleets, key=lambda f: (f.stack, f.name))
        fleet = max(ordered, key=lambda f: f.min_size or 1)
        size = fleet.min_size or 1
        fs = self.settings.fleet(fleet.stack, fleet.name)
        alarm = self.settings.service_alarm()
        if alarm is not None:
            detect, how = alarm.seconds, f"alarm {alarm.basis}"
        else:
            detect = self.timing("manual-detection", figure)
            how = "no alarm on a service metric (5xx, unhealthy hosts, latency) with an action"
        batch = min(size, fs.batch or size)
        launch = self.timing("instance-launch", figure)
        healthy = self.back_in_service(fleet, new=True)
        rounds = math.ceil(size / batch)
        redeploy = rounds * (launch + healthy)
        where = f"{fleet.stack}/{fleet.name}"
        if fs.gated:
            pause = fs.pause_seconds if fs.pause_seconds is not None else 300.0
            caught = figure.rate * GATED_CATCH_SHARE
            self.add(
                "bad-deployment",
                where,
                caught,
                pause,
                launch + healthy,
                batch / size,
                f"rolling update waits for signals: a release failing its health signal stops at "
                f"the first batch ({batch} of {size}) and CloudFormation rolls it back",
            )
            events = figure.rate * (1 - GATED_CATCH_SHARE)
            self.assumptions.append(
                f"signal-gated rolling update: {GATED_CATCH_SHARE:.0%} of bad releases assumed to "
                "fail the instance's own health signal; the rest reach every instance"
            )
        else:
            events = figure.rate
        self.add(
            "bad-deployment",
            where,
            events,
            detect,
            redeploy,
            1.0,
            f"the release reaches all {size} instances; detection: {how}; rollback redeploys in "
            f"{rounds} batch(es) of {batch}",
        )

    # -- AZ impairment ----------------------------------------------------------------------
    def region_az_count(self, region: RegionModel) -> int:
        used = len(region.azs())
        return max(1, used)

    def _az(self, region: RegionModel) -> None:
        figure = self.figures["az-impairment"]
        rate = figure.rate
        if not rate:
            return
        k_region = self.region_az_count(region)
        span = self.duration("az-impairment")
        label = region.label
        ttl = self.timing("elb-dns-ttl", figure)
        for lb in region.load_balancers:
            k = len(lb.placement.azs)
            where = f"{lb.stack}/{lb.name}"
            if k >= 2 or (lb.placement.unknown and self.inputs.unknown_az == "spread"):
                k = max(k, 2)
                self.add(
                    "az-impairment",
                    where,
                    rate * min(1.0, k / k_region),
                    ttl,
                    0.0,
                    1 / k,
                    f"load balancer in {k} AZs: the impaired AZ's node leaves DNS (TTL "
                    f"{duration_text(ttl)})",
                )
            else:
                self._unknown_note(lb.placement.unknown, where)
                one = "placement unknown, counted as one AZ" if k == 0 else "in one AZ"
                self._az_down(
                    where,
                    rate / k_region,
                    span,
                    f"load balancer {one} ({label}): down for the whole impairment",
                )
        for fleet in region.fleets:
            if fleet.kind != "asg" or fleet.quorum is not None:
                continue
            self._fleet_az(fleet, rate, k_region, span, figure)
        for name, members in sorted(quorum_clusters(region).items()):
            self._quorum_az(region, name, members, rate, span, figure)
        for db in region.databases:
            self._db_az(db, rate, k_region, span, figure)
        for group in region.caches:
            self._cache_az(group, rate, k_region, span, figure)

    def _fleet_az(
        self, fleet: Fleet, rate: float, k_region: int, span: float, figure: ModeFigure
    ) -> None:
        where = f"{fleet.stack}/{fleet.name}"
        size = fleet.min_size or 1
        k = len(fleet.placement.azs)
        if fleet.placement.unknown and self.inputs.unknown_az == "spread":
            k = max(k, min(size, 2) if size >= 2 else 2)
        elif fleet.placement.unknown:
            self._unknown_note(fleet.placement.unknown, where)
        detection, how = self.fleet_detection(fleet, figure)
        replace, replace_how = self.replacement(fleet, figure)
        if k <= 1:
            self._az_down(
                where,
                rate / k_region,
                span,
                ("every subnet in one AZ" if k else "placement unknown, counted as one AZ")
                + ": no AZ to launch replacements in",
            )
            return
        spread = min(size, k)
        if spread <= 1:
            # One instance, subnets in k AZs: it is lost when its AZ is; the group relaunches
            # it in another AZ.
            self.add(
                "az-impairment",
                where,
                rate / k_region,
                detection,
                replace,
                1.0,
                f"one instance: down until relaunched in another AZ ({replace_how})",
            )
            return
        lost = lost_with_one_az(size, k)
        short = self.shortfall(fleet, size - lost)
        seconds = detection * lost / size + short * replace
        why = f"{lost} of {size} instances in the impaired AZ until detected by the {how}"
        if short:
            why += f"; the rest lack {short:.0%} of the peak until {replace_how}"
        self.add(
            "az-impairment",
            where,
            rate * min(1.0, k / k_region),
            detection,
            replace if short else 0.0,
            lost / size,
            why,
            seconds,
        )

    def _db_az(
        self, db: Database, rate: float, k_region: int, span: float, figure: ModeFigure
    ) -> None:
        where = f"{db.stack}/{db.name}"
        if db.global_role == "secondary":
            return
        target, why = self.failover_target(db, figure)
        if target is None:
            self._az_down(
                where,
                rate / k_region,
                span,
                f"{why}: the database is down for the whole impairment",
            )
            return
        share, spread_why = target
        failover = self.failover_seconds(db, figure)
        seconds_lost = share * failover + (1 - share) * span
        self.add(
            "az-impairment",
            where,
            rate / k_region,
            0.0,
            failover,
            1.0,
            f"writer's AZ impaired: {spread_why}",
            seconds_lost,
        )

    def failover_target(
        self, db: Database, figure: ModeFigure
    ) -> tuple[tuple[float, str] | None, str]:
        """((chance a failover target sits outside the writer's AZ, why), why) or (None, why)."""
        if db.kind == "rds-cluster":
            return (1.0, "two readable standbys in other AZs"), ""
        if db.kind == "rds":
            if db.multi_az:
                return (1.0, "Multi-AZ standby in another AZ"), ""
            return None, "RDS Single-AZ"
        if db.kind == "aurora-serverless":
            return None, "Aurora Serverless v1 runs in one AZ"
        writer = db.writer
        readers = db.readers
        if writer is None or not readers:
            return None, "Aurora with no reader"
        if writer.az is not None and all(r.az is not None for r in readers):
            if any(r.az != writer.az for r in readers):
                return (1.0, "a reader in another AZ is promoted"), ""
            return None, "every Aurora reader in the writer's AZ"
        n = region_table.az_count(db.region) if db.region else None
        n = n or 3
        members = [writer, *readers]
        placed_by_aws = all(
            m.az is not None or (m.unknown or "").startswith("no AvailabilityZone") for m in members
        )
        if placed_by_aws:
            # CreateDBInstance: "Default: a random, system-chosen Availability Zone": each
            # reader lands in the writer's AZ with chance 1/n.
            share = 1 - (1 / n) ** len([r for r in readers if r.az is None or r.az == writer.az])
            known_apart = [r for r in readers if r.az is not None and r.az != writer.az]
            if writer.az is not None and known_apart:
                share = 1.0
            figure.notes.append(
                f"{db.stack}/{db.name}: instances without an AvailabilityZone are placed by RDS in "
                f"a random AZ of the region's {n}: a reader shares the writer's AZ with chance "
                f"1/{n} (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html)"
            )
            return (share, f"reader in another AZ with chance {share:.0%} (AWS places it)"), ""
        unknown = [m.unknown for m in members if m.unknown]
        self._unknown_note(unknown, f"{db.stack}/{db.name}")
        if self.inputs.unknown_az == "spread":
            return (1.0, "reader assumed in another AZ (--unknown-az spread)"), ""
        return None, "AZ of the Aurora instances unknown, counted as one AZ"

    def _az_down(self, where: str, events: float, span: float, why: str) -> None:
        """A part the impaired AZ stops outright: down for the whole impairment."""
        self.add("az-impairment", where, events, 0.0, span, 1.0, why)

    def failover_seconds(self, db: Database, figure: ModeFigure) -> float:
        if db.kind == "rds-cluster":
            return self.timing("rds-cluster-failover", figure)
        if db.kind == "rds":
            return self.timing("rds-multi-az-failover", figure)
        return self.timing("aurora-failover", figure) + self.timing("aurora-endpoint-ttl", figure)

    def _unknown_note(self, unknown: list[str], where: str) -> None:
        if not unknown:
            return
        text = (
            f"{where}: placement unknown ({'; '.join(str(u) for u in unknown)}); counted as "
            + ("spread over AZs" if self.inputs.unknown_az == "spread" else "one AZ")
            + " (--unknown-az same|spread)"
        )
        if text not in self.assumptions:
            self.assumptions.append(text)

    # -- database writer --------------------------------------------------------------------
    def _databases(self, region: RegionModel) -> None:
        figure = self.figures["db-writer-failure"]
        for db in region.databases:
            if db.global_role == "secondary" or db.replica_of:
                continue
            where = f"{db.stack}/{db.name}"
            events = figure.rate
            share = self.inputs.write_share
            if db.kind in ("aurora", "aurora-serverless") and db.readers:
                seconds = self.failover_seconds(db, figure)
                tiers = {
                    r.name: self.settings.promotion_tiers.get((db.stack, r.name), 1)
                    for r in db.readers
                }
                first = min(tiers, key=lambda n: tiers[n])
                why = (
                    f"Aurora promotes {first} (PromotionTier {tiers[first]}, the lowest); "
                    "reads continue on the other readers"
                )
                self.add("db-writer-failure", where, events, 0.0, seconds, share, why)
            elif db.kind in ("aurora", "aurora-serverless"):
                seconds = self.timing("aurora-recreate", figure)
                self.add(
                    "db-writer-failure",
                    where,
                    events,
                    0.0,
                    seconds,
                    1.0,
                    "no reader: Aurora creates a new writer (best effort)",
                )
            elif db.kind == "rds-cluster" or db.multi_az:
                seconds = self.failover_seconds(db, figure)
                self.add(
                    "db-writer-failure",
                    where,
                    events,
                    0.0,
                    seconds,
                    1.0,
                    "RDS fails over to the standby",
                )
            else:
                detect = self.timing("manual-detection", figure)
                seconds = self.timing("manual-recovery", figure)
                self.add(
                    "db-writer-failure",
                    where,
                    events,
                    detect,
                    seconds,
                    1.0,
                    "RDS Single-AZ: no standby; restored from backup by hand",
                )

    # -- caches -----------------------------------------------------------------------------
    def cache_failover(self, cache: Cache, figure: ModeFigure) -> tuple[float, bool, str]:
        """(seconds the primary endpoint is lost, whether a replica takes over, why)."""
        replicas = [r for r in cache.replicas]
        if cache.kind == "replication-group" and cache.automatic_failover and replicas:
            seconds = self.timing("elasticache-failover", figure)
            return (
                seconds,
                True,
                (
                    f"automatic failover promotes a replica ({duration_text(seconds)}); the "
                    "primary endpoint follows it"
                ),
            )
        seconds = self.timing("elasticache-replace", figure)
        why = (
            "automatic failover off"
            if replicas
            else ("one node" if cache.kind == "cluster" or not replicas else "no replica")
        )
        return (
            seconds,
            False,
            (
                f"{why}: ElastiCache replaces the node ({duration_text(seconds)}) and it comes "
                "back empty (the cold cache loads the database; not modelled)"
            ),
        )

    def _caches(self, region: RegionModel) -> None:
        figure = self.figures["cache-node-failure"]
        for group in region.caches:
            seconds, _promoted, why = self.cache_failover(group, figure)
            self.add("cache-node-failure", _cache_where(group), figure.rate, 0.0, seconds, 1.0, why)
        if region.caches and not any("needs the cache" in a for a in self.assumptions):
            self.assumptions.append(
                "the app needs the cache on every request (a cache that is only an optimisation "
                "loses nothing: --frequency cache-node-failure=0)"
            )

    def _cache_az(
        self, cache: Cache, rate: float, k_region: int, span: float, figure: ModeFigure
    ) -> None:
        where = _cache_where(cache)
        seconds, promoted, why = self.cache_failover(cache, figure)
        primary = cache.primary
        apart: list[Az | None] = [r for r in cache.replicas if r is not None and r != primary]
        if primary is None or any(r is None for r in cache.replicas):
            self._unknown_note(["AZ of cache nodes not set"], where)
            if self.inputs.unknown_az == "spread" and promoted:
                apart = [r for r in cache.replicas if r != primary or r is None]
            elif primary is None:
                apart = []
        if promoted and apart:
            self.add(
                "az-impairment",
                where,
                rate / k_region,
                0.0,
                seconds,
                1.0,
                f"primary's AZ impaired: {why}",
            )
            return
        reason = (
            "every node in the primary's AZ (or their AZ unknown)"
            if promoted
            else why.split(":")[0]
        )
        self._az_down(
            where, rate / k_region, span, f"{reason}: the cache is down for the whole impairment"
        )

    # -- CloudFront -------------------------------------------------------------------------
    def _edge(self) -> None:
        figure = self.figures["edge-impairment"]
        if not figure.rate:
            return
        span = self.duration("edge-impairment")
        for cdn in self.model.serving_cdns:
            self.add(
                "edge-impairment",
                f"{cdn.stack}/{cdn.name}",
                figure.rate,
                0.0,
                span,
                1.0,
                "the distribution is the entry point: viewers get errors while CloudFront is "
                "impaired (origin failover does not help: the edge itself fails)",
            )

    # -- NAT --------------------------------------------------------------------------------
    def _nat(self, region: RegionModel) -> None:
        figure = self.figures["nat-failure"]
        routes = [r for r in region.routes if r.nat]
        if not routes:
            return
        span = self.duration("nat-failure")
        k_region = self.region_az_count(region)
        by_nat: dict[str, int] = {}
        for route in routes:
            by_nat[route.nat or "?"] = by_nat.get(route.nat or "?", 0) + 1
        for nat, count in sorted(by_nat.items()):
            share = count / len(routes)
            self.add(
                "nat-failure",
                f"{region.label}/{nat}",
                figure.rate,
                0.0,
                span,
                share,
                f"{count} of {len(routes)} private subnets lose outbound access (assumes the "
                "request path needs it)",
            )
        az_rate = self.figures["az-impairment"].rate
        az_span = self.duration("az-impairment")
        crossing = [r for r in routes if r.nat_az is not None and r.nat_az != r.subnet_az]
        if crossing and az_rate:
            self.add(
                "az-impairment",
                f"{region.label} NAT routes",
                az_rate / k_region,
                0.0,
                az_span,
                len(crossing) / len(routes),
                f"{len(crossing)} private subnet(s) route through a NAT gateway in another AZ",
            )

    # -- region -----------------------------------------------------------------------------
    def _region(self) -> None:
        figure = self.figures["region-impairment"]
        span = self.duration("region-impairment")
        if not figure.rate:
            return
        for region in self.serving:
            where = region.label
            if not self.standby:
                self.add(
                    "region-impairment",
                    where,
                    figure.rate,
                    0.0,
                    span,
                    1.0,
                    "no region to fail over to: down for the whole event",
                )
                continue
            front, front_why = self.dns_failover(figure)
            cdn = self.cdn_failover(region, span)
            if cdn is not None:
                front, front_why = cdn
            db_time, db_why = self.writer_failover(region, figure)
            share = self.inputs.write_share if db_time is not None else 0.0
            db_seconds = min(span, max(front, db_time or 0.0))
            seconds = min(span, front) * (1 - share) + db_seconds * share
            why = f"{front_why}; {db_why}"
            full = db_time or front
            short, scale, scale_why = self.standby_capacity(figure)
            if short:
                # after DNS moves, the standby serves all but `short` of the peak until
                # Auto Scaling has added the instances it lacks
                seconds = min(span, seconds + short * max(0.0, min(scale, span - front)))
                full = max(full, front + scale)
                why += f"; {scale_why}"
            self.add(
                "region-impairment",
                where,
                figure.rate,
                front,
                max(0.0, full - front),
                1.0,
                why,
                seconds,
            )

    def cdn_failover(self, region: RegionModel, span: float) -> tuple[float, str] | None:
        """(seconds viewers are lost, why) when a CloudFront distribution is the entry point to
        ``region``: none when its origin group fails over to a standby region's load balancer,
        the whole event when the region's load balancer is its only way in (DNS failover
        records do not move a distribution's origin). None when no distribution reaches it."""
        standby = {r.region for r in self.standby}
        for cdn in self.model.serving_cdns:
            chain = cdn.chain()
            if not chain or chain[0].region != region.region:
                continue
            first = chain[0]
            second = chain[1] if len(chain) > 1 else None
            if second is not None and second.kind == "load-balancer" and second.region in standby:
                codes = ", ".join(str(c) for c in cdn.failover_codes) or "none"
                return 0.0, (
                    f"CloudFront origin group {cdn.stack}/{cdn.name}: each request the primary "
                    f"load balancer does not answer fails over to {second.region} (after "
                    f"{first.connection_timeout:g} s × {first.connection_attempts} connection "
                    f"attempts = {duration_text(first.give_up_seconds)} of waiting, or at once "
                    f"on status {codes}); viewers wait instead of failing, no DNS to change"
                    + (
                        f" (the {first.via} then moves the primary origin itself)"
                        if first.via
                        else ""
                    )
                )
            what = "the sorry page" if second is not None and second.kind == "s3" else "nothing"
            return span, (
                f"CloudFront {cdn.stack}/{cdn.name} reaches the app only through {first.id} in "
                f"{region.label} and fails over to {what}: DNS failover records do not move a "
                "distribution's origin"
            )
        return None

    def standby_capacity(self, figure: ModeFigure) -> tuple[float, float, str]:
        """(share of the peak the standby region's running instances cannot carry, seconds
        until Auto Scaling has added the rest, why). A warm standby runs fewer instances than
        the peak needs: after a failover its scale-out alarm fires, then instances launch and
        pass their health checks. Without a stated peak the standby is assumed to carry it."""
        worst: tuple[float, Fleet, int] | None = None
        for region in self.standby:
            for fleet in region.fleets:
                needed = self.needed(fleet) if fleet.kind == "asg" else None
                if needed is None:
                    continue
                short = self.shortfall(fleet, fleet.min_size or 1)
                if short and (worst is None or short > worst[0]):
                    worst = (short, fleet, needed)
        if worst is None:
            return 0.0, 0.0, ""
        short, fleet, needed = worst
        healthy = self.back_in_service(fleet, new=True)
        seconds = (
            self.timing("scale-out-detection", figure)
            + self.timing("instance-launch", figure)
            + healthy
        )
        return (
            short,
            seconds,
            f"the standby's {fleet.stack}/{fleet.name} runs {fleet.min_size or 1} of the "
            f"{needed} instances the peak needs: {short:.0%} of the peak waits "
            f"{duration_text(seconds)} for Auto Scaling (scale-out alarm, launch, healthy)",
        )

    def dns_failover(self, figure: ModeFigure) -> tuple[float, str]:
        """Seconds until Route 53 answers with the standby, and how."""
        checks = [
            (key, check)
            for key, check in self.settings.record_checks.items()
            if any(
                r.stack == key[0] and r.name == key[1] and (r.failover or "").upper() == "PRIMARY"
                for r in self.model.dns
            )
        ]
        ttl = self.timing("elb-dns-ttl", figure)
        for key, _check in checks:
            ttl = self.settings.record_ttl.get(key, ttl)
        if checks:
            check = min((c for _, c in checks), key=lambda c: c.detection_seconds)
            self.timing("r53-interval-default", figure)
            return check.detection_seconds + ttl, (
                f"Route 53 health check {check.basis} + TTL {duration_text(ttl)}"
            )
        self.timing("tg-interval-default", figure)
        fleets = [f for r in self.serving for f in r.fleets]
        detect = 0.0
        if fleets:
            detect, _ = self.fleet_detection(fleets[0], figure)
        return detect + ttl, (
            f"alias records evaluating target health: targets unhealthy after "
            f"{duration_text(detect)} + TTL {duration_text(ttl)}"
        )

    def writer_failover(self, region: RegionModel, figure: ModeFigure) -> tuple[float | None, str]:
        """Seconds until a standby region takes writes (None without a database)."""
        dbs = [db for db in region.databases if not db.replica_of]
        if not dbs:
            return None, "no database in the region"
        secondaries = [
            db
            for r in self.standby
            for db in r.databases
            if db.global_role == "secondary" or db.replica_of
        ]
        if not secondaries:
            return (
                self.timing("manual-detection", figure) + self.timing("manual-recovery", figure),
                "no database copy in the standby region: writes wait for a restore by hand",
            )
        standby_regions = {r.region for r in self.standby}
        automation = [a for a in self.settings.automations if a.region in standby_regions]
        automation = automation or self.settings.automations
        if automation:
            auto = automation[0]
            detect, _how = self.dns_failover(figure)
            trigger = auto.trigger_seconds or 0.0
            promote = self.timing("aurora-global-failover", figure)
            return detect + trigger + promote, (
                f"{auto.stack}/{auto.name} may fail the database over ({auto.trigger}): "
                f"standby writer after detection + trigger {duration_text(trigger)} + promotion "
                f"{duration_text(promote)}"
            )
        manual = self.timing("manual-detection", figure) + self.timing("manual-recovery", figure)
        return manual, (
            "no failover automation in the templates (nothing may call "
            "rds:FailoverGlobalCluster): the standby region serves reads, writes wait for a "
            f"promotion by hand ({duration_text(manual)})"
        )

    # -- DNS / health checks ----------------------------------------------------------------
    def _dns(self) -> None:
        figure = self.figures["dns-failure"]
        primaries = [
            (key, check)
            for key, check in self.settings.record_checks.items()
            if any(
                r.stack == key[0] and r.name == key[1] and (r.failover or "").upper() == "PRIMARY"
                for r in self.model.dns
            )
        ]
        if not primaries or not self.standby:
            figure.notes.append("no health-checked failover record: Route 53 data plane 100% SLA")
            return
        for key, check in primaries:
            ttl = self.settings.record_ttl.get(key, self.timing("elb-dns-ttl", figure))
            detect = check.detection_seconds
            back = check.recovery_seconds + ttl
            db_time, why = self.writer_failover(self.serving[0], figure)
            if db_time is None:
                lost, text = 0.0, "stateless: the standby serves every request"
            elif self.settings.automations:
                lost = (db_time - detect - ttl) * self.inputs.write_share
                text = "the false alarm also promotes the standby database: writes wait for it"
            else:
                lost = (detect + back) * self.inputs.write_share
                text = "the standby cannot take writes: lost until the check recovers"
            self.add(
                "dns-failure",
                f"{key[0]}/{key[1]}",
                figure.rate,
                detect,
                back,
                self.inputs.write_share,
                f"a false failover ({check.basis}): {text}",
                max(0.0, lost),
            )


def _cache_where(cache: Cache) -> str:
    return f"{cache.stack}/{cache.name}"


def _serves(region: RegionModel) -> bool:
    return bool(region.fleets or region.load_balancers or region.databases)


def _checked_by(groups: list[Any]) -> str:
    kinds = sorted({g.kind for g in groups})
    return " and ".join(kinds) if kinds else "target group"
