"""mypy against a baseline that may only shrink.

Runs mypy with the settings in pyproject.toml (strict, over ``hastack`` and ``blueprints``) and
compares its errors with ``.ci/mypy-baseline.txt`` (one ``file: code: message`` a line, line
numbers dropped so that an edit above an old error does not move it). Any error not in the
baseline fails, wherever it is. A fixed error is reported, and ``--update`` removes fixed errors
from the baseline (it never adds one).
"""

from __future__ import annotations

import collections
import re
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / ".ci" / "mypy-baseline.txt"
ERROR = re.compile(
    r"^(?P<file>[^:]+):\d+(?::\d+)?: error: (?P<message>.*?)(?:  \[(?P<code>[a-z-]+)\])?$"
)

Errors = collections.Counter[str]


def parse(output: str) -> Errors:
    """mypy's ``--no-pretty`` output as baseline lines (``file: code: message``), counted."""
    errors: Errors = collections.Counter()
    for line in output.splitlines():
        match = ERROR.match(line)
        if match:
            errors[f"{match['file']}: {match['code'] or 'misc'}: {match['message']}"] += 1
    return errors


def run_mypy() -> str:
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-pretty", "--no-error-summary"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if run.returncode not in (0, 1):
        sys.exit(f"mypy did not run:\n{run.stdout}{run.stderr}")
    return run.stdout


@dataclass(frozen=True)
class Comparison:
    new: list[str]
    """Errors beyond the baseline (each occurrence once): any fails the check."""
    fixed: list[str]
    """Baseline entries mypy no longer reports."""
    kept: Errors
    """The baseline without the fixed entries (what ``--update`` writes)."""


def compare(found: Errors, baseline: Errors) -> Comparison:
    fixed = baseline - found
    return Comparison(
        new=sorted((found - baseline).elements()),
        fixed=sorted(fixed.elements()),
        kept=baseline - fixed,
    )


def main(
    argv: Sequence[str] = (),
    *,
    mypy: Callable[[], str] = run_mypy,
    baseline_file: Path = BASELINE,
) -> int:
    """0 when mypy finds nothing beyond the baseline; 1 (and the new errors listed) otherwise."""
    update = "--update" in argv
    found = parse(mypy())
    baseline: Errors = (
        collections.Counter(baseline_file.read_text().splitlines())
        if baseline_file.exists()
        else collections.Counter()
    )
    result = compare(found, baseline)
    if update:
        baseline_file.write_text("".join(f"{line}\n" for line in sorted(result.kept.elements())))
    print(f"mypy: {found.total()} errors, baseline {baseline.total()}")
    if result.fixed and not update:
        print(f"{len(result.fixed)} baseline errors are fixed: run .ci/typecheck.py --update")
    if result.new:
        print(f"{len(result.new)} new errors (fix them; the baseline only shrinks):")
        for line in result.new:
            print(f"  {line}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
