"""The intrinsic functions that decide where things run, resolved far enough to count AZs.

Placement in a template is written as ``Select(i, GetAZs(""))``, explicit AZ names, a ``Ref`` to
a subnet (whose ``AvailabilityZone`` says where it is), a parameter (with a default, a stack
value, or another stack's output) or a ``Join``/``Split`` of those. Anything else resolves to
:class:`Unknown` with the reason, and the callers treat an unknown as the less available case
and say so: an estimate that guesses in the user's favour is worse than none.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hastack.analysis.sources import AnalysisSource

REGION_AZS_ASSUMED = 3
"""AZs assumed for ``Fn::GetAZs`` used as a whole list: AWS opens regions with >= 3 AZs (the
few older ones with fewer are listed in :mod:`hastack.components._azs`)."""

LIST_TYPES = ("CommaDelimitedList", "List<")


@dataclass(frozen=True)
class Az:
    """One Availability Zone: an explicit name, or the i-th entry of ``Fn::GetAZs`` (AZ-1...)."""

    region: str | None
    name: str

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class ResourceRef:
    """``Ref`` (attr None) or ``GetAtt`` to a resource of a given source."""

    source: str
    logical_id: str
    attr: str | None = None


@dataclass(frozen=True)
class Unknown:
    """A value the analysis cannot know before deploy, with the reason."""

    reason: str

    def __str__(self) -> str:
        return self.reason


@dataclass(frozen=True)
class RegionAzs:
    """``Fn::GetAZs``: the region's AZs, in the order ``Fn::Select`` indexes them."""

    region: str | None

    def expand(self) -> list[Az]:
        from hastack.components._azs import azs_in_region

        count = (azs_in_region(self.region) if self.region else None) or REGION_AZS_ASSUMED
        return [symbolic_az(self.region, i) for i in range(count)]


def symbolic_az(region: str | None, index: int) -> Az:
    return Az(region, f"AZ-{index + 1}")


class Resolver:
    """Resolves expressions of any source of one analysis (outputs cross stack boundaries)."""

    def __init__(self, sources: list[AnalysisSource]) -> None:
        self.sources = {s.name: s for s in sources}
        self._depth = 0

    def value(self, source: AnalysisSource, expr: Any) -> Any:
        self._depth += 1
        try:
            if self._depth > 50:
                return Unknown("expression nested too deeply")
            return self._value(source, expr)
        finally:
            self._depth -= 1

    def _value(self, source: AnalysisSource, expr: Any) -> Any:
        if isinstance(expr, list):
            return [self.value(source, item) for item in expr]
        if isinstance(expr, (str, int, float, bool)) or expr is None:
            return expr
        if not isinstance(expr, dict) or len(expr) != 1:
            return Unknown("not an intrinsic function")
        ((fn, arg),) = expr.items()
        handler = _FUNCTIONS.get(fn)
        if handler is None:
            return Unknown(f"{fn} is not resolved before deploy")
        return handler(self, source, arg)

    # -- Ref ----------------------------------------------------------------------------------
    def ref(self, source: AnalysisSource, name: Any) -> Any:
        if not isinstance(name, str):
            return Unknown("Ref to a non-string")
        if name == "AWS::Region":
            return source.region if source.region else Unknown("the template has no region")
        if name.startswith("AWS::"):
            return Unknown(f"pseudo parameter {name}")
        if name in source.resources:
            return ResourceRef(source.name, name)
        params = source.body.get("Parameters") or {}
        spec = params.get(name) if isinstance(params, dict) else None
        if spec is None:
            return Unknown(f"Ref to {name}, which the template does not declare")
        is_list = isinstance(spec, dict) and str(spec.get("Type", "")).startswith(LIST_TYPES)
        if name in source.parameters:
            return _literal(source.parameters[name], is_list)
        if name in source.inputs:
            stack, output = source.inputs[name]
            producer = self.sources.get(stack)
            if producer is None:
                return Unknown(f"parameter {name} comes from stack {stack}, not analysed here")
            outputs = producer.body.get("Outputs") or {}
            out = outputs.get(output) if isinstance(outputs, dict) else None
            if not isinstance(out, dict) or "Value" not in out:
                return Unknown(f"stack {stack} has no output {output}")
            return self.value(producer, out["Value"])
        if isinstance(spec, dict) and "Default" in spec:
            return _literal(spec["Default"], is_list)
        return Unknown(f"parameter {name} has no value or default")

    def condition(self, source: AnalysisSource, name: str) -> bool | Unknown:
        conditions = source.body.get("Conditions") or {}
        if not isinstance(conditions, dict) or name not in conditions:
            return Unknown(f"condition {name} is not declared")
        return self._truth(source, conditions[name])

    def _truth(self, source: AnalysisSource, expr: Any) -> bool | Unknown:
        if isinstance(expr, bool):
            return expr
        if not isinstance(expr, dict) or len(expr) != 1:
            return Unknown("condition not understood")
        ((fn, arg),) = expr.items()
        if fn == "Condition":
            return self.condition(source, arg)
        if fn == "Fn::Equals" and isinstance(arg, list) and len(arg) == 2:
            left, right = (self.value(source, a) for a in arg)
            if isinstance(left, Unknown) or isinstance(right, Unknown):
                missing = left if isinstance(left, Unknown) else right
                return Unknown(f"Fn::Equals on an unknown value ({missing})")
            return str(left) == str(right)
        if fn in ("Fn::And", "Fn::Or", "Fn::Not") and isinstance(arg, list):
            values = [self._truth(source, a) for a in arg]
            for v in values:
                if isinstance(v, Unknown):
                    return v
            if fn == "Fn::Not":
                return not values[0] if values else Unknown("empty Fn::Not")
            return all(values) if fn == "Fn::And" else any(values)
        return Unknown(f"{fn} in a condition")

    def created(self, source: AnalysisSource, resource: dict[str, Any]) -> bool | Unknown:
        """Whether a resource with a ``Condition`` is created (True without one)."""
        condition = resource.get("Condition")
        if not isinstance(condition, str):
            return True
        return self.condition(source, condition)


def _literal(value: Any, is_list: bool) -> Any:
    if is_list and isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return value


def _ref(r: Resolver, s: AnalysisSource, arg: Any) -> Any:
    return r.ref(s, arg)


def _get_azs(r: Resolver, s: AnalysisSource, arg: Any) -> Any:
    region = r.value(s, arg)
    if region in ("", None) or isinstance(region, Unknown):
        return RegionAzs(s.region)
    return RegionAzs(str(region))


def _select(r: Resolver, s: AnalysisSource, arg: Any) -> Any:
    if not isinstance(arg, list) or len(arg) != 2:
        return Unknown("Fn::Select needs [index, list]")
    index = r.value(s, arg[0])
    items = r.value(s, arg[1])
    try:
        i = int(index)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return Unknown(f"Fn::Select index is not known ({index})")
    if isinstance(items, RegionAzs):
        return symbolic_az(items.region, i)
    if isinstance(items, list):
        return items[i] if 0 <= i < len(items) else Unknown(f"Fn::Select index {i} out of range")
    return Unknown(f"Fn::Select over an unknown list ({items})")


def _join(r: Resolver, s: AnalysisSource, arg: Any) -> Any:
    if not isinstance(arg, list) or len(arg) != 2:
        return Unknown("Fn::Join needs [delimiter, list]")
    delimiter, items = arg[0], r.value(s, arg[1])
    if isinstance(items, Unknown):
        return items
    if not isinstance(items, list):
        return Unknown("Fn::Join over a non-list")
    flat: list[Any] = []
    for item in items:
        flat.extend(item if isinstance(item, list) else [item])
    if all(isinstance(i, (str, int, float)) for i in flat):
        return str(delimiter).join(str(i) for i in flat)
    if delimiter == ",":
        return flat  # a list passed on as CommaDelimitedList; keep its items resolvable
    return Unknown("Fn::Join of values known only at deploy")


def _split(r: Resolver, s: AnalysisSource, arg: Any) -> Any:
    if not isinstance(arg, list) or len(arg) != 2:
        return Unknown("Fn::Split needs [delimiter, string]")
    value = r.value(s, arg[1])
    if isinstance(value, list):
        return value
    if isinstance(value, str):
        return value.split(str(arg[0]))
    return Unknown(f"Fn::Split of an unknown value ({value})")


def _get_att(r: Resolver, s: AnalysisSource, arg: Any) -> Any:
    if isinstance(arg, str) and "." in arg:
        arg = arg.split(".", 1)
    if not isinstance(arg, list) or len(arg) != 2 or not isinstance(arg[0], str):
        return Unknown("Fn::GetAtt not understood")
    if arg[0] not in s.resources:
        return Unknown(f"Fn::GetAtt on {arg[0]}, which the template does not declare")
    return ResourceRef(s.name, arg[0], str(arg[1]))


def _if(r: Resolver, s: AnalysisSource, arg: Any) -> Any:
    if not isinstance(arg, list) or len(arg) != 3:
        return Unknown("Fn::If needs [condition, then, else]")
    truth = r.condition(s, str(arg[0]))
    if isinstance(truth, Unknown):
        return truth
    branch = arg[1] if truth else arg[2]
    if isinstance(branch, dict) and branch.get("Ref") == "AWS::NoValue":
        return None
    return r.value(s, branch)


def _find_in_map(r: Resolver, s: AnalysisSource, arg: Any) -> Any:
    if not isinstance(arg, list) or len(arg) < 3:
        return Unknown("Fn::FindInMap needs [map, key, key]")
    keys = [r.value(s, a) for a in arg[:3]]
    for key in keys:
        if isinstance(key, Unknown) or not isinstance(key, str):
            return Unknown(f"Fn::FindInMap key not known ({key})")
    mappings = s.body.get("Mappings") or {}
    try:
        return r.value(s, mappings[keys[0]][keys[1]][keys[2]])
    except (KeyError, TypeError):
        return Unknown(f"Fn::FindInMap {'/'.join(keys)} not in Mappings")


def _sub(r: Resolver, s: AnalysisSource, arg: Any) -> Any:
    if isinstance(arg, str) and "${" not in arg:
        return arg
    return Unknown("Fn::Sub with variables")


_FUNCTIONS = {
    "Ref": _ref,
    "Fn::GetAZs": _get_azs,
    "Fn::Select": _select,
    "Fn::Join": _join,
    "Fn::Split": _split,
    "Fn::GetAtt": _get_att,
    "Fn::If": _if,
    "Fn::FindInMap": _find_in_map,
    "Fn::Sub": _sub,
}
