"""Result cache: unchanged templates are not linted again.

The key covers everything that can change a result: the template text, the rule pack's
source, any extra rules folder, the regions and the cfn-lint version. Entries are small JSON
files; the folder is safe to delete at any time. ``HASTACK_CACHE_DIR`` moves it (tests point
it at a temporary folder); the default follows XDG: ``~/.cache/hastack/validate``.

Nothing here imports cfn-lint, so a fully cached run never pays for loading it.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

FORMAT_VERSION = "1"
"""Bump when the cached data's shape changes."""


def cache_dir() -> Path:
    """``validate/`` in hastack's shared cache folder (see :mod:`hastack.core.cache`)."""
    from hastack.core.cache import cache_root

    return cache_root() / "validate"


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


def load(key: str) -> list[dict[str, Any]] | None:
    path = cache_dir() / key[:2] / f"{key}.json"
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, list) else None


def store(key: str, findings: list[dict[str, Any]]) -> None:
    """Write atomically (rename), so a parallel run never reads half a file; failures are silent."""
    folder = cache_dir() / key[:2]
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "w") as handle:
            json.dump(findings, handle)
        os.replace(tmp, folder / f"{key}.json")
    except OSError:
        pass
