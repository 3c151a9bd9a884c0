"""Time the local engine: start-up, deploys of the examples, a no-op redeploy, and twenty
web-app stacks in one app (time and peak memory).

Run: .venv/bin/python benchmarks/bench_local.py [--repeat N]

Each scenario runs in a fresh Python process (so its peak memory is its own) and prints
medians (min/max) over ``--repeat`` runs:
- cold start: import hastack, start a LocalEngine, answer one API call;
- ``hastack deploy examples/webapp.py --local --yes --skip-checks``, the whole command;
- the same deploy through the deploy API on a running engine (the engine's share);
- a no-op redeploy of examples/split_stacks.py (three stacks, nothing changed);
- twenty HA web-app stacks in one App, default concurrency: time and peak RSS.
Targets: webapp deploy <= 2 s with checks skipped, no-op redeploy <= 0.3 s. CPU time is
printed beside wall time: on a shared machine the wall time measures the machine's load.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

SCENARIO = """
import json, resource, sys, time
t0 = time.perf_counter()
from hastack.core.app_loader import load_app
from hastack.core.context import Context
from hastack.deploy.api import deploy
from hastack.deploy.session import AwsTarget
from hastack.local import LocalEngine
kind = sys.argv[1]
engine = LocalEngine().start()
engine.client("sts").get_caller_identity()
started = time.perf_counter() - t0
target = AwsTarget.local(engine.endpoint_url)
result = {"cold_start": started}


def run(app):
    t, cpu = time.perf_counter(), time.process_time()
    report = deploy(app, target=target, assume_yes=True)
    assert report.ok, [(r.name, r.status, r.reason) for r in report.failures]
    result.setdefault("cpu", []).append(time.process_time() - cpu)
    return time.perf_counter() - t


if kind == "webapp":
    result["deploy"] = run(load_app("examples/webapp.py", Context({})))
elif kind == "split":
    app = load_app("examples/split_stacks.py", Context({}))
    result["first"] = run(app)
    result["noop"] = run(load_app("examples/split_stacks.py", Context({})))
elif kind == "twenty":
    from hastack.blueprints import HAWebApp
    from hastack import App

    app = App("twenty-webapps")
    for i in range(1, 21):
        app.add(HAWebApp(f"webapp-{i:02d}", region="us-east-1", app_name=f"shop{i:02d}",
                         network={"az_count": 3},
                         database={"engine": "aurora-mysql", "readers": 2}))
    result["stacks"] = len(app.stacks)
    result["deploy"] = run(app)
result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
engine.stop()
print(json.dumps(result))
"""


def _figures(samples: list[float], unit: str = "s") -> str:
    return (
        f"median {statistics.median(samples):.3f} {unit}  (min {min(samples):.3f}, "
        f"max {max(samples):.3f}, n={len(samples)})"
    )


def _scenario(kind: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", SCENARIO, kind],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _cli_webapp() -> tuple[float, float]:
    start, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(
        [str(BIN / "hastack"), "deploy", "examples/webapp.py", "--local", "--yes", "--skip-checks"],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return time.perf_counter() - start, cpu


def _line(label: str, samples: list[float], unit: str = "s") -> None:
    print(f"{label:<58} {_figures(samples, unit)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    repeat = parser.parse_args().repeat

    webapp = [_scenario("webapp") for _ in range(repeat)]
    _line("engine cold start (import, bind, first call)", [r["cold_start"] for r in webapp])
    _line("deploy examples/webapp.py on a running engine", [r["deploy"] for r in webapp])
    _line("  CPU time of that deploy (client + engine)", [r["cpu"][0] for r in webapp])
    cli = [_cli_webapp() for _ in range(repeat)]
    _line("hastack deploy examples/webapp.py --local --yes --skip-checks", [w for w, _ in cli])
    _line("  CPU time of that command", [c for _, c in cli])
    split = [_scenario("split") for _ in range(repeat)]
    _line("deploy examples/split_stacks.py (3 stacks)", [r["first"] for r in split])
    _line("no-op redeploy of examples/split_stacks.py", [r["noop"] for r in split])
    _line("  CPU time of that redeploy", [r["cpu"][1] for r in split])
    twenty = [_scenario("twenty") for _ in range(max(1, repeat // 2))]
    _line(
        f"{int(twenty[0]['stacks'])} web-app stacks, default concurrency",
        [r["deploy"] for r in twenty],
    )
    _line("  CPU time of that deploy", [r["cpu"][0] for r in twenty])
    _line("  peak RSS of that process", [r["peak_rss_mb"] for r in twenty], "MB")


if __name__ == "__main__":
    main()
