"""Intrinsic functions and conditions, evaluated the way CloudFormation would at create time.

The estimate must price what a stack would really launch: an instance type may come from a
parameter default, a ``--parameter`` override, a mapping keyed by region, or an ``Fn::If`` on a
condition. Values that only exist once deployed (``Fn::GetAtt``, a ``Ref`` to a resource,
``Fn::ImportValue``, SSM parameter types) raise :class:`Unresolved`; pricers turn that into a
stated assumption instead of a crash.
"""

from __future__ import annotations

import re
from typing import Any

ACCOUNT_ID = "123456789012"
NO_VALUE = object()
"""What ``Ref: AWS::NoValue`` resolves to: the property is treated as absent."""


class Unresolved(Exception):
    """A value that cannot be known before deploy; the message says why."""


_SUB_VAR = re.compile(r"\$\{([^}!][^}]*)\}")


class Resolver:
    """Evaluates intrinsics of one template for one region and set of parameter values."""

    def __init__(
        self,
        body: dict[str, Any],
        region: str,
        parameters: dict[str, str] | None = None,
        stack_name: str = "stack",
    ) -> None:
        self.body = body
        self.region = region
        self.stack_name = stack_name
        self.overrides = dict(parameters or {})
        self.declared: dict[str, Any] = body.get("Parameters") or {}
        self.mappings: dict[str, Any] = body.get("Mappings") or {}
        self.conditions: dict[str, Any] = body.get("Conditions") or {}
        self.resources: dict[str, Any] = body.get("Resources") or {}
        self._condition_cache: dict[str, bool] = {}
        self._evaluating: set[str] = set()
        self.linked: dict[str, tuple[Resolver, Any]] = {}
        """Parameters fed by another stack's output at deploy: (that stack's resolver, the
        output's Value). Their values stay unknown, but not what they point at."""

    def link(self, parameter: str, producer: Resolver, output: str) -> None:
        outputs = producer.body.get("Outputs") or {}
        value = (outputs.get(output) or {}).get("Value") if isinstance(outputs, dict) else None
        if value is not None:
            self.linked[parameter] = (producer, value)

    def linked_output(self, node: Any) -> tuple[Resolver, Any] | None:
        """For ``Ref`` to a parameter fed by another stack: that stack and its output's Value."""
        if isinstance(node, dict) and len(node) == 1 and isinstance(node.get("Ref"), str):
            return self.linked.get(node["Ref"])
        return None

    def count(self, node: Any) -> int | None:
        """How many items a list value has, when that is known before deploy even if the items
        are not (a list of Refs, a Join of them, a parameter fed by such an output)."""
        if isinstance(node, list):
            return len(node)
        linked = self.linked_output(node)
        if linked is not None:
            producer, value = linked
            if isinstance(value, dict) and isinstance(value.get("Fn::Join"), list):
                items = value["Fn::Join"][1]
                return len(items) if isinstance(items, list) else None
            return producer.count(value)
        try:
            value = self.value(node)
        except Unresolved:
            return None
        return len(value) if isinstance(value, list) else None

    # -- parameters ------------------------------------------------------------------------------
    def pseudo(self, name: str) -> Any:
        china = self.region.startswith("cn-")
        values: dict[str, Any] = {
            "AWS::Region": self.region,
            "AWS::AccountId": ACCOUNT_ID,
            "AWS::StackName": self.stack_name,
            "AWS::Partition": "aws-cn" if china else "aws",
            "AWS::URLSuffix": "amazonaws.com.cn" if china else "amazonaws.com",
            "AWS::NoValue": NO_VALUE,
        }
        if name in values:
            return values[name]
        raise Unresolved(f"{name} is only known at deploy")

    def parameter(self, name: str) -> Any:
        spec = self.declared.get(name) or {}
        ptype = str(spec.get("Type", "String"))
        if name in self.overrides:
            value: Any = self.overrides[name]
        elif "Default" in spec:
            value = spec["Default"]
        else:
            raise Unresolved(f"parameter {name} has no default (set --parameter {name}=...)")
        if ptype.startswith("AWS::SSM::Parameter::Value"):
            raise Unresolved(f"parameter {name} is read from SSM Parameter Store at deploy")
        if ptype == "CommaDelimitedList" or ptype.startswith("List<"):
            if isinstance(value, str):
                return [v.strip() for v in value.split(",")] if value else []
        return value

    # -- values ----------------------------------------------------------------------------------
    def value(self, node: Any) -> Any:
        """``node`` with every intrinsic evaluated; raises :class:`Unresolved`."""
        if isinstance(node, list):
            out = []
            for item in node:
                resolved = self.value(item)
                if resolved is not NO_VALUE:
                    out.append(resolved)
            return out
        if not isinstance(node, dict):
            return node
        if len(node) == 1:
            ((key, arg),) = node.items()
            handler = _FUNCTIONS.get(key)
            if handler is not None:
                return handler(self, arg)
            if key.startswith("Fn::"):
                raise Unresolved(f"{key} is not evaluated before deploy")
        out_dict = {}
        for key, item in node.items():
            resolved = self.value(item)
            if resolved is not NO_VALUE:
                out_dict[key] = resolved
        return out_dict

    def get(self, props: dict[str, Any], key: str, default: Any = None) -> Any:
        """``props[key]`` resolved; ``default`` when absent or ``AWS::NoValue``."""
        if key not in props:
            return default
        value = self.value(props[key])
        return default if value is NO_VALUE else value

    def ref_target(self, node: Any) -> str | None:
        """The logical id a ``Ref``/``GetAtt`` (possibly under ``Fn::If``) points at, if any."""
        if isinstance(node, dict) and len(node) == 1:
            ((key, arg),) = node.items()
            if key == "Ref" and isinstance(arg, str) and arg in self.resources:
                return arg
            if key == "Fn::GetAtt":
                target = arg.split(".", 1)[0] if isinstance(arg, str) else arg[0]
                return target if target in self.resources else None
            if key == "Fn::If" and isinstance(arg, list) and len(arg) == 3:
                chosen = arg[1] if self.condition(arg[0]) else arg[2]
                return self.ref_target(chosen)
        return None

    # -- conditions ------------------------------------------------------------------------------
    def condition(self, name: str) -> bool:
        """Value of the named condition; an unknown name or unresolvable input raises Unresolved."""
        if name in self._condition_cache:
            return self._condition_cache[name]
        if name not in self.conditions:
            raise Unresolved(f"condition {name} is not defined")
        if name in self._evaluating:
            raise Unresolved(f"condition {name} refers to itself")
        self._evaluating.add(name)
        try:
            result = self.truth(self.conditions[name])
        finally:
            self._evaluating.discard(name)
        self._condition_cache[name] = result
        return result

    def truth(self, node: Any) -> bool:
        if isinstance(node, dict) and len(node) == 1:
            ((key, arg),) = node.items()
            if key == "Condition":
                return self.condition(arg)
            if key == "Fn::Equals":
                left, right = (self.value(v) for v in arg)
                return _scalar(left) == _scalar(right)
            if key == "Fn::And":
                return all(self.truth(v) for v in arg)
            if key == "Fn::Or":
                return any(self.truth(v) for v in arg)
            if key == "Fn::Not":
                return not self.truth(arg[0])
        value = self.value(node)
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        raise Unresolved(f"{node!r} is not a condition")


def _scalar(value: Any) -> Any:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float)):
        return str(value)
    return str(value) if not isinstance(value, (list, dict)) else value


def _ref(r: Resolver, name: Any) -> Any:
    if not isinstance(name, str):
        raise Unresolved(f"Ref to {name!r}")
    if name.startswith("AWS::"):
        return r.pseudo(name)
    if name in r.declared or name in r.overrides:
        return r.parameter(name)
    if name in r.resources:
        raise Unresolved(f"Ref {name} is the physical id of a resource, known at deploy")
    raise Unresolved(f"Ref {name}: no such parameter or resource")


def _find_in_map(r: Resolver, arg: Any) -> Any:
    name, top, second = (r.value(v) for v in arg[:3])
    default = arg[3].get("DefaultValue") if len(arg) > 3 and isinstance(arg[3], dict) else None
    try:
        return r.mappings[name][str(top)][str(second)]
    except (KeyError, TypeError):
        if default is not None:
            return r.value(default)
        raise Unresolved(f"Fn::FindInMap {name}/{top}/{second}: no such entry") from None


def _if(r: Resolver, arg: Any) -> Any:
    name, when_true, when_false = arg
    return r.value(when_true if r.condition(name) else when_false)


def _select(r: Resolver, arg: Any) -> Any:
    index, items = r.value(arg[0]), r.value(arg[1])
    try:
        return items[int(index)]
    except (IndexError, ValueError, TypeError):
        raise Unresolved(f"Fn::Select index {index} out of range") from None


def _sub(r: Resolver, arg: Any) -> Any:
    if isinstance(arg, list):
        text, local = arg[0], {k: r.value(v) for k, v in (arg[1] or {}).items()}
    else:
        text, local = arg, {}

    def replace(match: re.Match[str]) -> str:
        name = match.group(1).strip()
        if name in local:
            return str(local[name])
        if "." in name:
            raise Unresolved(f"${{{name}}} is a resource attribute, known at deploy")
        value = _ref(r, name)
        if isinstance(value, list):
            raise Unresolved(f"${{{name}}} is a list")
        return str(value)

    return _SUB_VAR.sub(replace, text).replace("${!", "${")


def _join(r: Resolver, arg: Any) -> Any:
    sep, items = arg
    values = r.value(items)
    return str(sep).join(str(v) for v in values)


def _split(r: Resolver, arg: Any) -> Any:
    sep, text = arg
    return str(r.value(text)).split(sep)


def _get_azs(r: Resolver, arg: Any) -> Any:
    region = r.value(arg) or r.region
    return [f"{region}{suffix}" for suffix in "abc"]


def _unresolved(name: str) -> Any:
    def handler(r: Resolver, arg: Any) -> Any:
        raise Unresolved(f"{name} is only known at deploy")

    return handler


_FUNCTIONS = {
    "Ref": _ref,
    "Fn::FindInMap": _find_in_map,
    "Fn::If": _if,
    "Fn::Select": _select,
    "Fn::Sub": _sub,
    "Fn::Join": _join,
    "Fn::Split": _split,
    "Fn::GetAZs": _get_azs,
    "Fn::Base64": lambda r, arg: r.value(arg),
    "Fn::Equals": lambda r, arg: r.truth({"Fn::Equals": arg}),
    "Fn::And": lambda r, arg: r.truth({"Fn::And": arg}),
    "Fn::Or": lambda r, arg: r.truth({"Fn::Or": arg}),
    "Fn::Not": lambda r, arg: r.truth({"Fn::Not": arg}),
    "Condition": lambda r, arg: r.condition(arg),
    "Fn::GetAtt": _unresolved("Fn::GetAtt"),
    "Fn::ImportValue": _unresolved("Fn::ImportValue"),
    "Fn::Cidr": _unresolved("Fn::Cidr"),
}
