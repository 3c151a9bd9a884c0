"""The on-disk cache folder shared by hastack's features.

``HASTACK_CACHE_DIR`` moves it (tests point it at a temporary folder); the default follows
XDG: ``~/.cache/hastack``. Every entry is derived data keyed by a content hash, so the folder is
safe to delete at any time, and a read or write that fails only costs the recomputation.
"""

from __future__ import annotations

import os
from pathlib import Path


def cache_root() -> Path:
    override = os.environ.get("HASTACK_CACHE_DIR")
    if override:
        return Path(override).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "hastack"


def read_text(kind: str, key: str) -> str | None:
    """The cached text for ``key`` in the ``kind`` folder, or None."""
    try:
        return (cache_root() / kind / key).read_text()
    except (OSError, UnicodeDecodeError):
        return None


def write_text(kind: str, key: str, text: str) -> None:
    """Store ``text`` atomically (write a temporary file, then rename); ignore failures."""
    import tempfile  # here: it pulls in shutil, bz2, lzma and random, which a cache hit never needs

    folder = cache_root() / kind
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        with os.fdopen(fd, "w") as handle:
            handle.write(text)
        os.replace(tmp, folder / key)
    except OSError:
        return
