"""Validate timings, whole process, median of several runs.

1. The web-app template: ``hastack validate FILE`` (cold cache) vs bare ``cfn-lint FILE``
   (target: at most 1.2x).
2. Ten web-app stacks in one App, synth + validate: cold cache (target <= 4 s on 2 cores) and
   a re-run on unchanged templates (target <= 0.5 s).
3. The rule pack's own cost, in process (best of several runs, so other processes on the cores
   count less): the pack's rules vs cfn-lint's own run on the web-app template and on the
   largest template of ../shared/corpus (target: the pack adds <= 10%). How each rule grows
   with the number of resources is benchmarks/bench_rules.py.

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

        app = ["benchmarks/apps/webapps.py", "-c", "stacks=10"]
        synth = median([HASTACK, "synth", *app, "-o", str(Path(tmp) / "ten")], env, runs)
        cold = median([HASTACK, "validate", *app], env, runs, fresh_cache=True)
        warm_env = dict(env, HASTACK_CACHE_DIR=tempfile.mkdtemp(prefix="hastack-bench-"))
        timed([HASTACK, "validate", *app], warm_env)
        warm = median([HASTACK, "validate", *app], warm_env, runs)
        serial = median(
            [HASTACK, "validate", *app],
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
        pack_cost(template, runs)
    print(f"load average after: {_load()}")
    return 0


def pack_cost(webapp: str, runs: int) -> None:
    """Section 3: what the pack adds to cfn-lint."""
    from bench_rules import best, pack_rules
    from cfnlint.config import _DEFAULT_RULESDIR, ConfigMixIn
    from cfnlint.decode.decode import decode
    from cfnlint.rules import Rules
    from cfnlint.runner.template.runner import run_template_by_data
    from cfnlint.template import Template

    folders = [up / "shared" / "corpus" for up in (ROOT.parent, ROOT.parent.parent)]
    corpus = sorted(
        (p for f in folders for p in f.rglob("*") if p.suffix in (".yaml", ".json")),
        key=lambda p: p.stat().st_size,
    )
    targets = [("web-app", Path(webapp))] + ([("largest corpus", corpus[-1])] if corpus else [])
    pack = pack_rules()
    plain = Rules.create_from_directory(_DEFAULT_RULESDIR)
    config = ConfigMixIn([], regions=["us-east-1"], include_checks=["I"])
    print("rule pack in process (best of runs)")
    for label, path in targets:
        body, errors = decode(str(path))
        if errors or body is None:
            print(f"  {label}: cannot decode {path}")
            continue
        bare = best(lambda b=body: list(run_template_by_data(b, config, plain)), runs)
        cfn = Template(str(path), body, ["us-east-1"])
        alone = best(lambda c=cfn: _run_pack(pack, c), runs)
        print(
            f"  {label:15} cfn-lint {bare * 1000:7.1f} ms, pack {alone * 1000:6.1f} ms"
            f" = +{alone / bare:.1%}  (target <= 10%)"
        )
    print("  per-rule growth with the number of resources: benchmarks/bench_rules.py")


def _run_pack(pack: list, cfn: object) -> None:
    from bench_rules import forget

    forget(cfn)
    for rule in pack:
        rule.match(cfn)


def _load() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


if __name__ == "__main__":
    raise SystemExit(main())
