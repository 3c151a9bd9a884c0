"""Where a deploy goes: an AWS account and region, or an emulator endpoint.

One :class:`AwsTarget` hands out boto3 clients that share a session per region, retry with
botocore's *adaptive* mode (client-side rate limiting on throttling, which CloudFormation's
describe calls hit when several stacks deploy at once) and point at ``endpoint_url`` when set.
Client creation is serialised with a lock because boto3 sessions are not thread-safe, while the
clients themselves are shared freely by the deploy threads.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from hastack.core.regions import DEFAULT_REGION
from hastack.errors import DeployError, UsageError

if TYPE_CHECKING:
    import boto3

LOCAL_CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
"""Fixed dummy keys for the emulator: it accepts any, and real keys must never reach it."""

RETRY_ATTEMPTS = 8


@dataclass
class AwsTarget:
    """An account/region (``profile`` or the usual ``AWS_*`` variables) or an emulator endpoint."""

    region: str = DEFAULT_REGION
    profile: str | None = None
    endpoint_url: str | None = None
    credentials: dict[str, str] | None = None
    """Explicit keys (the emulator's dummy ones); None uses boto3's normal credential chain."""
    _sessions: dict[str, Any] = field(default_factory=dict, init=False, repr=False)
    _clients: dict[tuple[str, str], Any] = field(default_factory=dict, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    _account: str | None = field(default=None, init=False, repr=False)

    @classmethod
    def local(cls, endpoint_url: str, region: str = DEFAULT_REGION) -> AwsTarget:
        """A target for an emulator at ``endpoint_url`` with dummy credentials."""
        return cls(region=region, endpoint_url=endpoint_url, credentials=dict(LOCAL_CREDENTIALS))

    @property
    def is_local(self) -> bool:
        return self.endpoint_url is not None

    def describe(self) -> str:
        """Where this target points, for messages."""
        if self.endpoint_url:
            return f"emulator at {self.endpoint_url}"
        return f"AWS profile {self.profile}" if self.profile else "AWS (default credentials)"

    def session(self, region: str | None = None) -> boto3.Session:
        import boto3
        import botocore.exceptions

        region = region or self.region
        with self._lock:
            session = self._sessions.get(region)
            if session is None:
                try:
                    session = boto3.Session(
                        profile_name=self.profile, region_name=region, **(self.credentials or {})
                    )
                except botocore.exceptions.ProfileNotFound:
                    raise UsageError(profile_problem(self.profile)) from None
                self._sessions[region] = session
            return session

    def client(self, service: str, region: str | None = None) -> Any:
        """A cached client for ``service`` in ``region`` (default: the target's region)."""
        from botocore.config import Config

        region = region or self.region
        key = (service, region)
        with self._lock:
            cached = self._clients.get(key)
        if cached is not None:
            return cached
        session = self.session(region)
        config = Config(
            retries={"mode": "adaptive", "max_attempts": RETRY_ATTEMPTS},
            connect_timeout=10,
            read_timeout=60,
            user_agent_extra="hastack",
            # Emulators and other custom endpoints serve buckets by path, not by host name.
            s3={"addressing_style": "path"} if self.endpoint_url else None,
        )
        with self._lock:
            cached = self._clients.get(key)
            if cached is None:
                cached = session.client(
                    service, region_name=region, endpoint_url=self.endpoint_url, config=config
                )
                self._clients[key] = cached
            return cached

    def account_id(self) -> str:
        """The account the credentials belong to (STS), cached; the emulator answers too."""
        if self._account is None:
            import botocore.exceptions

            try:
                identity = self.client("sts").get_caller_identity()
            except botocore.exceptions.NoCredentialsError:
                raise DeployError(
                    "no AWS credentials found: set AWS_PROFILE or pass --profile, set "
                    "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or deploy with --local"
                ) from None
            self._account = identity["Account"]
        return self._account


def profile_problem(profile: str | None) -> str:
    """Why a profile is unusable, naming where it came from (``--profile`` or ``AWS_PROFILE``)."""
    if profile:
        source, name = "--profile", profile
    else:
        source, name = "AWS_PROFILE", os.environ.get("AWS_PROFILE", "")
    files = os.environ.get("AWS_CONFIG_FILE") or "~/.aws/config"
    return (
        f"{source} {name}: no such profile in {files} or the credentials file; "
        "run `aws configure list-profiles` to see the ones you have"
    )
