"""hastack's local cloud: a CloudFormation engine of its own in front of moto's services.

The engine owns stacks, change sets, statuses, locks, events, replacement and rollback, and
serves the CloudFormation query API; resources are created, updated and deleted through moto's
service backends, and every other service is moto's own server, unmodified. Nothing here
changes moto: a user's own ``mock_aws`` tests behave as they would without hastack.

``import hastack.local`` is cheap; moto and boto3 load when an engine starts.
"""

from hastack.core.regions import DEFAULT_REGION
from hastack.local.errors import EngineError, PortInUseError
from hastack.local.server import (
    DUMMY_ACCESS_KEY_ID,
    DUMMY_SECRET_ACCESS_KEY,
    LocalEngine,
    check_region,
)

__all__ = [
    "DEFAULT_REGION",
    "DUMMY_ACCESS_KEY_ID",
    "DUMMY_SECRET_ACCESS_KEY",
    "EngineError",
    "LocalEngine",
    "PortInUseError",
    "check_region",
]
