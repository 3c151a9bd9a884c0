"""Reading CloudFormation templates that hastack did not write (JSON or YAML, short tags).

Validate, cost and the analysis commands accept any template; this is the one place that turns
a file into data or into a one-line error naming the file. YAML short tags (``!Ref``,
``!GetAtt A.B``, ``!Sub``) are read by :mod:`hastack.core.cfn_yaml`, which also refuses a key
given twice.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hastack.core.cfn_yaml import load_cfn_yaml
from hastack.errors import TemplateFileError


def load_template_file(path: str | Path) -> dict[str, Any]:
    """Parse ``path`` as a template; raise :class:`TemplateFileError` with a one-line reason."""
    return parse_template_text(read_template_text(path), str(path))


def read_template_text(path: str | Path) -> str:
    p = Path(path)
    if not p.exists():
        raise TemplateFileError(f"{path}: no such file")
    if p.is_dir():
        raise TemplateFileError(f"{path}: is a directory, not a template file")
    try:
        raw = p.read_bytes()
    except OSError as error:
        raise TemplateFileError(f"{path}: cannot be read ({error.strerror})") from None
    if b"\x00" in raw:
        raise TemplateFileError(f"{path}: is a binary file, not a CloudFormation template")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TemplateFileError(
            f"{path}: is not UTF-8 text, not a CloudFormation template"
        ) from None
    if not text.strip():
        raise TemplateFileError(f"{path}: is empty, not a CloudFormation template")
    return text


def parse_template_text(text: str, name: str = "<template>") -> dict[str, Any]:
    stripped = text.lstrip()
    data: Any
    if stripped.startswith(("{", "[")):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise TemplateFileError(
                f"{name}: is not valid JSON "
                f"(line {error.lineno}, column {error.colno}: {error.msg})"
            ) from None
        except RecursionError:
            raise TemplateFileError(_too_deep(name)) from None
    else:
        try:
            data = load_cfn_yaml(text)
        except RecursionError:
            raise TemplateFileError(_too_deep(name)) from None
        except Exception as error:  # yaml.YAMLError and constructor errors alike
            reason = " ".join(str(error).replace(' in "<unicode string>"', "").split())
            raise TemplateFileError(f"{name}: is not valid YAML ({reason[:200]})") from None
    if isinstance(data, list):
        raise TemplateFileError(
            f"{name}: is a list, not a CloudFormation template (a mapping with Resources)"
        )
    if not isinstance(data, dict):
        raise TemplateFileError(
            f"{name}: is a {type(data).__name__}, "
            "not a CloudFormation template (a mapping with Resources)"
        )
    resources = data.get("Resources")
    if not isinstance(resources, dict) or not resources:
        raise TemplateFileError(
            f"{name}: has no Resources section, so it is not a CloudFormation template"
        )
    return data


def _too_deep(name: str) -> str:
    return f"{name}: nests its values too deeply to be read as a template"
