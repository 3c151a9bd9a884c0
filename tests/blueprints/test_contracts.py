"""Logical IDs, output names and parameter names are a public contract.

Renaming a logical ID makes CloudFormation replace the resource (a new database, a new load
balancer DNS name); renaming an output or parameter breaks whoever reads it. The contract files
pin them per example; a deliberate change regenerates them with
``HASTACK_UPDATE_CONTRACTS=1 pytest tests/blueprints/test_contracts.py`` and shows up in review.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from hastack.core.app_loader import load_app
from tests.conftest import EXAMPLES

CONTRACTS = Path(__file__).parent / "contracts"
PINNED_EXAMPLES = [
    "webapp",
    "rds_multiaz",
    "split_stacks",
    "multi_region",
    "haproxy_tier",
    "nginx_tier",
    "quorum",
    "cdn",
    "cache",
]


def contract_of(example: str) -> dict:
    if example in PINNED_OPTIONS:
        return stacks_contract(PINNED_OPTIONS[example]())
    return stacks_contract(load_app(str(EXAMPLES / f"{example}.py")).order())


def _cdn_web_app() -> list:
    from tests.blueprints.test_cdn_option import web

    return [web().synth()]


def _cdn_web_app_dns() -> list:
    from tests.blueprints.test_cdn_option import named_web

    return [named_web().synth()]


def _cdn_active_passive() -> list:
    from tests.blueprints.test_cdn_option import pair

    return pair().stacks()


PINNED_OPTIONS = {
    "option_cdn_webapp": _cdn_web_app,
    "option_cdn_webapp_dns": _cdn_web_app_dns,
    "option_cdn_active_passive": _cdn_active_passive,
}
"""Blueprint options no example uses, pinned the same way: the ids they add are a contract too."""


def stacks_contract(stacks: list) -> dict:
    return {
        stack.name: {
            "resources": {k: v["Type"] for k, v in sorted(stack.body["Resources"].items())},
            "outputs": stack.outputs,
            "parameters": sorted(stack.body.get("Parameters", {})),
        }
        for stack in stacks
    }


@pytest.mark.parametrize("example", PINNED_EXAMPLES + list(PINNED_OPTIONS))
def test_logical_ids_outputs_and_parameters_match_the_contract(example: str) -> None:
    path = CONTRACTS / f"{example}.json"
    current = contract_of(example)
    if os.environ.get("HASTACK_UPDATE_CONTRACTS") == "1":
        path.write_text(json.dumps(current, indent=2, sort_keys=True) + "\n")
    pinned = json.loads(path.read_text())
    for stack, expected in pinned.items():
        got = current.get(stack)
        assert got is not None, f"stack {stack} disappeared"
        removed = set(expected["resources"]) - set(got["resources"])
        assert not removed, f"{stack}: logical IDs removed or renamed: {sorted(removed)}"
        changed = {
            k
            for k in expected["resources"]
            if k in got["resources"] and got["resources"][k] != expected["resources"][k]
        }
        assert not changed, f"{stack}: resource types changed: {sorted(changed)}"
        assert got == expected, f"{stack}: contract changed; regenerate deliberately"
