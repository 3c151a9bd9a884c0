"""Errors the CloudFormation service answers with: AWS's code, message and HTTP status."""

from __future__ import annotations

from hastack.errors import HastackError, UsageError


class CfnError(Exception):
    """A request error, rendered as AWS's ``ErrorResponse`` (code and message as AWS words them)."""

    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


def validation(message: str) -> CfnError:
    return CfnError("ValidationError", message)


def stack_missing(name: str) -> CfnError:
    """DescribeStacks and friends on an unknown name (AWS's exact wording)."""
    return validation(f"Stack with id {name} does not exist")


def change_set_missing(name: str) -> CfnError:
    return CfnError("ChangeSetNotFound", f"ChangeSet [{name}] does not exist", 404)


def busy(stack_id: str, status: str, verb: str = "updated") -> CfnError:
    """One operation per stack: AWS refuses another while one runs."""
    return validation(f"Stack:{stack_id} is in {status} state and can not be {verb}.")


class ResourceFailure(Exception):
    """A resource handler failed; the message becomes the resource's status reason."""


class NotEmulated(ResourceFailure):
    """The engine has no handler for a resource type (and placeholders were not asked for)."""

    def __init__(self, resource_type: str, why: str | None = None) -> None:
        detail = f" ({why})" if why else ""
        super().__init__(f"not emulated locally: {resource_type}{detail}")
        self.resource_type = resource_type


class EngineError(HastackError):
    """The local engine could not start or answer (exit 1: the job failed, the input was fine)."""

    exit_code = 1


class PortInUseError(UsageError):
    """The port asked for is taken (exit 2: choose another one, or let the engine pick)."""
