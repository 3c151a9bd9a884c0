"""What the stacks of one deploy, diff, destroy or status run share.

:class:`RunState` is small on purpose: where the calls go (the target and its clients), who is
told (the reporter, which masks secret values), how (the options), the Ctrl-C watch, and the
bookkeeping several stacks touch at once (stacks being changed, change-set names, prompts).
The operations (:mod:`hastack.deploy.operations`) hold the logic; each gets one run state.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from hastack.deploy import cfn as api
from hastack.deploy import changesets
from hastack.deploy.errors import DeployInterrupted
from hastack.deploy.guards import Approval
from hastack.deploy.prompts import PromptBroker
from hastack.deploy.report import StackResult
from hastack.deploy.reporter import MaskingReporter, Reporter
from hastack.deploy.secrets import Secrets
from hastack.deploy.session import AwsTarget
from hastack.deploy.snapshots import SnapshotNeed, take_snapshots
from hastack.deploy.spec import StackSpec
from hastack.deploy.templates import TemplateStore, parse_deployed
from hastack.errors import HastackError

Change = Literal["deploy", "delete"]
"""What CloudFormation is doing to a stack this run started changing."""


@dataclass
class DeployOptions:
    assume_yes: bool = False
    allow_replace: bool = False
    timeout: float = 3600.0
    """Longest wait for one stack's create/update/delete to finish."""
    wait_in_progress: float = 300.0
    """How long to wait for an operation already running on a stack (0: refuse at once)."""
    role_arn: str | None = None
    """Service role CloudFormation assumes for the change (``--role-arn``)."""
    execute: bool = True
    """False (``--no-execute``): create the change set, show it, and stop."""
    approval: Approval = Approval.ANY_CHANGE
    """When a change set needs a yes (``--require-approval``)."""
    stack_policy: bool = True
    """Deny replacing and deleting stateful resources with a stack policy."""
    rollback_triggers: bool = True
    """The stack's own alarms become the change set's rollback triggers."""
    rollback_monitoring_minutes: int = 0
    """Minutes CloudFormation keeps watching the triggers after the update."""


class RunState:
    """Shared by the stacks of one run; every method is safe to call from several threads."""

    def __init__(
        self,
        target: AwsTarget,
        reporter: Reporter | None = None,
        options: DeployOptions | None = None,
        watch: api.Watch | None = None,
    ) -> None:
        self.target = target
        self.secrets = Secrets()
        """Secret values of this run's stacks: masked in every message (see secrets.py)."""
        self.reporter: Reporter = MaskingReporter(reporter or Reporter(), self.secrets)
        self.options = options or DeployOptions()
        self.watch = watch or api.Watch()
        self.store = TemplateStore(target)
        self.executing: dict[str, tuple[str, Change]] = {}
        """Stacks CloudFormation is changing now: name -> (region, "deploy" or "delete")."""
        self.prompts = PromptBroker(self.reporter.confirm)
        self.names = changesets.ChangeSetNames()
        """Names of this run's change sets (and how to tell another run's apart)."""

    def cfn(self, region: str) -> Any:
        return self.target.client("cloudformation", region)

    def confirm(self, question: str) -> bool:
        if self.options.assume_yes:
            return True
        return self.prompts.ask(question, self.watch.cancel)

    def role(self) -> dict[str, str]:
        """``RoleARN`` for calls that take one, when ``--role-arn`` was given."""
        return {"RoleARN": self.options.role_arn} if self.options.role_arn else {}

    def say(self, spec: StackSpec) -> Callable[[str], None]:
        return lambda message: self.reporter.info(spec.name, message)

    def deployed_body(self, spec: StackSpec) -> dict[str, Any] | None:
        """The template CloudFormation holds for the stack, as it was sent."""
        answer = self.cfn(spec.region).get_template(StackName=spec.name, TemplateStage="Original")
        return parse_deployed(answer.get("TemplateBody"))

    def wait(
        self,
        cfn: Any,
        name: str,
        stream: api.EventStream,
        *,
        before: dict[str, Any] | None,
        total: int = 1,
    ) -> dict[str, Any] | None:
        """Wait for the operation just started on ``name``; its events go to the reporter.

        ``before`` is the stack's description from before the operation (see
        :func:`~hastack.deploy.cfn.wait_for_stack`); returns the final one, None once deleted.
        """
        return api.wait_for_stack(
            cfn,
            name,
            stream=stream,
            reporter=self.reporter,
            watch=self.watch,
            total=total,
            timeout=self.options.timeout,
            before=before,
            track_start=True,
        )

    def snapshot_databases(self, spec: StackSpec, needs: list[SnapshotNeed]) -> list[str]:
        """Snapshot databases about to be deleted or replaced without a copy of their own."""
        if not needs:
            return []
        return take_snapshots(
            cfn=self.cfn(spec.region),
            rds=self.target.client("rds", spec.region),
            stack=spec.name,
            needs=needs,
            say=lambda message: self.reporter.info(spec.name, message),
            timeout=self.options.timeout,
            pause=lambda seconds: self.watch.pause(seconds, spec.name),
        )

    def run_stack(
        self,
        spec: StackSpec,
        work: Callable[[], StackResult],
        *,
        client_reason: Callable[[Exception], str],
    ) -> StackResult:
        """``work()`` on one stack, timed and passed to ``reporter.finish``.

        A hastack error or an error answer from AWS (worded by ``client_reason``) becomes the
        stack's failed result, so the other stacks still run and get reported; Ctrl-C and bugs
        propagate.
        """
        started = self.watch.clock()
        try:
            result = work()
        except DeployInterrupted:
            raise
        except HastackError as error:
            result = StackResult(spec.name, spec.region, "failed", reason=str(error))
        except Exception as error:  # botocore errors and the like: report, do not traceback
            if not is_client_error(error):
                raise
            result = StackResult(spec.name, spec.region, "failed", reason=client_reason(error))
        result.seconds = self.watch.clock() - started
        if result.reason:
            result.reason = self.secrets.text(result.reason)
        self.reporter.finish(result)
        return result

    def interrupted_message(self) -> str:
        """What Ctrl-C left running in CloudFormation, and how to follow or undo each."""
        running = dict(self.executing)
        if not running:
            return "interrupted: no stack was being changed; nothing to undo"
        lines = ["interrupted: hastack stopped watching, CloudFormation carries on with:"]
        for name, (region, operation) in sorted(running.items()):
            if operation == "delete":
                lines.append(
                    f"  - {name} ({region}) being deleted: follow it with `hastack status`, "
                    "run hastack destroy again if it fails"
                )
            else:
                lines.append(
                    f"  - {name} ({region}) being deployed: follow it with `hastack status`; "
                    f"roll back a running update with `aws cloudformation cancel-update-stack "
                    f"--stack-name {name} --region {region}`; deploy again once it has finished "
                    "to resume"
                )
        return "\n".join(lines)


def is_client_error(error: Exception) -> bool:
    """An error answer from AWS or the emulator (including an unparseable one), not a bug."""
    from botocore.exceptions import BotoCoreError, ClientError
    from botocore.parsers import ResponseParserError

    return isinstance(error, ClientError | BotoCoreError | ResponseParserError)
