"""Ready-made highly available blueprints, each a thin composition of hastack components.

- :class:`HAWebApp`: the whole web application in one stack.
- :class:`NetworkTier`, :class:`DatabaseTier`, :class:`WebTier`: the same, split into stacks
  that an App wires together through outputs (deploy and update each on its own).
- :class:`ActivePassiveWebApp`: the web app in two regions (Aurora Global Database, Route 53
  failover); ``.stacks()`` gives the primary, secondary and DNS stacks.
"""

from blueprints.multiregion import ActivePassiveWebApp, FailoverDns, RegionalWebApp
from blueprints.split import DatabaseTier, NetworkTier, WebTier
from blueprints.webapp import HAWebApp, HAWebAppOptions

__all__ = [
    "ActivePassiveWebApp",
    "DatabaseTier",
    "FailoverDns",
    "HAWebApp",
    "HAWebAppOptions",
    "NetworkTier",
    "RegionalWebApp",
    "WebTier",
]
