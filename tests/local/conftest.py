"""Fixtures for the local engine tests: one served engine per test module, reset per test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from hastack.local import LocalEngine


@pytest.fixture(scope="module")
def engine() -> Iterator[LocalEngine]:
    with LocalEngine() as served:
        yield served


@pytest.fixture
def cfn_env(engine: LocalEngine) -> Callable[..., Any]:
    """A clean engine; yields a client factory ``cfn_env(service, region="us-east-1")``."""
    engine.reset()
    return lambda service, region="us-east-1": engine.client(service, region)
