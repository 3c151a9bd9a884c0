"""Make moto's CloudFormation run hastack's stacks: extra resource handlers and small patches.

``install()`` imports the handler modules (moto registers CloudFormation handlers as the direct
subclasses of ``CloudFormationModel`` and caches the list with ``lru_cache``, so the caches are
cleared after our classes exist) and applies the patches in ``patches/``. It is idempotent.
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
        from moto.cloudformation import parsing

        from hastack.deploy.local.compat import (  # noqa: F401 - importing registers handlers
            extras,
            fallback,
            monitoring,
            rds,
            secrets,
        )
        from hastack.deploy.local.compat.patches import apply

        for cache in (parsing.get_model_list, parsing.get_model_map, parsing.get_name_type_map):
            cache.cache_clear()
        apply()
        _installed = True
