"""Fixtures shared by the whole suite."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
LINT_REGIONS = ("us-east-1", "eu-west-1", "ap-southeast-2")


@pytest.fixture(scope="session")
def cfn_lint() -> Callable[..., list[Any]]:
    """cfn-lint in-process with informational checks, in the three reference regions."""
    from cfnlint.api import lint
    from cfnlint.config import ManualArgs

    def run(template: dict[str, Any] | str, regions: tuple[str, ...] = LINT_REGIONS) -> list[Any]:
        text = template if isinstance(template, str) else json.dumps(template)
        return lint(text, config=ManualArgs(regions=list(regions), include_checks=["I"]))

    return run


def resources(body: dict[str, Any], type_: str) -> dict[str, dict[str, Any]]:
    """The resources of ``type_`` in a template body, by logical id."""
    return {k: v for k, v in body["Resources"].items() if v["Type"] == type_}


def props(body: dict[str, Any], logical_id: str) -> dict[str, Any]:
    return body["Resources"][logical_id].get("Properties", {})


def remove_resources(body: dict[str, Any], names: set[str]) -> set[str]:
    """Delete ``names`` from ``body`` with every resource and output that refers to them.

    A template that keeps a reference to a deleted resource is one CloudFormation refuses
    ("Unresolved resource dependencies"), so the removal follows references transitively, as
    deleting a subtree of the stack would. Returns every logical id removed.
    """
    from hastack.core.template_format import dependencies, references

    removed = set(names)
    deps = dependencies(body)
    while True:
        more = {n for n, needs in deps.items() if n not in removed and needs & removed}
        if not more:
            break
        removed |= more
    for name in removed:
        body["Resources"].pop(name, None)
    outputs = body.get("Outputs", {})
    for name in [k for k, v in outputs.items() if references(v) & removed]:
        del outputs[name]
    return removed


def detach_resources(body: dict[str, Any], names: set[str]) -> None:
    """Delete ``names`` from ``body``, every reference to them becoming a literal string.

    What is left is a template CloudFormation accepts, with the rest of the stack intact, as if
    the deleted resources lived elsewhere and their names or endpoints were typed in.
    """
    import re

    def sub(text: str) -> str:
        def literal(match: re.Match[str]) -> str:
            name = match.group(1).split(".")[0]
            return f"{match.group(1)}-detached" if name in names else match.group(0)

        return re.sub(r"\$\{([^}!]+)\}", literal, text)

    def walk(value: Any) -> Any:
        if isinstance(value, list):
            return [walk(v) for v in value]
        if not isinstance(value, dict):
            return value
        if len(value) == 1:
            key, arg = next(iter(value.items()))
            if key == "Ref" and arg in names:
                return f"{arg}-detached"
            if key == "Fn::GetAtt":
                target = arg[0] if isinstance(arg, list) else str(arg).split(".")[0]
                if target in names:
                    return f"{target}-detached"
            if key == "Fn::Sub":
                if isinstance(arg, str):
                    return {"Fn::Sub": sub(arg)}
                if isinstance(arg, list) and arg and isinstance(arg[0], str):
                    return {"Fn::Sub": [sub(arg[0]), *walk(arg[1:])]}
        return {k: walk(v) for k, v in value.items()}

    for name in names:
        body["Resources"].pop(name, None)
    for resource in body["Resources"].values():
        depends = resource.get("DependsOn")
        if isinstance(depends, str) and depends in names:
            del resource["DependsOn"]
        elif isinstance(depends, list):
            resource["DependsOn"] = [d for d in depends if d not in names]
    for section in ("Resources", "Outputs"):
        if section in body:
            body[section] = walk(body[section])


@pytest.fixture(scope="session")
def corpus_templates() -> list[Path]:
    """Third-party templates the commands must handle (shared/corpus beside the repo)."""
    corpus = ROOT.parent / "shared" / "corpus"
    found = sorted(p for p in corpus.rglob("*") if p.suffix in {".yaml", ".yml", ".json"})
    if not found:
        pytest.skip("no corpus of third-party templates beside the repository")
    return found


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory, monkeypatch) -> None:
    """Keep every test's cache (validate results, rendered user data) out of the user's home."""
    monkeypatch.setenv("HASTACK_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))
