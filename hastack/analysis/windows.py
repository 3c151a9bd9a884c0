"""The model's failover window for the app fleet behind a proxy tier: what the traffic drill
measures, taken from the availability estimate itself.

The traffic drill (``hastack drill --traffic``) kills a backend, then an "AZ" of backends, in
front of the real HAProxy or NGINX and measures when the proxy took them out and when they
served again. The failure-mode model predicts the same windows from the template: the proxy
tier's check settings (:func:`hastack.analysis.settings.read_settings` reads them from the
launch template's ``hastack:proxy`` metadata) give the detection of an instance failure and of an
AZ impairment, and the checks' healthy threshold gives the time back in rotation. The figures
here are the contributions of the :class:`~hastack.analysis.failures.DowntimeModel` that
:func:`~hastack.analysis.availability.estimate_availability` computed, not a second derivation.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from hastack.analysis.availability import compose, template_settings
from hastack.analysis.failures import Contribution, FailureInputs, Modeller
from hastack.analysis.sources import load_sources
from hastack.analysis.topology import build_model
from hastack.components.proxy_tier import proxy_tiers


@dataclass
class FailoverWindow:
    stack: str
    tier: str
    """Logical id of the proxy tier's launch template (what the drill runs)."""
    fleet: str
    """``stack/logical id`` of the Auto Scaling group the tier checks."""
    check: str
    detection_seconds: float
    """Instance failure: until the proxy takes the instance out (the model's detection)."""
    back_in_service_seconds: float
    """From an instance answering again to the proxy sending it requests (healthy checks)."""
    replacement_seconds: float
    """Instance failure: until Auto Scaling's replacement serves (the model's recovery)."""
    instance_blast: float
    """Share of requests lost while the instance is not yet detected (one of N)."""
    az_detection_seconds: float | None
    az_blast: float | None
    minutes_per_year: float
    """This fleet's instance-failure and AZ-impairment downtime in the estimate."""
    availability: float
    """The whole estimate's availability (every mode, every part)."""
    why: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def failover_windows(
    targets: Any, *, context: Any = None, inputs: FailureInputs | None = None
) -> list[FailoverWindow]:
    """One window per (proxy tier, app fleet it checks) in ``targets``."""
    sources = load_sources(targets, context=context)
    model = build_model(sources)
    settings = template_settings(model.sources)
    report = compose(model, settings=settings, inputs=inputs)
    downtime = report.downtime_model
    if downtime is None:
        return []
    instance = downtime.mode("instance-failure").contributions
    az = downtime.mode("az-impairment").contributions
    helper = Modeller(model, settings, inputs or FailureInputs(), None, None)
    fleets = {(f.stack, f.name): f for r in model.regions for f in r.fleets}
    found = []
    for source in sources:
        for tier, _options, _app in proxy_tiers(source.body):
            for (stack, name), fs in sorted(settings.fleets.items()):
                checks = [g for g in fs.target_groups if g.stack == source.name and g.name == tier]
                fleet = fleets.get((stack, name))
                if not checks or fleet is None:
                    continue
                where = f"{stack}/{name}"
                lost = _first(instance, where)
                zone = _first(az, where)
                if lost is None:
                    continue
                found.append(
                    FailoverWindow(
                        stack=source.name,
                        tier=tier,
                        fleet=where,
                        check=f"{checks[0].kind} {checks[0].basis}",
                        detection_seconds=lost.detection,
                        back_in_service_seconds=helper.back_in_service(fleet, new=False),
                        replacement_seconds=lost.recovery,
                        instance_blast=lost.blast,
                        az_detection_seconds=zone.detection if zone else None,
                        az_blast=zone.blast if zone else None,
                        minutes_per_year=sum(c.minutes for c in instance + az if c.where == where),
                        availability=downtime.availability,
                        why=lost.why,
                    )
                )
    return found


def _first(contributions: list[Contribution], where: str) -> Contribution | None:
    return next((c for c in contributions if c.where == where), None)
