"""Cost coverage of third-party templates: how much of what AWS bills is left unpriced.

1. The types list of the corpus (``../shared/corpus/resource-types.tsv``, 361 public templates,
   resources per type): of the 60 most used types, the resources of types AWS bills (not free)
   that no pricer covers, as a share of all billable resources of those types (target <= 5%).
2. Every template of ``../shared/corpus``: resources priced, free and not priced (with the
   reasons), and the time to price it in-process from its parsed body (target <= 50 ms).

Run: .venv/bin/python benchmarks/cost_coverage.py
"""

from __future__ import annotations

import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus"
EXPANDED = {"AWS::Serverless::Function": "AWS::Lambda::Function"}
"""SAM types priced as what the shared model expands them to."""


def types_share() -> None:
    from hastack.cost.pricers import FREE_TYPES, PRICERS

    rows = [
        line.split("\t")
        for line in (CORPUS / "resource-types.tsv").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    top = [(int(count), rtype.strip()) for count, _, rtype in rows[:60]]
    billable = [(n, t) for n, t in top if t not in FREE_TYPES]
    unpriced = [(n, t) for n, t in billable if EXPANDED.get(t, t) not in PRICERS]
    total = sum(n for n, _ in billable)
    left = sum(n for n, _ in unpriced)
    print(
        f"types list: top 60 types hold {sum(n for n, _ in top)} resources, {total} of them of"
        f" billable types; unpriced {left} ({left / total:.1%}, target <= 5%):"
        f" {', '.join(f'{t} ({n})' for n, t in unpriced) or 'none'}"
    )


def corpus_templates() -> None:
    from cfnlint.decode.decode import decode

    from hastack.cost.api import estimate
    from hastack.cost.catalog import load_catalog

    load_catalog()
    files = sorted(p for p in CORPUS.rglob("*") if p.suffix in (".yaml", ".yml", ".json"))
    reasons: Counter[str] = Counter()
    for path in files:
        body, errors = decode(str(path))
        if errors or not isinstance(body, dict):
            print(f"  {path.name}: does not decode")
            continue
        result = estimate(body, region="us-east-1")
        times = []
        for _ in range(20):
            start = time.perf_counter()
            estimate(body, region="us-east-1")
            times.append((time.perf_counter() - start) * 1000)
        for item in result.not_priced:
            reasons[f"{item.type}: {item.reason}"] += 1
        print(
            f"  {path.relative_to(CORPUS)}: {len(body.get('Resources', {}))} resources,"
            f" {len(result.resources)} priced, {len(result.free)} free,"
            f" {len(result.not_priced)} not priced; ${result.total_monthly:,.2f}/month;"
            f" {statistics.median(times):.1f} ms median (target <= 50 ms)"
        )
    for reason, count in reasons.most_common():
        print(f"    not priced x{count}: {reason}")


if __name__ == "__main__":
    types_share()
    corpus_templates()
