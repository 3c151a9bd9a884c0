"""The analysis's view of the shared evaluator: placement resolved far enough to count AZs.

Placement in a template is written as ``Select(i, GetAZs(""))``, explicit AZ names, a ``Ref`` to
a subnet (whose ``AvailabilityZone`` says where it is), a parameter (with a default, a stack
value, or another stack's output) or a ``Join``/``Split`` of those. Evaluation is
:mod:`hastack.template.evaluate`'s; anything it cannot know is :class:`Unknown` with the reason,
and the callers treat an unknown as the less available case and say so: an estimate that
guesses in the user's favour is worse than none.
"""

from __future__ import annotations

from typing import Any

from hastack.core.artifact import StackArtifact
from hastack.template.values import NO_VALUE, Az, RegionAzs, ResourceRef, Unknown, symbolic_az
from hastack.template.view import Workspace

REGION_AZS_ASSUMED = 3
"""AZs assumed for ``Fn::GetAZs`` of a template with no region: AWS opens regions with >= 3."""

__all__ = ["Az", "REGION_AZS_ASSUMED", "RegionAzs", "Resolver", "ResourceRef", "Unknown"]


class Resolver(Workspace[StackArtifact]):
    """Resolves expressions of any template of one analysis (outputs cross stack boundaries)."""

    def value(self, source: StackArtifact, expr: Any) -> Any:
        found = self.evaluator(source).value(expr)
        return None if found is NO_VALUE else found

    def condition(self, source: StackArtifact, name: str) -> bool | Unknown:
        return self.evaluator(source).condition(name)

    def created(self, source: StackArtifact, resource: dict[str, Any]) -> bool | Unknown:
        """Whether a resource with a ``Condition`` is created (True without one)."""
        return self.evaluator(source).created(resource)


def assumed_region_azs(region: str | None) -> list[Az]:
    """The AZs counted for ``Fn::GetAZs`` of an unknown region."""
    return [symbolic_az(region, i) for i in range(REGION_AZS_ASSUMED)]
