"""What the ``aws`` fixture yields, and the deploy helper behind the ``deploy`` fixture.

Nothing here imports boto3, moto or the deploy engine at import time: the plugin module that
imports this file loads in every pytest run of every project that installs hastack.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from hastack.deploy.api import deploy
from hastack.deploy.session import LOCAL_CREDENTIALS, AwsTarget
from hastack.local import DUMMY_ACCESS_KEY_ID, DUMMY_SECRET_ACCESS_KEY
from hastack.local.placeholders import deployed_placeholders


class DeployFailed(AssertionError):
    """A deploy in a test did not succeed; the message names each failed stack and why."""


class PlaceholdersDeployed(UserWarning):
    """A deploy made placeholders (``@pytest.mark.hastack_placeholders``): the warning names
    each, so a test never passes on a resource that is not there without saying so."""


@dataclass
class LocalAws:
    """The local cloud of the ``aws`` fixture: boto3 clients anywhere in the test reach it
    (``AWS_ENDPOINT_URL`` points at it)."""

    region: str
    endpoint_url: str | None = None

    def client(self, service: str, region: str | None = None) -> Any:
        import boto3

        return boto3.client(
            service,
            region_name=region or self.region,
            endpoint_url=self.endpoint_url,
            aws_access_key_id=DUMMY_ACCESS_KEY_ID,
            aws_secret_access_key=DUMMY_SECRET_ACCESS_KEY,
        )


def deploy_to(
    cloud: Any,
    target: Any,
    *,
    stacks: Sequence[str] = (),
    parameters: Mapping[str, str] | None = None,
    allow_replace: bool = False,
) -> dict[str, Any]:
    """Deploy an App, Stack or Blueprint to ``cloud`` with the deploy engine; its outputs.

    A single Stack or Blueprint gives its outputs (name -> value); an App gives outputs per
    stack name. Raises :class:`DeployFailed` naming each failed stack and its reason.
    """

    if getattr(target, "synth", None) is not None and getattr(target, "options", None) is not None:
        target = target.synth()  # a Blueprint
    if cloud.endpoint_url:
        aws_target = AwsTarget.local(cloud.endpoint_url, cloud.region)
    else:
        aws_target = AwsTarget(region=cloud.region, credentials=dict(LOCAL_CREDENTIALS))
    report = deploy(
        target,
        target=aws_target,
        assume_yes=True,
        allow_replace=allow_replace,
        parameters=parameters,
        stacks=stacks,
        skip_checks=True,  # a test asserts behaviour in the emulator; validating is not its job
    )
    named = deployed_placeholders(
        lambda region: cloud.client("cloudformation", region), report.results
    )
    if named:
        warnings.warn(PlaceholdersDeployed(named), stacklevel=2)
    if not report.ok:
        lines = [f"{r.name}: {r.status} {_why(r)}".rstrip() for r in report.failures]
        raise DeployFailed("deploy failed:\n  " + "\n  ".join(lines))
    if hasattr(target, "stacks"):  # an App
        return dict(report.outputs)
    (only,) = report.outputs.values()
    return dict(only)


def _why(result: Any) -> str:
    parts = [f"({result.stack_status})" if result.stack_status else ""]
    if result.failed_resource is not None:
        parts.append(f"- {result.failed_resource.describe()}")
    elif result.reason:
        parts.append(f"- {result.reason}")
    return " ".join(p for p in parts if p)
