"""What a drill reports: the state before, what it did, the state after, and checks that decide.

A drill *passes* when every check holds, *fails* when one does not, and is *skipped* when the
app has nothing it can exercise (no Auto Scaling group, no Aurora cluster, no failover records)
or the emulator cannot do it; the reason is always given. Notes say what the emulator could
not show, so a pass on the emulator is never mistaken for a measurement of AWS.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, Literal, ParamSpec

P = ParamSpec("P")

Status = Literal["passed", "failed", "skipped"]


@dataclass(frozen=True)
class Check:
    """One condition the drill asserts, phrased as a sentence that is true when it passes."""

    description: str
    ok: bool


@dataclass
class DrillResult:
    drill: str
    subject: str
    """``stack/LogicalId`` of what was exercised (or the app, when nothing was)."""
    region: str | None
    before: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    after: list[str] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    skipped_reason: str | None = None
    seconds: float = 0.0

    @property
    def status(self) -> Status:
        if self.skipped_reason is not None:
            return "skipped"
        return "passed" if self.checks and all(c.ok for c in self.checks) else "failed"

    def check(self, description: str, ok: bool) -> bool:
        self.checks.append(Check(description, bool(ok)))
        return bool(ok)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["status"] = self.status
        data["seconds"] = round(self.seconds, 3)
        return data


@dataclass
class DrillReport:
    results: list[DrillResult] = field(default_factory=list)
    deploy_seconds: float | None = None

    @property
    def ok(self) -> bool:
        """No drill failed (skipped drills do not fail the run; they say why they were skipped)."""
        return not self.failed

    @property
    def failed(self) -> list[DrillResult]:
        return [r for r in self.results if r.status == "failed"]

    def counts(self) -> dict[str, int]:
        counts = {"passed": 0, "failed": 0, "skipped": 0}
        for result in self.results:
            counts[result.status] += 1
        return counts

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "counts": self.counts(),
            "deploy_seconds": None
            if self.deploy_seconds is None
            else round(self.deploy_seconds, 3),
            "drills": [r.to_dict() for r in self.results],
        }


def timed(drill: Callable[P, DrillResult]) -> Callable[P, DrillResult]:
    """Set ``seconds`` of the result a drill returns (on every return path) to its run time."""

    @functools.wraps(drill)
    def run(*args: P.args, **kwargs: P.kwargs) -> DrillResult:
        started = time.perf_counter()
        result = drill(*args, **kwargs)
        result.seconds = time.perf_counter() - started
        return result

    return run
