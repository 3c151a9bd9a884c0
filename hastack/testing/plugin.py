"""The ``hastack`` pytest plugin, loaded through the ``pytest11`` entry point.

Fixtures:

- ``aws``: moto in-process (``mock_aws``) with dummy credentials and a region set, AWS_PROFILE
  and AWS_ENDPOINT_URL unset, hastack's CloudFormation compatibility layer installed. Yields a
  :class:`~hastack.testing.LocalAws` (``.region``, ``.client(service)``).
- ``local_cloud``: a :class:`~hastack.deploy.local.LocalEmulator` server for one test
  (``.endpoint_url``, ``.env()``, ``.client(service)``), for code that talks HTTP or runs a
  subprocess; ``local_cloud_session`` is one server for the whole session.
- ``deploy``: ``deploy(app_or_stack_or_blueprint)`` deploys with hastack's deploy engine to the
  ``aws`` fixture if the test uses it, else to the emulator server, and returns the outputs.

``@pytest.mark.hastack_region("eu-west-1")`` picks the region (default us-east-1).

This module loads in every pytest run of every project that installs hastack, so it imports
only pytest and the standard library at import time; moto and boto3 load inside the fixtures.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from hastack.core.regions import DEFAULT_REGION
from hastack.deploy.local import LocalEmulator, install_compat
from hastack.deploy.local.emulator import DUMMY_ACCESS_KEY_ID, DUMMY_SECRET_ACCESS_KEY
from hastack.testing.cloud import LocalAws, deploy_to

REGION_MARKER = "hastack_region"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{REGION_MARKER}(name): AWS region for the hastack `aws`, `local_cloud` and `deploy` "
        f"fixtures (default {DEFAULT_REGION}).",
    )


def _region(request: pytest.FixtureRequest) -> str:
    marker = request.node.get_closest_marker(REGION_MARKER)
    if marker is None:
        return DEFAULT_REGION
    if len(marker.args) != 1 or not isinstance(marker.args[0], str) or not marker.args[0]:
        raise pytest.UsageError(
            f"@pytest.mark.{REGION_MARKER} takes one region name, e.g. "
            f'@pytest.mark.{REGION_MARKER}("eu-west-1"); got {marker.args!r}'
        )
    return marker.args[0]


@pytest.fixture
def aws(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """moto in-process with hastack's compatibility layer, region and dummy credentials."""

    region = _region(request)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", DUMMY_ACCESS_KEY_ID)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", DUMMY_SECRET_ACCESS_KEY)
    monkeypatch.setenv("AWS_DEFAULT_REGION", region)
    monkeypatch.setenv("AWS_REGION", region)
    for name in ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"):
        monkeypatch.delenv(name, raising=False)

    from moto import mock_aws

    install_compat()
    with mock_aws():
        yield LocalAws(region=region)


def _emulator(region: str) -> Iterator[Any]:

    emulator = LocalEmulator(region=region).start()
    try:
        yield emulator
    finally:
        emulator.stop()


@pytest.fixture
def local_cloud(request: pytest.FixtureRequest) -> Iterator[Any]:
    """A local emulator server (moto) for this test, on a free port."""
    yield from _emulator(_region(request))


@pytest.fixture(scope="session")
def local_cloud_session() -> Iterator[Any]:
    """One emulator server for the whole session (us-east-1); state persists between tests."""
    yield from _emulator(DEFAULT_REGION)


@pytest.fixture
def deploy(request: pytest.FixtureRequest) -> Callable[..., dict[str, Any]]:
    """``deploy(target, *, stacks=(), parameters=None, allow_replace=False) -> outputs``.

    Deploys with hastack's deploy engine to the ``aws`` fixture when the test uses it, else to
    ``local_cloud_session`` when the test uses that, else to a ``local_cloud`` server.
    """

    if "aws" in request.fixturenames:
        cloud = request.getfixturevalue("aws")
    elif "local_cloud_session" in request.fixturenames:
        cloud = request.getfixturevalue("local_cloud_session")
    else:
        cloud = request.getfixturevalue("local_cloud")

    def run(target: Any, **options: Any) -> dict[str, Any]:
        return deploy_to(cloud, target, **options)

    return run
