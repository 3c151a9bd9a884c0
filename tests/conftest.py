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
