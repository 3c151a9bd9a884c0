"""A read-only view of one template as it will be deployed: body, region and parameter values.

Every command reads templates through this view and the :class:`~hastack.template.evaluate.
Evaluator` built on it, so validate, cost, analysis and deploy agree on what a template means.
A :class:`Workspace` holds several views at once: a parameter fed by another stack's output
(``inputs``) and ``Fn::ImportValue`` of another template's export resolve across them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from hastack.core.records import Record

if TYPE_CHECKING:
    from hastack.template.evaluate import Evaluator


class TemplateLike(Protocol):
    """What the evaluator reads of a template: any artifact with these attributes will do."""

    @property
    def name(self) -> str: ...
    @property
    def body(self) -> Mapping[str, Any]: ...
    @property
    def region(self) -> str | None: ...
    @property
    def parameters(self) -> Mapping[str, Any]: ...
    @property
    def inputs(self) -> Mapping[str, tuple[str, str]]: ...


def section(body: Mapping[str, Any], name: str) -> dict[str, Any]:
    """A top-level section of a template as a dict (empty when absent or malformed)."""
    value = body.get(name)
    return value if isinstance(value, dict) else {}


def properties(resource: Any) -> dict[str, Any]:
    """A resource's ``Properties`` (empty when absent or malformed)."""
    value = resource.get("Properties") if isinstance(resource, dict) else None
    return value if isinstance(value, dict) else {}


@dataclass(frozen=True, eq=False, repr=False)
class TemplateView(Record):
    """One template with its deploy-time context.

    ``parameters`` are literal values (a stack's, a manifest's or ``--parameter``); ``inputs``
    map a parameter to the (stack, output) that feeds it at deploy.
    """

    body: Mapping[str, Any]
    region: str | None = None
    name: str = "stack"
    parameters: Mapping[str, Any] = field(default_factory=dict)
    inputs: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    account_id: str | None = None

    @classmethod
    def of(cls, template: TemplateLike) -> TemplateView:
        if isinstance(template, TemplateView):
            return template
        return cls(
            body=template.body,
            region=template.region,
            name=template.name,
            parameters=dict(template.parameters or {}),
            inputs=dict(template.inputs or {}),
            account_id=getattr(template, "account_id", None),
        )

    @property
    def resources(self) -> dict[str, Any]:
        return section(self.body, "Resources")

    @property
    def parameter_specs(self) -> dict[str, Any]:
        return section(self.body, "Parameters")

    @property
    def mappings(self) -> dict[str, Any]:
        return section(self.body, "Mappings")

    @property
    def conditions(self) -> dict[str, Any]:
        return section(self.body, "Conditions")

    @property
    def outputs(self) -> dict[str, Any]:
        return section(self.body, "Outputs")

    def resources_of(self, *types: str) -> Iterator[tuple[str, dict[str, Any]]]:
        """(logical id, resource) of every well-formed resource of the given types (all if none)."""
        for logical_id, resource in self.resources.items():
            if not isinstance(resource, dict):
                continue
            if not types or resource.get("Type") in types:
                yield logical_id, resource

    def type_of(self, logical_id: str) -> str | None:
        resource = self.resources.get(logical_id)
        rtype = resource.get("Type") if isinstance(resource, dict) else None
        return rtype if isinstance(rtype, str) else None


_Template = TypeVar("_Template", bound=TemplateLike)


class Workspace(Generic[_Template]):
    """Several templates read together, so that values cross stack boundaries.

    Views are found by name; one :class:`Evaluator` per view is kept. Exports are indexed on
    first use of ``Fn::ImportValue``. The type parameter is the kind of template added (a
    caller that adds stack artifacts gets them back from :attr:`sources`).
    """

    def __init__(self, templates: Iterable[_Template] = ()) -> None:
        self.views: dict[str, TemplateView] = {}
        self._originals: dict[str, _Template] = {}
        self._evaluators: dict[str, Evaluator] = {}
        self._exports: dict[str, tuple[str, Any]] | None = None
        for template in templates:
            self.add(template)

    def add(self, template: _Template) -> TemplateView:
        view = TemplateView.of(template)
        self.views[view.name] = view
        self._originals[view.name] = template
        self._evaluators.pop(view.name, None)
        self._exports = None
        return view

    @property
    def sources(self) -> dict[str, _Template]:
        """The templates as they were added, by name."""
        return self._originals

    def evaluator(self, template: _Template | str) -> Evaluator:
        from hastack.template.evaluate import Evaluator

        name = template if isinstance(template, str) else template.name
        if name not in self.views:
            if isinstance(template, str):
                raise KeyError(name)
            self.add(template)
        found = self._evaluators.get(name)
        if found is None:
            found = Evaluator(self.views[name], workspace=self)
            self._evaluators[name] = found
        return found

    def export(self, name: str) -> tuple[str, Any] | None:
        """(stack, the exporting output's Value) for an export name, when a view exports it."""
        if self._exports is None:
            self._exports = {}
            for view in self.views.values():
                evaluator = self.evaluator(view.name)
                for output in view.outputs.values():
                    if not isinstance(output, dict):
                        continue
                    export = output.get("Export")
                    if not isinstance(export, dict) or "Name" not in export:
                        continue
                    export_name = evaluator.value(export["Name"])
                    if isinstance(export_name, str):
                        self._exports[export_name] = (view.name, output.get("Value"))
        return self._exports.get(name)
