"""How every rule of the pack grows with the template: time at N and at 4N resources.

The template is synthetic and made to exercise every rule: the rule fixtures (bad and good) and
the labelled anti-pattern set, each with its logical ids, parameters, conditions and mappings
renamed per copy, merged into one template and copied ``--copies`` and 4 x ``--copies`` times.
Every rule therefore finds both the shapes it flags and the shapes it passes, N times over, and
its cross-resource lookups (target groups of a fleet, records of a health check, subnets of a
load balancer) run against a template N times larger. A linear rule takes ~4x as long on the
larger template; a rule that scans all resources once per resource takes ~16x.

Run: .venv/bin/python benchmarks/bench_rules.py [--copies 2] [--runs 3] [--json FILE]
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SOURCES = (
    ROOT / "tests" / "validate" / "fixtures",
    ROOT / "tests" / "validate" / "labelled",
)
SECTIONS = ("Parameters", "Conditions", "Mappings", "Resources", "Outputs")
LINEAR, QUADRATIC = 4.0, 16.0
SUPER_LINEAR = 5.0
"""A growth factor of the call count above this is reported as super-linear: counts are exact,
so anything clearly above 4 is a rule doing more work per resource on a larger template."""


def fixture_bodies() -> list[tuple[str, dict[str, Any]]]:
    """Every fixture and labelled template that decodes as a template, by file name."""
    from cfnlint.decode.decode import decode

    found = []
    for folder in SOURCES:
        for path in sorted(folder.rglob("*")):
            if path.suffix not in (".yaml", ".yml", ".json"):
                continue
            body, errors = decode(str(path))
            if not errors and isinstance(body, dict) and isinstance(body.get("Resources"), dict):
                found.append((str(path.relative_to(ROOT)), _plain(body)))
    return found


def _plain(value: Any) -> Any:
    """cfn-lint's decoded nodes as plain dicts, lists and scalars (NaN kept as NaN)."""
    return json.loads(json.dumps(value, default=str))


def renamed(body: dict[str, Any], suffix: str) -> dict[str, Any]:
    """``body`` with every name it declares (resources, parameters, conditions, mappings,
    outputs) suffixed, and references to them renamed along (Ref, GetAtt, DependsOn, Condition,
    FindInMap and ``${Name}`` in Fn::Sub)."""
    names = sorted(
        {n for section in SECTIONS for n in (body.get(section) or {})}, key=len, reverse=True
    )
    text = json.dumps({s: body[s] for s in SECTIONS if isinstance(body.get(s), dict)})
    for name in names:
        text = text.replace(f'"{name}"', f'"{name}{suffix}"')
        text = text.replace(f'"{name}.', f'"{name}{suffix}.')
        text = text.replace("${" + name + "}", "${" + name + suffix + "}")
        text = text.replace("${" + name + ".", "${" + name + suffix + ".")
    return json.loads(text)


def synthetic(bodies: Iterable[tuple[str, dict[str, Any]]], copies: int) -> dict[str, Any]:
    """One template holding ``copies`` renamed copies of every body (template-level Metadata
    such as stated objectives comes from the first body that has it)."""
    merged: dict[str, Any] = {"AWSTemplateFormatVersion": "2010-09-09"}
    listed = list(bodies)
    for _, body in listed:
        if isinstance(body.get("Metadata"), dict) and "Metadata" not in merged:
            merged["Metadata"] = body["Metadata"]
    for copy in range(copies):
        for index, (_, body) in enumerate(listed):
            for section, entries in renamed(body, f"F{index}C{copy}").items():
                merged.setdefault(section, {}).update(entries)
    return merged


def best(work: Callable[[], object], runs: int) -> float:
    """Best time of several runs with the collector paused (a collection pass costs in
    proportion to everything alive, the large template included)."""
    times = []
    for _ in range(max(1, runs)):
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            work()
            times.append(time.perf_counter() - start)
        finally:
            gc.enable()
    return min(times)


def calls(work: Callable[[], object]) -> int:
    """How many functions ``work`` calls, Python and built-in (isinstance, dict.get...): a
    count of operations that, unlike a timing, other processes on the cores do not disturb."""
    count = 0

    def profile(_frame: object, event: str, _arg: object) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        work()
    finally:
        sys.setprofile(None)
    return count


def forget(cfn: object) -> None:
    """Drop what the pack caches on a template, so every timed run pays for it."""
    for attribute in ("_hastack_cache", "_hastack_evaluator"):
        if hasattr(cfn, attribute):
            delattr(cfn, attribute)


def fresh(cfn: object) -> object:
    """``cfn`` with the pack's caches dropped and only the shared index by type rebuilt: every
    rule reads it, so in a real run it is built once per template, not once per rule; counting
    it in every rule would hide a rule's own growth behind it."""
    from hastack.validate.rules._helpers import resources

    forget(cfn)
    resources(cfn)
    return cfn


def rule_calls(rule: Any, cfn: object) -> int:
    """The calls ``rule`` makes on ``cfn`` beyond the shared index by type."""
    ready = fresh(cfn)
    return calls(lambda: rule.match(ready))


def pack_rules() -> list[Any]:
    from hastack.validate.engine import rules_for

    return [rule for rule_id, rule in rules_for(()).data.items() if rule_id[1] == "9"]


def growth(copies: int, runs: int) -> list[dict[str, Any]]:
    """Each rule's time on the synthetic template at ``copies`` and 4 x ``copies``."""
    from cfnlint.template import Template

    bodies = fixture_bodies()
    sizes = (copies, 4 * copies)
    templates = {n: Template("synthetic.json", synthetic(bodies, n), ["us-east-1"]) for n in sizes}
    rows = []
    for rule in sorted(pack_rules(), key=lambda r: r.id):
        small, large = (
            best(lambda r=rule, c=templates[n]: (forget(c), r.match(c)), runs) for n in sizes
        )
        count_small, count_large = (rule_calls(rule, templates[n]) for n in sizes)
        findings = len(rule.match(templates[sizes[1]]))
        rows.append(
            {
                "rule": rule.id,
                "small_ms": round(small * 1000, 3),
                "large_ms": round(large * 1000, 3),
                "time_growth": round(large / max(small, 1e-9), 2),
                "small_calls": count_small,
                "large_calls": count_large,
                "growth": round(count_large / max(count_small, 1), 2),
                "findings_large": findings,
            }
        )
    resources = {n: len(t.template["Resources"]) for n, t in templates.items()}
    print(
        f"{len(bodies)} fixture templates; N = {resources[sizes[0]]} resources,"
        f" 4N = {resources[sizes[1]]} (linear ~{LINEAR:.0f}, quadratic ~{QUADRATIC:.0f})"
    )
    return rows


def report(rows: list[dict[str, Any]]) -> int:
    """Print the table; the exit code is the number of rules whose call count grows
    super-linearly (the timings are printed beside it, but on shared cores they are noisy)."""
    print(
        f"{'rule':6} {'calls N':>9} {'calls 4N':>9} {'growth':>7}"
        f" {'N ms':>8} {'4N ms':>8} {'t-growth':>8} {'findings 4N':>11}"
    )
    flagged = 0
    for row in sorted(rows, key=lambda r: -r["growth"]):
        slow = row["growth"] > SUPER_LINEAR
        flagged += slow
        print(
            f"{row['rule']:6} {row['small_calls']:9d} {row['large_calls']:9d} {row['growth']:7.2f}"
            f" {row['small_ms']:8.2f} {row['large_ms']:8.2f} {row['time_growth']:8.2f}"
            f" {row['findings_large']:11d}{'  SUPER-LINEAR' if slow else ''}"
        )
    total_small = sum(r["small_ms"] for r in rows)
    total_large = sum(r["large_ms"] for r in rows)
    print(
        f"whole pack: {total_small:.0f} ms -> {total_large:.0f} ms"
        f" (growth {total_large / max(total_small, 1e-9):.2f});"
        f" super-linear rules (call growth > {SUPER_LINEAR:.0f}): {flagged}"
    )
    return flagged


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=2, help="copies of the fixtures at N")
    parser.add_argument("--runs", type=int, default=3, help="best of this many runs per rule")
    parser.add_argument("--json", help="also write the rows to this file")
    args = parser.parse_args(argv)
    rows = growth(args.copies, args.runs)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2) + "\n")
    return 1 if report(rows) else 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
