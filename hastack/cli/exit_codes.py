"""Exit codes, in one place."""

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    """Success: no errors found, deployed, nothing to do."""
    FAIL = 1
    """The job ran and found a problem: lint errors, a failed deploy, a failed drill."""
    USAGE = 2
    """Bad input: a missing file, not a template, invalid options (also click's usage errors)."""
    INTERRUPTED = 130
    """Ctrl-C."""
