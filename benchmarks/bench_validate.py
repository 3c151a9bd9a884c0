"""Validate timings, whole process, median of several runs.

1. The web-app template: ``hastack validate FILE`` (cold cache) vs bare ``cfn-lint FILE``
   (target: at most 1.2x).
2. Ten web-app stacks in one App, synth + validate: cold cache (target <= 4 s on 2 cores) and
   a re-run on unchanged templates (target <= 0.5 s).

Run: .venv/bin/python benchmarks/bench_validate.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HASTACK = str(BIN / "hastack")
CFN_LINT = str(BIN / "cfn-lint")


def timed(cmd: list[str], env: dict[str, str], ok: tuple[int, ...] = (0,)) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode not in ok:
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}:\n{proc.stderr}")
    return elapsed


def median(cmd: list[str], env: dict[str, str], runs: int, fresh_cache: bool = False) -> float:
    times = []
    for _ in range(runs):
        if fresh_cache:
            env = dict(env, HASTACK_CACHE_DIR=tempfile.mkdtemp(prefix="hastack-bench-"))
        times.append(timed(cmd, env))
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    env = dict(os.environ)
    print(f"load average before: {_load()} (other processes on these cores inflate the figures)")
    with tempfile.TemporaryDirectory() as tmp:
        timed([HASTACK, "synth", "examples/webapp.py", "-o", tmp], env)
        template = str(next(Path(tmp).glob("*.template.json")))
        size = Path(template).stat().st_size

        bare = median([CFN_LINT, template], env, runs)
        bare_info = median([CFN_LINT, "-c", "I", "--", template], env, runs)
        ours = median([HASTACK, "validate", template], env, runs, fresh_cache=True)
        print(f"web-app template ({size:,} bytes)")
        print(f"  cfn-lint FILE                 {bare:6.2f} s")
        print(f"  cfn-lint -c I FILE            {bare_info:6.2f} s")
        print(
            f"  hastack validate FILE (cold)  {ours:6.2f} s   = {ours / bare:.2f}x bare cfn-lint"
            "  (target <= 1.2x)"
        )

        app = "benchmarks/apps/ten_webapps.py"
        synth = median([HASTACK, "synth", app, "-o", str(Path(tmp) / "ten")], env, runs)
        cold = median([HASTACK, "validate", app], env, runs, fresh_cache=True)
        warm_env = dict(env, HASTACK_CACHE_DIR=tempfile.mkdtemp(prefix="hastack-bench-"))
        timed([HASTACK, "validate", app], warm_env)
        warm = median([HASTACK, "validate", app], warm_env, runs)
        serial = median(
            [HASTACK, "validate", app],
            dict(env, HASTACK_JOBS="1"),
            max(1, runs // 2),
            fresh_cache=True,
        )
        ten_files = sorted(str(p) for p in (Path(tmp) / "ten").glob("*.template.json"))
        bare_ten = median([CFN_LINT, *ten_files], env, max(1, runs // 2))
        print(f"ten web-app stacks ({os.cpu_count()} CPUs)")
        print(f"  hastack synth APP             {synth:6.2f} s")
        print(f"  cfn-lint on the 10 files      {bare_ten:6.2f} s")
        print(f"  synth+validate, cold, 1 job   {serial:6.2f} s")
        print(f"  synth+validate, cold          {cold:6.2f} s   (target <= 4 s)")
        print(f"  synth+validate, warm          {warm:6.2f} s   (target <= 0.5 s)")
    print(f"load average after: {_load()}")
    return 0


def _load() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


if __name__ == "__main__":
    raise SystemExit(main())
