"""What Route 53 answers for a failover record pair, given each health check's state.

The emulator stores failover records and health checks but never probes anything (every health
check reports success), so the answer is computed here from Route 53's documented rules:

- a health check is unhealthy when its probes fail, inverted when ``Inverted`` is set, and
  always healthy when ``Disabled``;
- a failover record is healthy when its health check is (a record without one is healthy);
  with ``EvaluateTargetHealth`` the alias target must be healthy too;
- Route 53 answers with PRIMARY while it is healthy, else with SECONDARY while that is healthy;
  when both are unhealthy it answers with PRIMARY (all-unhealthy counts as all-healthy).

Sources: Route 53 Developer Guide, "Active-passive failover" and "How Amazon Route 53 chooses
records when health checking is configured".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class FailoverRecord:
    zone_id: str
    name: str
    type: str
    role: str
    """PRIMARY or SECONDARY."""
    set_identifier: str
    target: str
    """Alias DNS name, or the record's values joined by commas."""
    health_check_id: str | None
    evaluate_target_health: bool = False


@dataclass(frozen=True)
class HealthCheckState:
    probes_ok: bool
    """What the checkers observe (the emulator always reports success)."""
    inverted: bool = False
    disabled: bool = False

    @property
    def healthy(self) -> bool:
        if self.disabled:
            return True
        return self.probes_ok != self.inverted


def record_healthy(
    record: FailoverRecord,
    checks: Mapping[str, HealthCheckState],
    target_healthy: Mapping[str, bool] | None = None,
) -> bool:
    healthy = True
    if record.health_check_id is not None:
        state = checks.get(record.health_check_id)
        healthy = state.healthy if state is not None else True
    if record.evaluate_target_health and target_healthy is not None:
        healthy = healthy and target_healthy.get(record.target, True)
    return healthy


def failover_answer(
    records: Iterable[FailoverRecord],
    checks: Mapping[str, HealthCheckState],
    target_healthy: Mapping[str, bool] | None = None,
) -> FailoverRecord | None:
    """The record Route 53 answers with for one name and type (None without a PRIMARY)."""
    by_role = {r.role: r for r in records}
    primary, secondary = by_role.get("PRIMARY"), by_role.get("SECONDARY")
    if primary is not None and record_healthy(primary, checks, target_healthy):
        return primary
    if secondary is not None and record_healthy(secondary, checks, target_healthy):
        return secondary
    return primary if primary is not None else secondary
