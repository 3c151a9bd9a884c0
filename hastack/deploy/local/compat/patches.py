"""Small, idempotent patches that make moto 5.2's CloudFormation behave like AWS where a
deploy tool notices. Each patch says what moto does and what AWS does; ``apply()`` runs once.

They wrap moto functions (never copy them), so a moto upgrade that changes a signature fails
the tests in ``tests/local/`` rather than silently misbehaving; pyproject pins the tested range.
"""

from __future__ import annotations

import functools
import logging
import re
from typing import Any

from moto.cloudformation import models as cfn_models
from moto.cloudformation import parsing, responses
from moto.cloudformation.exceptions import UnsupportedAttribute, ValidationError
from moto.core.exceptions import ServiceException
from moto.core.exceptions import _RESTError as RESTError

from hastack.deploy.local.compat.fallback import (
    NOT_EMULATED_REASON,
    PlaceholderResource,
    is_placeholder,
)

logger = logging.getLogger("hastack.local")

_SYNCHRONOUS_ERRORS = (ValidationError, UnsupportedAttribute)
"""Template errors AWS reports from the API call itself (no stack is left behind)."""


def apply() -> None:
    _unsupported_types_get_placeholders()
    _intrinsics_follow_the_region()
    _load_balancer_attributes()
    _subnet_group_ref_is_its_name()
    _per_resource_events()
    _failed_creates_roll_back()
    _change_sets_behave_like_create_and_update()
    _failed_deletes_keep_the_stack()
    _noop_updates_are_refused()
    _termination_protection()
    _route_tables_can_be_deleted()
    _outputs_of_failed_stacks()
    _listener_certificates_need_not_exist()
    _ingress_rules_have_an_id()
    _subnet_attributes()
    _diffs_ignore_empty_properties()
    _leftovers_are_deleted()
    _load_balancer_attributes_are_applied()
    _snapshot_deletion_policy()
    _change_sets_say_what_is_replaced()
    _resource_statuses_come_from_events()


# -- helpers ------------------------------------------------------------------------------------


def _reason(error: BaseException) -> str:
    """One readable line from a moto error (they carry code + message, or an XML body)."""
    if isinstance(error, ServiceException):
        return f"{error.code}: {error.message}"
    if isinstance(error, RESTError):
        message = getattr(error, "message", "") or error.description
        code = getattr(error, "error_type", "") or type(error).__name__
        return f"{code}: {message}"
    text = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    return f"the local emulator failed on this resource ({text.splitlines()[0][:400]})"


def _stack_of(resources_map: Any) -> Any:
    """The Stack that owns a ResourceMap (None while the stack is being constructed)."""
    stack_id = getattr(resources_map, "stack_id", None)
    if stack_id is None:
        return None
    backend = cfn_models.cloudformation_backends[resources_map._account_id][
        resources_map._region_name
    ]
    return backend.stacks.get(stack_id) or getattr(resources_map, "_hastack_stack", None)


def _resource_event(
    stack: Any,
    logical_id: str,
    resource_type: str,
    status: str,
    physical_id: str = "",
    reason: str | None = None,
) -> None:
    if stack is None:
        return
    event = cfn_models.Event(
        stack_id=stack.stack_id,
        stack_name=stack.name,
        logical_resource_id=logical_id,
        physical_resource_id=physical_id or "",
        resource_type=resource_type,
        resource_status=status,
        resource_status_reason=reason,
        resource_properties=None,
    )
    stack.events.append(event)


def _physical_id(resource: Any) -> str:
    value = getattr(resource, "physical_resource_id", None)
    return value if isinstance(value, str) else ""


def _once(name: str):  # noqa: ANN202 - decorator factory
    """Run a patch function once per process (install() is idempotent; so is each patch)."""

    def decorator(fn):  # noqa: ANN001, ANN202
        @functools.wraps(fn)
        def wrapper() -> None:
            marker = f"_hastack_patched_{name}"
            if getattr(parsing, marker, False):
                return
            fn()
            setattr(parsing, marker, True)

        return wrapper

    return decorator


# -- 1. unknown types --------------------------------------------------------------------------


@_once("placeholders")
def _unsupported_types_get_placeholders() -> None:
    """moto: unknown type -> skipped, Ref None, GetAtt crash. Here: a placeholder resource."""
    original = parsing.resource_class_from_type

    def resource_class_from_type(resource_type: str) -> Any:
        if resource_type in parsing.NULL_MODELS or resource_type.startswith("Custom::"):
            return original(resource_type)
        model = parsing.get_model_map().get(resource_type)
        return model if model is not None else PlaceholderResource

    parsing.resource_class_from_type = resource_class_from_type


# -- 2. intrinsics -----------------------------------------------------------------------------

_DYNAMIC_REFERENCE = re.compile(r"\{\{resolve:(secretsmanager|ssm|ssm-secure):([^}]*)\}\}")


def availability_zones(region: str) -> list[str]:
    """The AZ names moto's EC2 knows for ``region`` (the ones its subnets accept)."""
    from moto.ec2.models.availability_zones_and_regions import RegionsAndZonesBackend

    zones = RegionsAndZonesBackend.zones.get(region)
    if zones:
        return [zone.name for zone in zones]
    return [f"{region}{letter}" for letter in "abc"]


def _region_of(resources_map: Any) -> str:
    try:
        return resources_map["AWS::Region"]
    except Exception:  # noqa: BLE001 - a plain dict during condition parsing
        return parsing.DEFAULT_REGION


def _resolve_dynamic_references(text: str, resources_map: Any) -> str:
    """``{{resolve:secretsmanager:...}}`` and ``{{resolve:ssm:...}}``, as CloudFormation does.

    moto passes the text through, so a DB got ``{{resolve:...}}`` as its password. A
    reference that cannot be resolved stays as it is.
    """
    account = getattr(resources_map, "_account_id", None)
    region = getattr(resources_map, "_region_name", None) or _region_of(resources_map)
    if account is None:
        return text

    def replace(match: re.Match[str]) -> str:
        service, body = match.group(1), match.group(2)
        try:
            if service == "secretsmanager":
                return _resolve_secret(body, account, region)
            return _resolve_parameter(body, account, region)
        except Exception:  # noqa: BLE001 - leave unresolvable references untouched
            return match.group(0)

    return _DYNAMIC_REFERENCE.sub(replace, text)


def _resolve_secret(body: str, account: str, region: str) -> str:
    import json

    from moto.secretsmanager.models import secretsmanager_backends

    parts = body.split(":")
    if body.startswith("arn:"):
        secret_id, rest = ":".join(parts[:7]), parts[7:]
    else:
        secret_id, rest = parts[0], parts[1:]
    json_key = rest[1] if len(rest) > 1 and rest[1] else None
    stage = rest[2] if len(rest) > 2 and rest[2] else None
    version = rest[3] if len(rest) > 3 and rest[3] else None
    value = secretsmanager_backends[account][region].get_secret_value(
        secret_id, version_id=version, version_stage=stage
    )["SecretString"]
    return str(json.loads(value)[json_key]) if json_key else value


def _resolve_parameter(body: str, account: str, region: str) -> str:
    from moto.ssm.models import ssm_backends

    name, _, version = body.partition(":")
    selector = f"{name}:{version}" if version else name
    parameter = ssm_backends[account][region].get_parameter(selector)
    return parameter.value


@_once("intrinsics")
def _intrinsics_follow_the_region() -> None:
    """moto: ``Fn::GetAZs`` always answers us-east-1a..d and ``{{resolve:}}`` stays literal.

    AWS: the stack's region's AZs; dynamic references resolved at deploy time.
    """
    original = parsing.clean_json

    def clean_json(resource_json: Any, resources_map: Any) -> Any:
        if isinstance(resource_json, dict) and "Fn::GetAZs" in resource_json:
            region = original(resource_json["Fn::GetAZs"], resources_map)
            return availability_zones(region or _region_of(resources_map))
        result = original(resource_json, resources_map)
        if isinstance(result, str) and "{{resolve:" in result:
            return _resolve_dynamic_references(result, resources_map)
        return result

    parsing.clean_json = clean_json


# -- 3. attributes moto leaves out ---------------------------------------------------------------


@_once("elbv2")
def _load_balancer_attributes() -> None:
    """moto: ``GetAtt`` LoadBalancer CanonicalHostedZoneID / LoadBalancerFullName and every
    TargetGroup attribute are missing (the Route 53 alias got literal ``Fn::GetAtt`` text, a
    ``TargetGroupFullName`` crashed the stack). AWS: all documented return values."""
    from moto.cloudformation.exceptions import UnformattedGetAttTemplateException
    from moto.elbv2.models import FakeLoadBalancer, FakeTargetGroup

    original_lb = FakeLoadBalancer.get_cfn_attribute

    def lb_attribute(self: Any, attribute_name: str) -> Any:
        if attribute_name == "CanonicalHostedZoneID":
            return self.canonical_hosted_zone_id
        if attribute_name == "LoadBalancerFullName":
            return self.arn.split(":loadbalancer/", 1)[1]
        if attribute_name == "SecurityGroups":
            return list(self.security_groups)
        if attribute_name == "LoadBalancerArn":
            return self.arn
        return original_lb(self, attribute_name)

    FakeLoadBalancer.get_cfn_attribute = lb_attribute
    FakeLoadBalancer.has_cfn_attr = classmethod(
        lambda cls, attr: attr in {"CanonicalHostedZoneID", "DNSName", "LoadBalancerFullName",
                                   "LoadBalancerName", "SecurityGroups", "LoadBalancerArn"}
    )

    target_group_attributes = {
        "TargetGroupFullName": lambda tg: tg.arn.split(":", 5)[5],
        "TargetGroupName": lambda tg: tg.name,
        "TargetGroupArn": lambda tg: tg.arn,
        "LoadBalancerArns": lambda tg: list(tg.load_balancer_arns),
    }

    def tg_attribute(self: Any, attribute_name: str) -> Any:
        getter = target_group_attributes.get(attribute_name)
        if getter is None:
            raise UnformattedGetAttTemplateException()
        return getter(self)

    FakeTargetGroup.get_cfn_attribute = tg_attribute
    FakeTargetGroup.has_cfn_attr = classmethod(lambda cls, attr: attr in target_group_attributes)


@_once("subnet_group")
def _subnet_group_ref_is_its_name() -> None:
    """moto: ``Ref`` to an ``AWS::RDS::DBSubnetGroup`` is the Python object (an Output showed
    its repr). AWS: the group's name."""
    from moto.rds.models import DBSubnetGroup

    DBSubnetGroup.physical_resource_id = property(lambda self: self.name)


# -- 4. per-resource events --------------------------------------------------------------------


@_once("events")
def _per_resource_events() -> None:
    """moto: only stack-level events. AWS: IN_PROGRESS / COMPLETE / FAILED per resource, which
    is what a progress display counts."""
    original_create = parsing.parse_and_create_resource
    original_update = parsing.parse_and_update_resource
    original_delete = parsing.ResourceMap._delete_resource

    def parse_and_create_resource(
        logical_id: str, resource_json: dict, resources_map: Any, account_id: str,
        region_name: str,
    ) -> Any:
        condition = resource_json.get("Condition")
        if condition and not resources_map.lazy_condition_map[condition]:
            return None
        stack = _stack_of(resources_map)
        resource_type = resource_json.get("Type", "")
        _resource_event(stack, logical_id, resource_type, "CREATE_IN_PROGRESS")
        try:
            resource = original_create(logical_id, resource_json, resources_map, account_id,
                                       region_name)
        except Exception as error:
            if stack is not None and not isinstance(error, _SYNCHRONOUS_ERRORS):
                stack._hastack_failed = (logical_id, _reason(error))
            _resource_event(stack, logical_id, resource_type, "CREATE_FAILED",
                            reason=_reason(error))
            raise
        reason = None
        if is_placeholder(resource):
            reason = NOT_EMULATED_REASON.format(type=resource_type)
            logger.warning("%s (%s): %s", logical_id, resource_type, reason)
        _resource_event(stack, logical_id, resource_type, "CREATE_COMPLETE",
                        _physical_id(resource), reason)
        return resource

    def parse_and_update_resource(
        logical_id: str, resource_json: dict, resources_map: Any, account_id: str,
        region_name: str,
    ) -> Any:
        stack = _stack_of(resources_map)
        resource_type = resource_json.get("Type", "")
        previous = resources_map._parsed_resources.get(logical_id)
        _resource_event(stack, logical_id, resource_type, "UPDATE_IN_PROGRESS",
                        _physical_id(previous))
        try:
            resource = original_update(logical_id, resource_json, resources_map, account_id,
                                       region_name)
        except Exception as error:
            _resource_event(stack, logical_id, resource_type, "UPDATE_FAILED",
                            _physical_id(previous), _reason(error))
            raise
        if resource is None:
            # moto stores None for types without an update handler, losing the resource;
            # keep the existing one (the change is not applied: see docs/local.md).
            resource = previous
        _resource_event(stack, logical_id, resource_type, "UPDATE_COMPLETE",
                        _physical_id(resource))
        return resource

    def _delete_resource(self: Any, parsed_resource: Any, resource_json: dict) -> None:
        stack = _stack_of(self)
        logical_id = getattr(parsed_resource, "logical_resource_id", "")
        resource_type = resource_json.get("Type", "")
        started = self.__dict__.setdefault("_hastack_deleting", set())
        if logical_id not in started:
            started.add(logical_id)
            _resource_event(stack, logical_id, resource_type, "DELETE_IN_PROGRESS",
                            _physical_id(parsed_resource))
        failures = self.__dict__.setdefault("_hastack_delete_failures", {})
        try:
            original_delete(self, parsed_resource, resource_json)
        except Exception as error:
            # moto retries deletes in passes; only the failures left at the end are reported
            failures[logical_id] = (resource_type, _physical_id(parsed_resource), _reason(error))
            raise
        failures.pop(logical_id, None)
        _resource_event(stack, logical_id, resource_type, "DELETE_COMPLETE",
                        _physical_id(parsed_resource))

    parsing.parse_and_create_resource = parse_and_create_resource
    parsing.parse_and_update_resource = parse_and_update_resource
    parsing.ResourceMap._delete_resource = _delete_resource


# -- 5. failures roll back ---------------------------------------------------------------------


def _report_delete_failures(stack: Any) -> None:
    """A DELETE_FAILED event per resource that could not be deleted, as AWS gives."""
    failures = stack.resource_map.__dict__.pop("_hastack_delete_failures", {})
    for logical_id, (resource_type, physical_id, reason) in failures.items():
        _resource_event(stack, logical_id, resource_type, "DELETE_FAILED", physical_id, reason)


def _roll_back(stack: Any, error: BaseException, in_progress: str, complete: str) -> None:
    failed = getattr(stack, "_hastack_failed", None)
    logical_id, reason = failed if failed else (stack.name, _reason(error))
    stack._hastack_failed = None
    stack.status = in_progress
    stack._add_stack_event(
        in_progress,
        resource_status_reason=(
            f"The following resource(s) failed: [{logical_id}]. {reason}"
        ),
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
def _failed_creates_roll_back() -> None:
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


# -- 6. change sets ----------------------------------------------------------------------------


def _find_change_set(backend: Any, change_set_name: str) -> Any:
    if change_set_name in backend.change_sets:
        return backend.change_sets[change_set_name]
    for change_set in backend.change_sets.values():
        if change_set.change_set_name == change_set_name:
            return change_set
    raise ValidationError(change_set_name)


@_once("change_sets")
def _change_sets_behave_like_create_and_update() -> None:
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


# -- 7. deletes ---------------------------------------------------------------------------------


def _find_stack(backend: Any, name_or_id: str) -> Any:
    if name_or_id in backend.stacks:
        return backend.stacks[name_or_id]
    for stack in backend.stacks.values():
        if stack.name == name_or_id:
            return stack
    return None


@_once("deletes")
def _failed_deletes_keep_the_stack() -> None:
    """moto: a failing resource delete makes DeleteStack error and the stack vanishes from
    ``list_stacks``. AWS: DeleteStack succeeds, the stack ends DELETE_FAILED with a reason."""
    backend_class = cfn_models.CloudFormationBackend
    original = backend_class.delete_stack

    def delete_stack(self: Any, name_or_stack_id: str) -> None:
        stack = _find_stack(self, name_or_stack_id)
        if stack is None:
            return original(self, name_or_stack_id)
        if stack.enable_termination_protection:
            raise ValidationError(
                stack.name,
                message=f"Stack [{stack.name}] cannot be deleted while TerminationProtection "
                "is enabled",
            )
        try:
            original(self, stack.stack_id)
        except Exception as error:  # noqa: BLE001 - keep the stack, as AWS does
            self.deleted_stacks.pop(stack.stack_id, None)
            self.stacks[stack.stack_id] = stack
            _report_delete_failures(stack)
            stack.status = "DELETE_FAILED"
            stack._add_stack_event("DELETE_FAILED", resource_status_reason=_reason(error))

    backend_class.delete_stack = delete_stack


@_once("route_tables")
def _route_tables_can_be_deleted() -> None:
    """moto: RouteTable, Route and SubnetRouteTableAssociation have no delete, so the VPC's
    delete fails and so does every stack with a VPC. AWS: they are deleted in order."""
    from moto.ec2.models import ec2_backends
    from moto.ec2.models.route_tables import Route, RouteTable
    from moto.ec2.models.subnets import SubnetRouteTableAssociation

    def delete_route_table(self: Any, account_id: str, region_name: str) -> None:
        backend = ec2_backends[account_id][region_name]
        if self.id not in backend.route_tables:
            return
        for association_id in list(self._associations):
            backend.disassociate_route_table(association_id)
        backend.delete_route_table(self.id)

    def delete_route(self: Any, account_id: str, region_name: str) -> None:
        backend = ec2_backends[account_id][region_name]
        table = self.route_table
        if table.id in backend.route_tables and self.id in table.routes:
            del table.routes[self.id]

    def delete_association(self: Any, account_id: str, region_name: str) -> None:
        backend = ec2_backends[account_id][region_name]
        for table in backend.route_tables.values():
            for association_id, subnet_id in list(table._associations.items()):
                if subnet_id == self.subnet_id and table.id == self.route_table_id:
                    backend.disassociate_route_table(association_id)

    if not hasattr(RouteTable, "delete"):
        RouteTable.delete = delete_route_table
    if not hasattr(Route, "delete"):
        Route.delete = delete_route
    if not hasattr(SubnetRouteTableAssociation, "delete"):
        SubnetRouteTableAssociation.delete = delete_association


# -- 8. updates ---------------------------------------------------------------------------------


@_once("noop_update")
def _noop_updates_are_refused() -> None:
    """moto: UpdateStack with the same template and parameters "succeeds". AWS: ValidationError
    "No updates are to be performed." (deploy tools rely on it)."""
    backend_class = cfn_models.CloudFormationBackend
    original = backend_class.update_stack

    def update_stack(self: Any, name: str, template: str, role_arn: str | None,
                     parameters: list[dict[str, Any]], tags: dict[str, str] | None) -> Any:
        stack = self.get_stack(name)
        resolved = self._resolve_update_parameters(instance=stack, incoming_params=parameters)
        same_tags = tags is None or tags == stack.tags
        if stack.has_template(template) and resolved == stack.parameters and same_tags:
            raise ValidationError(name, message="No updates are to be performed.")
        if stack.status.endswith("_IN_PROGRESS"):
            raise ValidationError(
                name, message=f"Stack:{stack.stack_id} is in {stack.status} state and can not "
                "be updated.")
        return original(self, name, template, role_arn, parameters, tags)

    backend_class.update_stack = update_stack


@_once("termination_protection")
def _termination_protection() -> None:
    """moto: no UpdateTerminationProtection action, and protection is not enforced. AWS: the
    action exists and DeleteStack on a protected stack fails (enforced in delete_stack above)."""
    from moto.core.responses import ActionResult

    def update_termination_protection(self: Any) -> Any:
        stack = self.cloudformation_backend.get_stack(self._get_param("StackName"))
        stack.enable_termination_protection = self._get_bool_param(
            "EnableTerminationProtection", False
        )
        return ActionResult({"StackId": stack.stack_id})

    responses.CloudFormationResponse.update_termination_protection = (
        update_termination_protection
    )


@_once("outputs")
def _outputs_of_failed_stacks() -> None:
    """moto: describing a rolled-back stack re-evaluates its Outputs against deleted resources
    and the API answers HTTP 500. AWS: such a stack has no outputs."""
    no_outputs = ("ROLLBACK_COMPLETE", "ROLLBACK_IN_PROGRESS", "ROLLBACK_FAILED", "CREATE_FAILED",
                  "DELETE_COMPLETE", "DELETE_IN_PROGRESS", "REVIEW_IN_PROGRESS",
                  "CREATE_IN_PROGRESS")
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


_CERTIFICATE_ARN = re.compile(
    r"^arn:aws[\w-]*:(acm|iam):[\w-]*:\d{12}:(certificate|server-certificate)/"
)


@_once("certificates")
def _listener_certificates_need_not_exist() -> None:
    """moto: an HTTPS listener whose certificate ARN is not in the emulator's ACM/IAM fails.
    A real account's certificate can never be in the emulator, so any well-formed ACM or IAM
    certificate ARN is accepted (certificates the stack itself creates exist anyway)."""
    from moto.elb.exceptions import CertificateNotFoundException
    from moto.elbv2 import models as elbv2_models

    original_exists = elbv2_models.ELBv2Backend._certificate_exists
    original_register = elbv2_models.register_certificate

    def _certificate_exists(self: Any, certificate_arn: str) -> bool:
        if original_exists(self, certificate_arn):
            return True
        return bool(_CERTIFICATE_ARN.match(str(certificate_arn)))

    def register_certificate(account_id: str, region: str, arn_certificate: str,
                             arn_user: str) -> None:
        try:
            original_register(account_id=account_id, region=region,
                              arn_certificate=arn_certificate, arn_user=arn_user)
        except CertificateNotFoundException:
            if not _CERTIFICATE_ARN.match(str(arn_certificate)):
                raise

    elbv2_models.ELBv2Backend._certificate_exists = _certificate_exists
    elbv2_models.register_certificate = register_certificate


@_once("ingress")
def _ingress_rules_have_an_id() -> None:
    """moto: an ``AWS::EC2::SecurityGroupIngress`` has no physical id (list_stack_resources
    shows none). AWS: an ``sgr-`` id. Derived here from the rule, so it is stable."""
    import hashlib
    import json

    from moto.ec2.models.security_groups import SecurityGroupIngress

    def physical_resource_id(self: Any) -> str:
        text = json.dumps(self.properties, sort_keys=True, default=str)
        return "sgr-" + hashlib.sha1(text.encode()).hexdigest()[:17]  # noqa: S324 - an id

    if not hasattr(SecurityGroupIngress, "physical_resource_id"):
        SecurityGroupIngress.physical_resource_id = property(physical_resource_id)


@_once("subnets")
def _subnet_attributes() -> None:
    """moto: ``GetAtt`` Subnet AvailabilityZone is not implemented (literal text came out).
    AWS: AvailabilityZone, AvailabilityZoneId, CidrBlock, SubnetId, VpcId."""
    from moto.cloudformation.exceptions import UnformattedGetAttTemplateException
    from moto.ec2.models.subnets import Subnet

    attributes = {
        "AvailabilityZone": lambda subnet: subnet.availability_zone,
        "AvailabilityZoneId": lambda subnet: subnet.availability_zone_id,
        "CidrBlock": lambda subnet: subnet.cidr_block,
        "SubnetId": lambda subnet: subnet.id,
        "VpcId": lambda subnet: subnet.vpc_id,
    }

    def get_cfn_attribute(self: Any, attribute_name: str) -> Any:
        getter = attributes.get(attribute_name)
        if getter is None:
            raise UnformattedGetAttTemplateException()
        return getter(self)

    Subnet.get_cfn_attribute = get_cfn_attribute
    Subnet.has_cfn_attr = classmethod(lambda cls, attr: attr in attributes)


def _with_properties(resources: dict[str, Any]) -> None:
    for resource in resources.values():
        if isinstance(resource, dict):
            resource.setdefault("Properties", {})


@_once("diffs")
def _diffs_ignore_empty_properties() -> None:
    """moto adds ``Properties: {}`` to each resource it parses, so a resource declared without
    properties (an InternetGateway) looked modified in every change set and update. AWS compares
    the templates as written."""
    original = parsing.ResourceMap.build_resource_diff

    def build_resource_diff(self: Any, other_template: dict[str, Any],
                            parameters: dict[str, Any] | None = None) -> dict[str, Any]:
        _with_properties(self._resource_json_map)
        _with_properties(other_template.get("Resources") or {})
        return original(self, other_template, parameters)

    parsing.ResourceMap.build_resource_diff = build_resource_diff


@_once("leftovers")
def _leftovers_are_deleted() -> None:
    """moto: several types have no delete, so after DeleteStack the hosted zone, health check,
    NAT gateways, Elastic IPs, internet gateway, target group, listeners and flow log were still
    listed. AWS: a deleted stack leaves nothing (except ``DeletionPolicy: Retain``)."""
    from moto.ec2.models import ec2_backends
    from moto.ec2.models.elastic_ip_addresses import ElasticAddress
    from moto.ec2.models.flow_logs import FlowLogs
    from moto.ec2.models.internet_gateways import InternetGateway
    from moto.ec2.models.nat_gateways import NatGateway
    from moto.ec2.models.vpn_gateway import VPCGatewayAttachment
    from moto.elbv2.models import FakeListener, FakeTargetGroup, elbv2_backends
    from moto.route53.models import FakeZone, HealthCheck, route53_backends

    def ec2(account_id: str, region_name: str) -> Any:
        return ec2_backends[account_id][region_name]

    def delete_nat(self: Any, account_id: str, region_name: str) -> None:
        ec2(account_id, region_name).delete_nat_gateway(self.id)

    def release_eip(self: Any, account_id: str, region_name: str) -> None:
        backend = ec2(account_id, region_name)
        if self.allocation_id and backend.address_by_allocation([self.allocation_id]):
            backend.release_address(allocation_id=self.allocation_id)

    def delete_gateway(self: Any, account_id: str, region_name: str) -> None:
        backend = ec2(account_id, region_name)
        if self.id in backend.internet_gateways:
            backend.delete_internet_gateway(self.id)

    def detach_gateway(self: Any, account_id: str, region_name: str) -> None:
        backend = ec2(account_id, region_name)
        gateway = backend.internet_gateways.get(self.gateway_id)
        if gateway is not None and gateway.vpc is not None:
            backend.detach_internet_gateway(self.gateway_id, self.vpc_id)

    def delete_flow_log(self: Any, account_id: str, region_name: str) -> None:
        ec2(account_id, region_name).delete_flow_logs([self.id])

    def delete_target_group(self: Any, account_id: str, region_name: str) -> None:
        backend = elbv2_backends[account_id][region_name]
        if self.arn in backend.target_groups:
            backend.delete_target_group(self.arn)

    def delete_listener(self: Any, account_id: str, region_name: str) -> None:
        backend = elbv2_backends[account_id][region_name]
        if any(self.arn in lb.listeners for lb in backend.load_balancers.values()):
            backend.delete_listener(self.arn)  # deleting the load balancer already removed it

    def delete_zone(self: Any, account_id: str, region_name: str) -> None:
        backend = route53_backends[account_id]["aws"]
        if self.resource_id in backend.zones:
            backend.delete_hosted_zone(self.resource_id)

    def delete_health_check(self: Any, account_id: str, region_name: str) -> None:
        route53_backends[account_id]["aws"].delete_health_check(self.id)

    for model, delete in ((NatGateway, delete_nat), (ElasticAddress, release_eip),
                          (InternetGateway, delete_gateway),
                          (VPCGatewayAttachment, detach_gateway), (FlowLogs, delete_flow_log),
                          (FakeTargetGroup, delete_target_group),
                          (FakeListener, delete_listener), (FakeZone, delete_zone),
                          (HealthCheck, delete_health_check)):
        if "delete" not in vars(model):
            model.delete = delete


@_once("lb_attributes")
def _load_balancer_attributes_are_applied() -> None:
    """moto: ``LoadBalancerAttributes`` of an ``AWS::ElasticLoadBalancingV2::LoadBalancer`` are
    ignored (access logs looked disabled). AWS: applied at creation."""
    from moto.elbv2.models import FakeLoadBalancer, elbv2_backends

    original = FakeLoadBalancer.create_from_cloudformation_json.__func__

    def create_from_cloudformation_json(cls: Any, resource_name: str, cloudformation_json: Any,
                                        account_id: str, region_name: str, **kwargs: Any) -> Any:
        balancer = original(cls, resource_name, cloudformation_json, account_id, region_name,
                            **kwargs)
        attributes = (cloudformation_json.get("Properties") or {}).get("LoadBalancerAttributes")
        if attributes:
            elbv2_backends[account_id][region_name].modify_load_balancer_attributes(
                balancer.arn, {a["Key"]: str(a["Value"]) for a in attributes}
            )
        return balancer

    FakeLoadBalancer.create_from_cloudformation_json = classmethod(create_from_cloudformation_json)


@_once("snapshot_policy")
def _snapshot_deletion_policy() -> None:
    """moto: ``DeletionPolicy: Snapshot`` was ignored (the data was simply gone). AWS: a final
    snapshot of the cluster or standalone instance is taken before it is deleted."""
    from moto.rds.models import rds_backends

    from hastack.deploy.local.compat.rds import DBClusterHandler, DBInstanceHandler

    original = parsing.ResourceMap._delete_resource

    def _delete_resource(self: Any, parsed_resource: Any, resource_json: dict) -> None:
        if resource_json.get("DeletionPolicy") == "Snapshot":
            _final_snapshot(parsed_resource, rds_backends, DBClusterHandler, DBInstanceHandler)
        original(self, parsed_resource, resource_json)

    parsing.ResourceMap._delete_resource = _delete_resource


def _final_snapshot(resource: Any, rds_backends: Any, cluster_type: type,
                    instance_type: type) -> None:
    if not isinstance(resource, cluster_type | instance_type):
        return
    backend = rds_backends[resource.account_id][resource.region_name]
    if isinstance(resource, cluster_type):
        cluster_id = resource.resource.db_cluster_identifier
        name = f"{cluster_id}-final-snapshot"
        cluster = backend.clusters.get(cluster_id)
        if cluster is None or cluster.deletion_protection or name in backend.cluster_snapshots:
            return  # the delete itself fails (protection) or already snapshotted (a retry)
        backend.create_db_cluster_snapshot(cluster_id, name)
        return
    database = backend.databases.get(resource.resource.db_instance_identifier)
    if database is None or database.db_cluster_identifier or database.deletion_protection:
        return  # Aurora members are covered by their cluster's snapshot
    name = f"{database.db_instance_identifier}-final-snapshot"
    if name not in backend.database_snapshots:
        backend.create_db_snapshot(database.db_instance_identifier, name)


def _create_only_properties(resource_type: str, region: str) -> set[str]:
    """Top-level properties whose change replaces the resource, from cfn-lint's copy of the
    CloudFormation resource schemas (``createOnlyProperties``)."""
    try:
        from cfnlint.schema import PROVIDER_SCHEMA_MANAGER

        schema = PROVIDER_SCHEMA_MANAGER.get_resource_schema(region, resource_type).schema
    except Exception:  # noqa: BLE001 - unknown type: say nothing rather than guess
        return set()
    return {path.split("/")[2] for path in schema.get("createOnlyProperties", [])
            if path.startswith("/properties/")}


@_once("replacement")
def _change_sets_say_what_is_replaced() -> None:
    """moto: every change's ``Replacement``, ``Scope`` and ``Details`` are empty. AWS: a Modify
    says which properties changed and whether that replaces the resource. Here: the changed
    top-level properties, and ``Replacement: True`` when one of them is create-only in the
    resource's schema (or the type changed)."""
    original = cfn_models.ChangeSet.diff

    def diff(self: Any) -> list[Any]:
        resource_map = self.stack.resource_map
        if self.change_set_type == "UPDATE" and self.parameters:
            # moto lists only template changes; a new parameter value modifies the resources
            # that reference it (its update path already applies them)
            by_action = resource_map.build_resource_diff(self.template_dict, self.parameters)
            new_resources = self.template_dict.get("Resources") or {}
            changes = [
                cfn_models.Change(action, name, (new_resources.get(name) or
                                                 resource_map._resource_json_map[name])["Type"])
                for action in ("Add", "Modify", "Remove")
                for name in by_action[action]
            ]
        else:
            changes = original(self)
        changed_parameters = {
            key for key, value in (self.parameters or {}).items()
            if resource_map.input_parameters.get(key) != value
        }
        old_resources = resource_map._resource_json_map or {}
        new_resources = (self.template_dict or {}).get("Resources") or {}
        for change in changes:
            old = old_resources.get(change.logical_resource_id) or {}
            parsed = resource_map._parsed_resources.get(change.logical_resource_id)
            if change.action in ("Modify", "Remove"):
                change.physical_resource_id = _physical_id(parsed) or None
            if change.action != "Modify":
                continue
            new = new_resources.get(change.logical_resource_id) or {}
            _describe_modification(change, old, new, self.stack.region_name, changed_parameters)
        return changes

    cfn_models.ChangeSet.diff = diff


def _describe_modification(change: Any, old: dict, new: dict, region: str,
                           changed_parameters: set[str]) -> None:
    old_props, new_props = old.get("Properties") or {}, new.get("Properties") or {}
    changed = sorted(k for k in set(old_props) | set(new_props)
                     if old_props.get(k) != new_props.get(k))
    create_only = _create_only_properties(new.get("Type", ""), region)
    type_changed = old.get("Type") != new.get("Type")
    replaced = type_changed or any(name in create_only for name in changed)
    change.replacement = "True" if replaced else "False"
    dynamic = sorted(
        name for name, value in new_props.items()
        if name not in changed
        and changed_parameters & set(parsing.get_references_from_template(value))
    )
    if dynamic and not replaced:  # AWS cannot tell before it resolves the new value
        change.replacement = "Conditional" if set(dynamic) & create_only else "False"
    scope = ["Properties"] if changed or dynamic else []
    if any(old.get(k) != new.get(k) for k in ("Metadata", "DeletionPolicy", "UpdatePolicy",
                                              "UpdateReplacePolicy", "Condition")):
        scope.append("Metadata")
    change.scope = scope
    change.details = [
        {
            "Target": {
                "Attribute": "Properties",
                "Name": name,
                "RequiresRecreation": "Always" if name in create_only else "Never",
            },
            "Evaluation": "Static",
            "ChangeSource": "DirectModification",
        }
        for name in changed
    ] + [
        {
            "Target": {
                "Attribute": "Properties",
                "Name": name,
                "RequiresRecreation": "Always" if name in create_only else "Never",
            },
            "Evaluation": "Dynamic",
            "ChangeSource": "ParameterReference",
        }
        for name in dynamic
    ]


def _last_events(stack: Any) -> dict[str, Any]:
    """Logical id -> its most recent event (the stack's own events excluded)."""
    last: dict[str, Any] = {}
    for event in stack.events:
        if event.resource_type != "AWS::CloudFormation::Stack" or (
            event.logical_resource_id != stack.name
        ):
            last[event.logical_resource_id] = event
    return last


@_once("resource_status")
def _resource_statuses_come_from_events() -> None:
    """moto: ``list_stack_resources`` says CREATE_COMPLETE for everything and
    ``describe_stack_resources`` gives each resource the stack's status. AWS: each resource's
    own latest status (UPDATE_COMPLETE, a placeholder's reason...) and time."""
    from moto.core.responses import ActionResult

    original_dto = responses.StackResourceDTO.__init__

    def dto_init(self: Any, stack: Any, resource: Any) -> None:
        original_dto(self, stack, resource)
        event = _last_events(stack).get(self.logical_resource_id)
        if event is not None:
            self.resource_status = event.resource_status
            self.resource_status_reason = event.resource_status_reason
            self.timestamp = event.timestamp
            self.last_updated_timestamp = event.timestamp

    responses.StackResourceDTO.__init__ = dto_init

    def list_stack_resources(self: Any) -> Any:
        stack, resources = self.cloudformation_backend.list_stack_resources(
            self._get_param("StackName")
        )
        last = _last_events(stack)
        summaries = []
        for resource in resources:
            logical_id = getattr(resource, "logical_resource_id", "")
            event = last.get(logical_id)
            summaries.append({
                "ResourceStatus": event.resource_status if event else "CREATE_COMPLETE",
                "ResourceStatusReason": event.resource_status_reason if event else None,
                "LogicalResourceId": logical_id,
                "LastUpdatedTimestamp": event.timestamp if event else stack.creation_time,
                "PhysicalResourceId": getattr(resource, "physical_resource_id", ""),
                "ResourceType": getattr(resource, "cf_resource_type", ""),
            })
        return ActionResult({"StackResourceSummaries": summaries})

    responses.CloudFormationResponse.list_stack_resources = list_stack_resources
