"""Reading a template the way CloudFormation does: format, limits, parameters, conditions,
intrinsic functions, dependencies.

Each check says which AWS rule it follows; messages are AWS's own wording where AWS has one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeGuard

from hastack.core.cfn_yaml import load_cfn_yaml
from hastack.core.limits import MAX_OUTPUTS, MAX_PARAMETERS
from hastack.core.stack import INLINE_TEMPLATE_LIMIT, MAX_RESOURCES, MAX_TEMPLATE_BYTES
from hastack.core.template_format import dependencies, format_errors, transform_calls
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


def load_body(
    text: str, *, by_url: bool = False, fetch: Callable[[str], str | None] | None = None
) -> tuple[dict[str, Any], list[str]]:
    """Parse a JSON or YAML template after checking AWS's size limit for how it was passed;
    with ``fetch`` (an S3 reader), its ``AWS::Include`` snippets are inserted before the
    checks, as CloudFormation inserts them. Also the transforms the template declares as
    written (read before the snippets replace their calls)."""
    size = len(text.encode())
    if not by_url and size > INLINE_BODY_LIMIT:
        raise validation(
            "1 validation error detected: Value '...' at 'templateBody' failed to satisfy "
            f"constraint: Member must have length less than or equal to {INLINE_BODY_LIMIT}"
        )
    if by_url and size > URL_BODY_LIMIT:
        raise validation(f"Template may not exceed {URL_BODY_LIMIT} bytes in size.")
    parsed = parse_text(text)
    if not isinstance(parsed, dict):
        raise validation("Template format error: JSON not well-formed.")
    body: dict[str, Any] = parsed
    declared = declared_transforms(body)
    if fetch is not None:
        body = include_snippets(body, fetch)
    check_body(body)
    return body, declared


def declared_transforms(original: Any) -> list[str]:
    """The transforms a template declares as written (its ``Transform`` section, then each
    ``Fn::Transform`` it calls), in order, once each."""
    names = [call.get("Name") for _, call in transform_calls(original)]
    return list(dict.fromkeys(name for name in names if isinstance(name, str)))


def parse_text(text: str) -> Any:
    """A JSON or YAML document (a template or a snippet), as plain Python values."""
    try:
        return json.loads(text)
    except ValueError:
        return _yaml(text)


# -- AWS::Include -----------------------------------------------------------------------------

INCLUDE = "AWS::Include"
_INCLUDE_DEPTH = 10
"""How deep snippets may include snippets: a snippet including itself fails the request."""


def include_snippets(body: dict[str, Any], fetch: Callable[[str], str | None]) -> dict[str, Any]:
    """``body`` with every ``AWS::Include`` replaced by its snippet, as CloudFormation does
    before it checks the template: inside a section (``Fn::Transform``), the snippet takes the
    transform's place, and beside other keys its keys join them; at the top level (the
    ``Transform`` section), its sections join the template's. ``fetch`` reads an S3 location
    (None when there is nothing there). A key both sides define, a location that is not an S3
    URI and an unreadable snippet fail the request ("Transform AWS::Include failed with: ...").
    Other ``Fn::Transform`` calls (macros) are left for the caller to refuse.
    https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/transform-aws-include.html
    """
    transform = body.get("Transform")
    entries = transform if isinstance(transform, list) else [transform]
    top = [e for e in entries if _is_include(e)]
    result: dict[str, Any] = dict(_include_in(body, fetch, 0))
    if not top:
        return result
    kept = [e for e in entries if not _is_include(e)]
    result = {k: v for k, v in result.items() if k != "Transform"}
    if kept:
        result["Transform"] = kept if isinstance(transform, list) else kept[0]
    for entry in top:
        snippet = _snippet(entry, fetch, 0)
        if not isinstance(snippet, dict):
            raise _include_error("a snippet at the top level must be a mapping of sections")
        for section, value in snippet.items():
            if isinstance(result.get(section), dict) and isinstance(value, dict):
                result[section] = _joined(result[section], value, section)
            elif section in result:
                raise _include_error(f"the template and the snippet both define {section}")
            else:
                result[section] = value
    return result


def _is_include(call: Any) -> TypeGuard[dict[str, Any]]:
    return isinstance(call, dict) and call.get("Name") == INCLUDE


def _include_in(node: Any, fetch: Callable[[str], str | None], depth: int) -> Any:
    if isinstance(node, list):
        return [_include_in(v, fetch, depth) for v in node]
    if not isinstance(node, dict):
        return node
    call = node.get("Fn::Transform")
    calls = call if isinstance(call, list) else [call]
    includes = [c for c in calls if _is_include(c)]
    rest = {
        k: _include_in(v, fetch, depth)
        for k, v in node.items()
        if k != "Fn::Transform" or not includes
    }
    if not includes:
        return rest
    others = [c for c in calls if not _is_include(c)]
    if others:  # a macro beside the include: left for the caller, which refuses it
        rest["Fn::Transform"] = others
    snippets = [_snippet(c, fetch, depth) for c in includes]
    if not rest and len(snippets) == 1:
        return snippets[0]
    for snippet in snippets:
        if not isinstance(snippet, dict):
            raise _include_error("a snippet inserted beside other keys must be a mapping")
        rest = _joined(rest, snippet, "the mapping")
    return rest


def _joined(mine: dict[str, Any], snippet: dict[str, Any], where: str) -> dict[str, Any]:
    twice = sorted(set(mine) & set(snippet))
    if twice:
        raise _include_error(f"{', '.join(twice)} defined both in {where} and in the snippet")
    return {**mine, **snippet}


def _snippet(call: Any, fetch: Callable[[str], str | None], depth: int) -> Any:
    if depth >= _INCLUDE_DEPTH:
        raise _include_error(f"snippets include snippets more than {_INCLUDE_DEPTH} deep")
    parameters = call.get("Parameters")
    location = parameters.get("Location") if isinstance(parameters, dict) else None
    if not isinstance(location, str) or not location.startswith(("s3://", "https://")):
        raise _include_error(f"The location parameter is not a valid S3 uri: {location!r}")
    text = fetch(location)
    if text is None:
        raise _include_error(f"the snippet {location} could not be read from S3")
    try:
        snippet = parse_text(text)
    except CfnError as error:
        raise _include_error(f"{location}: {error.message}") from None
    return _include_in(snippet, fetch, depth + 1)


def _include_error(detail: str) -> CfnError:
    return validation(f"Transform {INCLUDE} failed with: {detail}")


def _yaml(text: str) -> Any:
    """hastack's one YAML reader (:mod:`hastack.core.cfn_yaml`), so the engine reads a template
    as every command does: a date stays text, a key given twice keeps its last value."""
    try:
        return load_cfn_yaml(text)
    except RecursionError:
        raise validation(f"{_NOT_YAML} (nested too deeply)") from None
    except Exception as error:  # noqa: BLE001 - yaml.YAMLError and its constructors' errors
        mark = getattr(error, "problem_mark", None)
        where = f"(line {mark.line + 1}, column {mark.column + 1})" if mark else "(not YAML)"
        raise validation(f"{_NOT_YAML} {where}") from None


_NOT_YAML = "Template format error: YAML not well-formed."


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
