"""Availability, resilience and planner timings on the examples.

1. In-process, stacks already synthesized: building the model and composing availability, and
   running every AZ/region-loss scenario, per example (median of many runs).
2. In-process planner: requirement sets with traffic (every candidate priced with its traffic and
   rated with the failure-mode model), median, with the size of the design space and the time
   per candidate; and a peak beyond one stack (explained before anything is built).
3. Whole process: ``hastack availability``, ``hastack resilience`` and ``hastack plan`` as a
   user runs them (app synthesis included); also checks that boto3, moto and cfn-lint are never
   imported by the analysis commands.

Run: .venv/bin/python benchmarks/bench_analysis.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
HASTACK = str(Path(sys.executable).parent / "hastack")
EXAMPLES = ["webapp.py", "rds_multiaz.py", "split_stacks.py", "multi_region.py"]
PLANS = {
    "99.95% 2k rps (avg 200, 2 KB) $1500": dict(
        availability=0.9995,
        peak_rps=2000,
        average_rps=200,
        response_bytes=2000,
        rto_seconds=300,
        rpo_seconds=60,
        budget=Decimal(1500),
    ),
    "99.9% 400 rps (avg 40, 2 KB) $1200": dict(
        availability=0.999,
        peak_rps=400,
        average_rps=40,
        response_bytes=2000,
        rto_seconds=600,
        rpo_seconds=300,
        budget=Decimal(1200),
    ),
    "99.99% 10k rps (avg 2.5k, 10 KB)": dict(
        availability=0.9999, peak_rps=10000, response_bytes=10000, rto_seconds=600, rpo_seconds=1
    ),
    "99.995% 10k rps (avg 1k, 2 KB)": dict(
        availability=0.99995,
        peak_rps=10000,
        average_rps=1000,
        response_bytes=2000,
        rto_seconds=600,
        rpo_seconds=1,
    ),
    "99.9% 100 rps $500": dict(
        availability=0.999,
        peak_rps=100,
        rto_seconds=3600,
        rpo_seconds=3600,
        budget=Decimal(500),
    ),
    "99.5% 50 rps $300 non-production": dict(
        availability=0.995,
        peak_rps=50,
        rto_seconds=4 * 3600,
        rpo_seconds=3600,
        budget=Decimal(300),
        environment="non-production",
    ),
    "99.99% 1e12 rps (too big)": dict(
        availability=0.9999, peak_rps=1e12, rto_seconds=300, rpo_seconds=1
    ),
}


def median_ms(func, runs: int) -> float:
    func()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def process_seconds(command: list[str], runs: int) -> float:
    subprocess.run(command, cwd=ROOT, capture_output=True)  # warm-up (bytecode, caches)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def heavy_imports(args: list[str]) -> list[str]:
    code = (
        "import sys\nfrom hastack.cli.main import main\n"
        f"try:\n    main({args!r})\nexcept SystemExit:\n    pass\n"
        "print('HEAVY:' + ','.join(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'boto3', 'botocore', 'moto', 'cfnlint'})), file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    line = next(x for x in done.stderr.splitlines() if x.startswith("HEAVY:"))
    return [m for m in line[len("HEAVY:") :].split(",") if m]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs

    from hastack.analysis.availability import estimate_availability
    from hastack.analysis.resilience import check_resilience
    from hastack.core.app_loader import load_app
    from hastack.core.loader import from_stack
    from hastack.planner.plan import Requirements, make_plan

    print("In-process, stacks synthesized once (median ms):")
    print(
        f"  {'example':<18} {'stacks':>6} {'resources':>9} {'availability':>12} {'resilience':>10}"
    )
    for name in EXAMPLES:
        app = load_app(str(ROOT / "examples" / name))
        sources = [from_stack(s) for s in app.order()]
        resources = sum(s.resource_count for s in app.stacks)
        avail = median_ms(lambda sources=sources: estimate_availability(sources), runs)
        resil = median_ms(lambda sources=sources: check_resilience(sources, peak_rps=2000), runs)
        print(f"  {name:<18} {len(sources):>6} {resources:>9} {avail:>12.1f} {resil:>10.1f}")

    print(
        "\nIn-process planner (median ms; candidates; shapes synthesized; ms per candidate; "
        "ms per synth + estimate + model; chosen, $/month):"
    )
    for label, values in PLANS.items():
        ms = median_ms(lambda values=values: make_plan(Requirements(**values)), max(3, runs // 3))
        plan = make_plan(Requirements(**values))
        count = len(plan.candidates)
        per = ms / count if count else 0.0
        shapes = plan.timing.get("shapes_rated", 0)
        synth = plan.timing.get("ms_per_synthesis", 0.0)
        chosen = plan.chosen
        what = (
            f"{chosen.design.label}, ${chosen.monthly:,.2f}, {chosen.availability:.4%}"
            if chosen
            else (plan.explanation[1].strip() if len(plan.explanation) > 1 else "none")
        )
        print(f"  {label:<36} {ms:8.1f} {count:4d} {shapes:4d} {per:6.1f} {synth:6.1f}  -> {what}")

    print("\nWhole process (median s):")
    commands = {
        "availability webapp.py": ["availability", "examples/webapp.py"],
        "availability multi_region.py": ["availability", "examples/multi_region.py", "--rto", "5m"],
        "resilience webapp.py": ["resilience", "examples/webapp.py", "--peak-rps", "300"],
        "resilience multi_region.py": ["resilience", "examples/multi_region.py"],
        "plan 99.99% 10k rps": [
            "plan",
            "--availability",
            "99.99",
            "--peak-rps",
            "10000",
            "--rto",
            "10m",
            "--rpo",
            "1s",
            "--budget",
            "6000",
        ],
    }
    for label, args in commands.items():
        seconds = process_seconds([HASTACK, *args], max(3, runs // 3))
        print(f"  hastack {label:<30} {seconds:6.2f}")
    loaded = heavy_imports(["availability", "examples/webapp.py"]) + heavy_imports(
        ["resilience", "examples/webapp.py"]
    )
    print(f"\nboto3/moto/cfn-lint imported by availability/resilience: {loaded or 'none'}")


if __name__ == "__main__":
    main()
