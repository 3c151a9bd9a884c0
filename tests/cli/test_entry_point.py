"""The ``hastack`` command (``run``) is ``main`` with the garbage collector set for a short
process; ``main`` itself leaves the caller's collector alone."""

from __future__ import annotations

import gc
import subprocess
import sys
from collections.abc import Iterator

import pytest

from hastack import __version__
from hastack.cli.main import GC_THRESHOLD, main, run


@pytest.fixture
def collector() -> Iterator[None]:
    before = gc.get_threshold()
    try:
        yield
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)


def test_main_leaves_the_collector_as_the_caller_set_it(collector, monkeypatch) -> None:
    gc.set_threshold(700, 10, 10)
    monkeypatch.setattr(sys, "argv", ["hastack", "--version"])
    with pytest.raises(SystemExit):
        main()
    assert gc.get_threshold() == (700, 10, 10)


def test_the_command_spaces_collections_and_freezes_at_exit(collector, monkeypatch) -> None:
    gc.set_threshold(700, 10, 10)
    monkeypatch.setattr(sys, "argv", ["hastack", "--version"])
    with pytest.raises(SystemExit) as leaving:
        run()
    assert leaving.value.code == 0
    assert gc.get_threshold() == GC_THRESHOLD
    assert gc.get_freeze_count() > 0


@pytest.mark.parametrize(
    ("args", "code", "stream", "text"),
    [
        (["--version"], 0, "stdout", f"hastack, version {__version__}"),
        (["nonsense"], 2, "stderr", "No such command 'nonsense'"),
    ],
)
def test_python_m_hastack_exits_with_the_commands_code_and_output(
    args: list[str], code: int, stream: str, text: str
) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "hastack", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == code
    assert text in getattr(done, stream)
