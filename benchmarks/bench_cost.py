"""Cost estimator timings.

1. Loading the bundled price catalog (target <= 30 ms): the parse alone, in-process, and the
   first load in a fresh interpreter including the modules it needs.
2. Pricing one template in-process once the catalog is loaded (target <= 50 ms): the web-app
   example's template (about 60 resources), median of many runs.
   Also the usage-priced applications of tests/cost/fixtures/apps (a SAM template expanded
   before pricing, a Fargate service, a CloudFront site) and the third-party corpus templates
   beside the repository, each priced from its parsed template (target <= 50 ms each), and
   again from the file (YAML parsing, which is the loader's, dominates that figure).
3. Whole process: ``hastack cost examples/webapp.py`` (synthesizes the app, then prices it) and
   ``hastack cost`` on the synthesized JSON template; also checks boto3 is never imported.

Run: .venv/bin/python benchmarks/bench_cost.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
HASTACK = str(BIN / "hastack")
WEBAPP = ROOT / "examples" / "webapp.py"


def median_ms(func, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def process_seconds(cmd: list[str], runs: int) -> float:
    subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)  # warm-up (bytecode, caches)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    from hastack.cost.catalog import CATALOG_PATH, load_catalog, parse_catalog

    text = CATALOG_PATH.read_text()
    parse_ms = median_ms(lambda: parse_catalog(text), 50)
    probe = (
        "import time; t = time.perf_counter(); from hastack.cost.catalog import load_catalog; "
        "a = time.perf_counter(); load_catalog(); b = time.perf_counter(); "
        "print((a - t) * 1000, (b - a) * 1000)"
    )
    fresh = [
        subprocess.run(
            [sys.executable, "-c", probe], cwd=ROOT, check=True, capture_output=True, text=True
        ).stdout.split()
        for _ in range(7)
    ]
    imports = statistics.median(float(f[0]) for f in fresh)
    first = statistics.median(float(f[1]) for f in fresh)
    print(f"catalog: {CATALOG_PATH.stat().st_size:,} bytes, {len(load_catalog().regions)} regions")
    print(
        f"catalog load (parse, in-process, median of 50):       {parse_ms:6.2f} ms  "
        f"(target <= 30 ms)"
    )
    print(
        f"catalog first load in a fresh interpreter (median of 7): read + parse {first:.2f} ms, "
        f"module imports before it {imports:.2f} ms"
    )

    from hastack.core.app_loader import load_app
    from hastack.cost.api import estimate

    if not WEBAPP.exists():
        raise SystemExit("examples/webapp.py is missing")
    stack = load_app(str(WEBAPP)).stacks[0]
    body = stack.body
    estimate(body)  # warm: pricer modules imported, catalog cached
    price_ms = median_ms(lambda: estimate(body, region=stack.region), max(args.runs * 10, 50))
    print(
        f"price the web-app template in-process ({len(body['Resources'])} resources): "
        f"{price_ms:6.2f} ms  (target <= 50 ms)"
    )

    apps = sorted((ROOT / "tests" / "cost" / "fixtures" / "apps").glob("*.yaml"))
    files = [f for f in apps if not f.name.endswith("_usage.yaml")]
    for corpus in (ROOT.parent / "shared" / "corpus", ROOT.parent.parent / "shared" / "corpus"):
        if corpus.is_dir():
            files += sorted(corpus.rglob("*.yaml"))
            break
    from hastack.core.loader import load_template

    runs = max(args.runs * 5, 25)
    for file in files:
        body = load_template(file).body
        estimate(body)  # warm
        ms = median_ms(lambda body=body: estimate(body), runs)
        with_parse = median_ms(lambda file=file: estimate(str(file)), max(args.runs, 5))
        print(
            f"price {file.name:<46} {ms:6.2f} ms  (target <= 50 ms); "
            f"with reading the file {with_parse:6.2f} ms"
        )

    with tempfile.TemporaryDirectory() as tmp:
        template = Path(tmp) / "webapp.json"
        template.write_text(stack.to_json())
        app_s = process_seconds([HASTACK, "cost", str(WEBAPP)], args.runs)
        file_s = process_seconds([HASTACK, "cost", str(template), "--format", "json"], args.runs)
    print(f"hastack cost examples/webapp.py (whole process, median of {args.runs}): {app_s:5.2f} s")
    print(f"hastack cost webapp.json --format json (whole process):  {file_s:5.2f} s")

    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from hastack.cli.main import main\n"
            f"sys.argv = ['hastack', 'cost', {str(WEBAPP)!r}, '--format', 'json']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('boto3 imported' if 'boto3' in sys.modules else 'boto3 not imported', "
            "file=sys.stderr)",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    print(f"hastack cost: {probe.stderr.strip().splitlines()[-1]}")


if __name__ == "__main__":
    main()
