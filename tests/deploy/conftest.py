"""Fixtures for deploy tests: one emulator per test process, emptied before each test."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
ACCOUNT = "123456789012"


@pytest.fixture(scope="session")
def emulator_session() -> Iterator[Any]:
    from hastack.local import LocalEngine

    with LocalEngine() as emulator:
        yield emulator


@pytest.fixture
def emulator(emulator_session: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The running emulator, reset, with no real AWS settings able to leak in."""
    for name in ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_REGION", "AWS_DEFAULT_REGION"):
        monkeypatch.delenv(name, raising=False)
    emulator_session.reset()
    return emulator_session


@pytest.fixture
def target(emulator: Any) -> Any:
    from hastack.deploy.session import AwsTarget

    return AwsTarget.local(emulator.endpoint_url, emulator.region)


@pytest.fixture
def cfn(emulator: Any) -> Any:
    return emulator.client("cloudformation")


def load_fixture(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / name).read_text())


def engine_stack(emulator: Any, name: str, region: str = "us-east-1") -> Any:
    """The local engine's record of a stack (same process), to put it in states AWS reaches
    on its own."""
    cfn = emulator.cloudformation
    stack = cfn.find(cfn.store(ACCOUNT, region), name)
    assert stack is not None, name
    return stack


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run ``hastack ARGS`` through the real entry point: (exit code, stdout, stderr)."""
    from hastack.cli.main import main

    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    captured = capsys.readouterr()
    return int(exit_info.value.code or 0), captured.out, captured.err


def open_change_sets(cfn: Any, stack: str) -> list[str]:
    """Change sets of ``stack`` not executed (moto also lists executed ones; AWS drops them)."""
    return [
        summary["ChangeSetName"]
        for summary in cfn.list_change_sets(StackName=stack)["Summaries"]
        if summary.get("ExecutionStatus") != "EXECUTE_COMPLETE"
    ]
