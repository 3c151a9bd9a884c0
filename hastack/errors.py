"""Errors a user can act on.

Every error hastack raises on purpose derives from :class:`HastackError` and carries a message
written for a person; the CLI prints it as one paragraph and exits with ``exit_code`` instead of
showing a traceback.
"""

from __future__ import annotations


class HastackError(Exception):
    """Base class: a problem the user can fix. ``exit_code`` is what the CLI exits with."""

    exit_code: int = 2


class UsageError(HastackError):
    """Bad input: a missing file, a file that is not a template, an unknown region or option."""

    exit_code = 2


class TemplateFileError(UsageError):
    """A file that cannot be read as a CloudFormation template."""


class AppLoadError(UsageError):
    """A user's app file that is missing, fails to import, or defines nothing to synthesize."""


class OptionsError(UsageError):
    """One or more blueprint options are invalid; lists every bad field at once."""

    def __init__(self, owner: str, problems: list[tuple[str, object, str]]) -> None:
        self.owner = owner
        self.problems = problems
        lines = [f"invalid options for {owner}:"]
        for field, value, allowed in problems:
            lines.append(f"  - {field}={value!r}: {allowed}")
        super().__init__("\n".join(lines))


class DependencyCycleError(UsageError):
    """Stacks of an App that depend on each other in a loop."""

    def __init__(self, stacks: list[str]) -> None:
        self.stacks = stacks
        super().__init__("stack dependency cycle: " + " -> ".join(stacks))


class DeployError(HastackError):
    """A deployment that failed or was refused (exit code 1)."""

    exit_code = 1
