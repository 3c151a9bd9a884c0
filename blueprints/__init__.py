"""Ready-made highly available blueprints, each a thin composition of hastack components.

- :class:`HAWebApp`: the whole web application in one stack.
- :class:`NetworkTier`, :class:`DatabaseTier`, :class:`WebTier`: the same, split into stacks
  that an App wires together through outputs (deploy and update each on its own).
- :class:`ActivePassiveWebApp`: the web app in two regions (Aurora Global Database, Route 53
  failover); ``.stacks()`` gives the primary, secondary and DNS stacks.

Each blueprint's options are typed keyword arguments: give an option set as its object
(``database=DatabaseOptions(engine="aurora-mysql", readers=2)``, checked like the rest) or as a
mapping of its fields. The option classes are importable from here too.

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
    "HAWebAppOptions": "hastack.blueprints._options",
    "ProxiedWebApp": "hastack.blueprints.proxy_tier",
    "QuorumCluster": "hastack.blueprints.quorum",
    # option sets, for the typed form of the keyword arguments
    "CacheOptions": "hastack.components.cache",
    "CdnOptions": "hastack.components.cdn",
    "DatabaseOptions": "hastack.components.database",
    "DnsOptions": "hastack.components.dns",
    "FailoverOptions": "hastack.components.failover",
    "FleetOptions": "hastack.components.compute",
    "LoadBalancerOptions": "hastack.components.load_balancer",
    "MonitoringOptions": "hastack.components.monitoring",
    "NetworkOptions": "hastack.components.network",
    "ProxyTierOptions": "hastack.components.proxy_tier",
    "QuorumOptions": "hastack.components.quorum",
}

__all__ = sorted(_LAZY)

if TYPE_CHECKING:  # pragma: no cover (``X as X``: exported under mypy --strict too)
    from hastack.components.cache import CacheOptions as CacheOptions
    from hastack.components.cdn import CdnOptions as CdnOptions
    from hastack.components.compute import FleetOptions as FleetOptions
    from hastack.components.database import DatabaseOptions as DatabaseOptions
    from hastack.components.dns import DnsOptions as DnsOptions
    from hastack.components.failover import FailoverOptions as FailoverOptions
    from hastack.components.load_balancer import LoadBalancerOptions as LoadBalancerOptions
    from hastack.components.monitoring import MonitoringOptions as MonitoringOptions
    from hastack.components.network import NetworkOptions as NetworkOptions
    from hastack.components.proxy_tier import ProxyTierOptions as ProxyTierOptions
    from hastack.components.quorum import QuorumOptions as QuorumOptions

    from ._options import HAWebAppOptions as HAWebAppOptions
    from .cdn import CdnDistribution as CdnDistribution
    from .multiregion import ActivePassiveWebApp as ActivePassiveWebApp
    from .multiregion import FailoverDns as FailoverDns
    from .multiregion import RegionalWebApp as RegionalWebApp
    from .proxy_tier import ProxiedWebApp as ProxiedWebApp
    from .quorum import QuorumCluster as QuorumCluster
    from .split import DatabaseTier as DatabaseTier
    from .split import NetworkTier as NetworkTier
    from .split import WebTier as WebTier
    from .webapp import HAWebApp as HAWebApp


def __getattr__(name: str) -> Any:
    try:
        module = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'hastack.blueprints' has no attribute {name!r}") from None
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
