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
def schema(type_name: str, region: str = DEFAULT_REGION) -> ProviderSchema | None:
    """The provider schema of ``type_name`` in ``region``; None for a type the registry lacks
    (``AWS::Serverless::*`` before its transform, a custom resource, a typo)."""
    digest = _index(region).get(type_name) or _index(_FALLBACK_REGION).get(type_name)
    root = _schema_root()
    if digest is None or root is None:
        return None
    path = root / "resources" / f"{digest}.json"
    if not path.is_file():
        return None
    data = json.loads(path.read_text())
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
