"""Whole-process timing helpers shared by the benchmark scripts."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def compile_sources() -> None:
    """Write bytecode once, as a regular install does (PYTHONDONTWRITEBYTECODE may be set)."""
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "hastack"), str(ROOT / "blueprints")],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def median_seconds(command: list[str], runs: int = 7, cwd: Path = ROOT) -> float:
    """Median wall time of ``command`` over ``runs`` runs (after one warm-up run)."""
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times)
