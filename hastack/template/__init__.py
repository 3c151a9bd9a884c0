"""One model of CloudFormation templates, shared by every command.

- :mod:`~hastack.template.view`: a template with its region and parameter values
  (:class:`TemplateView`), several read together (:class:`Workspace`);
- :mod:`~hastack.template.evaluate`: the one intrinsic evaluator (known value, or
  :class:`Unknown` with the reason);
- :mod:`~hastack.template.placement`: where subnets and AZ expressions put things;
- :mod:`~hastack.template.types`: resource type names;
- :mod:`~hastack.template.schemas`: provider schemas (create-only, required, read-only).

The names below are imported on first use: a module that needs one part (synth reads only
:mod:`~hastack.template.engine_versions`) does not load the evaluator and the view with it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hastack.template.evaluate import Evaluator, Unresolved, evaluator, is_intrinsic
    from hastack.template.values import (
        NO_VALUE,
        Az,
        RegionAzs,
        ResourceRef,
        Unknown,
        first_unknown,
        is_known,
    )
    from hastack.template.view import (
        TemplateLike,
        TemplateView,
        Workspace,
        properties,
        section,
    )

_HOMES = {
    "Evaluator": "evaluate",
    "Unresolved": "evaluate",
    "evaluator": "evaluate",
    "is_intrinsic": "evaluate",
    "NO_VALUE": "values",
    "Az": "values",
    "RegionAzs": "values",
    "ResourceRef": "values",
    "Unknown": "values",
    "first_unknown": "values",
    "is_known": "values",
    "TemplateLike": "view",
    "TemplateView": "view",
    "Workspace": "view",
    "properties": "view",
    "section": "view",
}
"""Exported name -> the submodule that defines it."""

__all__ = [
    "NO_VALUE",
    "Az",
    "Evaluator",
    "RegionAzs",
    "ResourceRef",
    "TemplateLike",
    "TemplateView",
    "Unknown",
    "Unresolved",
    "Workspace",
    "evaluator",
    "first_unknown",
    "is_intrinsic",
    "is_known",
    "properties",
    "section",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HOMES))
