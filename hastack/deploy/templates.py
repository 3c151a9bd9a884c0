"""Template bodies as CloudFormation receives them, their identity, and the S3 upload path.

A body is always sent as canonical JSON (sorted keys), so the deployed template read back with
GetTemplate compares equal to the new one when nothing changed: that comparison is the no-op
check that skips a stack without creating a change set. Bodies over 51,200 bytes cannot go
inline; they are uploaded to a bucket hastack creates once per account and region (encrypted,
versioned, public access blocked) and deployed by ``TemplateURL``.
"""

from __future__ import annotations

import hashlib
import json
import threading
from typing import Any
from urllib.parse import urlparse

from hastack.core.limits import deploy_text
from hastack.core.stack import INLINE_TEMPLATE_LIMIT
from hastack.core.template_file import parse_template_text
from hastack.errors import DeployError, HastackError


def render(body: dict[str, Any]) -> str:
    """The JSON text hastack deploys for ``body``."""
    return deploy_text(body)


def parse_deployed(template_body: Any) -> dict[str, Any] | None:
    """GetTemplate's ``TemplateBody`` (botocore gives a dict for JSON, text for YAML) as a dict."""
    if isinstance(template_body, dict):
        copied: dict[str, Any] = json.loads(json.dumps(template_body))
        return copied
    if isinstance(template_body, str):
        try:
            return parse_template_text(template_body, "deployed template")
        except HastackError:
            return None
    return None


def bucket_name(account_id: str, region: str) -> str:
    """``hastack-templates-<account>-<region>``: one per account and region, at most 63 chars."""
    return f"hastack-templates-{account_id}-{region}"[:63]


class TemplateStore:
    """Uploads large bodies to the tool's bucket, creating and securing it on first use."""

    def __init__(self, target: Any) -> None:
        self.target = target
        self._ready: set[tuple[str, str]] = set()
        self._lock = threading.Lock()

    def template_argument(
        self, stack_name: str, region: str, body: dict[str, Any]
    ) -> dict[str, str]:
        """``{"TemplateBody": text}`` or, over the inline limit, ``{"TemplateURL": url}``."""
        text = render(body)
        if len(text.encode()) <= INLINE_TEMPLATE_LIMIT:
            return {"TemplateBody": text}
        return {"TemplateURL": self.upload(stack_name, region, text)}

    def upload(self, stack_name: str, region: str, text: str) -> str:
        s3 = self.target.client("s3", region)
        bucket = bucket_name(self.target.account_id(), region)
        self.ensure_bucket(bucket, region)
        digest = hashlib.sha256(text.encode()).hexdigest()[:16]
        key = f"{stack_name}/{digest}.template.json"
        s3.put_object(
            Bucket=bucket,
            Key=key,
            Body=text.encode(),
            ContentType="application/json",
            ServerSideEncryption="AES256",
        )
        return self.url(bucket, key, region)

    def url(self, bucket: str, key: str, region: str) -> str:
        endpoint = self.target.endpoint_url
        if endpoint:
            # Path-style on the emulator. moto reads the bucket from the path only when the host
            # is "localhost"; 127.0.0.1 and localhost are the same loopback server.
            parsed = urlparse(endpoint)
            host = parsed.netloc.replace("127.0.0.1", "localhost")
            return f"{parsed.scheme}://{host}/{bucket}/{key}"
        return f"https://{bucket}.s3.{region}.amazonaws.com/{key}"

    def ensure_bucket(self, bucket: str, region: str) -> None:
        with self._lock:  # parallel stacks share one bucket: create and secure it once
            if (bucket, region) not in self._ready:
                self._create_bucket(bucket, region)
                self._ready.add((bucket, region))

    def _create_bucket(self, bucket: str, region: str) -> None:
        from botocore.exceptions import ClientError

        s3 = self.target.client("s3", region)
        try:
            s3.head_bucket(Bucket=bucket)
        except ClientError as error:
            code = str(error.response.get("Error", {}).get("Code"))
            if code not in ("404", "NoSuchBucket", "NotFound"):
                raise DeployError(f"template bucket {bucket}: {error}") from None
            args: dict[str, Any] = {"Bucket": bucket}
            if region != "us-east-1":
                args["CreateBucketConfiguration"] = {"LocationConstraint": region}
            s3.create_bucket(**args)
        s3.put_public_access_block(
            Bucket=bucket,
            PublicAccessBlockConfiguration={
                "BlockPublicAcls": True,
                "IgnorePublicAcls": True,
                "BlockPublicPolicy": True,
                "RestrictPublicBuckets": True,
            },
        )
        s3.put_bucket_encryption(
            Bucket=bucket,
            ServerSideEncryptionConfiguration={
                "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}],
            },
        )
        s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
