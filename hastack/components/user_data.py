"""Instance user data rendered with jinja2 from a template file (default: nginx + /health)."""

from __future__ import annotations

import json
import zlib
from pathlib import Path
from typing import Any

from hastack.core import cache
from hastack.errors import UsageError

DEFAULT_TEMPLATE = Path(__file__).parent / "userdata" / "nginx.sh.j2"
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


def _render(path: Path, source: str, variables: dict[str, Any]) -> str:
    from jinja2 import Environment, StrictUndefined, TemplateError

    env = Environment(undefined=StrictUndefined, keep_trailing_newline=True, autoescape=False)
    try:
        return env.from_string(source).render(**variables)
    except TemplateError as error:
        raise UsageError(f"user_data_template: {path}: {error}") from None
