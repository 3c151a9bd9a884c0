"""The one intrinsic-function evaluator: what a template's expressions are worth before deploy.

CloudFormation evaluates intrinsics at create time; hastack needs the same answers earlier, to
lint, price and analyse. This module does it once for every command. An expression evaluates
to a plain JSON value when it can be known, to :class:`~hastack.template.values.Unknown` (with
the reason) when it cannot, or to a symbolic value that still says what it stands for
(:class:`~hastack.template.values.ResourceRef` for ``Ref``/``GetAtt`` to a resource,
:class:`~hastack.template.values.Az` for an entry of ``Fn::GetAZs``). Nothing raises on a
malformed template: a malformed call is an ``Unknown`` saying so.

Each consumer keeps its own policy for unknowns (cost states an assumption, analysis counts the
less available case, validate stays silent, the local engine fails the resource). The local
engine also passes callbacks so that ``Ref``/``GetAtt``, SSM parameters and imports resolve to
the real values of its resources.

The semantics follow the CloudFormation intrinsic function reference
(https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html),
including the ``AWS::LanguageExtensions`` additions ``Fn::Length``, ``Fn::ToJsonString`` and
``Fn::FindInMap`` with ``DefaultValue``.
"""

from __future__ import annotations

import base64
import ipaddress
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from hastack.core import regions
from hastack.core.records import Record
from hastack.core.template_format import SUB_VARIABLE
from hastack.template.values import (
    NO_VALUE,
    Az,
    RegionAzs,
    ResourceRef,
    Unknown,
    first_unknown,
    is_known,
    symbolic_az,
)
from hastack.template.view import TemplateView

if TYPE_CHECKING:
    from hastack.template.view import Workspace

MAX_DEPTH = 64
LIST_TYPES = ("CommaDelimitedList", "List<")
SSM_TYPE_PREFIX = "AWS::SSM::Parameter::Value<"

ResourceResolver = Callable[[str, str | None], Any]
"""(logical id, attribute or None for Ref) → the deployed value, for the local engine."""
SsmResolver = Callable[[str], Any]
"""SSM parameter name → its value (or Unknown)."""


def _as_written(text: str) -> Any:
    return text


@dataclass(frozen=True, eq=False, repr=False)
class DeployMode(Record):
    """What a deploy knows that a reader of the template does not, given by the local engine.

    With it, the evaluator answers as CloudFormation does when it provisions the stack: ``Ref``
    and ``Fn::GetAtt`` give the real values of the stack's resources (the callbacks may raise
    to say a value is not there yet), the view's ``parameters`` are the final values (typed,
    SSM-resolved: a list parameter is a list), ``AWS::StackId`` and the other pseudo parameters
    are the stack's, ``Fn::GetAZs`` lists the emulator's zones, ``Fn::Base64`` encodes, and a
    ``{{resolve:...}}`` dynamic reference is resolved by ``dynamic``.
    https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/pseudo-parameter-reference.html
    """

    resource_value: ResourceResolver
    import_value: Callable[[str], Any]
    pseudo: Mapping[str, Any] = field(default_factory=dict)
    """Pseudo parameter name -> value (``AWS::StackId``, ``AWS::AccountId``, ...)."""
    zones: Callable[[str], list[str]] | None = None
    """Region -> its AZ names, as the emulator's EC2 has them."""
    dynamic: Callable[[str], Any] = _as_written
    """A string holding ``{{resolve:...}}`` -> the string with the references resolved."""


class Unresolved(Exception):
    """Raised by :meth:`Evaluator.require` for a value that is not known before deploy."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Evaluator:
    """Evaluates the expressions of one template.

    ``workspace`` lets values cross to other templates (stack inputs, imports);
    ``resource_value``, ``ssm_value`` and ``import_value`` answer single lookups;
    ``zone_names`` makes ``Fn::GetAZs`` return zone names (``us-east-1a``) instead of symbolic
    :class:`Az` values. ``deploy`` switches to deploy mode (see :class:`DeployMode`).
    """

    def __init__(
        self,
        view: TemplateView,
        *,
        workspace: Workspace[Any] | None = None,
        resource_value: ResourceResolver | None = None,
        ssm_value: SsmResolver | None = None,
        import_value: Callable[[str], Any] | None = None,
        zone_names: bool = False,
        defaults: bool = True,
        deploy: DeployMode | None = None,
    ) -> None:
        self.view = view
        self.workspace = workspace
        self.deploy = deploy
        self.resource_value = deploy.resource_value if deploy else resource_value
        self.ssm_value = ssm_value
        self.import_value = deploy.import_value if deploy else import_value
        self.zone_names = zone_names
        self.defaults = defaults
        self._resources = view.resources
        self._params = view.parameter_specs
        self._conditions: dict[str, bool | Unknown] = {}
        self._evaluating: set[str] = set()
        self._depth = 0

    # -- the public surface -----------------------------------------------------------------
    def value(self, node: Any) -> Any:
        """``node`` with every intrinsic evaluated (``NO_VALUE`` for ``Ref: AWS::NoValue``)."""
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                return Unknown("expression nested too deeply")
            return self._value(node)
        finally:
            self._depth -= 1

    def get(self, props: Mapping[str, Any], key: str, default: Any = None) -> Any:
        """``props[key]`` evaluated; ``default`` when absent or ``AWS::NoValue``."""
        if not isinstance(props, Mapping) or key not in props:
            return default
        found = self.value(props[key])
        return default if found is NO_VALUE else found

    def known(self, node: Any, default: Any = None) -> Any:
        """The value when it is fully known before deploy, else ``default``."""
        found = self.value(node)
        return found if found is not NO_VALUE and is_known(found) else default

    def require(self, node: Any) -> Any:
        """The fully known value; raises :class:`Unresolved` with the reason otherwise."""
        found = self.value(node)
        problem = why_not_known(found)
        if problem is not None:
            raise Unresolved(problem)
        return found

    def condition(self, name: Any) -> bool | Unknown:
        """The value of a named condition."""
        if not isinstance(name, str):
            return Unknown("a condition name must be a string")
        if name in self._conditions:
            return self._conditions[name]
        conditions = self.view.conditions
        if name not in conditions:
            return Unknown(f"condition {name} is not declared")
        if name in self._evaluating:
            return Unknown(f"condition {name} refers to itself")
        self._evaluating.add(name)
        try:
            result = self.truth(conditions[name])
        finally:
            self._evaluating.discard(name)
        self._conditions[name] = result
        return result

    def truth(self, node: Any) -> bool | Unknown:
        """A condition expression (``Fn::Equals``/``And``/``Or``/``Not``/``Condition``)."""
        if isinstance(node, dict) and len(node) == 1:
            ((fn, arg),) = node.items()
            if fn == "Condition":
                return self.condition(arg)
            if fn == "Fn::Equals":
                return self._equals(arg)
            if fn in ("Fn::And", "Fn::Or"):
                return self._and_or(fn, arg)
            if fn == "Fn::Not":
                if not isinstance(arg, list) or len(arg) != 1:
                    return Unknown("Fn::Not takes a list of one condition")
                inner = self.truth(arg[0])
                return inner if isinstance(inner, Unknown) else not inner
        found = self.value(node)
        if isinstance(found, bool):
            return found
        if isinstance(found, str) and found.lower() in ("true", "false"):
            return found.lower() == "true"
        if isinstance(found, Unknown):
            return found
        return Unknown(f"{node!r} is not a condition")

    def created(self, resource: Any) -> bool | Unknown:
        """Whether a resource (or output) with a ``Condition`` is created; True without one."""
        condition = resource.get("Condition") if isinstance(resource, dict) else None
        if condition is None:
            return True
        return self.condition(condition)

    def ref_target(self, node: Any) -> str | None:
        """The logical id of this template's resource that ``Ref``/``GetAtt`` names (through
        ``Fn::If`` when its condition is known), else None."""
        if isinstance(node, dict) and len(node) == 1 and "Fn::If" in node:
            arg = node["Fn::If"]
            if isinstance(arg, list) and len(arg) == 3:
                truth = self.condition(arg[0])
                if isinstance(truth, bool):
                    return self.ref_target(arg[1] if truth else arg[2])
            return None
        target = reference_name(node)
        return target if target is not None and target in self._resources else None

    def references(self, node: Any, *, across_stacks: bool = True) -> set[ResourceRef]:
        """Every resource ``node`` refers to, through ``Ref``, ``Fn::GetAtt`` and ``Fn::Sub``
        variables, whatever the functions around them (the edges CloudFormation orders creation
        by). With ``across_stacks``, a parameter fed by another stack's output is followed into
        that stack."""
        found: set[ResourceRef] = set()
        self._references(node, found, across_stacks, 0)
        return found

    def _references(self, node: Any, found: set[ResourceRef], across: bool, depth: int) -> None:
        if depth > MAX_DEPTH:
            return
        if isinstance(node, list):
            for item in node:
                self._references(item, found, across, depth + 1)
            return
        if not isinstance(node, dict):
            return
        if len(node) == 1:
            ((fn, arg),) = node.items()
            if fn == "Ref" and isinstance(arg, str):
                if arg in self._resources:
                    found.add(ResourceRef(self.view.name, arg))
                elif across and arg in self.view.inputs and arg not in self.view.parameters:
                    self._input_references(arg, found, depth)
                return
            if fn == "Fn::GetAtt":
                parts = _get_att_parts(arg)
                if parts and isinstance(parts[0], str) and parts[0] in self._resources:
                    attr = parts[1] if isinstance(parts[1], str) else None
                    found.add(ResourceRef(self.view.name, parts[0], attr))
                return
            if fn == "Fn::Sub":
                text = arg[0] if isinstance(arg, list) and arg else arg
                local = arg[1] if isinstance(arg, list) and len(arg) > 1 else {}
                if isinstance(text, str):
                    for match in SUB_VARIABLE.finditer(text):
                        name, _, attr = match.group(1).strip().partition(".")
                        if isinstance(local, dict) and name in local:
                            continue
                        self._references(
                            {"Fn::GetAtt": [name, attr]} if attr else {"Ref": name},
                            found,
                            across,
                            depth + 1,
                        )
                self._references(local, found, across, depth + 1)
                return
        for item in node.values():
            self._references(item, found, across, depth + 1)

    def _input_references(self, name: str, found: set[ResourceRef], depth: int) -> None:
        stack, output = self.view.inputs[name]
        if self.workspace is None or stack not in self.workspace.views:
            return
        producer = self.workspace.evaluator(stack)
        out = producer.view.outputs.get(output)
        if isinstance(out, dict):
            producer._references(out.get("Value"), found, True, depth + 1)

    def count(self, node: Any) -> int | None:
        """How many items a list value has when that is known, even if its items are not."""
        found = self.value(node)
        return len(found) if isinstance(found, list) else None

    # -- evaluation --------------------------------------------------------------------------
    def _value(self, node: Any) -> Any:
        if isinstance(node, list):
            items = [self.value(item) for item in node]
            return [item for item in items if item is not NO_VALUE]
        if not isinstance(node, dict):
            if self.deploy is not None and isinstance(node, str) and "{{resolve:" in node:
                return self.deploy.dynamic(node)
            return node
        if len(node) == 1:
            ((key, arg),) = node.items()
            handler = _FUNCTIONS.get(key)
            if handler is not None:
                found = handler(self, arg)
                # a reference built by a function (Fn::Sub of a secret's ARN) resolves too
                if self.deploy is not None and isinstance(found, str) and "{{resolve:" in found:
                    return self.deploy.dynamic(found)
                return found
            if key.startswith("Fn::"):
                return Unknown(f"{key} is not evaluated before deploy")
        out: dict[str, Any] = {}
        for key, item in node.items():
            found = self.value(item)
            if found is not NO_VALUE:
                out[key] = found
        return out

    def ref(self, name: Any) -> Any:
        if not isinstance(name, str):
            return Unknown("Ref to a non-string")
        if name.startswith("AWS::"):
            return self.pseudo(name)
        if name in self._params or name in self.view.parameters or name in self.view.inputs:
            return self.parameter(name)
        if name in self._resources:
            if self.resource_value is not None:
                return self.resource_value(name, None)
            return ResourceRef(self.view.name, name)
        return Unknown(f"Ref to {name}, which the template does not declare")

    def pseudo(self, name: str) -> Any:
        if self.deploy is not None and name in self.deploy.pseudo:
            return self.deploy.pseudo[name]
        region = self.view.region
        known = regions.region(region) if region else None
        if name == "AWS::NoValue":
            return NO_VALUE
        if name == "AWS::Region":
            return region if region else Unknown("the template has no region")
        if name == "AWS::StackName":
            return self.view.name
        if name == "AWS::AccountId":
            return self.view.account_id or Unknown("the account id is known at deploy")
        if name == "AWS::Partition":
            return known.partition if known else Unknown("the template's region is not known")
        if name == "AWS::URLSuffix":
            return known.url_suffix if known else Unknown("the template's region is not known")
        if name == "AWS::NotificationARNs":
            return Unknown("notification ARNs are set at deploy")
        return Unknown(f"pseudo parameter {name} is known at deploy")

    def parameter(self, name: str) -> Any:
        if self.deploy is not None and name in self.view.parameters:
            return self.view.parameters[name]  # typed and resolved by the engine
        spec = self._params.get(name)
        spec = spec if isinstance(spec, dict) else {}
        ptype = str(spec.get("Type", "String"))
        if name in self.view.parameters:
            raw: Any = self.view.parameters[name]
        elif name in self.view.inputs:
            return self._input(name)
        elif "Default" in spec and self.defaults:
            raw = spec["Default"]
        elif "Default" in spec:
            return Unknown(f"parameter {name} may be overridden at deploy")
        else:
            return Unknown(f"parameter {name} has no value given and no default", name)
        if ptype.startswith(SSM_TYPE_PREFIX):
            if self.ssm_value is not None and isinstance(raw, str):
                raw = self.ssm_value(raw)
                if isinstance(raw, Unknown):
                    return raw
            else:
                return Unknown(f"parameter {name} is read from SSM Parameter Store at deploy")
            ptype = ptype[len(SSM_TYPE_PREFIX) : -1]
        if ptype.startswith(LIST_TYPES) and isinstance(raw, str):
            return [item.strip() for item in raw.split(",")] if raw else []
        return raw

    def _input(self, name: str) -> Any:
        stack, output = self.view.inputs[name]
        if self.workspace is None or stack not in self.workspace.views:
            return Unknown(f"parameter {name} comes from stack {stack}, which is not read here")
        producer = self.workspace.evaluator(stack)
        out = producer.view.outputs.get(output)
        if not isinstance(out, dict) or "Value" not in out:
            return Unknown(f"stack {stack} has no output {output}")
        return producer.value(out["Value"])

    def _equals(self, arg: Any) -> bool | Unknown:
        if not isinstance(arg, list) or len(arg) != 2:
            return Unknown("Fn::Equals takes two values")
        left, right = (self.value(a) for a in arg)
        for side in (left, right):
            problem = why_not_known(side)
            if problem is not None:
                return Unknown(f"Fn::Equals on a value known only at deploy ({problem})")
        return bool(_scalar(left) == _scalar(right))

    def _and_or(self, fn: str, arg: Any) -> bool | Unknown:
        if not isinstance(arg, list) or not arg:
            return Unknown(f"{fn} takes a list of conditions")
        values = [self.truth(a) for a in arg]
        decisive = fn == "Fn::Or"  # Or is decided by one True, And by one False
        if any(v is decisive for v in values):
            return decisive
        missing = next((v for v in values if isinstance(v, Unknown)), None)
        return missing if missing is not None else not decisive


# -- functions ----------------------------------------------------------------------------------
def why_not_known(found: Any) -> str | None:
    """Why an evaluated value is not fully known before deploy; None when it is."""
    missing = first_unknown(found)
    if missing is not None:
        return missing.reason
    if isinstance(found, ResourceRef):
        if found.attr:
            return f"{found}: a resource attribute, only known at deploy"
        return f"Ref {found} is the physical id of a resource, only known at deploy"
    if isinstance(found, RegionAzs):
        return "Fn::GetAZs of a region the template does not name"
    if isinstance(found, list):
        return next((p for p in (why_not_known(i) for i in found) if p), None)
    if isinstance(found, dict):
        return next((p for p in (why_not_known(i) for i in found.values()) if p), None)
    return None


def _scalar(value: Any) -> Any:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float)):
        return str(value)
    return value


def _text(value: Any) -> str | None:
    """A value as CloudFormation would write it into a string, or None if it has no such form."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (str, int, float)):
        return str(value)
    if isinstance(value, Az):
        return value.zone or value.name
    return None


def reference_name(node: Any) -> str | None:
    """The name a ``Ref`` or ``Fn::GetAtt`` names, read from its shape alone."""
    if not isinstance(node, dict) or len(node) != 1:
        return None
    ((fn, arg),) = node.items()
    if fn == "Ref":
        return arg if isinstance(arg, str) else None
    if fn == "Fn::GetAtt":
        parts = _get_att_parts(arg)
        return parts[0] if parts and isinstance(parts[0], str) else None
    return None


def _get_att_parts(arg: Any) -> list[Any] | None:
    if isinstance(arg, str) and "." in arg:
        return arg.split(".", 1)
    if isinstance(arg, list) and len(arg) == 2:
        return arg
    return None


def _ref(e: Evaluator, arg: Any) -> Any:
    return e.ref(arg)


def _get_att(e: Evaluator, arg: Any) -> Any:
    parts = _get_att_parts(arg)
    if parts is None or not isinstance(parts[0], str):
        return Unknown("Fn::GetAtt takes [resource, attribute]")
    attr = e.value(parts[1])
    if not isinstance(attr, str):
        return Unknown("Fn::GetAtt attribute is not known")
    if parts[0] not in e.view.resources:
        return Unknown(f"Fn::GetAtt on {parts[0]}, which the template does not declare")
    if e.resource_value is not None:
        return e.resource_value(parts[0], attr)
    return ResourceRef(e.view.name, parts[0], attr)


def _get_azs(e: Evaluator, arg: Any) -> Any:
    asked = e.value(arg)
    name = asked if isinstance(asked, str) and asked else e.view.region
    if e.deploy is not None and e.deploy.zones is not None and name:
        return list(e.deploy.zones(name))
    known = regions.region(name) if name else None
    if known is None:
        if name:
            return Unknown(f"Fn::GetAZs: {name!r} is not an AWS region")
        return RegionAzs(None)
    if e.zone_names:
        return list(known.zones)
    zones = known.zones[: known.usable_az_count]
    return [symbolic_az(known.name, i, zone) for i, zone in enumerate(zones)]


def _select(e: Evaluator, arg: Any) -> Any:
    if not isinstance(arg, list) or len(arg) != 2:
        return Unknown("Fn::Select takes [index, list]")
    index, items = e.value(arg[0]), e.value(arg[1])
    try:
        i = int(index)
    except (TypeError, ValueError):
        return Unknown(f"Fn::Select index is not known ({index})")
    if isinstance(items, RegionAzs):
        return symbolic_az(items.region, i)
    if isinstance(items, list):
        if 0 <= i < len(items):
            return items[i]
        return Unknown(f"Fn::Select index {i} is out of range for a list of {len(items)}")
    if isinstance(items, Unknown):
        return items
    return Unknown(f"Fn::Select over a value that is not a list ({items})")


def _join(e: Evaluator, arg: Any) -> Any:
    if not isinstance(arg, list) or len(arg) != 2:
        return Unknown("Fn::Join takes [delimiter, list]")
    delimiter, items = e.value(arg[0]), e.value(arg[1])
    if not isinstance(delimiter, str):
        return Unknown("Fn::Join delimiter is not a string")
    if isinstance(items, Unknown):
        return items
    if not isinstance(items, list):
        return Unknown("Fn::Join over a value that is not a list")
    flat: list[Any] = []
    for item in items:
        flat.extend(item if isinstance(item, list) else [item])
    texts = [_text(item) for item in flat]
    if all(text is not None for text in texts):
        return delimiter.join(t for t in texts if t is not None)
    if delimiter == "," and not any(isinstance(item, Unknown) for item in flat):
        # A list handed on as a CommaDelimitedList (subnet ids, say): keep its items, so that
        # a Split or a list parameter on the other side still sees what each one names.
        return flat
    missing = first_unknown(flat)
    return missing or Unknown("Fn::Join of values known only at deploy")


def _split(e: Evaluator, arg: Any) -> Any:
    if not isinstance(arg, list) or len(arg) != 2:
        return Unknown("Fn::Split takes [delimiter, string]")
    delimiter, found = e.value(arg[0]), e.value(arg[1])
    if isinstance(found, list):
        return found
    if isinstance(found, str) and isinstance(delimiter, str) and delimiter:
        return found.split(delimiter)
    if isinstance(found, Unknown):
        return found
    return Unknown(f"Fn::Split of a value known only at deploy ({found})")


def _if(e: Evaluator, arg: Any) -> Any:
    if not isinstance(arg, list) or len(arg) != 3:
        return Unknown("Fn::If takes [condition, then, else]")
    truth = e.condition(arg[0])
    if isinstance(truth, Unknown):
        then, other = e.value(arg[1]), e.value(arg[2])
        return then if then == other and is_known(then) else truth
    return e.value(arg[1] if truth else arg[2])


def _find_in_map(e: Evaluator, arg: Any) -> Any:
    if not isinstance(arg, list) or len(arg) not in (3, 4):
        return Unknown("Fn::FindInMap takes [map, top key, second key]")
    texts = [_text(e.value(a)) for a in arg[:3]]
    default = arg[3].get("DefaultValue") if len(arg) == 4 and isinstance(arg[3], dict) else None
    keys = [key for key in texts if key is not None]
    if len(keys) < len(texts):
        return Unknown("Fn::FindInMap key known only at deploy")
    try:
        found = e.view.mappings[keys[0]][keys[1]][keys[2]]
    except (KeyError, TypeError):
        if default is not None:
            return e.value(default)
        path = "/".join(str(k) for k in keys)
        return Unknown(f"Fn::FindInMap {path}: no such entry in Mappings")
    return e.value(found)


def _sub(e: Evaluator, arg: Any) -> Any:
    if isinstance(arg, list) and len(arg) == 2 and isinstance(arg[1], dict):
        text, local = arg[0], {k: e.value(v) for k, v in arg[1].items()}
    elif isinstance(arg, str):
        text, local = arg, {}
    else:
        return Unknown("Fn::Sub takes a string or [string, variables]")
    if not isinstance(text, str):
        return Unknown("Fn::Sub template is not a string")
    problems: list[Unknown] = []

    def replace(match: re.Match[str]) -> str:
        name = match.group(1).strip()
        if name in local:
            found = local[name]
        elif "." in name and not name.startswith("AWS::"):
            found = _get_att(e, name.split(".", 1))
        else:
            found = e.ref(name)
        rendered = _text(found)
        if rendered is None:
            problems.append(Unknown(why_not_known(found) or f"${{{name}}} is not a string"))
            return ""
        return rendered

    result = SUB_VARIABLE.sub(replace, text)
    if problems:
        return problems[0]
    return result.replace("${!", "${")


def _base64(e: Evaluator, arg: Any) -> Any:
    """The text itself for readers (they want the user data); encoded in deploy mode, as
    CloudFormation passes it to the resource."""
    found = e.value(arg)
    if e.deploy is None:
        return found
    text = _text(found)
    if text is None:
        return Unknown(why_not_known(found) or "Fn::Base64 of a value that is not a string")
    return base64.b64encode(text.encode()).decode()


def _cidr(e: Evaluator, arg: Any) -> Any:
    if not isinstance(arg, list) or len(arg) != 3:
        return Unknown("Fn::Cidr takes [block, count, bits]")
    block, count, bits = (e.value(a) for a in arg)
    try:
        network = ipaddress.ip_network(str(block), strict=False)
        prefix = network.max_prefixlen - int(bits)
        subnets = network.subnets(new_prefix=prefix)
        return [str(next(subnets)) for _ in range(int(count))]
    except (ValueError, TypeError, StopIteration):
        return Unknown(f"Fn::Cidr of {block!r} is not known or not valid")


def _import_value(e: Evaluator, arg: Any) -> Any:
    name = e.value(arg)
    if not isinstance(name, str):
        return Unknown("Fn::ImportValue of a name known only at deploy")
    if e.import_value is not None:
        return e.import_value(name)
    exported = e.workspace.export(name) if e.workspace is not None else None
    if exported is None:
        return Unknown(f"Fn::ImportValue {name}: only known at deploy (no template exports it)")
    stack, value = exported
    assert e.workspace is not None
    return e.workspace.evaluator(stack).value(value)


def _length(e: Evaluator, arg: Any) -> Any:
    found = e.value(arg)
    return len(found) if isinstance(found, list) else Unknown("Fn::Length of an unknown list")


def _to_json_string(e: Evaluator, arg: Any) -> Any:
    found = e.value(arg)
    problem = why_not_known(found)
    if problem is not None:
        return Unknown(problem)
    return json.dumps(found, separators=(",", ":"))


def _condition_value(e: Evaluator, arg: Any) -> Any:
    return e.condition(arg)


def _truth_of(fn: str) -> Callable[[Evaluator, Any], Any]:
    return lambda e, arg: e.truth({fn: arg})


_FUNCTIONS: dict[str, Callable[[Evaluator, Any], Any]] = {
    "Ref": _ref,
    "Fn::GetAtt": _get_att,
    "Fn::GetAZs": _get_azs,
    "Fn::Select": _select,
    "Fn::Join": _join,
    "Fn::Split": _split,
    "Fn::If": _if,
    "Fn::FindInMap": _find_in_map,
    "Fn::Sub": _sub,
    "Fn::Base64": _base64,
    "Fn::Cidr": _cidr,
    "Fn::ImportValue": _import_value,
    "Fn::Length": _length,
    "Fn::ToJsonString": _to_json_string,
    "Condition": _condition_value,
    "Fn::Equals": _truth_of("Fn::Equals"),
    "Fn::And": _truth_of("Fn::And"),
    "Fn::Or": _truth_of("Fn::Or"),
    "Fn::Not": _truth_of("Fn::Not"),
}
INTRINSICS = frozenset(_FUNCTIONS) | {"Fn::Transform", "Fn::ForEach"}


def is_intrinsic(value: Any) -> bool:
    """True for a one-key mapping whose key is an intrinsic function (or ``Ref``/``Condition``)."""
    if not isinstance(value, dict) or len(value) != 1:
        return False
    key = next(iter(value))
    return isinstance(key, str) and (key.startswith("Fn::") or key in ("Ref", "Condition"))


def evaluator(template: Any, **kwargs: Any) -> Evaluator:
    """An evaluator over a body (dict) or any template-like artifact, alone."""
    if isinstance(template, dict):
        return Evaluator(TemplateView(body=template, region=kwargs.pop("region", None)), **kwargs)
    return Evaluator(TemplateView.of(template), **kwargs)
