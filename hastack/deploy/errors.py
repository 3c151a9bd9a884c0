"""Deploy-specific errors (the general ones live in :mod:`hastack.errors`)."""

from __future__ import annotations

import re

from hastack.errors import HastackError


class DeployInterrupted(HastackError):
    """Ctrl-C while CloudFormation works: hastack stopped watching, the stack carries on."""

    exit_code = 130


ACCESS_DENIED = ("AccessDenied", "AccessDeniedException", "UnauthorizedOperation")
BAD_CREDENTIALS = (
    "ExpiredToken",
    "ExpiredTokenException",
    "InvalidClientTokenId",
    "SignatureDoesNotMatch",
    "UnrecognizedClientException",
    "InvalidAccessKeyId",
)


def failure_line(error: BaseException) -> tuple[str, int] | None:
    """One line (and an exit code) for a failure that is the environment's, not a bug.

    Network, credential and permission failures from botocore, and a file or folder the
    operating system refuses, name the endpoint, the permission or the path and what to do.
    None for anything else (a bug, which keeps its traceback). botocore is looked at only when
    it is already imported: the error came from it.
    """
    import sys

    if isinstance(error, OSError) and error.filename is not None:
        return f"{error.filename}: {error.strerror or error}", 2
    if "botocore" not in sys.modules:
        return None
    from botocore import exceptions as bx
    from botocore.parsers import ResponseParserError

    if isinstance(
        error, bx.EndpointConnectionError | bx.ConnectTimeoutError | bx.ProxyConnectionError
    ):
        endpoint = getattr(error, "kwargs", {}).get("endpoint_url") or "the endpoint"
        return (
            f"cannot reach {endpoint}: check the address (for --endpoint-url, is "
            "`hastack local serve` running?), your network and any HTTPS_PROXY setting",
            1,
        )
    if isinstance(error, bx.ReadTimeoutError | bx.ConnectionClosedError):
        endpoint = getattr(error, "kwargs", {}).get("endpoint_url") or "the endpoint"
        return f"{endpoint} stopped answering ({error}); try again", 1
    if isinstance(error, bx.NoCredentialsError | bx.PartialCredentialsError):
        return (
            "no usable AWS credentials: set AWS_PROFILE or pass --profile, set "
            "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or use --local",
            2,
        )
    if isinstance(error, bx.ProfileNotFound):
        return f"{error}: check --profile and AWS_PROFILE", 2
    if isinstance(error, bx.ClientError):
        code = str(error.response.get("Error", {}).get("Code", ""))
        message = str(error.response.get("Error", {}).get("Message", "")) or str(error)
        operation = getattr(error, "operation_name", "an AWS call")
        if code in ACCESS_DENIED or "not authorized" in message:
            match = re.search(r"perform: ([\w-]+:\w+)", message)
            action = match.group(1) if match else operation
            return (
                f"permission denied for {action}: grant it to the identity you deploy with "
                f"(or pass --role-arn with a role that has it); AWS said: {message}",
                1,
            )
        if code in BAD_CREDENTIALS:
            return (
                f"AWS rejected the credentials ({code}): refresh them (aws sso login, new keys) "
                "or choose another --profile",
                2,
            )
        return f"{operation} failed: {code}: {message}", 1
    if isinstance(error, ResponseParserError):
        return (
            "the endpoint answered with something that is not an AWS API response; check "
            "--endpoint-url points at an AWS-compatible server",
            1,
        )
    if isinstance(error, bx.BotoCoreError):
        return f"AWS call failed: {error}", 1
    return None
