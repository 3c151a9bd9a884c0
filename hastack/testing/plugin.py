"""The ``hastack`` pytest plugin, loaded through the ``pytest11`` entry point.

It loads in every pytest run of every project that installs hastack, so importing it must stay
cheap: moto and boto3 are imported only inside the fixtures that need them.
"""

from __future__ import annotations

import pytest

REGION_MARKER = "hastack_region"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{REGION_MARKER}(name): AWS region for the hastack `aws`, `local_cloud` and `deploy` "
        "fixtures (default us-east-1).",
    )
