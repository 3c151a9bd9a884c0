"""Instance user data rendered with jinja2 from a template file (default: nginx + /health)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hastack.errors import UsageError

DEFAULT_TEMPLATE = Path(__file__).parent / "userdata" / "nginx.sh.j2"
MAX_USER_DATA_BYTES = 16_384
"""EC2's limit on user data before base64 encoding."""


def render_user_data(template_path: str | Path | None, variables: dict[str, Any]) -> str:
    """Render ``template_path`` (or the default nginx script) with ``variables``.

    Undefined variables are errors (StrictUndefined): a typo in a user template fails at synth,
    not at 3 a.m. on a booting instance.
    """
    from jinja2 import Environment, StrictUndefined, TemplateError

    path = Path(template_path) if template_path else DEFAULT_TEMPLATE
    if not path.is_file():
        raise UsageError(f"user_data_template: {path}: no such file")
    env = Environment(undefined=StrictUndefined, keep_trailing_newline=True, autoescape=False)
    try:
        text = env.from_string(path.read_text()).render(**variables)
    except TemplateError as error:
        raise UsageError(f"user_data_template: {path}: {error}") from None
    if len(text.encode()) > MAX_USER_DATA_BYTES:
        raise UsageError(
            f"user_data_template: {path}: renders to {len(text.encode())} bytes, "
            f"over EC2's {MAX_USER_DATA_BYTES}"
        )
    return text
