"""CloudFormation resource provider schemas, from the copy cfn-lint bundles.

The schemas say which properties force a replacement (``createOnlyProperties``), which are
required, which AWS sets (``readOnlyProperties``) and which identify a resource
(``primaryIdentifier``). The change preview, the stateful guard and the local engine decide
replacement from them rather than from hand-kept lists. The files are read directly from
cfn-lint's package data, without importing cfn-lint (which takes most of a second).
"""

from __future__ import annotations

import importlib.util
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from hastack.core.regions import DEFAULT_REGION

_FALLBACK_REGION = DEFAULT_REGION
"""cfn-lint ships one provider index per region; a type missing from a region's index (a
region that lacks the service) is read from us-east-1's, which has the most types."""


@dataclass(frozen=True)
class ProviderSchema:
    """What the registry says about one resource type (top-level property names)."""

    type_name: str
    required: frozenset[str]
    create_only: frozenset[str]
    conditional_create_only: frozenset[str]
    read_only: frozenset[str]
    write_only: frozenset[str]
    primary_identifier: tuple[str, ...]
    properties: frozenset[str]

    def replaces_on(self, changed: set[str]) -> frozenset[str]:
        """The changed top-level properties that force a replacement."""
        return frozenset(changed) & self.create_only

    def may_replace_on(self, changed: set[str]) -> frozenset[str]:
        """Changed properties that replace only in some cases (``Conditional`` on AWS)."""
        return frozenset(changed) & self.conditional_create_only


@cache
def _schema_root() -> Path | None:
    spec = importlib.util.find_spec("cfnlint")
    if spec is None or not spec.submodule_search_locations:
        return None
    root = Path(next(iter(spec.submodule_search_locations))) / "data" / "schemas"
    return root if root.is_dir() else None


@cache
def _index(region: str) -> dict[str, str]:
    root = _schema_root()
    if root is None:
        return {}
    path = root / "providers" / f"{region}.json"
    if not path.is_file():
        return {}
    data = json.loads(path.read_text())
    return data if isinstance(data, dict) else {}


def _top(paths: object) -> frozenset[str]:
    """``/properties/Name/...`` → ``Name`` for each path of a schema list."""
    names = set()
    for path in paths if isinstance(paths, list) else []:
        parts = str(path).split("/")
        if len(parts) >= 3 and parts[1] == "properties":
            names.add(parts[2])
    return frozenset(names)


@cache
def _document(type_name: str, region: str) -> dict[str, Any] | None:
    digest = _index(region).get(type_name) or _index(_FALLBACK_REGION).get(type_name)
    root = _schema_root()
    if digest is None or root is None:
        return None
    path = root / "resources" / f"{digest}.json"
    if not path.is_file():
        return None
    data = json.loads(path.read_text())
    return data if isinstance(data, dict) else None


@cache
def schema(type_name: str, region: str = DEFAULT_REGION) -> ProviderSchema | None:
    """The provider schema of ``type_name`` in ``region``; None for a type the registry lacks
    (``AWS::Serverless::*`` before its transform, a custom resource, a typo)."""
    data = _document(type_name, region)
    if data is None:
        return None
    props = data.get("properties")
    return ProviderSchema(
        type_name=type_name,
        required=frozenset(str(r) for r in data.get("required") or []),
        create_only=_top(data.get("createOnlyProperties")),
        conditional_create_only=_top(data.get("conditionalCreateOnlyProperties")),
        read_only=_top(data.get("readOnlyProperties")),
        write_only=_top(data.get("writeOnlyProperties")),
        primary_identifier=tuple(sorted(_top(data.get("primaryIdentifier")))),
        properties=frozenset(props) if isinstance(props, dict) else frozenset(),
    )


def known_types(region: str = DEFAULT_REGION) -> frozenset[str]:
    """Every resource type the registry has in ``region``."""
    return frozenset(_index(region))


# -- property shapes ----------------------------------------------------------------------------

_SCALARS = frozenset({"string", "integer", "number", "boolean"})
_MAX_ERRORS = 10


def property_errors(
    type_name: str, properties: dict[str, Any], region: str = DEFAULT_REGION
) -> list[str]:
    """Why CloudFormation would refuse ``properties`` (evaluated, intrinsics resolved) of a
    ``type_name`` resource before creating it, in its words ("#/Code/ZipFile: expected type:
    String, found: JSONObject", "#: required key [Role] not found", "#: extraneous key [Foo]
    is not permitted"); [] when the shape is right or the registry has no schema.

    Shapes only: an object or a list where the schema wants a scalar (or the reverse), a
    required key missing, a key the schema does not allow. Scalars are not compared with each
    other, because CloudFormation converts them (``Port: "80"`` is an integer to it); patterns,
    enums and ``oneOf``/``anyOf`` alternatives are left to the service, as cfn-lint reports
    them before deploy.
    """
    document = _document(type_name, region)
    if document is None:
        return []
    errors: list[str] = []
    _shape(properties, document, document, "#", errors)
    return errors[:_MAX_ERRORS]


def _resolved(node: dict[str, Any], document: dict[str, Any]) -> dict[str, Any]:
    for _ in range(20):  # a chain of $refs, never a loop
        ref = node.get("$ref")
        if not isinstance(ref, str) or not ref.startswith("#/"):
            return node
        target: Any = document
        for part in ref[2:].split("/"):
            target = target.get(part) if isinstance(target, dict) else None
        if not isinstance(target, dict):
            return {}
        node = target
    return node


def _shape(
    value: Any, node: dict[str, Any], document: dict[str, Any], path: str, errors: list[str]
) -> None:
    if len(errors) >= _MAX_ERRORS:
        return
    node = _resolved(node, document)
    kinds = node.get("type")
    wanted = set(kinds) if isinstance(kinds, list) else {kinds} if isinstance(kinds, str) else set()
    found = (
        "JSONObject"
        if isinstance(value, dict)
        else "JSONArray"
        if isinstance(value, list)
        else None
    )
    if wanted:
        if found == "JSONObject" and "object" not in wanted:
            return errors.append(f"{path}: expected type: {_kind(wanted)}, found: JSONObject")
        if found == "JSONArray" and "array" not in wanted:
            return errors.append(f"{path}: expected type: {_kind(wanted)}, found: JSONArray")
        if found is None and not (wanted & _SCALARS):
            return errors.append(
                f"{path}: expected type: {_kind(wanted)}, found: {_scalar_kind(value)}"
            )
    if any(k in node for k in ("oneOf", "anyOf", "allOf")):
        return  # alternatives: the service decides which one applies
    if isinstance(value, dict):
        fields = node.get("properties")
        if not isinstance(fields, dict):
            return
        for key in node.get("required") or []:
            if key not in value:
                errors.append(f"{path}: required key [{key}] not found")
        if node.get("additionalProperties") is False and not node.get("patternProperties"):
            for key in value:
                if key not in fields:
                    errors.append(f"{path}: extraneous key [{key}] is not permitted")
        for key, item in value.items():
            if isinstance(fields.get(key), dict):
                _shape(item, fields[key], document, f"{path}/{key}", errors)
    elif isinstance(value, list) and isinstance(node.get("items"), dict):
        for index, item in enumerate(value):
            _shape(item, node["items"], document, f"{path}/{index}", errors)


def _kind(wanted: set[str]) -> str:
    names = {"object": "JSONObject", "array": "JSONArray"}
    return "/".join(sorted(names.get(w, w.capitalize()) for w in wanted))


def _scalar_kind(value: Any) -> str:
    if value is None:
        return "Null"
    if isinstance(value, bool):
        return "Boolean"
    if isinstance(value, int | float):
        return "Number"
    return "String"
