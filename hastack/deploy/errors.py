"""Deploy-specific errors (the general ones live in :mod:`hastack.errors`)."""

from __future__ import annotations

from hastack.errors import HastackError


class DeployInterrupted(HastackError):
    """Ctrl-C while CloudFormation works: hastack stopped watching, the stack carries on."""

    exit_code = 130
