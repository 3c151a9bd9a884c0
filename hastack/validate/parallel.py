"""Lint many templates on all cores.

The parent builds the rule collection first and then forks, so workers inherit it instead of
each paying for cfn-lint's import and rule loading again. Where fork is unavailable or unsafe
(other threads running) the pool starts clean workers that build their own (slower, correct).
``HASTACK_JOBS`` caps the number of worker processes (1 = lint in this process).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from hastack.validate.engine import lint_text, rules_for

Job = tuple[str, list[str], tuple[str, ...]]
"""(template text, regions, extra rule folders)."""


def available_workers() -> int:
    override = os.environ.get("HASTACK_JOBS", "").strip()
    if override.isdigit() and int(override) > 0:
        return int(override)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def lint_jobs(jobs: list[Job]) -> list[list[dict[str, Any]]]:
    """Findings (as cacheable dicts) of each job, in the order given."""
    workers = min(available_workers(), len(jobs))
    for extra in {job[2] for job in jobs}:
        rules_for(extra)
    if workers < 2:
        return [_run(job) for job in jobs]
    context = multiprocessing.get_context(start_method())
    # Longest templates first, so that no worker is left with a big one at the end.
    order = sorted(range(len(jobs)), key=lambda i: -len(jobs[i][0]))
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        done = list(pool.map(_run, [jobs[i] for i in order], chunksize=1))
    results: list[list[dict[str, Any]]] = [[] for _ in jobs]
    for index, findings in zip(order, done, strict=True):
        results[index] = findings
    return results


def start_method() -> str:
    """fork (workers inherit the built rules) unless other threads run: forking a process
    whose other threads may hold locks can deadlock the child, so then a fork server starts
    clean workers that build their own rules."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


def _run(job: Job) -> list[dict[str, Any]]:
    text, regions, extra = job
    return [f.cacheable() for f in lint_text(text, regions, extra)]
