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


_LAUNCHER = """
import resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(code, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)
"""
"""Runs one command and reports what the kernel accounted for it. A small process of its own:
a child's peak memory counts what it inherited before ``exec``, so forking from this script
(tens of MiB) would report this script's size instead of the command's."""


def measured_run(command: list[str], cwd: Path = ROOT) -> tuple[float, float, float]:
    """One run of ``command``: wall seconds, CPU seconds (user + system) and peak resident
    memory in MiB of that one process."""
    report = subprocess.run(
        [sys.executable, "-c", _LAUNCHER, *command],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    if report[0] != "0":
        raise SystemExit(f"{' '.join(command)} exited {report[0]}")
    return float(report[1]), float(report[2]), float(report[3])


def paired(ours: list[str], other: list[str], runs: int = 7, cwd: Path = ROOT) -> dict[str, float]:
    """``ours`` and ``other`` in turn (one warm-up each): medians of each figure and of the
    CPU and wall ratios taken pair by pair, so a machine whose speed drifts still compares."""
    measured_run(ours, cwd)
    measured_run(other, cwd)
    rows: list[tuple[tuple[float, float, float], tuple[float, float, float]]] = []
    for _ in range(runs):
        rows.append((measured_run(ours, cwd), measured_run(other, cwd)))
    return {
        "wall": statistics.median(a[0] for a, _ in rows),
        "cpu": statistics.median(a[1] for a, _ in rows),
        "mib": statistics.median(a[2] for a, _ in rows),
        "other_wall": statistics.median(b[0] for _, b in rows),
        "other_cpu": statistics.median(b[1] for _, b in rows),
        "other_mib": statistics.median(b[2] for _, b in rows),
        "cpu_ratio": statistics.median(a[1] / b[1] for a, b in rows),
        "wall_ratio": statistics.median(a[0] / b[0] for a, b in rows),
    }
