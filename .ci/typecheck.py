"""mypy against a baseline that may only shrink.

Runs mypy with the settings in pyproject.toml and compares its errors with
``.ci/mypy-baseline.txt`` (one ``file: code: message`` a line, line numbers dropped so that an
edit above an old error does not move it). A new error in a ``BLOCKING`` package fails; new
errors elsewhere are listed (the whole tree becomes blocking by widening ``BLOCKING`` once the
packages being rewritten settle). A fixed error is reported, and ``--update`` removes fixed
errors from the baseline (it never adds one).
"""

from __future__ import annotations

import collections
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / ".ci" / "mypy-baseline.txt"
BLOCKING = ("hastack/core/", "hastack/template/", "hastack/cost/", "hastack/deploy/")
"""Files whose new errors fail the check (strict mode: see pyproject.toml)."""
ERROR = re.compile(
    r"^(?P<file>[^:]+):\d+(?::\d+)?: error: (?P<message>.*?)(?:  \[(?P<code>[a-z-]+)\])?$"
)


def current_errors() -> collections.Counter[str]:
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-pretty", "--no-error-summary"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if run.returncode not in (0, 1):
        sys.exit(f"mypy did not run:\n{run.stdout}{run.stderr}")
    errors: collections.Counter[str] = collections.Counter()
    for line in run.stdout.splitlines():
        match = ERROR.match(line)
        if match:
            errors[f"{match['file']}: {match['code'] or 'misc'}: {match['message']}"] += 1
    return errors


def main() -> int:
    update = "--update" in sys.argv[1:]
    found = current_errors()
    baseline = collections.Counter(BASELINE.read_text().splitlines()) if BASELINE.exists() else {}
    new = found - baseline
    fixed = baseline - found
    if update:
        kept = baseline - fixed
        BASELINE.write_text("".join(f"{line}\n" for line in sorted(kept.elements())))
    print(f"mypy: {sum(found.values())} errors, baseline {sum(baseline.values())}")
    if fixed:
        print(f"{sum(fixed.values())} baseline errors are fixed: run .ci/typecheck.py --update")
    blocking = [line for line in sorted(new.elements()) if line.startswith(BLOCKING)]
    listed = [line for line in sorted(new.elements()) if not line.startswith(BLOCKING)]
    if listed:
        print(f"{len(listed)} new errors outside {', '.join(BLOCKING)} (not yet blocking):")
        for line in listed:
            print(f"  {line}")
    if blocking:
        where = ", ".join(BLOCKING)
        print(f"{len(blocking)} new errors in {where} (fix them; the baseline only shrinks):")
        for line in blocking:
            print(f"  {line}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
