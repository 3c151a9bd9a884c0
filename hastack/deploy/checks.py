"""The checks before a deploy: validation (its errors refuse the deploy) and the cost note.

``hastack deploy`` and :func:`hastack.deploy.api.deploy` both run :func:`run_checks` over the
stacks they are about to deploy, before any AWS call, so the Python API refuses what the CLI
refuses. The gate is :func:`hastack.validate.api.validate` itself over the same artifacts (the
file's own text when the stack came from a template file), so it finds exactly what
``hastack validate`` finds: a duplicate YAML key that the template parser would silently
collapse is an E0000 there and a refusal here. The cost estimate only informs: an app whose
stacks cannot be priced still deploys, with the reason in the note.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from hastack.core.artifact import StackArtifact
from hastack.cost.api import estimate
from hastack.cost.model import Estimate, cents
from hastack.errors import DeployError
from hastack.validate.api import validate
from hastack.validate.finding import Finding, Report

REFUSAL = "validation found errors: nothing was deployed"


@dataclass(frozen=True)
class GateError:
    """One error finding of the gate, with the stack it belongs to."""

    stack: str
    finding: Finding

    def describe(self) -> str:
        """``stack Resource: RULE message (fix: ...)``, one line per error."""
        where = f" {self.finding.resource}" if self.finding.resource else ""
        fix = f" (fix: {self.finding.fix})" if self.finding.fix else ""
        return f"{self.stack}{where}: {self.finding.rule} {self.finding.message}{fix}"


@dataclass
class Checks:
    """What the checks before a deploy found, or that they were skipped on request."""

    skipped: bool = False
    """True when the caller opted out (``skip_checks=True``, ``--skip-checks``)."""
    validation: Report | None = None
    errors: list[GateError] = field(default_factory=list)
    estimate: Estimate | None = None
    cost_skipped: str | None = None
    """Why there is no cost note (the estimate failed; it never blocks the deploy)."""

    @property
    def refused(self) -> bool:
        """True when validation found an error: nothing may be deployed."""
        return bool(self.errors)

    def notes(self) -> list[str]:
        """The lines the CLI prints after the errors: the validation summary, the cost note."""
        lines = []
        if self.validation is not None:
            lines.append(f"validation: {self.validation.summary()}")
        if self.estimate is not None:
            total = self.estimate
            lines.append(
                f"estimated cost: {total.currency} {cents(total.total_monthly):,} per month "
                f"({cents(total.total_monthly_fixed):,} fixed + "
                f"{cents(total.total_monthly_usage):,} usage-based; prices of "
                f"{total.catalog_date}; details: hastack cost)"
            )
        elif self.cost_skipped is not None:
            lines.append(f"cost summary skipped: {self.cost_skipped}")
        return lines

    def to_dict(self) -> dict[str, Any]:
        return {
            "skipped": self.skipped,
            "validation": None if self.validation is None else self.validation.summary(),
            "errors": [e.describe() for e in self.errors],
            "monthly_cost": None
            if self.estimate is None
            else str(cents(self.estimate.total_monthly)),
            "cost_skipped": self.cost_skipped,
        }


class ChecksFailed(DeployError):
    """Validation found errors in the stacks to deploy: nothing was deployed (exit code 1)."""

    def __init__(self, checks: Checks) -> None:
        self.checks = checks
        lines = [REFUSAL, *(f"  {error.describe()}" for error in checks.errors)]
        super().__init__("\n".join(lines))


def run_checks(specs: Sequence[StackArtifact], *, skip: bool = False) -> Checks:
    """Validate ``specs`` as ``hastack validate`` would; price them unless validation refused."""
    if skip:
        return Checks(skipped=True)
    subjects = list(specs)
    report = validate(subjects)
    checks = Checks(validation=report)
    for result in report.results:
        for finding in result.findings:
            if finding.severity == "error":
                checks.errors.append(GateError(result.stack or result.name, finding))
    if checks.refused:
        return checks
    try:
        checks.estimate = estimate(subjects)
    except Exception as error:  # noqa: BLE001 - the estimate informs, it never blocks a deploy
        checks.cost_skipped = str(error)
    return checks
