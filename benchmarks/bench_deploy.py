"""Deploy timings on the local emulator: what a user waits for, measured end to end.

    .venv/bin/python benchmarks/bench_deploy.py [--repeat N]

Figures (median of N runs, wall clock):
  1. `hastack deploy examples/webapp.py --local --yes` as a whole process (python start,
     app load, validation, cost summary, emulator start, deploy, outputs), with an empty and
     with a warm validation cache, and with --skip-checks. Target <= 5 s.
  2. The same deploy through the Python API into an already running emulator.
  3. No-op redeploy of the three-stack example (examples/split_stacks.py) through the API,
     and as a `hastack deploy --endpoint-url ... --yes --skip-checks` process. Target <= 1 s.
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
HASTACK = str(Path(sys.executable).parent / "hastack")
WEBAPP = str(ROOT / "examples" / "webapp.py")
SPLIT = str(ROOT / "examples" / "split_stacks.py")


def clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}


def timed_process(*args: str, cold: bool = False) -> float:
    """Wall time of one ``hastack`` process; ``cold`` gives it an empty validation cache."""
    env = clean_env()
    if cold:
        env["HASTACK_CACHE_DIR"] = tempfile.mkdtemp(prefix="hastack-bench-cache-")
    started = time.perf_counter()
    done = subprocess.run(
        [HASTACK, *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"hastack {' '.join(args)} failed ({done.returncode}):\n{done.stderr}")
    return elapsed


def report(label: str, samples: list[float], target: float | None = None) -> None:
    median = statistics.median(samples)
    verdict = "" if target is None else ("  ok" if median <= target else f"  OVER {target:.1f} s")
    spread = f"min {min(samples):.2f} / max {max(samples):.2f}"
    print(f"{label:<58} {median:6.2f} s  ({spread}, n={len(samples)}){verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    n = parser.parse_args().repeat

    sys.path.insert(0, str(ROOT))
    from hastack.core.app_loader import load_app
    from hastack.deploy.api import deploy
    from hastack.deploy.session import AwsTarget
    from hastack.local import LocalEngine

    report(
        "deploy webapp --local --yes (whole process, cold cache)",
        [timed_process("deploy", WEBAPP, "--local", "--yes", cold=True) for _ in range(n)],
        5.0,
    )
    report(
        "deploy webapp --local --yes (whole process, warm cache)",
        [timed_process("deploy", WEBAPP, "--local", "--yes") for _ in range(n)],
        5.0,
    )
    report(
        "deploy webapp --local --yes --skip-checks (whole process)",
        [timed_process("deploy", WEBAPP, "--local", "--yes", "--skip-checks") for _ in range(n)],
        5.0,
    )

    with LocalEngine() as emulator:
        target = AwsTarget.local(emulator.endpoint_url)
        first, noop_api, noop_cli = [], [], []
        for _ in range(n):
            emulator.reset()
            app = load_app(WEBAPP)
            started = time.perf_counter()
            result = deploy(app, target=target, assume_yes=True)
            first.append(time.perf_counter() - started)
            assert result.ok, [(r.name, r.reason) for r in result.failures]
        report("deploy webapp, API into a running emulator", first, 5.0)

        emulator.reset()
        split = load_app(SPLIT)
        assert deploy(split, target=target, assume_yes=True).ok
        for _ in range(n):
            started = time.perf_counter()
            again = deploy(load_app(SPLIT), target=target, assume_yes=True)
            noop_api.append(time.perf_counter() - started)
            assert [r.status for r in again.results] == ["unchanged"] * 3
            noop_cli.append(
                timed_process(
                    "deploy",
                    SPLIT,
                    "--endpoint-url",
                    emulator.endpoint_url,
                    "--yes",
                    "--skip-checks",
                )
            )
        report("no-op redeploy split_stacks (3 stacks), API incl. app load", noop_api, 1.0)
        report("no-op redeploy split_stacks, whole process --skip-checks", noop_cli, 1.0)


if __name__ == "__main__":
    main()
