"""Templates as CloudFormation runs them: ``Fn::ForEach`` and SAM expanded, once, for every command.

CloudFormation applies a template's ``Transform`` before it creates anything; a reader that
skips it sees ``Fn::ForEach::Name`` keys where resources should be, and SAM types that no
CloudFormation resource has. :func:`expand` does the same expansion on the template body:

- ``AWS::LanguageExtensions``: every ``Fn::ForEach::Loop: [Id, Collection, {KeyTemplate:
  Value}]`` in Resources, Outputs and Conditions becomes one entry per item. ``${Id}`` in the
  key and in ``Fn::Sub`` strings, and ``{"Ref": Id}``, become the item; ``&{Id}`` is the item
  with non-alphanumerics removed (the AWS rule for logical ids). The collection is evaluated
  with the shared evaluator (a literal list, a ``CommaDelimitedList`` parameter, a mapping);
  when it cannot be known the loop is left out and a note says so.
- ``AWS::Serverless-2016-10-31``: SAM resources become the CloudFormation resources the SAM
  translator generates, with its logical ids (``{Function}Role``, ``ServerlessRestApi``,
  ``{Function}{Event}Permission``, ``{Function}Alias{Name}``...), ``Globals`` merged in. Only
  what decides cost, availability and validation is carried (sizes, architectures, billing
  modes, events); code locations stay as written.

Nothing raises on a malformed template: what cannot be expanded is left as written, with a note.
The expansion is deterministic and returns a new body; the input is not changed.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from hastack.core.template_format import (
    INLINE_TRANSFORM,
    has_inline_transform,
    transform_calls,
)
from hastack.template import types
from hastack.template.evaluate import Evaluator
from hastack.template.values import first_unknown
from hastack.template.view import TemplateView

LANGUAGE_EXTENSIONS = "AWS::LanguageExtensions"
SAM = "AWS::Serverless-2016-10-31"
INCLUDE = "AWS::Include"
FOR_EACH = "Fn::ForEach::"
FOR_EACH_SECTIONS = ("Conditions", "Resources", "Outputs")
MAX_LOOP_DEPTH = 5
"""CloudFormation allows nested loops up to five levels deep."""
_NON_ALNUM = re.compile(r"[^A-Za-z0-9]")


@dataclass
class Expansion:
    """The expanded body and what could not be expanded (one sentence each)."""

    body: dict[str, Any]
    notes: list[str] = field(default_factory=list)
    applied: list[str] = field(default_factory=list)


def transforms_of(body: Mapping[str, Any]) -> list[str]:
    """The template's ``Transform`` names, as a list (a string or a list in the template)."""
    raw = body.get("Transform")
    if isinstance(raw, str):
        return [raw]
    if isinstance(raw, list):
        return [t for t in raw if isinstance(t, str)]
    return []


def needs_expansion(body: Mapping[str, Any]) -> bool:
    names = transforms_of(body)
    return LANGUAGE_EXTENSIONS in names or SAM in names or _has_for_each(body)


def expand(
    body: Mapping[str, Any],
    *,
    parameters: Mapping[str, Any] | None = None,
    region: str | None = None,
) -> Expansion:
    """``body`` with ForEach loops and SAM resources expanded (a new dict; ``body`` untouched).

    What a reader cannot run (a macro, an ``AWS::Include`` snippet in S3, another AWS transform)
    is named in the notes, and an inline ``Fn::Transform`` beside other keys is set aside so the
    rest reads as written (as a key of ``Resources`` it is no resource)."""
    if not isinstance(body, Mapping):
        return Expansion({})
    unrun = _unrun_transforms(body)
    if not needs_expansion(body) and not unrun:
        return Expansion(dict(body))
    result = Expansion(copy.deepcopy(dict(body)), notes=unrun)
    if has_inline_transform(result.body):
        result.body = {
            section: (
                {k: v for k, v in value.items() if k != INLINE_TRANSFORM}
                if isinstance(value, dict)
                else value
            )
            for section, value in _without_inline_transforms(result.body).items()
        }
    names = transforms_of(body)
    if LANGUAGE_EXTENSIONS in names or _has_for_each(body):
        _expand_for_each(result, parameters or {}, region)
        result.applied.append(LANGUAGE_EXTENSIONS)
    if SAM in names:
        SamExpander(result).run()
        result.applied.append(SAM)
    left = [t for t in names if t not in (LANGUAGE_EXTENSIONS, SAM)]
    if left:
        result.body["Transform"] = left if len(left) > 1 else left[0]
    else:
        result.body.pop("Transform", None)
    return result


def expand_language_extensions(
    body: Mapping[str, Any],
    *,
    parameters: Mapping[str, Any] | None = None,
    region: str | None = None,
) -> Expansion:
    """``body`` with only its ``Fn::ForEach`` loops expanded (a new dict; ``body`` untouched).

    What a deploy runs: AWS::LanguageExtensions is fully described by its loops, while SAM is
    expanded by :func:`expand` only as far as readers need, so a deploy does not use that.
    ``AWS::LanguageExtensions`` leaves the template's ``Transform``; any other stays.
    """
    result = Expansion(copy.deepcopy(dict(body)))
    names = transforms_of(body)
    if LANGUAGE_EXTENSIONS not in names and not _has_for_each(body):
        return result
    _expand_for_each(result, parameters or {}, region)
    result.applied.append(LANGUAGE_EXTENSIONS)
    left = [t for t in names if t != LANGUAGE_EXTENSIONS]
    if left:
        result.body["Transform"] = left if len(left) > 1 else left[0]
    else:
        result.body.pop("Transform", None)
    return result


# -- transforms readers do not run --------------------------------------------------------------
_READ_HERE = (LANGUAGE_EXTENSIONS, SAM)


def _unrun_transforms(body: Mapping[str, Any]) -> list[str]:
    """One sentence per transform a reader cannot run: it reads the template as written there."""
    notes = [
        _unrun(where, call.get("Name"), call.get("Parameters"))
        for where, call in transform_calls(body)
        if not (where == "Transform" and call.get("Name") in _READ_HERE)
    ]
    return list(dict.fromkeys(notes))


def _unrun(where: str, name: Any, parameters: Any) -> str:
    if name == INCLUDE:
        location = parameters.get("Location") if isinstance(parameters, dict) else None
        return (
            f"{where} {INCLUDE} {location}: the snippet is in S3 and not read here, so what it "
            "adds is not in this reading"
        )
    if isinstance(name, str) and name.startswith("AWS::"):
        return f"{where} {name}: not run here; the template is read as written"
    return (
        f"{where} {name}: a macro (an AWS Lambda function rewrites the template at deploy), not "
        "run here; the template is read as written"
    )


def _without_inline_transforms(node: Any) -> Any:
    """``node`` with each ``Fn::Transform`` that sits beside other keys, or among a section's
    entries, removed; one that is a whole value stays (it evaluates as unknown)."""
    if isinstance(node, list):
        return [_without_inline_transforms(v) for v in node]
    if not isinstance(node, dict):
        return node
    kept = {k: _without_inline_transforms(v) for k, v in node.items() if k != INLINE_TRANSFORM}
    if INLINE_TRANSFORM in node and not kept:
        return node
    return kept


# -- Fn::ForEach ---------------------------------------------------------------------------------
def _has_for_each(body: Mapping[str, Any]) -> bool:
    return any(
        isinstance(body.get(section), dict)
        and any(str(k).startswith(FOR_EACH) for k in body[section])
        for section in FOR_EACH_SECTIONS
    )


def _expand_for_each(result: Expansion, parameters: Mapping[str, Any], region: str | None) -> None:
    view = TemplateView(
        body=result.body,
        region=region or "us-east-1",
        name="template",
        parameters={k: str(v) for k, v in parameters.items()},
    )
    evaluator = Evaluator(view)
    for section in FOR_EACH_SECTIONS:
        entries = result.body.get(section)
        if isinstance(entries, dict):
            result.body[section] = _expand_entries(entries, evaluator, result.notes, 0)


def _expand_entries(
    entries: dict[str, Any], evaluator: Evaluator, notes: list[str], depth: int
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in entries.items():
        if not str(key).startswith(FOR_EACH):
            out[key] = value
            continue
        loop = str(key)[len(FOR_EACH) :]
        if depth >= MAX_LOOP_DEPTH:
            notes.append(f"{key}: loops nest deeper than {MAX_LOOP_DEPTH}; left out")
            continue
        if not (isinstance(value, list) and len(value) == 3 and isinstance(value[2], dict)):
            notes.append(f"{key}: expected [identifier, collection, {{key: value}}]; left out")
            continue
        identifier, collection, template = value
        items = _collection(collection, evaluator)
        if isinstance(items, str):
            notes.append(
                f"{key}: collection not known before deploy ({items}); loop {loop} left out"
            )
            continue
        for item in items:
            expanded = {
                _substitute_key(k, str(identifier), item): _substitute(v, str(identifier), item)
                for k, v in template.items()
            }
            out.update(_expand_entries(expanded, evaluator, notes, depth + 1))
    return out


def _collection(node: Any, evaluator: Evaluator) -> list[str] | str:
    """The loop's items, or why they are not known."""
    found = evaluator.value(node)
    missing = first_unknown(found)
    if missing is not None:
        return missing.reason
    if isinstance(found, str):
        found = [part.strip() for part in found.split(",") if part.strip()]
    if not isinstance(found, list) or not all(isinstance(i, (str, int, float)) for i in found):
        return f"{found!r} is not a list of strings"
    return [str(i) for i in found]


def _substitute_key(key: str, identifier: str, item: str) -> str:
    return key.replace("${" + identifier + "}", item).replace(
        "&{" + identifier + "}", _NON_ALNUM.sub("", item)
    )


def _substitute(node: Any, identifier: str, item: str) -> Any:
    if isinstance(node, dict):
        if len(node) == 1 and node.get("Ref") == identifier:
            return item
        if len(node) == 1 and "Fn::Sub" in node:
            return {"Fn::Sub": _substitute_sub(node["Fn::Sub"], identifier, item)}
        if len(node) == 1 and ("Ref" in node or "Fn::GetAtt" in node):
            return _named({k: _substitute(v, identifier, item) for k, v in node.items()})
        return {
            _substitute_key(k, identifier, item) if isinstance(k, str) else k: _substitute(
                v, identifier, item
            )
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_substitute(v, identifier, item) for v in node]
    if isinstance(node, str):
        return _substitute_key(node, identifier, item) if "&{" in node else node
    return node


def _named(node: dict[str, Any]) -> dict[str, Any]:
    """``Ref``/``Fn::GetAtt`` whose logical id is a ``Fn::Sub`` left without variables once the
    loop's identifier is replaced: the transform resolves it to the plain name, as AWS's own
    example does (``!GetAtt [!Sub 'S3Bucket${Identifier}', !Ref Property]``)."""
    key, arg = next(iter(node.items()))
    if key == "Ref":
        return {key: _plain_sub(arg)}
    if isinstance(arg, list) and arg:
        return {key: [_plain_sub(arg[0]), *(_plain_sub(a) for a in arg[1:])]}
    return node


def _plain_sub(value: Any) -> Any:
    """The string of ``{"Fn::Sub": "text"}`` when the text has no variable left, else ``value``."""
    if isinstance(value, dict) and len(value) == 1 and isinstance(value.get("Fn::Sub"), str):
        text = value["Fn::Sub"]
        if "${" not in text.replace("${!", ""):
            return text
    return value


def _substitute_sub(arg: Any, identifier: str, item: str) -> Any:
    if isinstance(arg, str):
        return _substitute_key(arg, identifier, item)
    if isinstance(arg, list) and arg and isinstance(arg[0], str):
        rest = [_substitute(v, identifier, item) for v in arg[1:]]
        return [_substitute_key(arg[0], identifier, item), *rest]
    return arg


# -- SAM -----------------------------------------------------------------------------------------
LAMBDA_PROPS = (
    "Architectures",
    "Description",
    "Environment",
    "EphemeralStorage",
    "FunctionName",
    "Handler",
    "KmsKeyArn",
    "Layers",
    "MemorySize",
    "PackageType",
    "ReservedConcurrentExecutions",
    "Runtime",
    "SnapStart",
    "Tags",
    "Timeout",
    "TracingConfig",
    "VpcConfig",
)
_EVENT_SOURCE_MAPPINGS = ("SQS", "Kinesis", "DynamoDB", "MSK", "MQ", "DocumentDB")
_RULE_EVENTS = ("Schedule", "CloudWatchEvent", "EventBridgeRule")
_SAM_PREFIX = "AWS::Serverless::"


class SamExpander:
    """Translates the SAM resources of one template in place (``Expansion.body``)."""

    def __init__(self, result: Expansion) -> None:
        self.result = result
        self.body = result.body
        globals_ = self.body.pop("Globals", None)
        self.globals: dict[str, Any] = globals_ if isinstance(globals_, dict) else {}
        self.out: dict[str, Any] = {}
        self.implicit_rest = False
        self.implicit_http = False

    def run(self) -> None:
        resources = self.body.get("Resources")
        if not isinstance(resources, dict):
            return
        for logical_id, resource in resources.items():
            rtype = resource.get("Type") if isinstance(resource, dict) else None
            if not (isinstance(rtype, str) and rtype.startswith(_SAM_PREFIX)):
                self.out[logical_id] = resource
                continue
            method = getattr(self, "_" + rtype[len(_SAM_PREFIX) :].lower(), None)
            if method is None:
                self.result.notes.append(f"{logical_id}: SAM type {rtype} is not expanded")
                self.out[logical_id] = resource
                continue
            method(logical_id, resource, self._props(rtype, resource))
        if self.implicit_rest and "ServerlessRestApi" not in self.out:
            self._add_rest_api("ServerlessRestApi", {}, {}, "Prod")
        if self.implicit_http and "ServerlessHttpApi" not in self.out:
            self._add("ServerlessHttpApi", {}, types.APIGATEWAYV2_API, {"ProtocolType": "HTTP"})
            self._add(
                "ServerlessHttpApiApiGatewayDefaultStage",
                {},
                types.APIGATEWAYV2_STAGE,
                {"ApiId": {"Ref": "ServerlessHttpApi"}, "StageName": "$default"},
            )
        self.body["Resources"] = self.out

    def _props(self, rtype: str, resource: dict[str, Any]) -> dict[str, Any]:
        section = {
            types.SERVERLESS_FUNCTION: "Function",
            types.SERVERLESS_API: "Api",
            types.SERVERLESS_HTTP_API: "HttpApi",
            types.SERVERLESS_SIMPLE_TABLE: "SimpleTable",
            types.SERVERLESS_STATE_MACHINE: "StateMachine",
            types.SERVERLESS_LAYER_VERSION: "LayerVersion",
        }.get(rtype)
        merged = dict(self.globals.get(section) or {}) if section else {}
        props = resource.get("Properties")
        merged.update(props if isinstance(props, dict) else {})
        return merged

    def _add(
        self, logical_id: str, source: dict[str, Any], rtype: str, props: dict[str, Any]
    ) -> None:
        resource: dict[str, Any] = {"Type": rtype, "Properties": props}
        for attr in ("Condition", "DependsOn", "DeletionPolicy", "UpdateReplacePolicy"):
            if attr in source:
                resource[attr] = source[attr]
        if "Metadata" in source:
            resource["Metadata"] = source["Metadata"]
        self.out[logical_id] = resource

    def _function(self, logical_id: str, source: dict[str, Any], props: dict[str, Any]) -> None:
        lam = {k: props[k] for k in LAMBDA_PROPS if k in props}
        if "CodeUri" in props or "InlineCode" in props or "ImageUri" in props:
            lam["Code"] = (
                {"ZipFile": props["InlineCode"]}
                if "InlineCode" in props
                else {"ImageUri": props["ImageUri"]}
                if "ImageUri" in props
                else {"S3Location": props["CodeUri"]}
            )
        lam["Role"] = self._role(
            logical_id,
            source,
            props,
            "lambda.amazonaws.com",
            ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"],
        )
        self._add(logical_id, source, types.LAMBDA_FUNCTION, lam)
        if "FunctionUrlConfig" in props and isinstance(props["FunctionUrlConfig"], dict):
            url = dict(props["FunctionUrlConfig"])
            url["TargetFunctionArn"] = {"Ref": logical_id}
            self._add(f"{logical_id}Url", source, types.LAMBDA_URL, url)
        alias = props.get("AutoPublishAlias")
        if alias is not None:
            version = f"{logical_id}Version"
            self._add(version, source, types.LAMBDA_VERSION, {"FunctionName": {"Ref": logical_id}})
            alias_props: dict[str, Any] = {
                "FunctionName": {"Ref": logical_id},
                "FunctionVersion": {"Fn::GetAtt": [version, "Version"]},
                "Name": alias,
            }
            if "ProvisionedConcurrencyConfig" in props:
                alias_props["ProvisionedConcurrencyConfig"] = props["ProvisionedConcurrencyConfig"]
            alias_name = alias if isinstance(alias, str) else "live"
            self._add(f"{logical_id}Alias{alias_name}", source, types.LAMBDA_ALIAS, alias_props)
        events = props.get("Events")
        for name, event in events.items() if isinstance(events, dict) else []:
            if isinstance(event, dict):
                self._event(logical_id, source, str(name), event)

    def _role(
        self,
        logical_id: str,
        source: dict[str, Any],
        props: dict[str, Any],
        service: str,
        managed: list[str],
    ) -> Any:
        """The resource's ``Role`` as given, else the ``{LogicalId}Role`` SAM creates for it."""
        if "Role" in props:
            return props["Role"]
        role = f"{logical_id}Role"
        role_props: dict[str, Any] = {"AssumeRolePolicyDocument": _assume(service)}
        if managed:
            role_props["ManagedPolicyArns"] = managed
        self._add(role, source, types.IAM_ROLE, role_props)
        return {"Fn::GetAtt": [role, "Arn"]}

    def _event(self, fn: str, source: dict[str, Any], name: str, event: dict[str, Any]) -> None:
        kind = event.get("Type")
        props = _mapping(event.get("Properties"))
        target = {"Ref": fn}
        if kind == "Api":
            api = props.get("RestApiId")
            if api is None:
                self.implicit_rest = True
            self._permission(fn, source, name, "apigateway.amazonaws.com")
        elif kind == "HttpApi":
            if props.get("ApiId") is None:
                self.implicit_http = True
            self._permission(fn, source, name, "apigateway.amazonaws.com")
        elif kind in _EVENT_SOURCE_MAPPINGS:
            mapping = {"FunctionName": target}
            for key in ("Queue", "Stream", "BatchSize", "Enabled", "StartingPosition"):
                if key in props:
                    mapping["EventSourceArn" if key in ("Queue", "Stream") else key] = props[key]
            self._add(f"{fn}{name}", source, types.LAMBDA_EVENT_SOURCE_MAPPING, mapping)
        elif kind in _RULE_EVENTS or kind == "ScheduleV2":
            rule: dict[str, Any] = {"Targets": [{"Arn": {"Fn::GetAtt": [fn, "Arn"]}, "Id": name}]}
            if "Schedule" in props or "ScheduleExpression" in props:
                rule["ScheduleExpression"] = props.get("Schedule", props.get("ScheduleExpression"))
            if "Pattern" in props:
                rule["EventPattern"] = props["Pattern"]
            if "EventBusName" in props:
                rule["EventBusName"] = props["EventBusName"]
            rtype = types.SCHEDULER_SCHEDULE if kind == "ScheduleV2" else types.EVENTS_RULE
            self._add(f"{fn}{name}", source, rtype, rule)
            self._permission(fn, source, name, "events.amazonaws.com")
        elif kind == "SNS":
            self._add(
                f"{fn}{name}",
                source,
                types.SNS_SUBSCRIPTION,
                {
                    "Endpoint": {"Fn::GetAtt": [fn, "Arn"]},
                    "Protocol": "lambda",
                    "TopicArn": props.get("Topic"),
                },
            )
            self._permission(fn, source, name, "sns.amazonaws.com")
        elif kind == "S3":
            self._permission(fn, source, name, "s3.amazonaws.com")
        else:
            self._permission(fn, source, name, f"{str(kind).lower()}.amazonaws.com")

    def _permission(self, fn: str, source: dict[str, Any], name: str, principal: str) -> None:
        self._add(
            f"{fn}{name}Permission",
            source,
            types.LAMBDA_PERMISSION,
            {
                "Action": "lambda:InvokeFunction",
                "FunctionName": {"Ref": fn},
                "Principal": principal,
            },
        )

    def _api(self, logical_id: str, source: dict[str, Any], props: dict[str, Any]) -> None:
        stage = props.get("StageName", "Prod")
        self._add_rest_api(logical_id, source, props, stage)

    def _add_rest_api(
        self, logical_id: str, source: dict[str, Any], props: dict[str, Any], stage: Any
    ) -> None:
        api: dict[str, Any] = {
            k: props[k] for k in ("Name", "Description", "EndpointConfiguration") if k in props
        }
        if "DefinitionBody" in props:
            api["Body"] = props["DefinitionBody"]
        self._add(logical_id, source, types.APIGATEWAY_REST_API, api)
        self._add(
            f"{logical_id}Deployment",
            source,
            types.APIGATEWAY_DEPLOYMENT,
            {"RestApiId": {"Ref": logical_id}},
        )
        stage_props: dict[str, Any] = {
            "RestApiId": {"Ref": logical_id},
            "DeploymentId": {"Ref": f"{logical_id}Deployment"},
            "StageName": stage,
        }
        for key in ("CacheClusterEnabled", "CacheClusterSize", "TracingEnabled", "Variables"):
            if key in props:
                stage_props[key] = props[key]
        stage_id = f"{logical_id}{stage if isinstance(stage, str) else 'Prod'}Stage"
        self._add(stage_id, source, types.APIGATEWAY_STAGE, stage_props)

    def _httpapi(self, logical_id: str, source: dict[str, Any], props: dict[str, Any]) -> None:
        api: dict[str, Any] = {"ProtocolType": "HTTP"}
        if "DefinitionBody" in props:
            api["Body"] = props["DefinitionBody"]
        self._add(logical_id, source, types.APIGATEWAYV2_API, api)
        self._add(
            f"{logical_id}ApiGatewayDefaultStage",
            source,
            types.APIGATEWAYV2_STAGE,
            {"ApiId": {"Ref": logical_id}, "StageName": props.get("StageName", "$default")},
        )

    def _simpletable(self, logical_id: str, source: dict[str, Any], props: dict[str, Any]) -> None:
        key = _mapping(props.get("PrimaryKey"))
        name = key.get("Name", "id")
        table: dict[str, Any] = {
            "AttributeDefinitions": [
                {"AttributeName": name, "AttributeType": _short_type(key.get("Type", "String"))}
            ],
            "KeySchema": [{"AttributeName": name, "KeyType": "HASH"}],
        }
        if "ProvisionedThroughput" in props:
            table["ProvisionedThroughput"] = props["ProvisionedThroughput"]
        else:
            table["BillingMode"] = "PAY_PER_REQUEST"
        for k in ("TableName", "Tags", "SSESpecification"):
            if k in props:
                table[k] = props[k]
        self._add(logical_id, source, types.DYNAMODB_TABLE, table)

    def _statemachine(self, logical_id: str, source: dict[str, Any], props: dict[str, Any]) -> None:
        machine: dict[str, Any] = {"StateMachineType": props.get("Type", "STANDARD")}
        for k in ("Definition", "DefinitionUri", "Name", "Logging", "Tracing", "Tags"):
            if k in props:
                target = {
                    "Definition": "Definition",
                    "DefinitionUri": "DefinitionS3Location",
                    "Name": "StateMachineName",
                    "Logging": "LoggingConfiguration",
                    "Tracing": "TracingConfiguration",
                    "Tags": "Tags",
                }[k]
                machine[target] = props[k]
        machine["RoleArn"] = self._role(logical_id, source, props, "states.amazonaws.com", [])
        self._add(logical_id, source, types.STEPFUNCTIONS_STATE_MACHINE, machine)

    def _layerversion(self, logical_id: str, source: dict[str, Any], props: dict[str, Any]) -> None:
        layer: dict[str, Any] = {
            k: props[k] for k in ("LayerName", "Description", "CompatibleRuntimes") if k in props
        }
        layer["Content"] = props.get("ContentUri")
        self._add(logical_id, source, types.LAMBDA_LAYER_VERSION, layer)

    def _application(self, logical_id: str, source: dict[str, Any], props: dict[str, Any]) -> None:
        location = props.get("Location")
        stack: dict[str, Any] = {"TemplateURL": location}
        if "Parameters" in props:
            stack["Parameters"] = props["Parameters"]
        self._add(logical_id, source, types.CLOUDFORMATION_STACK, stack)

    def _connector(self, logical_id: str, source: dict[str, Any], props: dict[str, Any]) -> None:
        self._add(f"{logical_id}Policy", source, types.IAM_MANAGED_POLICY, {})


def _assume(service: str) -> dict[str, Any]:
    return {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": [service]}, "Action": ["sts:AssumeRole"]}
        ],
    }


def _short_type(name: Any) -> str:
    return {"String": "S", "Number": "N", "Binary": "B"}.get(str(name), "S")


def expand_artifact(artifact: Any, parameters: Mapping[str, Any] | None = None) -> list[str]:
    """Expand a loaded artifact's body in place (the loader's ``transform`` hook); the notes.

    ``parameters`` override the artifact's own values for loop collections (``--parameter``).
    The artifact's ``text`` keeps the template as written.
    """
    values = {**dict(artifact.parameters or {}), **dict(parameters or {})}
    result = expand(artifact.body, parameters=values, region=artifact.region)
    if not result.applied and not result.notes:
        return []  # nothing expanded and nothing to say: the artifact keeps its own body
    artifact.body = result.body
    artifact.transform_notes.extend(result.notes)
    return result.notes


def _mapping(value: Any) -> dict[str, Any]:
    """``value`` when it is a mapping, else an empty one (a malformed section reads as empty)."""
    return value if isinstance(value, dict) else {}
