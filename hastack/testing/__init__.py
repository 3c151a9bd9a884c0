"""Testing helpers for hastack users: template assertions and pytest fixtures.

The fixtures (``aws``, ``local_cloud``, ``local_cloud_session``, ``deploy``) come from the
``hastack`` pytest plugin, registered through the ``pytest11`` entry point, so installing
hastack makes them available in every test; the assertions are imported from here::

    from hastack.testing import has_resource, has_resource_properties, outputs
"""

from hastack.testing.assertions import (
    has_resource,
    has_resource_properties,
    outputs,
    resources,
    template_body,
)
from hastack.testing.cloud import DeployFailed, LocalAws, PlaceholdersDeployed

__all__ = [
    "DeployFailed",
    "LocalAws",
    "PlaceholdersDeployed",
    "has_resource",
    "has_resource_properties",
    "outputs",
    "resources",
    "template_body",
]
