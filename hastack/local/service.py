"""hastack's CloudFormation service: the query API's actions over the engine's stacks.

Each public method is one API action (``CreateStack`` -> ``create_stack``), taking the parsed
request and returning the result structure botocore's model describes. Errors are
:class:`CfnError` with AWS's code and message. One operation per stack at a time: a request
that finds the stack ``*_IN_PROGRESS`` is refused as AWS refuses it.
"""

from __future__ import annotations

import json
import re
import threading
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlparse

from hastack.core.template_format import transform_calls
from hastack.local import drift
from hastack.local.errors import (
    CfnError,
    ResourceFailure,
    busy,
    change_set_missing,
    stack_missing,
    validation,
)
from hastack.local.handlers import Context, handler_for
from hastack.local.handlers.base import DEFAULT_ACCOUNT
from hastack.local.model import UPDATABLE, ChangeSet, Resource, Stack, Version
from hastack.local.plan import plan
from hastack.local.protocol import now
from hastack.local.runner import Operation, reason_of
from hastack.local.template import (
    NOECHO_MASK,
    ParameterContext,
    ParameterValue,
    Pending,
    Scope,
    check_body,
    imports_of,
    load_body,
    resolve_parameters,
)
from hastack.template.evaluate import DeployMode
from hastack.template.transforms import (
    LANGUAGE_EXTENSIONS,
    expand_language_extensions,
    needs_expansion,
)

_STACK_NAME = re.compile(r"^[a-zA-Z][-a-zA-Z0-9]{0,127}$")
_DYNAMIC = re.compile(r"\{\{resolve:(ssm|ssm-secure|secretsmanager):([^}]*)\}\}")
NO_CHANGES = (
    "The submitted information didn't contain changes. Submit different information to "
    "create a change set."
)
_IAM_TYPES = {
    "AWS::IAM::Role": "RoleName",
    "AWS::IAM::User": "UserName",
    "AWS::IAM::Group": "GroupName",
    "AWS::IAM::ManagedPolicy": "ManagedPolicyName",
    "AWS::IAM::InstanceProfile": "InstanceProfileName",
    "AWS::IAM::Policy": None,
    "AWS::IAM::AccessKey": None,
    "AWS::IAM::UserToGroupAddition": None,
}


@dataclass
class Store:
    """The stacks of one account and region."""

    stacks: list[Stack] = field(default_factory=list)
    lock: threading.RLock = field(default_factory=threading.RLock)


ResourceHook = Callable[[str, str, str], None]
"""(stack name, logical id, action CREATE/UPDATE/DELETE), called before each resource action."""


Params = dict[str, Any]
"""A request's parameters, decoded from the query protocol (``Parameters.member.1.ParameterKey``
becomes ``{"Parameters": [{"ParameterKey": ...}]}``)."""
Reply = dict[str, Any]
"""An action's result, which the server writes as the ``<ActionResult>`` element."""


class CloudFormation:
    """The service. ``placeholders`` lets un-emulated types deploy as named placeholders;
    ``resource_delay`` (seconds per resource action) and ``resource_hook`` make operations take
    time, to rehearse what happens while one runs (another request refused, a cancel).

    ``asynchronous``: a stack operation runs on a worker thread and the request returns at once,
    the stack ``*_IN_PROGRESS``, as on AWS. By default a request returns when its operation
    ends, so a script sees the result without polling; either way one operation runs per stack
    and another request can cancel an update between two resource actions."""

    def __init__(
        self,
        *,
        placeholders: bool = False,
        resource_delay: float = 0.0,
        resource_hook: ResourceHook | None = None,
        asynchronous: bool = False,
    ) -> None:
        self.placeholders = placeholders
        self.resource_delay = resource_delay
        self.resource_hook = resource_hook
        self.asynchronous = asynchronous
        self._stores: dict[tuple[str, str], Store] = {}
        self._lock = threading.Lock()
        self.account = DEFAULT_ACCOUNT
        self.region = "us-east-1"

    # -- dispatch --------------------------------------------------------------------------

    def call(self, action: str, params: Params, account: str, region: str) -> Reply:
        name = re.sub(r"(?<!^)(?=[A-Z])", "_", action).lower()
        method: Callable[..., Reply] | None = getattr(self, f"api_{name}", None)
        if method is None:
            raise CfnError(
                "InvalidAction", f"The action {action} is not valid for this web service.", 400
            )
        self.account, self.region = account, region
        return method(self.store(account, region), params, account, region) or {}

    def store(self, account: str, region: str) -> Store:
        with self._lock:
            return self._stores.setdefault((account, region), Store())

    def reset(self) -> None:
        with self._lock:
            self._stores.clear()

    def all_stacks(self) -> list[Stack]:
        with self._lock:
            return [s for store in self._stores.values() for s in store.stacks]

    # -- finding ---------------------------------------------------------------------------

    def find(self, store: Store, name: str, *, deleted: bool = False) -> Stack | None:
        with store.lock:
            for stack in reversed(store.stacks):
                if stack.stack_id == name:
                    return stack
                if stack.name == name and (stack.alive or deleted):
                    if stack.alive:
                        return stack
            return None

    def need(self, store: Store, name: str | None) -> Stack:
        if not name:
            raise validation(
                "1 validation error detected: Value null at 'stackName' failed "
                "to satisfy constraint: Member must not be null"
            )
        stack = self.find(store, name)
        if stack is None:
            raise stack_missing(name)
        return stack

    # -- templates and parameters ----------------------------------------------------------

    def template_text(self, params: dict[str, Any], account: str) -> tuple[str, bool]:
        if params.get("TemplateBody") is not None:
            return str(params["TemplateBody"]), False
        if params.get("TemplateURL"):
            return self.fetch_url(str(params["TemplateURL"]), account), True
        raise validation("Either Template URL or Template Body must be specified.")

    def fetch_url(self, url: str, account: str) -> str:
        """A template (or nested stack) from the emulator's S3, by any S3 URL form."""
        text = self.s3_text(url, account)
        if text is None:
            raise validation(
                f"TemplateURL must reference a valid S3 object to which you have access. ({url})"
            )
        return text

    def s3_text(self, url: str, account: str) -> str | None:
        """An object of the emulator's S3 as text, by ``s3://bucket/key`` or any HTTPS S3 URL
        form; None when there is no such object (or it is not text)."""
        from moto.backends import get_backend

        parsed = urlparse(url)
        host = parsed.hostname or ""
        path = unquote(parsed.path.lstrip("/"))
        if parsed.scheme == "s3":
            bucket, key = host, path
        elif ".s3." in host or host.endswith(".s3.amazonaws.com"):
            bucket, key = host.split(".s3", 1)[0], path
        else:
            bucket, _, key = path.partition("/")
        try:
            obj = get_backend("s3")[account]["aws"].get_object(bucket, key)
        except Exception:  # noqa: BLE001 - moto's MissingBucket / MissingKey
            obj = None
        if obj is None:
            return None
        try:
            return str(obj.value.decode())
        except UnicodeDecodeError:
            return None

    def parameter_context(self, account: str, region: str) -> ParameterContext:
        from moto.backends import get_backend

        def ec2_exists(kind: str, value: str) -> bool:
            ec2 = get_backend("ec2")[account][region]
            lookups: dict[str, Callable[[], Any]] = {
                "vpc": lambda: ec2.describe_vpcs(vpc_ids=[value]),
                "subnet": lambda: ec2.get_subnet(value),
                "security_group": lambda: ec2.get_security_group_from_id(value),
                "security_group_name": lambda: ec2.get_security_group_from_name(value),
                "image": lambda: ec2.describe_images(ami_ids=[value]),
                "key_pair": lambda: ec2.describe_key_pairs([value]),
                "instance": lambda: ec2.get_instance(value),
                "volume": lambda: ec2.get_volume(value),
                "az": lambda: value in self.azs(account, region) or None,
                "hosted_zone": lambda: get_backend("route53")[account]["aws"].get_hosted_zone(
                    value
                ),
            }
            try:
                return bool(lookups[kind]())
            except Exception:  # noqa: BLE001 - moto's not-found errors
                return False

        def ssm_value(name: str) -> str:
            parameter = get_backend("ssm")[account][region].get_parameter(name)
            if parameter is None:
                raise KeyError(name)
            return str(parameter.value)

        return ParameterContext(ec2_exists, ssm_value)

    def azs(self, account: str, region: str) -> list[str]:
        """The region's AZ names, as the emulator's EC2 knows them (its subnets accept them)."""
        from moto.backends import get_backend

        zones = get_backend("ec2")[account][region].describe_availability_zones()
        return sorted(zone.name for zone in zones)

    def candidate(
        self,
        params: dict[str, Any],
        account: str,
        region: str,
        previous: Version | None = None,
        *,
        direct: bool = False,
    ) -> Version:
        """The version a request asks for: template checked, parameters resolved and typed,
        capabilities checked, imports present. ``direct``: a CreateStack or UpdateStack, which
        runs the template's transforms with no change set to review, so AWS asks for
        CAPABILITY_AUTO_EXPAND."""
        if params.get("UsePreviousTemplate"):
            if previous is None:
                raise validation("UsePreviousTemplate can only be used with an existing stack")
            text, body, declared = previous.text, previous.body, previous.transforms
        else:
            text, by_url = self.template_text(params, account)
            body, declared = load_body(
                text, by_url=by_url, fetch=lambda url: self.s3_text(url, account)
            )
        _refuse_macros(body)
        given = {
            p["ParameterKey"]: p for p in params.get("Parameters") or [] if "ParameterKey" in p
        }
        prior = {k: v.value for k, v in (previous.parameters if previous else {}).items()}
        values = resolve_parameters(
            body.get("Parameters") or {}, given, prior, self.parameter_context(account, region)
        )
        body = _processed(body, values, region)
        capabilities = list(params.get("Capabilities") or [])
        if direct and declared and "CAPABILITY_AUTO_EXPAND" not in capabilities:
            # a template with transforms, run with no change set to review first:
            # https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStack.html
            raise CfnError(
                "InsufficientCapabilitiesException",
                "Requires capabilities : [CAPABILITY_AUTO_EXPAND]",
            )
        _check_capabilities(body, capabilities)
        tags = params.get("Tags")
        if tags is None and previous is not None:
            tags = previous.tags
        version = Version(
            body=body,
            text=text,
            parameters=values,
            tags=list(tags or []),
            capabilities=capabilities,
            notification_arns=list(params.get("NotificationARNs") or []),
            role_arn=params.get("RoleARN"),
            timeout=params.get("TimeoutInMinutes"),
            transforms=declared,
        )
        self.check_imports(version, account, region)
        return version

    def check_imports(self, version: Version, account: str, region: str) -> None:
        exports = self.exports(account, region)
        scope = self.static_scope(version, account, region)
        for name in imports_of(version.body, scope.evaluate):
            if name not in exports:
                raise validation(f"No export named {name} found. Rollback requested by user.")

    def static_scope(self, version: Version, account: str, region: str) -> Scope:
        """The template's values before any resource exists (a resource's is ``Pending``)."""

        def unknown(*args: Any) -> Any:
            raise Pending(str(args[0]))

        mode = DeployMode(
            resource_value=unknown,
            import_value=unknown,
            pseudo=self.pseudo(account, region, "", ""),
            zones=lambda r: self.azs(account, r),
        )
        return Scope(version.body, version.parameters, mode, region=region, name="")

    # -- evaluation over a stack's resources -----------------------------------------------

    def pseudo(
        self,
        account: str,
        region: str,
        name: str,
        stack_id: str,
        notification_arns: list[str] | None = None,
    ) -> dict[str, Any]:
        return {
            "AWS::AccountId": account,
            "AWS::Region": region,
            "AWS::StackName": name,
            "AWS::StackId": stack_id,
            "AWS::Partition": "aws",
            "AWS::URLSuffix": "amazonaws.com",
            "AWS::NotificationARNs": list(notification_arns or []),
        }

    def scope(
        self,
        stack: Stack,
        version: Version,
        resources: dict[str, Resource],
        pending: set[str] | None = None,
    ) -> Scope:
        def ctx(resource: Resource) -> Context:
            return Context(
                stack.account,
                stack.region,
                stack.name,
                stack.stack_id,
                resource.logical_id,
                resource.type,
                self,
            )

        def find(logical_id: str) -> Resource:
            if pending is not None and logical_id in pending:
                raise Pending(logical_id)
            resource = resources.get(logical_id)
            if resource is None:
                if pending is not None:
                    raise Pending(logical_id)
                raise ResourceFailure(
                    f"Template format error: Unresolved resource dependencies [{logical_id}]"
                )
            return resource

        def resource_value(logical_id: str, attribute: str | None) -> Any:
            resource = find(logical_id)
            if attribute is None:
                return resource.physical_id
            handler = handler_for(resource.type, placeholders=True)
            return handler.attribute(ctx(resource), resource.live, attribute)

        def import_value(name: str) -> Any:
            exports = self.exports(stack.account, stack.region)
            if name not in exports:
                raise ResourceFailure(f"No export named {name} found.")
            return exports[name][1]

        mode = DeployMode(
            resource_value=resource_value,
            import_value=import_value,
            pseudo=self.pseudo(
                stack.account, stack.region, stack.name, stack.stack_id, version.notification_arns
            ),
            zones=lambda region: self.azs(stack.account, region),
            dynamic=lambda text: self.resolve_dynamic(text, stack.account, stack.region),
        )
        return Scope(version.body, version.parameters, mode, region=stack.region, name=stack.name)

    def resolve_dynamic(self, text: str, account: str, region: str) -> str:
        """``{{resolve:ssm:...}}`` and ``{{resolve:secretsmanager:...}}``, as CloudFormation
        resolves them when it provisions the resource.
        https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references.html
        """
        from moto.backends import get_backend

        def replace(match: re.Match[str]) -> str:
            service, body = match.group(1), match.group(2)
            try:
                if service == "secretsmanager":
                    return _secret(get_backend("secretsmanager")[account][region], body)
                name, _, version = body.partition(":")
                selector = f"{name}:{version}" if version else name
                parameter = get_backend("ssm")[account][region].get_parameter(selector)
                if parameter is None:
                    raise KeyError(name)
                return str(parameter.value)
            except Exception:  # noqa: BLE001 - moto's not-found errors
                kind = "Secrets Manager secret" if service == "secretsmanager" else "SSM parameter"
                raise ResourceFailure(
                    f"Could not resolve {kind} reference {match.group(0)}: it does not exist"
                ) from None

        return _DYNAMIC.sub(replace, text)

    def outputs(self, stack: Stack, version: Version, scope: Scope) -> list[dict[str, Any]]:
        result = []
        for key, output in (version.body.get("Outputs") or {}).items():
            condition = output.get("Condition")
            if condition and not scope.condition(condition):
                continue
            try:
                value = scope.evaluate(output.get("Value"))
                export = output.get("Export") or {}
                export_name = scope.evaluate(export.get("Name")) if export else None
            except (ResourceFailure, CfnError, Pending) as error:
                raise ResourceFailure(f"Output {key}: {reason_of(error)}") from None
            if isinstance(value, list):
                value = ",".join(str(v) for v in value)
            entry = {"OutputKey": key, "OutputValue": _text(value)}
            if output.get("Description") is not None:
                entry["Description"] = str(output["Description"])
            if export_name:
                entry["ExportName"] = str(export_name)
            result.append(entry)
        return result

    # -- exports ---------------------------------------------------------------------------

    def exports(self, account: str, region: str) -> dict[str, tuple[Stack, str]]:
        found: dict[str, tuple[Stack, str]] = {}
        for stack in self.store(account, region).stacks:
            if stack.alive and stack.version is not None:
                for name, value in stack.version.exports().items():
                    found[name] = (stack, value)
        return found

    def importers(self, account: str, region: str, name: str, exclude: Stack | None) -> list[Stack]:
        result = []
        for stack in self.store(account, region).stacks:
            if stack is exclude or not stack.alive or stack.version is None:
                continue
            scope = self.static_scope(stack.version, account, region)
            if name in imports_of(stack.version.body, scope.evaluate):
                result.append(stack)
        return result

    def exports_in_use(self, stack: Stack, names: set[str]) -> str | None:
        for name in sorted(names):
            users = self.importers(stack.account, stack.region, name, stack)
            if users:
                return f"Export {name} cannot be deleted as it is in use by {users[0].name}"
        return None

    def check_exports(
        self, stack: Stack, old: Version | None, outputs: list[dict[str, Any]]
    ) -> None:
        """AWS refuses to remove or change an export another stack imports, and an export name
        another stack already exports.
        https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-stack-exports.html
        """
        new = {o["ExportName"]: o["OutputValue"] for o in outputs if o.get("ExportName")}
        existing = self.exports(stack.account, stack.region)
        for name in new:
            owner = existing.get(name)
            if owner is not None and owner[0] is not stack:
                raise ResourceFailure(
                    f"Export with name {name} is already exported by stack {owner[0].name}"
                )
        for name, value in (old.exports() if old else {}).items():
            if name in new and new[name] == value:
                continue
            users = self.importers(stack.account, stack.region, name, stack)
            if users:
                verb = "update" if name in new else "delete"
                raise ResourceFailure(
                    f"Cannot {verb} export {name} as it is in use by {users[0].name}"
                )

    # -- running operations ----------------------------------------------------------------

    def claim(
        self,
        store: Store,
        stack: Stack,
        allowed: frozenset[str] | set[str],
        status: str,
        verb: str = "updated",
    ) -> None:
        """Claim the stack for one operation (AWS's one-operation-per-stack rule): checked
        and set under the store's lock, so of two concurrent requests one is refused."""
        with store.lock:
            if stack.in_progress or stack.status not in allowed:
                raise busy(stack.stack_id, stack.status, verb)
            stack.status = status

    def run(self, stack: Stack, work: Callable[[], None], *, inline: bool = False) -> None:
        """Run one operation under the stack's lock: on a worker thread when the service is
        asynchronous (a nested stack's runs ``inline``, inside its parent's), else here."""
        if self.asynchronous and not inline:
            threading.Thread(
                target=self._work, args=(stack, work), name=f"stack-{stack.name}", daemon=True
            ).start()
            return
        self._work(stack, work)

    def _work(self, stack: Stack, work: Callable[[], None]) -> None:
        with stack.lock:
            try:
                work()
            except Exception as error:  # noqa: BLE001 - never leave a stack in progress
                stack.stack_event(_failed_state(stack.status), reason_of(error))

    def new_stack(self, store: Store, name: str, account: str, region: str, status: str) -> Stack:
        if not _STACK_NAME.match(name or ""):
            raise validation(
                f"1 validation error detected: Value '{name}' at 'stackName' failed to satisfy "
                "constraint: Member must satisfy regular expression pattern: "
                "[a-zA-Z][-a-zA-Z0-9]*|arn:[-a-zA-Z0-9:/._+]*"
            )
        stack_id = f"arn:aws:cloudformation:{region}:{account}:stack/{name}/{uuid.uuid4()}"
        stack = Stack(stack_id=stack_id, name=name, region=region, account=account, status=status)
        store.stacks.append(stack)
        return stack

    # -- stack actions ---------------------------------------------------------------------

    def api_create_stack(self, store: Store, p: Params, account: str, region: str) -> Reply:
        name = p.get("StackName", "")
        version = self.candidate(p, account, region, direct=True)
        with store.lock:
            if self.find(store, name) is not None:
                raise CfnError("AlreadyExistsException", f"Stack [{name}] already exists")
            stack = self.new_stack(store, name, account, region, "CREATE_IN_PROGRESS")
        stack.termination_protection = bool(p.get("EnableTerminationProtection"))
        on_failure = p.get("OnFailure") or (
            "DO_NOTHING" if p.get("DisableRollback") else "ROLLBACK"
        )
        stack.disable_rollback = on_failure == "DO_NOTHING"
        token = p.get("ClientRequestToken")

        def work() -> None:
            Operation(self, stack, token).create(version, rollback=on_failure != "DO_NOTHING")
            if on_failure == "DELETE" and stack.status == "ROLLBACK_COMPLETE":
                Operation(self, stack, token).delete(set())
                self._deleted(stack)

        self.run(stack, work)
        return {"StackId": stack.stack_id}

    def api_update_stack(self, store: Store, p: Params, account: str, region: str) -> Reply:
        stack = self.need(store, p.get("StackName"))
        previous = stack.version
        if stack.in_progress or stack.status not in UPDATABLE or previous is None:
            raise busy(stack.stack_id, stack.status)
        version = self.candidate(p, account, region, previous, direct=True)
        changes = plan(previous, version, lambda res, pend: self.scope(stack, version, res, pend))
        if not changes and _same_settings(previous, version):
            raise validation("No updates are to be performed.")
        self.claim(store, stack, UPDATABLE, "UPDATE_IN_PROGRESS")
        token = p.get("ClientRequestToken")
        rollback = not p.get("DisableRollback")
        self.run(
            stack,
            lambda: Operation(self, stack, token).update(previous, version, rollback=rollback),
        )
        return {"StackId": stack.stack_id}

    def api_delete_stack(self, store: Store, p: Params, account: str, region: str) -> Reply:
        stack = self.find(store, p.get("StackName", ""))
        if stack is None:
            return {}  # AWS: deleting a stack that does not exist succeeds
        if stack.termination_protection:
            raise validation(
                f"Stack [{stack.name}] cannot be deleted while TerminationProtection is enabled"
            )
        if stack.status == "DELETE_IN_PROGRESS":
            return {}
        retain = set(p.get("RetainResources") or [])
        if retain and stack.status != "DELETE_FAILED":
            raise validation(
                "Invalid operation on stack: RetainResources can only be specified when the "
                "stack is in the DELETE_FAILED state"
            )
        self.claim(store, stack, {stack.status}, "DELETE_IN_PROGRESS", "deleted")
        token = p.get("ClientRequestToken")

        def work() -> None:
            if Operation(self, stack, token).delete(retain):
                self._deleted(stack)

        self.run(stack, work)
        return {}

    def _deleted(self, stack: Stack) -> None:
        stack.deleted = now()
        stack.change_sets.clear()

    def api_describe_stacks(self, store: Store, p: Params, account: str, region: str) -> Reply:
        name = p.get("StackName")
        if name:
            stack = self.find(store, name, deleted=name.startswith("arn:"))
            if stack is None:
                raise stack_missing(name)
            stacks = [stack]
        else:
            stacks = [s for s in store.stacks if s.alive]
        return {"Stacks": [self.describe(s) for s in stacks]}

    def describe(self, stack: Stack) -> dict[str, Any]:
        version = stack.version
        result: dict[str, Any] = {
            "StackId": stack.stack_id,
            "StackName": stack.name,
            "CreationTime": stack.created,
            "LastUpdatedTime": stack.updated,
            "DeletionTime": stack.deleted,
            "StackStatus": stack.status,
            "StackStatusReason": stack.reason,
            "DisableRollback": stack.disable_rollback,
            "EnableTerminationProtection": stack.termination_protection,
            "ParentId": stack.parent_id,
            "RootId": stack.root_id,
            "DriftInformation": {
                "StackDriftStatus": stack.drift_status,
                "LastCheckTimestamp": stack.drift_checked,
            },
            "NotificationARNs": [],
            "Tags": [],
        }
        if version is not None:
            result.update(
                {
                    "Description": version.description,
                    "Parameters": [_describe_parameter(v) for v in version.parameters.values()],
                    "Outputs": version.outputs or None,
                    "Tags": version.tags,
                    "Capabilities": version.capabilities or None,
                    "NotificationARNs": version.notification_arns,
                    "RoleARN": version.role_arn,
                    "TimeoutInMinutes": version.timeout,
                }
            )
        return result

    def api_list_stacks(self, store: Store, p: Params, account: str, region: str) -> Reply:
        wanted = set(p.get("StackStatusFilter") or [])
        summaries = []
        for stack in reversed(store.stacks):
            if wanted and stack.status not in wanted:
                continue
            summaries.append(
                {
                    "StackId": stack.stack_id,
                    "StackName": stack.name,
                    "TemplateDescription": stack.version.description if stack.version else None,
                    "CreationTime": stack.created,
                    "LastUpdatedTime": stack.updated,
                    "DeletionTime": stack.deleted,
                    "StackStatus": stack.status,
                    "StackStatusReason": stack.reason,
                    "ParentId": stack.parent_id,
                    "RootId": stack.root_id,
                    "DriftInformation": {"StackDriftStatus": stack.drift_status},
                }
            )
        return {"StackSummaries": summaries}

    def api_describe_stack_events(
        self, store: Store, p: Params, account: str, region: str
    ) -> Reply:
        name = p.get("StackName", "")
        stack = self.find(store, name, deleted=name.startswith("arn:"))
        if stack is None:
            raise stack_missing(name)
        events = [e.describe() for e in reversed(stack.events)]
        start = _page_start(p.get("NextToken"))
        page = events[start : start + 100]
        token = str(start + 100) if start + 100 < len(events) else None
        return {"StackEvents": page, "NextToken": token}

    def _resources(self, store: Store, name: str) -> tuple[Stack, dict[str, Resource]]:
        stack = self.find(store, name, deleted=name.startswith("arn:"))
        if stack is None:
            raise stack_missing(name)
        return stack, (stack.version.resources if stack.version else {})

    def api_list_stack_resources(self, store: Store, p: Params, account: str, region: str) -> Reply:
        _, resources = self._resources(store, p.get("StackName", ""))
        return {
            "StackResourceSummaries": [
                {
                    "LogicalResourceId": r.logical_id,
                    "PhysicalResourceId": r.physical_id,
                    "ResourceType": r.type,
                    "LastUpdatedTimestamp": r.updated,
                    "ResourceStatus": r.status,
                    "ResourceStatusReason": r.reason,
                    "DriftInformation": {"StackResourceDriftStatus": r.drift},
                }
                for r in resources.values()
            ]
        }

    def _resource_row(self, stack: Stack, r: Resource) -> dict[str, Any]:
        return {
            "StackName": stack.name,
            "StackId": stack.stack_id,
            "LogicalResourceId": r.logical_id,
            "PhysicalResourceId": r.physical_id,
            "ResourceType": r.type,
            "Timestamp": r.updated,
            "ResourceStatus": r.status,
            "ResourceStatusReason": r.reason,
            "Description": r.description,
            "DriftInformation": {"StackResourceDriftStatus": r.drift},
        }

    def api_describe_stack_resources(
        self, store: Store, p: Params, account: str, region: str
    ) -> Reply:
        if p.get("PhysicalResourceId") and not p.get("StackName"):
            for stack in store.stacks:
                for r in (stack.version.resources if stack.version else {}).values():
                    if r.physical_id == p["PhysicalResourceId"]:
                        return {"StackResources": [self._resource_row(stack, r)]}
            raise validation(f"Stack for {p['PhysicalResourceId']} does not exist")
        stack, resources = self._resources(store, p.get("StackName", ""))
        wanted = p.get("LogicalResourceId")
        return {
            "StackResources": [
                self._resource_row(stack, r)
                for r in resources.values()
                if not wanted or r.logical_id == wanted
            ]
        }

    def api_describe_stack_resource(
        self, store: Store, p: Params, account: str, region: str
    ) -> Reply:
        stack, resources = self._resources(store, p.get("StackName", ""))
        logical_id = p.get("LogicalResourceId", "")
        resource = resources.get(logical_id)
        if resource is None:
            raise validation(f"Resource {logical_id} does not exist for stack {stack.name}")
        row = self._resource_row(stack, resource)
        row["LastUpdatedTimestamp"] = row.pop("Timestamp")
        row["Metadata"] = json.dumps(resource.metadata) if resource.metadata is not None else None
        return {"StackResourceDetail": row}

    def api_get_template(self, store: Store, p: Params, account: str, region: str) -> Reply:
        name = p.get("StackName", "")
        if p.get("ChangeSetName"):
            change_set = self.find_change_set(store, p["ChangeSetName"], name)
            return {
                "TemplateBody": change_set.version.text,
                "StagesAvailable": ["Original", "Processed"],
            }
        stack = self.find(store, name, deleted=name.startswith("arn:"))
        if stack is None:
            raise stack_missing(name)
        text = stack.version.text if stack.version else "{}"
        if stack.version and p.get("TemplateStage") == "Processed":
            # the template after its transforms (AWS::Include, Fn::ForEach), as AWS gives it
            text = json.dumps(stack.version.body)
        return {"TemplateBody": text, "StagesAvailable": ["Original", "Processed"]}

    def _template_only(
        self, p: Params, account: str, store: Store, region: str
    ) -> tuple[dict[str, Any], list[str]]:
        """The template a ValidateTemplate or GetTemplateSummary asks about, its loops expanded
        where their collections are known (with the parameters' defaults), and the transforms
        it declares (as written: a stack keeps its expanded template)."""
        if p.get("StackName"):
            stack = self.need(store, p["StackName"])
            if stack.version is None:
                return {}, []
            return stack.version.body, stack.version.transforms
        text, by_url = self.template_text(p, account)
        body, declared = load_body(
            text, by_url=by_url, fetch=lambda url: self.s3_text(url, account)
        )
        if needs_expansion(body):
            defaults = {
                key: value
                for key, spec in (body.get("Parameters") or {}).items()
                if (value := _default(spec)) is not None
            }
            expanded = expand_language_extensions(body, parameters=defaults, region=region)
            if not expanded.notes:
                body = expanded.body
        return body, declared

    def api_validate_template(self, store: Store, p: Params, account: str, region: str) -> Reply:
        body, declared = self._template_only(p, account, store, region)
        capabilities, reason = _needed_capabilities(body)
        return {
            "Parameters": [
                {
                    "ParameterKey": key,
                    "DefaultValue": _default(spec),
                    "NoEcho": str((spec or {}).get("NoEcho", "false")).lower() == "true",
                    "Description": (spec or {}).get("Description"),
                }
                for key, spec in (body.get("Parameters") or {}).items()
            ],
            "Description": body.get("Description"),
            "Capabilities": capabilities,
            "CapabilitiesReason": reason,
            "DeclaredTransforms": declared,
        }

    def api_get_template_summary(self, store: Store, p: Params, account: str, region: str) -> Reply:
        body, declared = self._template_only(p, account, store, region)
        capabilities, reason = _needed_capabilities(body)
        resources = _resources_of(body)
        return {
            "Parameters": [
                {
                    "ParameterKey": key,
                    "DefaultValue": _default(spec),
                    "ParameterType": (spec or {}).get("Type", "String"),
                    "NoEcho": str((spec or {}).get("NoEcho", "false")).lower() == "true",
                    "Description": (spec or {}).get("Description"),
                    "ParameterConstraints": {
                        "AllowedValues": [str(v) for v in (spec or {}).get("AllowedValues") or []]
                    },
                }
                for key, spec in (body.get("Parameters") or {}).items()
            ],
            "Description": body.get("Description"),
            "Capabilities": capabilities,
            "CapabilitiesReason": reason,
            "ResourceTypes": sorted({r["Type"] for r in resources.values()}),
            "Version": body.get("AWSTemplateFormatVersion"),
            "Metadata": json.dumps(body["Metadata"]) if "Metadata" in body else None,
            "DeclaredTransforms": declared,
        }

    def api_update_termination_protection(
        self, store: Store, p: Params, account: str, region: str
    ) -> Reply:
        stack = self.need(store, p.get("StackName"))
        stack.termination_protection = bool(p.get("EnableTerminationProtection"))
        return {"StackId": stack.stack_id}

    def api_list_exports(self, store: Store, p: Params, account: str, region: str) -> Reply:
        return {
            "Exports": [
                {"ExportingStackId": stack.stack_id, "Name": name, "Value": value}
                for name, (stack, value) in sorted(self.exports(account, region).items())
            ]
        }

    def api_list_imports(self, store: Store, p: Params, account: str, region: str) -> Reply:
        name = p.get("ExportName", "")
        if name not in self.exports(account, region):
            raise validation(f"Export '{name}' is not imported by any stack.")
        users = self.importers(account, region, name, exclude=None)
        if not users:
            raise validation(f"Export '{name}' is not imported by any stack.")
        return {"Imports": [s.name for s in users]}

    def api_continue_update_rollback(
        self, store: Store, p: Params, account: str, region: str
    ) -> Reply:
        stack = self.need(store, p.get("StackName"))
        if stack.status != "UPDATE_ROLLBACK_FAILED":
            raise validation(
                f"Stack {stack.name} is in {stack.status} state and can not continue rollback"
                if stack.in_progress
                else "ContinueUpdateRollback cannot be called from current stack status."
            )
        skip = set(p.get("ResourcesToSkip") or [])
        token = p.get("ClientRequestToken")
        self.claim(store, stack, {"UPDATE_ROLLBACK_FAILED"}, "UPDATE_ROLLBACK_IN_PROGRESS")

        def work() -> None:
            stack.stack_event("UPDATE_ROLLBACK_IN_PROGRESS", None, token)
            Operation(self, stack, token).finish_rollback(stack.rollback_pending or [], skip)

        self.run(stack, work)
        return {}

    def api_cancel_update_stack(self, store: Store, p: Params, account: str, region: str) -> Reply:
        """Only an update in progress can be cancelled; it stops before the next resource
        action and rolls back (UPDATE_ROLLBACK_IN_PROGRESS ... UPDATE_ROLLBACK_COMPLETE).
        https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CancelUpdateStack.html
        """
        stack = self.need(store, p.get("StackName"))
        with store.lock:
            if stack.status != "UPDATE_IN_PROGRESS":
                raise validation("CancelUpdateStack cannot be called from current stack status")
            stack.cancel_requested = True
        return {}

    def api_set_stack_policy(self, store: Store, p: Params, account: str, region: str) -> Reply:
        stack = self.need(store, p.get("StackName"))
        stack.policy_body = p.get("StackPolicyBody")
        return {}

    def api_get_stack_policy(self, store: Store, p: Params, account: str, region: str) -> Reply:
        stack = self.need(store, p.get("StackName"))
        return {"StackPolicyBody": stack.policy_body}

    # -- change sets -----------------------------------------------------------------------

    def find_change_set(self, store: Store, name: str, stack_name: str | None) -> ChangeSet:
        with store.lock:
            for stack in store.stacks:
                for change_set in stack.change_sets.values():
                    if change_set.change_set_id == name:
                        return change_set
                    if change_set.name == name and stack_name in (stack.name, stack.stack_id):
                        return change_set
        raise change_set_missing(name)

    def api_create_change_set(self, store: Store, p: Params, account: str, region: str) -> Reply:
        name = p.get("StackName", "")
        change_set_name = p.get("ChangeSetName", "")
        kind = p.get("ChangeSetType") or "UPDATE"
        with store.lock:
            stack = self.find(store, name)
            if kind == "CREATE":
                if stack is not None and stack.status != "REVIEW_IN_PROGRESS":
                    raise CfnError("AlreadyExistsException", f"Stack [{name}] already exists")
            elif stack is None:
                raise validation(f"Stack [{name}] does not exist")
            elif stack.in_progress or stack.status not in UPDATABLE:
                raise busy(stack.stack_id, stack.status)
        previous = stack.version if stack is not None and kind == "UPDATE" else None
        version = self.candidate(p, account, region, previous)
        with store.lock:
            if stack is None:
                stack = self.find(store, name)
            if stack is None:
                stack = self.new_stack(store, name, account, region, "REVIEW_IN_PROGRESS")
                stack.stack_event("REVIEW_IN_PROGRESS", "User Initiated", p.get("ClientToken"))
            if any(cs.name == change_set_name for cs in stack.change_sets.values()):
                raise CfnError(
                    "AlreadyExistsException", f"ChangeSet {change_set_name} already exists"
                )
        changes = plan(previous, version, lambda res, pend: self.scope(stack, version, res, pend))
        change_set_id = (
            f"arn:aws:cloudformation:{region}:{account}:changeSet/{change_set_name}/{uuid.uuid4()}"
        )
        change_set = ChangeSet(
            change_set_id=change_set_id,
            name=change_set_name,
            stack_id=stack.stack_id,
            stack_name=stack.name,
            kind=kind,
            version=version,
            changes=changes,
            description=p.get("Description"),
            given_parameters=list(p.get("Parameters") or []),
        )
        if not changes and (previous is None or _same_settings(previous, version)):
            change_set.status = "FAILED"
            change_set.execution_status = "UNAVAILABLE"
            change_set.status_reason = NO_CHANGES
        stack.change_sets[change_set_id] = change_set
        return {"Id": change_set_id, "StackId": stack.stack_id}

    def api_describe_change_set(self, store: Store, p: Params, account: str, region: str) -> Reply:
        cs = self.find_change_set(store, p.get("ChangeSetName", ""), p.get("StackName"))
        start = _page_start(p.get("NextToken"))
        page = cs.changes[start : start + 100]
        return {
            "ChangeSetName": cs.name,
            "ChangeSetId": cs.change_set_id,
            "StackId": cs.stack_id,
            "StackName": cs.stack_name,
            "Description": cs.description,
            "Parameters": [_describe_parameter(v) for v in cs.version.parameters.values()],
            "CreationTime": cs.created,
            "ExecutionStatus": cs.execution_status,
            "Status": cs.status,
            "StatusReason": cs.status_reason,
            "Capabilities": cs.version.capabilities or None,
            "Tags": cs.version.tags or None,
            "Changes": page,
            "NextToken": str(start + 100) if start + 100 < len(cs.changes) else None,
            "NotificationARNs": cs.version.notification_arns,
        }

    def api_list_change_sets(self, store: Store, p: Params, account: str, region: str) -> Reply:
        stack = self.need(store, p.get("StackName"))
        return {
            "Summaries": [
                {
                    "StackId": stack.stack_id,
                    "StackName": stack.name,
                    "ChangeSetId": cs.change_set_id,
                    "ChangeSetName": cs.name,
                    "ExecutionStatus": cs.execution_status,
                    "Status": cs.status,
                    "StatusReason": cs.status_reason,
                    "CreationTime": cs.created,
                    "Description": cs.description,
                }
                for cs in stack.change_sets.values()
            ]
        }

    def api_delete_change_set(self, store: Store, p: Params, account: str, region: str) -> Reply:
        cs = self.find_change_set(store, p.get("ChangeSetName", ""), p.get("StackName"))
        stack = self.find(store, cs.stack_id)
        if stack is not None:
            if cs.execution_status == "EXECUTE_IN_PROGRESS":
                raise CfnError(
                    "InvalidChangeSetStatus",
                    f"Cannot delete ChangeSet in status {cs.execution_status}",
                )
            stack.change_sets.pop(cs.change_set_id, None)
        return {}

    def api_execute_change_set(self, store: Store, p: Params, account: str, region: str) -> Reply:
        cs = self.find_change_set(store, p.get("ChangeSetName", ""), p.get("StackName"))
        stack = self.find(store, cs.stack_id)
        if stack is None:
            raise change_set_missing(p.get("ChangeSetName", ""))
        with store.lock:
            if cs.execution_status != "AVAILABLE" or cs.status != "CREATE_COMPLETE":
                raise CfnError(
                    "InvalidChangeSetStatus",
                    f"ChangeSet [{cs.change_set_id}] cannot be executed in its current "
                    f"execution status of [{cs.execution_status}]",
                )
            allowed = {"REVIEW_IN_PROGRESS"} if cs.kind == "CREATE" else UPDATABLE
            self.claim(
                store,
                stack,
                allowed,
                "CREATE_IN_PROGRESS" if cs.kind == "CREATE" else "UPDATE_IN_PROGRESS",
            )
            cs.execution_status = "EXECUTE_IN_PROGRESS"
            # AWS deletes the stack's other change sets once one is executed
            for other in list(stack.change_sets):
                if other != cs.change_set_id:
                    stack.change_sets.pop(other)
        token = p.get("ClientRequestToken")
        previous = stack.version
        rollback = not (p.get("DisableRollback") or False)

        def work() -> None:
            operation = Operation(self, stack, token)
            if cs.kind == "CREATE":
                stack.disable_rollback = not rollback
                operation.create(cs.version, rollback=rollback)
            else:
                assert previous is not None
                operation.update(previous, cs.version, rollback=rollback)
            cs.execution_status = "EXECUTE_COMPLETE"
            stack.change_sets.pop(cs.change_set_id, None)

        self.run(stack, work)
        return {}

    # -- nested stacks (AWS::CloudFormation::Stack) -----------------------------------------

    def _nested_request(self, props: dict[str, Any]) -> dict[str, Any]:
        return {
            "TemplateURL": props.get("TemplateURL"),
            "Parameters": [
                {
                    "ParameterKey": key,
                    "ParameterValue": _text(value)
                    if not isinstance(value, list)
                    else ",".join(str(v) for v in value),
                }
                for key, value in (props.get("Parameters") or {}).items()
            ],
            "Capabilities": ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"],
            "Tags": props.get("Tags"),
            "NotificationARNs": props.get("NotificationARNs"),
            "TimeoutInMinutes": props.get("TimeoutInMinutes"),
        }

    def nested_create(self, ctx: Context, props: dict[str, Any]) -> Stack:
        """A nested stack is a stack of its own, named parent-Logical-SUFFIX, with ParentId
        and RootId (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-nested-stacks.html)."""
        store = self.store(ctx.account, ctx.region)
        try:
            version = self.candidate(self._nested_request(props), ctx.account, ctx.region)
        except CfnError as error:
            raise ResourceFailure(error.message) from None
        parent = self.find(store, ctx.stack_id)
        name = ctx.generated_name(128)
        with store.lock:
            child = self.new_stack(store, name, ctx.account, ctx.region, "CREATE_IN_PROGRESS")
        child.parent_id = ctx.stack_id
        child.root_id = parent.root_id if parent and parent.root_id else ctx.stack_id
        self.run(child, lambda: Operation(self, child).create(version, rollback=True), inline=True)
        return child

    def nested_update(self, ctx: Context, stack_id: str, props: dict[str, Any]) -> Stack:
        store = self.store(ctx.account, ctx.region)
        child = self.need(store, stack_id)
        previous = child.version
        try:
            version = self.candidate(self._nested_request(props), ctx.account, ctx.region, previous)
        except CfnError as error:
            raise ResourceFailure(error.message) from None
        changes = plan(previous, version, lambda res, pend: self.scope(child, version, res, pend))
        if not changes and previous is not None and _same_settings(previous, version):
            return child
        self.claim(store, child, UPDATABLE, "UPDATE_IN_PROGRESS")
        assert previous is not None
        self.run(
            child,
            lambda: Operation(self, child).update(previous, version, rollback=True),
            inline=True,
        )
        return child

    def nested_delete(self, ctx: Context, stack_id: str) -> Stack | None:
        store = self.store(ctx.account, ctx.region)
        child = self.find(store, stack_id)
        if child is None or not child.alive:
            return None
        self.claim(store, child, {child.status}, "DELETE_IN_PROGRESS", "deleted")

        def work() -> None:
            if Operation(self, child).delete(set()):
                self._deleted(child)

        self.run(child, work, inline=True)
        return child

    def nested_outputs(self, ctx: Context, stack_id: str) -> list[dict[str, Any]]:
        child = self.find(self.store(ctx.account, ctx.region), stack_id, deleted=True)
        return child.version.outputs if child is not None and child.version else []

    # -- drift -----------------------------------------------------------------------------

    def api_detect_stack_drift(self, store: Store, p: Params, account: str, region: str) -> Reply:
        stack = self.need(store, p.get("StackName"))
        drifted = False
        stack.drift_failed = []
        for resource in (stack.version.resources if stack.version else {}).values():
            ctx = Context(
                account,
                region,
                stack.name,
                stack.stack_id,
                resource.logical_id,
                resource.type,
                self,
            )
            handler = handler_for(resource.type, placeholders=True)
            resource.drift_details = []
            resource.drift_reason = None
            try:
                actual = drift.actual(handler, ctx, resource.live, resource.props)
            except Exception as error:  # noqa: BLE001 - any read error: UNKNOWN, with the reason
                resource.drift_actual = None
                resource.drift = "UNKNOWN"
                resource.drift_reason = (
                    f"the local engine could not read {resource.type} {resource.physical_id} "
                    f"back: {reason_of(error)}"
                )
                stack.drift_failed.append(resource.logical_id)
                continue
            resource.drift_actual = actual
            if actual is None:
                resource.drift = "DELETED"
            elif actual is NotImplemented:
                resource.drift = "NOT_CHECKED"
            else:
                for key, value in actual.items():
                    resource.drift_details += drift.differences(
                        resource.props.get(key), value, f"/{key}"
                    )
                resource.drift = "MODIFIED" if resource.drift_details else "IN_SYNC"
            drifted = drifted or resource.drift in ("DELETED", "MODIFIED")
        stack.drift_status = "DRIFTED" if drifted else "IN_SYNC"
        stack.drift_checked = now()
        return {"StackDriftDetectionId": f"{stack.stack_id.rsplit('/', 1)[1]}-drift"}

    def api_describe_stack_drift_detection_status(
        self, store: Store, p: Params, account: str, region: str
    ) -> Reply:
        detection_id = p.get("StackDriftDetectionId", "")
        for stack in store.stacks:
            if detection_id.startswith(stack.stack_id.rsplit("/", 1)[1]):
                drifted = [
                    r
                    for r in (stack.version.resources if stack.version else {}).values()
                    if r.drift in ("DELETED", "MODIFIED")
                ]
                failed = stack.drift_failed
                return {
                    "StackId": stack.stack_id,
                    "StackDriftDetectionId": detection_id,
                    "StackDriftStatus": stack.drift_status,
                    "DetectionStatus": "DETECTION_FAILED" if failed else "DETECTION_COMPLETE",
                    "DetectionStatusReason": (
                        f"Failed to detect drift on resources [{', '.join(failed)}]"
                        if failed
                        else None
                    ),
                    "DriftedStackResourceCount": len(drifted),
                    "Timestamp": stack.drift_checked or now(),
                }
        raise validation(f"Drift detection {detection_id} does not exist")

    def api_describe_stack_resource_drifts(
        self, store: Store, p: Params, account: str, region: str
    ) -> Reply:
        stack = self.need(store, p.get("StackName"))
        wanted = set(p.get("StackResourceDriftStatusFilters") or [])
        rows = []
        for r in (stack.version.resources if stack.version else {}).values():
            if r.drift == "NOT_CHECKED" and not wanted:
                continue
            if wanted and r.drift not in wanted:
                continue
            rows.append(
                {
                    "StackId": stack.stack_id,
                    "LogicalResourceId": r.logical_id,
                    "PhysicalResourceId": r.physical_id,
                    "ResourceType": r.type,
                    "ExpectedProperties": json.dumps(r.props),
                    "ActualProperties": json.dumps({**r.props, **(r.drift_actual or {})})
                    if r.drift_actual not in (None, NotImplemented)
                    else None,
                    "PropertyDifferences": r.drift_details,
                    "StackResourceDriftStatus": r.drift,
                    "DriftStatusReason": r.drift_reason,
                    "Timestamp": stack.drift_checked or now(),
                }
            )
        return {"StackResourceDrifts": rows}


# -- helpers ----------------------------------------------------------------------------------


def _page_start(token: Any) -> int:
    if not token:
        return 0
    if not str(token).isdigit():
        raise validation("Invalid NextToken")
    return int(token)


def _failed_state(status: str) -> str:
    """Where a stack goes when the engine itself fails mid-operation (never left running)."""
    for prefix, failed in (
        ("UPDATE_ROLLBACK", "UPDATE_ROLLBACK_FAILED"),
        ("ROLLBACK", "ROLLBACK_FAILED"),
        ("UPDATE", "UPDATE_ROLLBACK_FAILED"),
        ("DELETE", "DELETE_FAILED"),
    ):
        if status.startswith(prefix):
            return failed
    return "CREATE_FAILED"


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dict | list):
        return json.dumps(value)
    return str(value)


def _loose(value: Any) -> Any:
    """Compare values the way CloudFormation's drift detection does: "7" equals 7."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return str(int(value)) if float(value).is_integer() else str(value)
    if isinstance(value, list):
        return [_loose(v) for v in value]
    if isinstance(value, dict):
        return {k: _loose(v) for k, v in value.items()}
    return value


def _describe_parameter(value: Any) -> dict[str, Any]:
    """NoEcho values are masked in every describe, as AWS does; list and SSM parameters keep
    the text the user gave (SSM values go in ``ResolvedValue``)."""
    entry = {
        "ParameterKey": value.key,
        "ParameterValue": NOECHO_MASK if value.no_echo else value.value,
    }
    if value.resolved_display is not None:
        entry["ResolvedValue"] = NOECHO_MASK if value.no_echo else value.resolved_display
    return entry


def _default(spec: Any) -> str | None:
    if not spec or "Default" not in spec:
        return None
    default = spec["Default"]
    return ",".join(str(v) for v in default) if isinstance(default, list) else str(default)


def _refuse_macros(body: dict[str, Any]) -> None:
    """A macro (a ``Transform`` or ``Fn::Transform`` naming one, not an ``AWS::`` transform) is
    an AWS Lambda function CloudFormation runs on the template before anything else; the
    emulator runs no Lambda code, so it says so instead of deploying the template unprocessed.
    https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-macros.html
    """
    for _, call in transform_calls(body):
        name = call.get("Name")
        if not str(name).startswith("AWS::"):
            raise validation(
                f"Transform {name}: not emulated locally (a macro runs an AWS Lambda function "
                "on the template; the emulator runs no Lambda code)"
            )


def _processed(
    body: dict[str, Any], values: Mapping[str, ParameterValue], region: str
) -> dict[str, Any]:
    """The template as AWS runs it: ``AWS::LanguageExtensions`` (``Fn::ForEach``) expanded with
    the stack's parameter values, then checked as any template is. A loop that cannot be
    expanded fails the request, as the transform fails on AWS ("Transform
    AWS::LanguageExtensions failed with: ..."), instead of deploying the loop's key as if it were
    a resource. SAM is left as written (its resources fail as not emulated).
    https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/transform-aws-languageextensions.html
    """
    if not needs_expansion(body):
        return body
    result = expand_language_extensions(
        body, parameters={k: v.value for k, v in values.items()}, region=region
    )
    if result.notes:
        raise validation(f"Transform {LANGUAGE_EXTENSIONS} failed with: {'; '.join(result.notes)}")
    check_body(result.body)
    return result.body


def _resources_of(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The template's resources, without what is not one yet (a loop left unexpanded)."""
    resources = body.get("Resources")
    if not isinstance(resources, dict):
        return {}
    return {
        logical_id: resource
        for logical_id, resource in resources.items()
        if isinstance(resource, dict) and isinstance(resource.get("Type"), str)
    }


def _needed_capabilities(body: dict[str, Any]) -> tuple[list[str], str | None]:
    named = False
    iam = []
    for logical_id, resource in _resources_of(body).items():
        kind = resource.get("Type")
        if kind in _IAM_TYPES:
            iam.append(logical_id)
            name_property = _IAM_TYPES[kind]
            if name_property and name_property in (resource.get("Properties") or {}):
                named = True
    if not iam:
        return [], None
    capability = "CAPABILITY_NAMED_IAM" if named else "CAPABILITY_IAM"
    reason = (
        "The following resource(s) require capabilities: ["
        + ", ".join(sorted({body["Resources"][lid]["Type"] for lid in iam}))
        + "]"
    )
    return [capability], reason


def _check_capabilities(body: dict[str, Any], given: list[str]) -> None:
    """IAM resources need CAPABILITY_IAM (named ones CAPABILITY_NAMED_IAM), as on AWS.
    https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-iam-template.html#capabilities
    """
    needed, _ = _needed_capabilities(body)
    if not needed:
        return
    if needed == ["CAPABILITY_NAMED_IAM"] and "CAPABILITY_NAMED_IAM" in given:
        return
    if needed == ["CAPABILITY_IAM"] and {"CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"} & set(given):
        return
    raise CfnError(
        "InsufficientCapabilitiesException", f"Requires capabilities : {needed}".replace("'", "")
    )


def _same_settings(old: Version, new: Version) -> bool:
    """Nothing but resources can make an update: same outputs, parameters and tags."""
    return (
        old.body.get("Outputs") == new.body.get("Outputs")
        and {k: v.value for k, v in old.parameters.items()}
        == {k: v.value for k, v in new.parameters.items()}
        and old.tags == new.tags
        and old.body.get("Description") == new.body.get("Description")
    )


def _secret(backend: Any, body: str) -> str:
    parts = body.split(":")
    if body.startswith("arn:"):
        secret_id, rest = ":".join(parts[:7]), parts[7:]
    else:
        secret_id, rest = parts[0], parts[1:]
    json_key = rest[1] if len(rest) > 1 and rest[1] else None
    stage = rest[2] if len(rest) > 2 and rest[2] else None
    version = rest[3] if len(rest) > 3 and rest[3] else None
    value = backend.get_secret_value(secret_id, version_id=version, version_stage=stage)
    text = value["SecretString"] if isinstance(value, dict) else value.secret_string
    return str(json.loads(text)[json_key]) if json_key else str(text)
