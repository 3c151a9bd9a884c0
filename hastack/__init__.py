"""hastack: highly available AWS stacks as CloudFormation, with numbers before you deploy.

The public API is loaded lazily so that ``import hastack`` (and the CLI) stays fast: the heavy
parts (cfn-lint, boto3, moto) are only imported by the functions that need them.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_LAZY: dict[str, tuple[str, str]] = {
    "App": ("hastack.core.app", "App"),
    "Stack": ("hastack.core.stack", "Stack"),
    "Blueprint": ("hastack.core.blueprint", "Blueprint"),
    "option": ("hastack.core.options", "option"),
    "context": ("hastack.core.context", "current_context"),
    "Context": ("hastack.core.context", "Context"),
    "load_template_file": ("hastack.core.template_file", "load_template_file"),
    # the package itself: it is callable (forwards to hastack.validate.api.validate), so the
    # name can be both the function users call and the package Python binds on import
    "validate": ("hastack.validate", ""),
    "estimate": ("hastack.cost.api", "estimate"),
    "HastackError": ("hastack.errors", "HastackError"),
    "OptionsError": ("hastack.errors", "OptionsError"),
}

__all__ = ["__version__", *sorted(_LAZY)]

if TYPE_CHECKING:  # pragma: no cover
    from hastack.core.app import App as App
    from hastack.core.blueprint import Blueprint as Blueprint
    from hastack.core.stack import Stack as Stack


def __getattr__(name: str) -> Any:
    try:
        module, attr = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'hastack' has no attribute {name!r}") from None
    loaded = import_module(module)
    value = getattr(loaded, attr) if attr else loaded
    globals()[name] = value
    return value
