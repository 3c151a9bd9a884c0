"""The ``hastack`` pytest plugin, loaded through the ``pytest11`` entry point.

Fixtures:

- ``aws``: hastack's local cloud (its CloudFormation engine in front of moto's services) for
  one test, with dummy credentials, the region and ``AWS_ENDPOINT_URL`` set and AWS_PROFILE
  unset, so every boto3 client in the test reaches it. Yields a
  :class:`~hastack.testing.LocalAws` (``.region``, ``.client(service)``). State is reset
  before and after each test.
- ``local_cloud``: a :class:`~hastack.local.LocalEngine` server for one test
  (``.endpoint_url``, ``.env()``, ``.client(service)``), for code that talks HTTP or runs a
  subprocess; ``local_cloud_session`` is one server for the whole session.
- ``deploy``: ``deploy(app_or_stack_or_blueprint)`` deploys with hastack's deploy engine to the
  ``aws`` fixture if the test uses it, else to the emulator server, and returns the outputs.

``@pytest.mark.hastack_region("eu-west-1")`` picks the region (default us-east-1).
``@pytest.mark.hastack_placeholders`` lets resource types the engine does not emulate deploy
as placeholders (otherwise they fail: "not emulated locally: TYPE"); ``deploy`` then warns,
naming each placeholder.

This module loads in every pytest run of every project that installs hastack. moto, boto3 and
cfn-lint load inside the fixtures; hastack's own engine and deploy modules load at import (about
0.3 s: the layers keep internal imports at module top).
Nothing here changes moto: a user's own ``mock_aws`` tests in the same session run against
moto exactly as they would without hastack installed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from hastack.core.regions import DEFAULT_REGION
from hastack.local import DUMMY_ACCESS_KEY_ID, DUMMY_SECRET_ACCESS_KEY, LocalEngine
from hastack.testing.cloud import LocalAws, deploy_to

REGION_MARKER = "hastack_region"
PLACEHOLDERS_MARKER = "hastack_placeholders"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{REGION_MARKER}(name): AWS region for the hastack `aws`, `local_cloud` and `deploy` "
        f"fixtures (default {DEFAULT_REGION}).",
    )
    config.addinivalue_line(
        "markers",
        f"{PLACEHOLDERS_MARKER}: the hastack emulator deploys resource types it does not "
        "emulate as placeholders (named in a warning) instead of failing them.",
    )


def _placeholders(request: pytest.FixtureRequest) -> bool:
    return request.node.get_closest_marker(PLACEHOLDERS_MARKER) is not None


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


@pytest.fixture(scope="session")
def _hastack_engine() -> Iterator[Any]:
    """One engine server behind every ``aws`` fixture of the session (reset per test)."""
    yield from _emulator(DEFAULT_REGION)


@pytest.fixture
def aws(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, _hastack_engine: Any
) -> Iterator[Any]:
    """hastack's local cloud for this test: fresh state, region and dummy credentials set."""

    region = _region(request)
    _hastack_engine.reset()
    _hastack_engine.cloudformation.placeholders = _placeholders(request)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", DUMMY_ACCESS_KEY_ID)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", DUMMY_SECRET_ACCESS_KEY)
    monkeypatch.setenv("AWS_DEFAULT_REGION", region)
    monkeypatch.setenv("AWS_REGION", region)
    monkeypatch.setenv("AWS_ENDPOINT_URL", _hastack_engine.endpoint_url)
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    try:
        yield LocalAws(region=region, endpoint_url=_hastack_engine.endpoint_url)
    finally:
        _hastack_engine.reset()  # nothing the test made outlives it
        _hastack_engine.cloudformation.placeholders = False


def _emulator(region: str, placeholders: bool = False) -> Iterator[Any]:
    emulator = LocalEngine(region=region, placeholders=placeholders).start()
    try:
        yield emulator
    finally:
        emulator.stop()


@pytest.fixture
def local_cloud(request: pytest.FixtureRequest) -> Iterator[Any]:
    """A local emulator server for this test, on a free port."""
    yield from _emulator(_region(request), _placeholders(request))


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
