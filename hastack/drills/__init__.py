"""Failure drills: lose an AZ's instances, fail the database over, fail DNS over — and check.

Each drill prints the state before, what it did and the state after, and passes or fails on
explicit checks (see :mod:`hastack.drills.model`). Run them on the local emulator with
:func:`drill_local` (``hastack drill APP --local``) or on an already deployed app with
:func:`run_drills`. Importing this package is cheap: boto3 and moto load when a drill runs.
"""

from hastack.drills.api import DRILLS, check_drills, drill_local, run_drills
from hastack.drills.inventory import DrillError
from hastack.drills.model import Check, DrillReport, DrillResult

__all__ = [
    "DRILLS",
    "Check",
    "DrillError",
    "DrillReport",
    "DrillResult",
    "check_drills",
    "drill_local",
    "run_drills",
]
