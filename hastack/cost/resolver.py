"""Cost's view of the shared evaluator: a value is known, or pricing states an assumption.

The estimate must price what a stack would really launch: an instance type may come from a
parameter default, a ``--parameter`` override, a mapping keyed by region, or an ``Fn::If`` on a
condition. Evaluation is :mod:`hastack.template.evaluate`'s; this adapter only turns what it
cannot know (``Fn::GetAtt``, a ``Ref`` to a resource, SSM parameter types) into
:class:`Unresolved`, which pricers turn into a stated assumption instead of a crash.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hastack.template.evaluate import Evaluator, Unresolved, why_not_known
from hastack.template.values import NO_VALUE, Az, Unknown, first_unknown
from hastack.template.view import TemplateView, Workspace

__all__ = ["NO_VALUE", "Resolver", "Unresolved"]


class Resolver:
    """Evaluates one template's expressions for pricing; raises :class:`Unresolved`."""

    def __init__(
        self,
        body: Mapping[str, Any],
        region: str,
        parameters: Mapping[str, Any] | None = None,
        stack_name: str = "stack",
        *,
        inputs: Mapping[str, tuple[str, str]] | None = None,
        workspace: Workspace[TemplateView] | None = None,
    ) -> None:
        self.view = TemplateView(
            body=body,
            region=region,
            name=stack_name,
            parameters=dict(parameters or {}),
            inputs=dict(inputs or {}),
        )
        if workspace is not None:
            workspace.add(self.view)
            self.evaluator = workspace.evaluator(stack_name)
        else:
            self.evaluator = Evaluator(self.view)
        self.region = region
        self.resources = self.view.resources

    def value(self, node: Any) -> Any:
        """``node`` with every intrinsic evaluated; raises :class:`Unresolved`."""
        found = self.evaluator.value(node)
        if found is NO_VALUE:
            return NO_VALUE
        missing = first_unknown(found)
        if missing is not None and missing.missing_parameter:
            name = missing.missing_parameter
            raise Unresolved(f"parameter {name} has no default (set --parameter {name}=...)")
        problem = why_not_known(found)
        if problem is not None:
            raise Unresolved(problem)
        return _plain(found)

    def get(self, props: Mapping[str, Any], key: str, default: Any = None) -> Any:
        """``props[key]`` resolved; ``default`` when absent or ``AWS::NoValue``."""
        if key not in props:
            return default
        found = self.value(props[key])
        return default if found is NO_VALUE else found

    def count(self, node: Any) -> int | None:
        """How many items a list value has when known, even if the items are not (a list of
        Refs, a Join of them, a parameter fed by such an output)."""
        return self.evaluator.count(node)

    def mentions_resource(self, node: Any) -> bool:
        """Whether ``node`` names a resource, of this stack or (through a parameter fed by an
        output) of another: a load balancer's DNS name from the web stack, say."""
        return bool(self.evaluator.references(node))

    def ref_target(self, node: Any) -> str | None:
        return self.evaluator.ref_target(node)

    def condition(self, name: str) -> bool:
        """Value of the named condition; unknown raises :class:`Unresolved`."""
        found = self.evaluator.condition(name)
        if isinstance(found, Unknown):
            reason = found.reason.replace("is not declared", "is not defined")
            raise Unresolved(reason)
        return found


def _plain(found: Any) -> Any:
    """Zone names for AZ values: a price list speaks of ``us-east-1a``, not ``AZ-1``."""
    if isinstance(found, Az):
        return found.zone or found.name
    if isinstance(found, list):
        return [_plain(item) for item in found]
    if isinstance(found, dict):
        return {key: _plain(item) for key, item in found.items()}
    return found
