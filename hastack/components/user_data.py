"""Instance user data rendered with jinja2 from a template file (default: nginx + /health)."""

from __future__ import annotations

import json
import zlib
from pathlib import Path
from typing import Any

from hastack.core import cache
from hastack.errors import UsageError

DEFAULT_TEMPLATE = Path(__file__).parent / "userdata" / "nginx.sh.j2"
HEALTH_AGENT = Path(__file__).parent / "userdata" / "health_agent.py"
"""The health endpoints of the default user data (``health_agent`` in template variables)."""
MAX_USER_DATA_BYTES = 16_384
"""EC2's limit on user data before base64 encoding."""


def render_user_data(template_path: str | Path | None, variables: dict[str, Any]) -> str:
    """Render ``template_path`` (or the default nginx script) with ``variables``.

    Undefined variables are errors (StrictUndefined): a typo in a user template fails at synth,
    not at 3 a.m. on a booting instance. Results are cached by a hash of the template text and
    the variables, so an unchanged app does not even import jinja2 (a fifth of synth time).
    """
    path = Path(template_path) if template_path else DEFAULT_TEMPLATE
    if not path.is_file():
        raise UsageError(f"user_data_template: {path}: no such file")
    source = path.read_text()
    # The entry stores its full key (template text and variables) and is used only when that
    # matches exactly, so a short checksum names the file without any risk of a wrong hit.
    material = json.dumps([source, variables], sort_keys=True, default=str)
    name = f"{zlib.crc32(material.encode()):08x}-{len(material)}"
    cached = cache.read_text("user-data", name)
    if cached is not None:
        stored_key, _, text = cached.partition("\n")
        if stored_key == json.dumps(material):
            return text
    text = _render(path, source, variables)
    if len(text.encode()) > MAX_USER_DATA_BYTES:
        raise UsageError(
            f"user_data_template: {path}: renders to {len(text.encode())} bytes, "
            f"over EC2's {MAX_USER_DATA_BYTES}"
        )
    cache.write_text("user-data", name, json.dumps(material) + "\n" + text)
    return text


STACK_VARIABLES = {
    "stack_name": "AWS::StackName",
    "region": "AWS::Region",
    "database_host": "DatabaseHost",
}
"""Template variables whose value CloudFormation fills in at deploy time (through ``Fn::Sub``)."""


def render_user_data_sub(
    template_path: str | Path | None,
    variables: dict[str, Any],
    *,
    database: tuple[Any, int] | None = None,
) -> Any:
    """User data as ``Fn::Sub``: the rendered script with deploy-time values filled in.

    The script needs values only CloudFormation knows (the stack name and region for
    ``cfn-signal``, the database endpoint for the deep health check). They are rendered as
    placeholders and become ``${AWS::StackName}``, ``${AWS::Region}`` and ``${DatabaseHost}``;
    every other ``${`` of the script (shell expansions) is escaped as ``${!``, which ``Fn::Sub``
    turns back into ``${``, so user templates need not know about ``Fn::Sub`` at all.
    ``database`` is (endpoint, port); without it ``database_host`` is empty and
    ``database_port`` 0 (the deep check then has no dependency to probe).
    """
    from troposphere import Sub

    marks = {name: f"@@hastack-{name}@@" for name in STACK_VARIABLES}
    values = {
        **variables,
        **marks,
        "health_agent": HEALTH_AGENT.read_text(),
        "database_port": database[1] if database else 0,
    }
    if database is None:
        values["database_host"] = ""
    rendered = render_user_data(template_path, values)
    used = [name for name, mark in marks.items() if mark in rendered]
    if not used:
        return rendered  # nothing for CloudFormation to fill in: the script as written
    text = rendered.replace("${", "${!")
    for name in used:
        text = text.replace(marks[name], "${" + STACK_VARIABLES[name] + "}")
    if database is None or "database_host" not in used:
        return Sub(text)
    return Sub(text, DatabaseHost=database[0])


def _render(path: Path, source: str, variables: dict[str, Any]) -> str:
    from jinja2 import Environment, StrictUndefined, TemplateError

    env = Environment(undefined=StrictUndefined, keep_trailing_newline=True, autoescape=False)
    try:
        return env.from_string(source).render(**variables)
    except TemplateError as error:
        raise UsageError(f"user_data_template: {path}: {error}") from None
