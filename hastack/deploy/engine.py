"""The deploy operation over a run state of its own, in one object.

A run is a :class:`~hastack.deploy.run.RunState` (target, reporter, options, Ctrl-C watch)
shared by operations of one shape (:mod:`hastack.deploy.operations`); :class:`Engine` is the
deploy operation built with its own run state, for callers that drive one stack at a time
(``Engine(target, reporter, options, watch).deploy_stack(spec, upstream)``).
"""

from __future__ import annotations

from hastack.deploy import cfn as api
from hastack.deploy.operations.base import CAPABILITIES, NO_CHANGES, NOECHO_MASK
from hastack.deploy.operations.deploy import DeployOperation
from hastack.deploy.reporter import Reporter
from hastack.deploy.run import DeployOptions, RunState
from hastack.deploy.session import AwsTarget
from hastack.deploy.snapshots import SnapshotNeed
from hastack.deploy.spec import StackSpec

__all__ = ["CAPABILITIES", "NOECHO_MASK", "NO_CHANGES", "DeployOptions", "Engine"]


class Engine(DeployOperation):
    """:class:`DeployOperation` with a fresh :class:`RunState`; safe to use from several threads."""

    def __init__(
        self,
        target: AwsTarget,
        reporter: Reporter | None = None,
        options: DeployOptions | None = None,
        watch: api.Watch | None = None,
    ) -> None:
        super().__init__(RunState(target, reporter, options, watch))

    def snapshot_databases(self, spec: StackSpec, needs: list[SnapshotNeed]) -> list[str]:
        """Snapshot databases about to be deleted or replaced without a copy of their own."""
        return self.run.snapshot_databases(spec, needs)
