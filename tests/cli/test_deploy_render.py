"""The deploy commands' console reporter."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from hastack.cli.deploy_render import ConsoleReporter


def test_console_reporter_stops_a_running_progress_bar_when_its_block_is_left_by_an_error() -> None:
    reporter = ConsoleReporter(Console(file=io.StringIO()))
    with pytest.raises(KeyboardInterrupt), reporter:
        reporter.start("web", 3)
        progress = reporter._progress
        assert progress is not None and progress.live.is_started
        raise KeyboardInterrupt
    assert not progress.live.is_started
    assert reporter._progress is None
