"""Result cache: unchanged templates are not linted again.

The key covers everything that can change a result: the template text, the rule pack's
source, any extra rules folder, the regions and the cfn-lint version. Entries are small JSON
files in ``validate/`` of hastack's shared cache folder (:mod:`hastack.core.cache`), safe to
delete at any time.

Nothing here imports cfn-lint, so a fully cached run never pays for loading it.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from hastack.core import cache as core_cache

FORMAT_VERSION = "1"
"""Bump when the cached data's shape changes."""


@cache
def cfn_lint_version() -> str:
    try:
        return metadata.version("cfn-lint")
    except metadata.PackageNotFoundError:  # pragma: no cover - cfn-lint is a dependency
        return "unknown"


@cache
def folder_digest(folder: str) -> str:
    """sha256 over the rule files of a folder: editing any rule invalidates the cache."""
    digest = hashlib.sha256()
    root = Path(folder)
    for path in sorted(root.rglob("*.py")):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_key(text: str, regions: list[str], rule_folders: tuple[str, ...]) -> str:
    parts = [
        FORMAT_VERSION,
        hashlib.sha256(text.encode()).hexdigest(),
        cfn_lint_version(),
        ",".join(regions),
        *(folder_digest(f) for f in rule_folders),
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _entry(key: str) -> tuple[str, str]:
    """(kind, name) in the shared cache: ``validate/<key[:2]>/<key>.json``."""
    return f"validate/{key[:2]}", f"{key}.json"


def load(key: str) -> list[dict[str, Any]] | None:
    text = core_cache.read_text(*_entry(key))
    if text is None:
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    return data if isinstance(data, list) else None


def store(key: str, findings: list[dict[str, Any]]) -> None:
    """Atomic (rename), so a parallel run never reads half a file; failures are silent."""
    core_cache.write_text(*_entry(key), json.dumps(findings))
