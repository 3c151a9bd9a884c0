"""Reading a template the way CloudFormation does: format, limits, parameters, conditions,
intrinsic functions, dependencies.

Each check says which AWS rule it follows; messages are AWS's own wording where AWS has one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from hastack.core.limits import MAX_OUTPUTS, MAX_PARAMETERS
from hastack.core.stack import INLINE_TEMPLATE_LIMIT, MAX_RESOURCES, MAX_TEMPLATE_BYTES
from hastack.core.template_format import dependencies, format_errors
from hastack.local.errors import CfnError, validation
from hastack.template.evaluate import DeployMode, Evaluator, why_not_known
from hastack.template.values import NO_VALUE, Unknown
from hastack.template.view import TemplateView

# https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
INLINE_BODY_LIMIT = INLINE_TEMPLATE_LIMIT
URL_BODY_LIMIT = MAX_TEMPLATE_BYTES
MAX_MAPPINGS = 200

NOECHO_MASK = "****"


class Pending(Exception):
    """A value that is not known yet (a resource not created, an attribute after an update):
    a change set reports the property as changing with ``Evaluation: Dynamic``."""

    def __init__(self, logical_id: str) -> None:
        super().__init__(logical_id)
        self.logical_id = logical_id


def load_body(text: str, *, by_url: bool = False) -> dict[str, Any]:
    """Parse a JSON or YAML template after checking AWS's size limit for how it was passed."""
    size = len(text.encode())
    if not by_url and size > INLINE_BODY_LIMIT:
        raise validation(
            "1 validation error detected: Value '...' at 'templateBody' failed to satisfy "
            f"constraint: Member must have length less than or equal to {INLINE_BODY_LIMIT}"
        )
    if by_url and size > URL_BODY_LIMIT:
        raise validation(f"Template may not exceed {URL_BODY_LIMIT} bytes in size.")
    try:
        body = json.loads(text)
    except ValueError:
        body = _yaml(text)
    if not isinstance(body, dict):
        raise validation("Template format error: JSON not well-formed.")
    check_body(body)
    return body


def _yaml(text: str) -> Any:
    from cfnlint.decode import decode_str

    template, matches = decode_str(text)
    if matches or template is None:
        detail = matches[0].message if matches else "not well-formed"
        raise validation(f"Template format error: YAML not well-formed. {detail}")
    return _plain(template)


def _plain(node: Any) -> Any:
    """cfn-lint's node types -> plain dicts, lists and strings."""
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, str):
        return str(node)
    return node


def check_body(body: dict[str, Any]) -> None:
    """Structure and count limits AWS checks before anything starts."""
    resources = body.get("Resources")
    if not isinstance(resources, dict) or not resources:
        raise validation("Template format error: At least one Resources member must be defined.")
    if len(resources) > MAX_RESOURCES:
        raise validation(
            "Template format error: Number of resources, "
            f"{len(resources)}, is greater than maximum allowed, {MAX_RESOURCES}"
        )
    for section, limit, label in (
        ("Parameters", MAX_PARAMETERS, "parameters"),
        ("Outputs", MAX_OUTPUTS, "outputs"),
        ("Mappings", MAX_MAPPINGS, "mappings"),
    ):
        count = len(body.get(section) or {})
        if count > limit:
            raise validation(
                f"Template format error: Number of {label}, {count}, is greater than "
                f"maximum allowed, {limit}"
            )
    errors = format_errors(body)
    if errors:
        raise validation(errors[0])


# -- dependencies -----------------------------------------------------------------------------


def creation_order(body: dict[str, Any]) -> list[str]:
    """Resources in an order that creates each after its dependencies (template order breaks
    ties); a cycle is AWS's "Circular dependency" template error."""
    deps = dependencies(body)
    order: list[str] = []
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        if state.get(node) == 2:
            return
        if state.get(node) == 1:
            cycle = path[path.index(node) :]
            raise validation(
                "Circular dependency between resources: [" + ", ".join(sorted(cycle)) + "]"
            )
        state[node] = 1
        for dep in sorted(deps[node], key=list(deps).index):
            visit(dep, [*path, node])
        state[node] = 2
        order.append(node)

    for logical_id in deps:
        visit(logical_id, [])
    return order


# -- parameters -------------------------------------------------------------------------------


@dataclass
class ParameterValue:
    key: str
    value: str
    """What the stack keeps and describes (``ParameterValue``)."""
    resolved: Any
    """What Ref gives: a list for List<>/CommaDelimitedList, the SSM value for SSM types."""
    no_echo: bool = False
    resolved_display: str | None = None
    """``ResolvedValue`` in DescribeStacks, for SSM parameter types."""


@dataclass
class ParameterContext:
    """Lookups typed parameters need: existing EC2 ids and SSM parameter values."""

    ec2_exists: Callable[[str, str], bool]
    ssm_value: Callable[[str], str]


_EC2_ID_TYPES = {
    "AWS::EC2::AvailabilityZone::Name": "az",
    "AWS::EC2::Image::Id": "image",
    "AWS::EC2::Instance::Id": "instance",
    "AWS::EC2::KeyPair::KeyName": "key_pair",
    "AWS::EC2::SecurityGroup::GroupName": "security_group_name",
    "AWS::EC2::SecurityGroup::Id": "security_group",
    "AWS::EC2::Subnet::Id": "subnet",
    "AWS::EC2::Volume::Id": "volume",
    "AWS::EC2::VPC::Id": "vpc",
    "AWS::Route53::HostedZone::Id": "hosted_zone",
}


def resolve_parameters(
    declared: Mapping[str, Any],
    given: Mapping[str, dict[str, Any]],
    previous: Mapping[str, str],
    context: ParameterContext,
) -> dict[str, ParameterValue]:
    """AWS's parameter rules: a value, ``UsePreviousValue`` or the default; types, allowed
    values and patterns, lengths and ranges checked; SSM types resolved; unknown keys refused.
    https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html
    """
    unknown = [key for key in given if key not in declared]
    if unknown:
        raise validation(f"Parameters: [{', '.join(unknown)}] do not exist in the template")
    values: dict[str, ParameterValue] = {}
    missing = []
    for key, spec in declared.items():
        spec = spec or {}
        entry = given.get(key)
        if entry is not None and entry.get("UsePreviousValue"):
            if key not in previous:
                raise validation(
                    f"Invalid input for parameter key {key}. Cannot specify usePreviousValue "
                    "as true for a parameter key not in the previous template"
                )
            raw = previous[key]
        elif entry is not None and entry.get("ParameterValue") is not None:
            raw = str(entry["ParameterValue"])
        elif "Default" in spec:
            raw = _default_text(spec["Default"])
        else:
            missing.append(key)
            continue
        values[key] = _typed(key, raw, spec, context)
    if missing:
        raise validation(f"Parameters: [{', '.join(missing)}] must have values")
    return values


def _default_text(default: Any) -> str:
    if isinstance(default, list):
        return ",".join(str(v) for v in default)
    if isinstance(default, bool):
        return str(default).lower()
    return str(default)


def _typed(
    key: str, raw: str, spec: Mapping[str, Any], context: ParameterContext
) -> ParameterValue:
    kind = str(spec.get("Type", "String"))
    no_echo = str(spec.get("NoEcho", "false")).lower() == "true"
    if kind.startswith("AWS::SSM::Parameter::Value<"):
        inner = kind[len("AWS::SSM::Parameter::Value<") : -1]
        try:
            value = context.ssm_value(raw)
        except Exception:  # noqa: BLE001 - any lookup failure is AWS's "does not exist"
            raise validation(f"Parameters: [ssm:{raw}] cannot be found.") from None
        resolved: Any = (
            value.split(",")
            if inner.startswith("List<") or inner == "CommaDelimitedList"
            else value
        )
        return ParameterValue(key, raw, resolved, no_echo, resolved_display=value)
    if kind == "AWS::SSM::Parameter::Name":
        return ParameterValue(key, raw, raw, no_echo)
    is_list = kind.startswith("List<") or kind == "CommaDelimitedList"
    items = [item.strip() for item in raw.split(",")] if is_list else [raw]
    if is_list and raw == "":
        items = []
    inner = kind[5:-1] if kind.startswith("List<") else kind
    for item in items:
        _check_value(key, item, inner, spec, context)
    return ParameterValue(key, raw, items if is_list else raw, no_echo)


def _check_value(
    key: str, value: str, kind: str, spec: Mapping[str, Any], context: ParameterContext
) -> None:
    description = spec.get("ConstraintDescription")

    def fail(default: str) -> CfnError:
        return validation(f"Parameter '{key}' {description or default}")

    if kind == "Number":
        try:
            number = float(value)
        except ValueError:
            raise validation(f"Parameter '{key}' must be a number.") from None
        if "MinValue" in spec and number < float(spec["MinValue"]):
            raise fail(f"must be a number not less than {spec['MinValue']}")
        if "MaxValue" in spec and number > float(spec["MaxValue"]):
            raise fail(f"must be a number not greater than {spec['MaxValue']}")
    elif kind in _EC2_ID_TYPES:
        if not context.ec2_exists(_EC2_ID_TYPES[kind], value):
            raise validation(
                f"Parameter validation failed: parameter value {value} for parameter name "
                f"{key} does not exist. Rollback requested by user."
            )
    if "MinLength" in spec and len(value) < int(spec["MinLength"]):
        raise fail(f"must contain at least {spec['MinLength']} characters")
    if "MaxLength" in spec and len(value) > int(spec["MaxLength"]):
        raise fail(f"must contain at most {spec['MaxLength']} characters")
    allowed = spec.get("AllowedValues")
    if allowed is not None and value not in [_default_text(a) for a in allowed]:
        raise fail("must be one of AllowedValues")
    pattern = spec.get("AllowedPattern")
    if pattern is not None and not re.fullmatch(str(pattern), value):
        raise fail(f"failed to satisfy constraint: Must match pattern {pattern}")


# -- evaluation -------------------------------------------------------------------------------


class Scope:
    """A template's intrinsic functions at deploy, evaluated by the shared evaluator
    (:mod:`hastack.template.evaluate`) in deploy mode: the stack's parameters, pseudo
    parameters and resources (through ``mode``'s callbacks, so a change set can answer
    ``Pending``). What the evaluator cannot give is AWS's template error, which fails the
    resource (or the request) that needed it.

    Every declared condition is evaluated when the scope is made: CloudFormation refuses a
    template whose conditions do not evaluate before it starts anything.
    """

    def __init__(
        self,
        body: dict[str, Any],
        parameters: Mapping[str, ParameterValue],
        mode: DeployMode,
        *,
        region: str,
        name: str,
    ) -> None:
        self.body = body
        view = TemplateView(
            body=body,
            region=region,
            name=name,
            parameters={key: value.resolved for key, value in parameters.items()},
            account_id=mode.pseudo.get("AWS::AccountId"),
        )
        self.evaluator = Evaluator(view, deploy=mode)
        for condition in view.conditions:
            self.condition(condition)

    def evaluate(self, node: Any) -> Any:
        """A template node with every intrinsic function applied; ``AWS::NoValue`` removes the
        property or list item, as in CloudFormation (None for the node itself)."""
        found = self.evaluator.value(node)
        if found is NO_VALUE:
            return None
        problem = why_not_known(found)
        if problem is not None:
            raise validation(f"Template error: {problem}")
        return found

    def condition(self, name: str) -> bool:
        found = self.evaluator.condition(name)
        if isinstance(found, Unknown):
            raise validation(f"Template format error: {found.reason}")
        return found


def imports_of(body: dict[str, Any], evaluate: Callable[[Any], Any]) -> set[str]:
    """Export names the template's resources and outputs import."""
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if len(node) == 1 and "Fn::ImportValue" in node:
                try:
                    found.add(str(evaluate(node["Fn::ImportValue"])))
                except Exception:  # noqa: BLE001 - an unresolvable name imports nothing
                    pass
                return
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(body.get("Resources"))
    walk(body.get("Outputs"))
    return found
