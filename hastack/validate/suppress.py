"""Suppressing a finding on one resource: ``Metadata: {hastack: {suppress: {RULE: reason}}}``.

Read by the engine (after cfn-lint has run) and by the rule pack; kept apart from the rules'
helpers because those import cfn-lint, which ``import hastack.validate`` must not pay for.
"""

from __future__ import annotations

from typing import Any

SUPPRESS_KEY = "hastack"


def suppressions(resource: Any) -> dict[str, Any]:
    """The ``{rule id: reason}`` mapping of a resource (empty when absent or malformed)."""
    if not isinstance(resource, dict):
        return {}
    metadata = resource.get("Metadata")
    if not isinstance(metadata, dict):
        return {}
    ours = metadata.get(SUPPRESS_KEY)
    if not isinstance(ours, dict):
        return {}
    suppress = ours.get("suppress")
    return suppress if isinstance(suppress, dict) else {}
