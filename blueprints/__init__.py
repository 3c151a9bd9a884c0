"""Ready-made highly available blueprints, each a thin composition of hastack components.

- :class:`HAWebApp`: the whole web application in one stack.
- :class:`NetworkTier`, :class:`DatabaseTier`, :class:`WebTier`: the same, split into stacks
  that an App wires together through outputs (deploy and update each on its own).
- :class:`ActivePassiveWebApp`: the web app in two regions (Aurora Global Database, Route 53
  failover); ``.stacks()`` gives the primary, secondary and DNS stacks.

Names load on first use, so an app that uses one blueprint does not pay for the others'
imports (``hastack synth`` stays fast).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_LAZY: dict[str, str] = {
    "ActivePassiveWebApp": "hastack.blueprints.multiregion",
    "CdnDistribution": "hastack.blueprints.cdn",
    "FailoverDns": "hastack.blueprints.multiregion",
    "RegionalWebApp": "hastack.blueprints.multiregion",
    "DatabaseTier": "hastack.blueprints.split",
    "NetworkTier": "hastack.blueprints.split",
    "WebTier": "hastack.blueprints.split",
    "HAWebApp": "hastack.blueprints.webapp",
    "HAWebAppOptions": "hastack.blueprints.webapp",
    "ProxiedWebApp": "hastack.blueprints.proxy_tier",
    "QuorumCluster": "hastack.blueprints.quorum",
}

__all__ = sorted(_LAZY)

if TYPE_CHECKING:  # pragma: no cover
    from .cdn import CdnDistribution  # noqa: F401
    from .multiregion import ActivePassiveWebApp, FailoverDns, RegionalWebApp  # noqa: F401
    from .proxy_tier import ProxiedWebApp  # noqa: F401
    from .quorum import QuorumCluster  # noqa: F401
    from .split import DatabaseTier, NetworkTier, WebTier  # noqa: F401
    from .webapp import HAWebApp, HAWebAppOptions  # noqa: F401


def __getattr__(name: str) -> Any:
    try:
        module = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'blueprints' has no attribute {name!r}") from None
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
