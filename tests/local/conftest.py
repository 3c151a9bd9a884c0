"""Fixtures for the local emulator tests: moto in-process (fast) or the emulator server."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture
def cfn_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """moto in-process with hastack's compatibility layer; yields a client factory."""
    for key, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                       "AWS_DEFAULT_REGION": "us-east-1"}.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    import boto3
    from moto import mock_aws

    from hastack.deploy.local import install_compat

    install_compat()
    with mock_aws():
        yield lambda service, region="us-east-1": boto3.client(service, region_name=region)


def create(cfn: Any, name: str, body: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    cfn.create_stack(StackName=name, TemplateBody=json.dumps(body), **kwargs)
    return cfn.describe_stacks(StackName=name)["Stacks"][0]


def outputs(stack: dict[str, Any]) -> dict[str, str]:
    return {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs") or []}


def events(cfn: Any, stack: str) -> list[tuple[str, str, str]]:
    """(logical id, status, reason) oldest first."""
    found = cfn.describe_stack_events(StackName=stack)["StackEvents"]
    return [(e["LogicalResourceId"], e["ResourceStatus"], e.get("ResourceStatusReason") or "")
            for e in reversed(found)]


__all__ = ["create", "events", "outputs", "os"]
