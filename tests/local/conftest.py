"""Fixtures for the local emulator tests: moto in-process with the compatibility layer."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture
def cfn_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """moto in-process with hastack's compatibility layer; yields a client factory."""
    for key, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    import boto3
    from moto import mock_aws

    from hastack.deploy.local import install_compat

    install_compat()
    with mock_aws():
        yield lambda service, region="us-east-1": boto3.client(service, region_name=region)
