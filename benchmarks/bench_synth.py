"""Synth speed and memory: ``hastack synth`` vs a bare troposphere script writing the same
resources, at 1, 10 and 100 web-app stacks.

The bare script is generated from the synthesized template (``_bare_troposphere``): typed
troposphere classes built in a loop, each template written with ``to_json(indent=2)`` and
dropped. Both sides run the same interpreter with the same flags and write the same bytes to
files (checked: the example before it is timed, the loop's first file after). Each pair runs in
turn (A B A B ...); the ratios are medians of the pair-by-pair ratios of CPU time (user +
system, which other processes on the cores disturb less than wall time) and of wall time. Peak
memory is the child's own maximum resident set (``wait4``). Targets: CPU within 1.3x of bare
troposphere at every size, memory flat in the number of stacks, and the examples' bytes
unchanged (checked by the test suite, not here).

Run: .venv/bin/python benchmarks/bench_synth.py [--runs N] [--stacks 1,10,100]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _bare_troposphere import bare_script  # noqa: E402
from _timing import BIN, ROOT, compile_sources, measured_run, paired  # noqa: E402

APP = "benchmarks/apps/webapps.py"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--stacks", default="1,10,100")
    args = parser.parse_args()
    compile_sources()
    hastack = str(BIN / "hastack")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        measured_run([hastack, "synth", APP, "-o", str(out / "probe")])
        probe = next((out / "probe").glob("*.template.json")).read_text()
        body = json.loads(probe)
        print(f"web-app stack: {len(body['Resources'])} resources; medians of {args.runs} pairs")
        print("stacks  hastack cpu/wall/MiB     bare cpu/wall/MiB      cpu ratio  wall ratio")
        example = out / "bare_example.py"
        example_text = _example_text(hastack, out)
        example.write_text(bare_script(json.loads(example_text)))
        bare_out = out / "bare_example.template.json"
        measured_run([sys.executable, str(example), str(bare_out)])
        if bare_out.read_text() != example_text:
            raise SystemExit("the bare script does not write the bytes synth writes")
        figures = paired(
            [hastack, "synth", "examples/webapp.py", "-o", str(out / "example")],
            [sys.executable, str(example), str(bare_out)],
            args.runs,
        )
        _row("example", figures)
        for count in (int(n) for n in args.stacks.split(",")):
            bare = out / f"bare_{count}.py"
            bare.write_text(bare_script(body, stacks=count))
            ours = [hastack, "synth", APP, "-c", f"stacks={count}", "-o", str(out / f"o{count}")]
            runs = args.runs if count < 100 else max(3, args.runs // 2)
            figures = paired(ours, [sys.executable, str(bare), str(out / "b")], runs)
            if (out / "b" / "stack-0.template.json").read_text() != probe:
                raise SystemExit("the bare script does not write the bytes synth writes")
            _row(str(count), figures)
    print("targets: cpu ratio <= 1.3 at every size; hastack MiB flat in the number of stacks")
    print(f"(python {sys.version.split()[0]}, repository {ROOT})")
    return 0


def _example_text(hastack: str, out: Path) -> str:
    measured_run([hastack, "synth", "examples/webapp.py", "-o", str(out / "example")])
    return next((out / "example").glob("*.template.json")).read_text()


def _row(label: str, f: dict[str, float]) -> None:
    print(
        f"{label:7} {f['cpu']:6.3f} {f['wall']:6.3f} {f['mib']:6.1f}"
        f"     {f['other_cpu']:6.3f} {f['other_wall']:6.3f} {f['other_mib']:6.1f}"
        f"     {f['cpu_ratio']:5.2f}x     {f['wall_ratio']:5.2f}x"
    )


if __name__ == "__main__":
    raise SystemExit(main())
