"""Synth speed: ``hastack synth`` vs a bare troposphere script building the same resources.

Prints the median whole-process time of ``hastack synth examples/webapp.py`` (target <= 0.3 s
and within 1.5x of bare troposphere) and of an App of ten web-app stacks.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _bare_troposphere import bare_script  # noqa: E402
from _timing import BIN, ROOT, compile_sources, median_seconds  # noqa: E402


def main() -> None:
    compile_sources()
    hastack = str(BIN / "hastack")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        ours = median_seconds([hastack, "synth", "examples/webapp.py", "-o", str(out / "web")])
        template = next((out / "web").glob("*.template.json"))
        bare = out / "bare_webapp.py"
        body = json.loads(template.read_text())
        bare.write_text(bare_script(body))
        bare_time = median_seconds([sys.executable, str(bare)])
        ten = median_seconds(
            [hastack, "synth", "benchmarks/apps/ten_webapps.py", "-o", str(out / "ten")], runs=5
        )
    resources = len(body["Resources"])
    print(f"synth examples/webapp.py ({resources} resources): {ours:.3f} s median of 7")
    print(f"bare troposphere, same resources:           {bare_time:.3f} s median of 7")
    print(f"ratio hastack / bare troposphere:           {ours / bare_time:.2f}x (target <= 1.5x)")
    print(f"synth App of 10 web-app stacks:             {ten:.3f} s median of 5")
    print(f"(python {sys.version.split()[0]}, repository {ROOT})")


if __name__ == "__main__":
    main()
