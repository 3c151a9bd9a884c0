"""The CloudFormation query protocol, server side: form parameters in, XML out.

Both directions are driven by botocore's own service model (the one boto3 and the AWS CLI
serialize requests with and parse answers with), so every operation's shapes, list wrappers
(``member``) and result wrappers are AWS's, not a hand-written copy.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from typing import Any
from xml.sax.saxutils import escape

from hastack.local.errors import CfnError

NAMESPACE = "http://cloudformation.amazonaws.com/doc/2010-05-15/"


@functools.cache
def service_model() -> Any:
    import botocore.session

    return botocore.session.get_session().get_service_model("cloudformation")


def operation(action: str) -> Any:
    if action not in service_model().operation_names:
        raise CfnError("InvalidAction", f"The action {action} is not valid for this web service.")
    return service_model().operation_model(action)


# -- requests ---------------------------------------------------------------------------------


def parse_request(action: str, form: dict[str, str]) -> dict[str, Any]:
    """Flat query parameters (``Parameters.member.1.ParameterKey``) -> the input structure."""
    tree: dict[str, Any] = {}
    for key, value in form.items():
        if key in ("Action", "Version"):
            continue
        node = tree
        parts = key.split(".")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                break
        else:
            node[parts[-1]] = value
    shape = operation(action).input_shape
    return _from_tree(tree, shape) if shape is not None else {}


def _from_tree(node: Any, shape: Any) -> Any:
    kind = shape.type_name
    if kind == "structure":
        if not isinstance(node, dict):
            return {}
        return {
            name: _from_tree(node[name], member)
            for name, member in shape.members.items()
            if name in node
        }
    if kind == "list":
        if node == "" or node is None:
            return []
        items = node.get("member", {}) if isinstance(node, dict) else {}
        ordered = sorted(items.items(), key=lambda kv: int(kv[0]) if kv[0].isdigit() else 0)
        return [_from_tree(value, shape.member) for _, value in ordered]
    if kind == "map":
        entries = node.get("entry", {}) if isinstance(node, dict) else {}
        return {
            str(entry.get("key")): _from_tree(entry.get("value"), shape.value)
            for _, entry in sorted(entries.items(), key=lambda kv: int(kv[0]))
        }
    if kind == "boolean":
        return str(node).lower() == "true"
    if kind in ("integer", "long"):
        try:
            return int(node)
        except (TypeError, ValueError):
            raise CfnError("ValidationError", f"Invalid integer value: {node}") from None
    return node


# -- responses --------------------------------------------------------------------------------


def request_id() -> str:
    return str(uuid.uuid4())


def render_result(action: str, result: dict[str, Any], rid: str) -> str:
    op = operation(action)
    shape = op.output_shape
    body = ""
    if shape is not None:
        wrapper = shape.serialization.get("resultWrapper", f"{action}Result")
        body = f"<{wrapper}>{_to_xml(result, shape)}</{wrapper}>"
    return (
        f'<{action}Response xmlns="{NAMESPACE}">{body}'
        f"<ResponseMetadata><RequestId>{rid}</RequestId></ResponseMetadata></{action}Response>"
    )


def render_error(error: CfnError, rid: str) -> str:
    fault = "Sender" if error.status < 500 else "Receiver"
    return (
        f'<ErrorResponse xmlns="{NAMESPACE}"><Error><Type>{fault}</Type>'
        f"<Code>{escape(error.code)}</Code><Message>{escape(error.message)}</Message></Error>"
        f"<RequestId>{rid}</RequestId></ErrorResponse>"
    )


def _to_xml(value: Any, shape: Any) -> str:
    kind = shape.type_name
    if kind == "structure":
        parts = []
        for name, member in shape.members.items():
            if not isinstance(value, dict) or value.get(name) is None:
                continue
            tag = member.serialization.get("name", name)
            parts.append(f"<{tag}>{_to_xml(value[name], member)}</{tag}>")
        return "".join(parts)
    if kind == "list":
        tag = shape.member.serialization.get("name", "member")
        return "".join(f"<{tag}>{_to_xml(item, shape.member)}</{tag}>" for item in value or [])
    if kind == "map":
        return "".join(
            f"<entry><key>{escape(str(k))}</key><value>{_to_xml(v, shape.value)}</value></entry>"
            for k, v in (value or {}).items()
        )
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "timestamp":
        return timestamp(value)
    return escape(str(value))


def timestamp(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    return str(value)


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
