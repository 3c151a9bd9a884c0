"""Stack lifecycle: failed creates roll back, change sets create and update, no-op updates,
termination protection, outputs of failed stacks."""

from __future__ import annotations

from typing import Any

from moto.cloudformation import models as cfn_models
from moto.cloudformation import responses
from moto.cloudformation.exceptions import ValidationError

from hastack.deploy.local.compat.patches._common import (
    _SYNCHRONOUS_ERRORS,
    _once,
    _reason,
    logger,
)
from hastack.deploy.local.compat.patches.events import _report_delete_failures


def _roll_back(stack: Any, error: BaseException, in_progress: str, complete: str) -> None:
    failed = getattr(stack, "_hastack_failed", None)
    logical_id, reason = failed if failed else (stack.name, _reason(error))
    stack._hastack_failed = None
    stack.status = in_progress
    stack._add_stack_event(
        in_progress,
        resource_status_reason=(f"The following resource(s) failed: [{logical_id}]. {reason}"),
    )
    try:
        stack.resource_map.delete()
    except Exception as cleanup_error:  # noqa: BLE001 - the stack says what was left
        _report_delete_failures(stack)
        failed_state = complete.replace("_COMPLETE", "_FAILED")
        stack.status = failed_state
        stack._add_stack_event(failed_state, resource_status_reason=_reason(cleanup_error))
        return
    stack.status = complete
    stack._add_stack_event(complete)


@_once("rollback")
def failed_creates_roll_back() -> None:
    """moto: a resource that fails makes CreateStack itself return an error and leaves the
    stack CREATE_IN_PROGRESS forever. AWS: CreateStack succeeds; the resource is CREATE_FAILED,
    the stack rolls back to ROLLBACK_COMPLETE with the reason in its events."""
    original = cfn_models.Stack.create_resources

    def create_resources(self: Any) -> None:
        self.resource_map._hastack_stack = self
        try:
            original(self)
        except _SYNCHRONOUS_ERRORS:
            raise
        except Exception as error:  # noqa: BLE001 - any resource failure rolls back
            _roll_back(self, error, "ROLLBACK_IN_PROGRESS", "ROLLBACK_COMPLETE")

    cfn_models.Stack.create_resources = create_resources

    original_update = cfn_models.Stack.update

    def update(self: Any, *args: Any, **kwargs: Any) -> None:
        try:
            original_update(self, *args, **kwargs)
        except _SYNCHRONOUS_ERRORS:
            raise
        except Exception as error:  # noqa: BLE001
            _update_failed(self, error)

    cfn_models.Stack.update = update


def _update_failed(stack: Any, error: BaseException) -> None:
    """An update that fails ends in UPDATE_ROLLBACK_COMPLETE (resources already changed are
    not restored: see docs/local.md)."""
    reason = _reason(error)
    stack.status = "UPDATE_ROLLBACK_IN_PROGRESS"
    stack._add_stack_event("UPDATE_ROLLBACK_IN_PROGRESS", resource_status_reason=reason)
    stack.status = "UPDATE_ROLLBACK_COMPLETE"
    stack._add_stack_event("UPDATE_ROLLBACK_COMPLETE")


def _find_change_set(backend: Any, change_set_name: str) -> Any:
    if change_set_name in backend.change_sets:
        return backend.change_sets[change_set_name]
    for change_set in backend.change_sets.values():
        if change_set.change_set_name == change_set_name:
            return change_set
    raise ValidationError(change_set_name)


@_once("change_sets")
def change_sets_behave_like_create_and_update() -> None:
    """moto: a stack created through a change set keeps an empty template (no Outputs, no
    exports, no description) and a failing change set errors the API call. AWS: executing a
    CREATE change set is a create_stack; an UPDATE one an update_stack."""
    backend_class = cfn_models.CloudFormationBackend

    def execute_change_set(self: Any, change_set_name: str, stack_name: str | None = None) -> None:
        change_set = _find_change_set(self, change_set_name)
        if change_set.execution_status != "AVAILABLE":
            raise ValidationError(
                change_set_name,
                message=f"ChangeSet [{change_set.change_set_id}] cannot be executed in its "
                f"current execution status of [{change_set.execution_status}]",
            )
        stack = self.stacks[change_set.stack_id]
        stack.template = change_set.template
        stack._parse_template()
        stack.description = stack.template_dict.get("Description")
        stack.parameters = change_set.parameters
        if change_set.change_set_type == "CREATE":
            stack.cross_stack_resources = self.exports
            stack._add_stack_event("CREATE_IN_PROGRESS", resource_status_reason="User Initiated")
            try:
                stack.resource_map = stack._create_resource_map()
            except Exception as error:  # noqa: BLE001 - template errors fail the stack
                _roll_back(stack, error, "ROLLBACK_IN_PROGRESS", "ROLLBACK_COMPLETE")
            else:
                stack.output_map = stack._create_output_map()
                stack.create_resources()
        else:
            stack._add_stack_event("UPDATE_IN_PROGRESS", resource_status_reason="User Initiated")
            stack.status = "UPDATE_IN_PROGRESS"
            try:
                change_set.apply()
            except Exception as error:  # noqa: BLE001
                _update_failed(stack, error)
            else:
                stack.output_map = stack._create_output_map()
                stack.status = "UPDATE_COMPLETE"
                stack._add_stack_event("UPDATE_COMPLETE")
        if stack.status in ("CREATE_COMPLETE", "UPDATE_COMPLETE"):
            for export in stack.exports:
                self.exports[export.name] = export
        if change_set.tags:
            stack.tags = change_set.tags
        change_set.execution_status = "EXECUTE_COMPLETE"

    backend_class.execute_change_set = execute_change_set


@_once("noop_update")
def noop_updates_are_refused() -> None:
    """moto: UpdateStack with the same template and parameters "succeeds". AWS: ValidationError
    "No updates are to be performed." (deploy tools rely on it)."""
    backend_class = cfn_models.CloudFormationBackend
    original = backend_class.update_stack

    def update_stack(
        self: Any,
        name: str,
        template: str,
        role_arn: str | None,
        parameters: list[dict[str, Any]],
        tags: dict[str, str] | None,
    ) -> Any:
        stack = self.get_stack(name)
        resolved = self._resolve_update_parameters(instance=stack, incoming_params=parameters)
        same_tags = tags is None or tags == stack.tags
        if stack.has_template(template) and resolved == stack.parameters and same_tags:
            raise ValidationError(name, message="No updates are to be performed.")
        if stack.status.endswith("_IN_PROGRESS"):
            raise ValidationError(
                name,
                message=f"Stack:{stack.stack_id} is in {stack.status} state and can not "
                "be updated.",
            )
        return original(self, name, template, role_arn, parameters, tags)

    backend_class.update_stack = update_stack


@_once("termination_protection")
def termination_protection() -> None:
    """moto: no UpdateTerminationProtection action, and protection is not enforced. AWS: the
    action exists and DeleteStack on a protected stack fails (enforced in delete_stack above)."""
    from moto.core.responses import ActionResult

    def update_termination_protection(self: Any) -> Any:
        stack = self.cloudformation_backend.get_stack(self._get_param("StackName"))
        stack.enable_termination_protection = self._get_bool_param(
            "EnableTerminationProtection", False
        )
        return ActionResult({"StackId": stack.stack_id})

    responses.CloudFormationResponse.update_termination_protection = update_termination_protection


@_once("outputs")
def outputs_of_failed_stacks() -> None:
    """moto: describing a rolled-back stack re-evaluates its Outputs against deleted resources
    and the API answers HTTP 500. AWS: such a stack has no outputs."""
    no_outputs = (
        "ROLLBACK_COMPLETE",
        "ROLLBACK_IN_PROGRESS",
        "ROLLBACK_FAILED",
        "CREATE_FAILED",
        "DELETE_COMPLETE",
        "DELETE_IN_PROGRESS",
        "REVIEW_IN_PROGRESS",
        "CREATE_IN_PROGRESS",
    )
    original = cfn_models.Stack.outputs.fget

    def outputs(self: Any) -> list[dict[str, Any]] | None:
        if self.status in no_outputs:
            return None
        try:
            return original(self)
        except Exception as error:  # noqa: BLE001 - an unresolvable output is left out
            logger.warning("outputs of %s: %s", self.name, _reason(error))
            return None

    cfn_models.Stack.outputs = property(outputs)
