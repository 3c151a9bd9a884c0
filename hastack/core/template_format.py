"""The template errors CloudFormation refuses before it creates anything ("Template format error").

CreateStack, CreateChangeSet and ValidateTemplate all refuse a template whose structure is
wrong: a resource that is not a mapping or has no string ``Type``, ``Properties`` that are not a
mapping, a ``Ref``/``Fn::GetAtt``/``Fn::Sub``/``DependsOn`` naming nothing the template
declares, a condition that is not defined, a dependency cycle, an output without ``Value``, a
parameter without a known ``Type``. Such a template has no cost, no availability and no deploy:
every reader refuses it here with the reasons (all of them at once), as AWS would, instead of
pricing or scoring what could never be created. ``hastack validate`` does not stop here: cfn-lint
reports the same defects as findings with their line numbers.

A template that declares a ``Transform``, or calls ``Fn::Transform`` anywhere, is not judged
here: AWS checks the template the transform returns, and a transform may rewrite anything
(``Fn::ForEach::Tables`` is a valid Resources key under ``AWS::LanguageExtensions``; SAM creates
the ``MyFunctionRole`` a reference names; an ``AWS::Include`` snippet adds resources; a macro
may accept any shape). Readers that expand the known transforms first check the
expanded template.
Messages follow AWS's wording where AWS has one (``Template format error: ...``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

PSEUDO_PARAMETER_PREFIX = "AWS::"

SUB_VARIABLE = re.compile(r"\$\{([^!}][^}]*)\}")
"""A ``Fn::Sub`` variable (``${Name}``, ``${Res.Attr}``; ``${!Literal}`` is none)."""
_NOT_REFERENCES = frozenset({"Condition", "Metadata", "UpdatePolicy", "CreationPolicy"})

_AWS_PARAMETER_TYPES = frozenset(
    {
        "AWS::EC2::AvailabilityZone::Name",
        "AWS::EC2::Image::Id",
        "AWS::EC2::Instance::Id",
        "AWS::EC2::KeyPair::KeyName",
        "AWS::EC2::SecurityGroup::GroupName",
        "AWS::EC2::SecurityGroup::Id",
        "AWS::EC2::Subnet::Id",
        "AWS::EC2::Volume::Id",
        "AWS::EC2::VPC::Id",
        "AWS::Route53::HostedZone::Id",
    }
)
_PLAIN_PARAMETER_TYPES = frozenset(
    {"String", "Number", "List<Number>", "CommaDelimitedList", "AWS::SSM::Parameter::Name"}
)
_SSM_VALUE = re.compile(r"AWS::SSM::Parameter::Value<(.+)>$")
_LIST = re.compile(r"List<(.+)>$")


def parameter_type_known(kind: str) -> bool:
    """Whether CloudFormation accepts ``kind`` as a parameter ``Type`` (the types its user guide
    lists under "Parameters": plain, AWS-specific, their lists, and SSM parameter types)."""
    if kind in _PLAIN_PARAMETER_TYPES or kind in _AWS_PARAMETER_TYPES:
        return True
    listed = _LIST.match(kind)
    if listed:
        return listed.group(1) in _AWS_PARAMETER_TYPES
    ssm = _SSM_VALUE.match(kind)
    if ssm:
        inner = ssm.group(1)
        return inner in ("String", "List<String>", "CommaDelimitedList") or (
            parameter_type_known(inner) and inner not in _PLAIN_PARAMETER_TYPES
        )
    return False


def references(node: Any) -> set[str]:
    """Logical ids and parameters ``node`` names (Ref, Fn::GetAtt, Fn::Sub variables, DependsOn).

    Pseudo parameters (``AWS::Region``) are included; a ``Fn::Sub`` variable defined in its own
    variable map is not a reference.
    """
    found: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            if len(value) == 1:
                key, arg = next(iter(value.items()))
                if key == "Ref" and isinstance(arg, str):
                    found.add(arg)
                    return
                if key == "Fn::GetAtt":
                    target = arg[0] if isinstance(arg, list) and arg else arg
                    if isinstance(target, str) and (isinstance(arg, list) or "." in arg):
                        found.add(target.split(".")[0])
                    elif target is not None:
                        walk(target)
                    return
                if key == "Fn::Sub":
                    text, variables = (
                        (arg[0], arg[1]) if isinstance(arg, list) and len(arg) == 2 else (arg, {})
                    )
                    if not isinstance(variables, dict):
                        variables = {}
                    walk(variables)
                    if isinstance(text, str):
                        for name in SUB_VARIABLE.findall(text):
                            name = name.split(".")[0].strip()
                            if name not in variables:
                                found.add(name)
                    return
            for key, item in value.items():
                if key == "DependsOn":
                    items = [item] if isinstance(item, str) else item
                    if isinstance(items, list):
                        found.update(str(name) for name in items if isinstance(name, str))
                elif key not in _NOT_REFERENCES:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(node)
    return found


def dependencies(body: Mapping[str, Any]) -> dict[str, set[str]]:
    """Logical id -> the resources it must come after (Ref, GetAtt, Sub, DependsOn)."""
    resources = body.get("Resources")
    if not isinstance(resources, dict):
        return {}
    return {
        logical_id: {name for name in references(resource) if name in resources}
        for logical_id, resource in resources.items()
    }


def find_cycle(deps: Mapping[str, Iterable[str]]) -> list[str] | None:
    """The resources of one dependency cycle (sorted), or None when there is none."""
    state: dict[str, int] = {}
    for start in deps:
        if state.get(start):
            continue
        path: list[str] = []
        stack: list[tuple[str, Any]] = [(start, iter(sorted(deps.get(start, ()))))]
        state[start] = 1
        path.append(start)
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                path.pop()
                state[node] = 2
                continue
            if state.get(child) == 1:
                return sorted(path[path.index(child) :])
            if not state.get(child) and child in deps:
                state[child] = 1
                path.append(child)
                stack.append((child, iter(sorted(deps.get(child, ())))))
    return None


INLINE_TRANSFORM = "Fn::Transform"


def has_inline_transform(body: Any) -> bool:
    """Whether ``Fn::Transform`` (``AWS::Include`` or a macro) appears anywhere in ``body``:
    CloudFormation runs it first, and it may insert or rewrite anything around it (as a key of
    ``Resources``, it is no resource)."""
    pending = [body]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            if INLINE_TRANSFORM in node:
                return True
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)
    return False


def transform_calls(body: Any) -> list[tuple[str, dict[str, Any]]]:
    """Every transform a template asks for, in document order: ``("Transform", call)`` for each
    entry of its ``Transform`` section (a name, or ``{Name, Parameters}``, alone or in a list;
    a name becomes ``{"Name": name}``), then ``("Fn::Transform", call)`` for each inline call
    (one mapping or a list of them). Malformed entries are left out."""
    if not isinstance(body, Mapping):
        return []
    calls: list[tuple[str, dict[str, Any]]] = []
    raw = body.get("Transform")
    for entry in raw if isinstance(raw, list) else [raw]:
        if isinstance(entry, str):
            calls.append(("Transform", {"Name": entry}))
        elif isinstance(entry, dict):
            calls.append(("Transform", entry))
    pending: list[Any] = [v for k, v in reversed(list(body.items())) if k != "Transform"]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            call = node.get(INLINE_TRANSFORM)
            for one in call if isinstance(call, list) else [call]:
                if isinstance(one, dict):
                    calls.append((INLINE_TRANSFORM, one))
            pending.extend(v for k, v in reversed(list(node.items())) if k != INLINE_TRANSFORM)
        elif isinstance(node, list):
            pending.extend(reversed(node))
    return calls


def format_errors(body: Mapping[str, Any]) -> list[str]:
    """Every reason CloudFormation would refuse ``body`` before creating anything; [] if none.

    ``body`` is assumed to be a mapping with a non-empty ``Resources`` mapping (the loader
    refuses anything else earlier).
    """
    errors: list[str] = []
    if body.get("Transform") is not None or has_inline_transform(body):
        return errors  # judged after the transform, which may rewrite any part
    resources = body.get("Resources")
    if not isinstance(resources, dict) or not resources:
        return ["Template format error: At least one Resources member must be defined."]
    errors.extend(_section_errors(body))
    for logical_id, resource in resources.items():
        where = f"[/Resources/{logical_id}]"
        if not isinstance(resource, dict) or not isinstance(resource.get("Type"), str):
            kind = resource.get("Type") if isinstance(resource, dict) else None
            rain = isinstance(kind, dict) and any(str(k).startswith(_RAIN) for k in kind)
            errors.append(
                f"Template format error: {where} Every Resources object must contain a Type member."
                + (_rain_hint("module") if rain else "")
            )
            continue
        properties = resource.get("Properties")
        if properties is not None and not isinstance(properties, dict):
            errors.append(f"Template format error: {where} Properties must be an object.")
        depends = resource.get("DependsOn")
        if depends is not None and not (
            isinstance(depends, str)
            or (isinstance(depends, list) and all(isinstance(d, str) for d in depends))
        ):
            errors.append(
                f"Template format error: {where} DependsOn must be a resource name or a list "
                "of resource names."
            )
    errors.extend(_condition_errors(body))
    errors.extend(_reference_errors(body))
    errors.extend(_function_errors(body))
    if not errors:
        cycle = find_cycle(dependencies(body))
        if cycle:
            errors.append(f"Circular dependency between resources: [{', '.join(cycle)}]")
    return errors


def _section_errors(body: Mapping[str, Any]) -> list[str]:
    errors: list[str] = []
    for section in ("Parameters", "Mappings", "Conditions", "Outputs"):
        value = body.get(section)
        if value is not None and not isinstance(value, dict):
            errors.append(f"Template format error: {section} must be an object.")
    parameters = body.get("Parameters")
    for name, spec in parameters.items() if isinstance(parameters, dict) else ():
        kind = spec.get("Type") if isinstance(spec, dict) else None
        if not isinstance(kind, str):
            errors.append(
                f"Template format error: [/Parameters/{name}] Every Parameters object must "
                "contain a Type member."
            )
        elif not parameter_type_known(kind):
            errors.append(f"Template format error: Unrecognized parameter type: {kind}")
    outputs = body.get("Outputs")
    for name, spec in outputs.items() if isinstance(outputs, dict) else ():
        if not isinstance(spec, dict) or "Value" not in spec:
            errors.append(
                f"Template format error: [/Outputs/{name}] Every Outputs member must contain a "
                "Value object."
            )
    return errors


def _condition_errors(body: Mapping[str, Any]) -> list[str]:
    """Conditions named by resources, outputs, Fn::If and Condition that are not defined."""
    conditions = body.get("Conditions")
    defined = set(conditions) if isinstance(conditions, dict) else set()
    used: dict[str, str] = {}

    def walk(node: Any, where: str, in_conditions: bool) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "Fn::If" and isinstance(value, list) and value:
                    if isinstance(value[0], str):
                        used.setdefault(value[0], where)
                elif key == "Condition" and in_conditions and isinstance(value, str):
                    used.setdefault(value, where)  # {"Condition": X} inside Fn::And/Or/Not
                walk(value, where, in_conditions)
        elif isinstance(node, list):
            for item in node:
                walk(item, where, in_conditions)

    for section in ("Resources", "Outputs"):
        entries = body.get(section)
        for name, entry in entries.items() if isinstance(entries, dict) else ():
            where = f"{section}/{name}"
            if isinstance(entry, dict) and isinstance(entry.get("Condition"), str):
                used.setdefault(entry["Condition"], where)
            walk(entry, where, False)
    for name, entry in conditions.items() if isinstance(conditions, dict) else ():
        walk(entry, f"Conditions/{name}", True)
    return [
        f"Template format error: Unresolved condition dependency {name} in {where}"
        for name, where in used.items()
        if name not in defined
    ]


def _reference_errors(body: Mapping[str, Any]) -> list[str]:
    resources = body["Resources"]
    parameters = body.get("Parameters")
    known = set(resources) | (set(parameters) if isinstance(parameters, dict) else set())
    missing: set[str] = set()
    sections: list[Any] = [resources]
    if isinstance(body.get("Outputs"), dict):
        sections.append(body["Outputs"])
    for section in sections:
        for entry in section.values():
            missing.update(
                name
                for name in references(entry)
                if name not in known and not name.startswith(PSEUDO_PARAMETER_PREFIX)
            )
    errors = []
    if _malformed_getatt(sections):
        errors.append("Template error: every Fn::GetAtt object requires two non-empty parameters")
    if not missing:
        return errors
    return errors + [
        f"Template format error: Unresolved resource dependencies [{', '.join(sorted(missing))}] "
        "in the Resources block of the template"
    ]


INTRINSIC_FUNCTIONS = frozenset(
    {
        "Fn::And",
        "Fn::Base64",
        "Fn::Cidr",
        "Fn::Equals",
        "Fn::FindInMap",
        "Fn::GetAZs",
        "Fn::GetAtt",
        "Fn::If",
        "Fn::ImportValue",
        "Fn::Join",
        "Fn::Not",
        "Fn::Or",
        "Fn::Select",
        "Fn::Split",
        "Fn::Sub",
        "Fn::Transform",
    }
)
"""The ``Fn::`` functions CloudFormation evaluates in a template without a transform
(AWS::LanguageExtensions adds Fn::ForEach, Fn::Length and Fn::ToJsonString; Rules have their
own, and are not read here)."""


def _function_errors(body: Mapping[str, Any]) -> list[str]:
    """``Fn::`` keys CloudFormation does not know (``Fn::Rain::Embed`` left by a tool, a typo
    such as ``Fn::Joins``): AWS refuses the template before it creates anything. Metadata is
    not read (tools keep their own data there)."""
    unknown: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if len(node) == 1:
                key = next(iter(node))
                if (
                    isinstance(key, str)
                    and key.startswith("Fn::")
                    and key not in INTRINSIC_FUNCTIONS
                ):
                    unknown.add(key)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for resource in body["Resources"].values():
        if isinstance(resource, dict):
            walk({k: v for k, v in resource.items() if k != "Metadata"})
    for section in ("Outputs", "Conditions"):
        if isinstance(body.get(section), dict):
            walk(body[section])
    return [
        f"Template error: Encountered unsupported function: {name}"
        + (_rain_hint("directive") if name.startswith("Fn::Rain::") else "")
        for name in sorted(unknown)
    ]


_RAIN = ("Rain::", "Fn::Rain::")
"""Rain's directives: ``{"Rain::Module": ...}`` in JSON; a YAML ``!Rain::Module`` tag reads as
the function ``Fn::Rain::Module``."""


def _rain_hint(what: str) -> str:
    """Rain's own syntax left in a template: AWS refuses it; ``rain pkg`` makes it a template."""
    return f" (a Rain {what}: `rain pkg` writes the template CloudFormation accepts)"


def _malformed_getatt(node: Any) -> bool:
    """Whether any ``Fn::GetAtt`` under ``node`` lacks its resource or its attribute."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "Fn::GetAtt":
                if isinstance(value, str):
                    if "." not in value.strip(".") or not value.split(".", 1)[0]:
                        return True
                elif not isinstance(value, list) or len(value) != 2 or value[0] in ("", None):
                    return True
            if _malformed_getatt(value):
                return True
    elif isinstance(node, list):
        return any(_malformed_getatt(item) for item in node)
    return False
