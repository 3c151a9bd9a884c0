"""Validation: cfn-lint in-process plus hastack's HA and security rule pack.

``hastack.validate(...)`` (see :func:`hastack.validate.api.validate`) checks templates, stacks
or apps and returns a :class:`~hastack.validate.finding.Report`. Importing this package is
cheap; cfn-lint is only loaded when a template actually has to be linted (not on a cache hit).

``hastack.validate`` names both this package and the function: once a submodule is imported,
Python binds the package to the ``hastack.validate`` attribute, so the package itself is made
callable and forwards to the function. Either way ``hastack.validate(targets, ...)`` works.
"""

from __future__ import annotations

import sys
import types
from typing import Any


class _CallablePackage(types.ModuleType):
    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from hastack.validate.api import validate

        return validate(*args, **kwargs)


sys.modules[__name__].__class__ = _CallablePackage
