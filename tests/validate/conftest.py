"""Fixtures of the validator tests: an isolated result cache and a fixture linter."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"
REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2"]


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own cache folder; nothing is written under the user's home."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("HASTACK_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def lint_fixture() -> Callable[..., list]:
    from hastack.validate.api import validate

    def run(name: str, regions: list[str] | None = None) -> list:
        return validate(str(FIXTURES / name), regions=regions, use_cache=False).findings

    return run


def pack_only(findings: list) -> list[tuple[str, str]]:
    """(rule, path) of the rule pack's findings (ids with a 9 after the letter), sorted."""
    return sorted((f.rule, f.path_string) for f in findings if f.rule[1] == "9")
