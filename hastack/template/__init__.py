"""One model of CloudFormation templates, shared by every command.

- :mod:`~hastack.template.view`: a template with its region and parameter values
  (:class:`TemplateView`), several read together (:class:`Workspace`);
- :mod:`~hastack.template.evaluate`: the one intrinsic evaluator (known value, or
  :class:`Unknown` with the reason);
- :mod:`~hastack.template.placement`: where subnets and AZ expressions put things;
- :mod:`~hastack.template.types`: resource type names;
- :mod:`~hastack.template.schemas`: provider schemas (create-only, required, read-only).
"""

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
from hastack.template.view import TemplateLike, TemplateView, Workspace, properties, section

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
