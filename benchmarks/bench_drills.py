"""Failure drill timings on the local emulator: what `hastack drill --local` costs a user.

    .venv/bin/python benchmarks/bench_drills.py [--repeat N]

Figures (median, min and max of N rounds, wall clock):
  1. Local deploy of the multi-region example (three stacks, two regions) through the API
     into a running emulator, reset before each round.
  2. Each drill on that deployment through the API: az-loss (both regions' groups),
     db-failover (the primary's Aurora cluster; the global secondary is skipped),
     dns-failover (the PRIMARY/SECONDARY pair).
  3. `hastack drill examples/multi_region.py --local` as a whole process (python start, app
     load, emulator start, deploy, every drill, output), and with `--drill dns-failover` only.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HASTACK = str(Path(sys.executable).parent / "hastack")
EXAMPLE = str(ROOT / "examples" / "multi_region.py")
sys.path.insert(0, str(ROOT))


def stats(values: list[float]) -> str:
    return (
        f"median {statistics.median(values):6.3f} s   min {min(values):6.3f} s   "
        f"max {max(values):6.3f} s"
    )


def api_rounds(repeat: int) -> dict[str, list[float]]:
    from hastack.core.app_loader import load_app
    from hastack.core.context import Context
    from hastack.deploy.api import deploy
    from hastack.deploy.session import AwsTarget
    from hastack.drills import DRILLS, run_drills
    from hastack.local import LocalEngine

    times: dict[str, list[float]] = {"deploy": [], **{name: [] for name in DRILLS}}
    app = load_app(EXAMPLE, Context({}, env="bench"))
    with LocalEngine() as emulator:
        target = AwsTarget.local(emulator.endpoint_url)
        for _ in range(repeat):
            emulator.reset()
            started = time.perf_counter()
            report = deploy(app, target=target, assume_yes=True)
            times["deploy"].append(time.perf_counter() - started)
            if not report.ok:
                raise SystemExit(f"deploy failed: {[r.reason for r in report.failures]}")
            for name in DRILLS:
                started = time.perf_counter()
                drilled = run_drills(app, target=target, drills=[name])
                times[name].append(time.perf_counter() - started)
                if not drilled.ok:
                    raise SystemExit(f"{name} failed: {[r.subject for r in drilled.failed]}")
    return times


def process_seconds(*args: str) -> float:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    started = time.perf_counter()
    subprocess.run(
        [HASTACK, "drill", EXAMPLE, "--local", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="rounds per figure (default 5)")
    repeat = parser.parse_args().repeat

    print(f"failure drills on the local emulator, {repeat} rounds each, {os.cpu_count()} CPUs")
    times = api_rounds(repeat)
    print("API, into a running emulator (multi-region example: 3 stacks, 2 regions)")
    for name, values in times.items():
        label = "local deploy" if name == "deploy" else f"drill {name}"
        print(f"  {label:22} {stats(values)}")
    per_round = [sum(v[i] for v in times.values()) for i in range(repeat)]
    print(f"  {'deploy + all drills':22} {stats(per_round)}")

    print("whole process: hastack drill examples/multi_region.py --local")
    full = [process_seconds() for _ in range(repeat)]
    print(f"  {'all drills':22} {stats(full)}")
    dns_only = [process_seconds("--drill", "dns-failover") for _ in range(repeat)]
    print(f"  {'--drill dns-failover':22} {stats(dns_only)}")


if __name__ == "__main__":
    main()
