"""Precision and recall of the pack on the labelled anti-pattern set (tests/validate/labelled).

Each template carries one flaw and names the rule that must catch it (``# expect: E9101``) or
``-`` when no rule can. Any other finding of the pack must be one of the secondary findings
reviewed by hand as true for those shapes (a load balancer without alarms, a database without
an alarm...): a new rule firing elsewhere is a false positive until reviewed.
"""

from __future__ import annotations

import re
from pathlib import Path

LABELLED = Path(__file__).resolve().parent / "labelled"

REVIEWED_SECONDARY = {
    "W9150",  # load balancers of the set have no alarms
    "W9204",  # nor drop invalid headers
    "I9203",  # nor access logs
    "W9106",  # fleets of the set have no scaling policy
    "W9107",  # nor an UpdatePolicy
    "W9151",  # databases of the set have no alarm
    "E9120",  # the replica case's primary is Single-AZ
    "I9409",  # the replication case's bucket has no versioning at all
    "W9402",  # Multi-AZ without failover is also no failover
}


def labels() -> dict[Path, str]:
    found = {}
    for path in sorted(LABELLED.glob("*.yaml")):
        match = re.match(r"# expect: (\S+)", path.read_text())
        assert match, f"{path.name} has no '# expect:' label"
        found[path] = match.group(1)
    return found


def test_the_set_is_large_and_spans_the_services():
    found = labels()
    assert len(found) >= 40
    assert len({label for label in found.values() if label != "-"}) >= 25


def test_every_labelled_flaw_is_caught_and_nothing_unreviewed_is_reported():
    from hastack.validate.api import validate

    found = labels()
    report = validate([str(p) for p in found], regions=["us-east-1"], use_cache=False)
    by_file: dict[str, set[str]] = {}
    for finding in report.findings:
        assert finding.rule not in ("E0000", "E0002"), finding
        if finding.rule[1] == "9":
            by_file.setdefault(str(finding.file), set()).add(finding.rule)
    missed = [
        p.name
        for p, rule in found.items()
        if rule != "-" and rule not in by_file.get(str(p), set())
    ]
    assert missed == []
    unexpected = {
        (p.name, rule)
        for p, label in found.items()
        for rule in by_file.get(str(p), set()) - {label} - REVIEWED_SECONDARY
    }
    assert unexpected == set()
    caught = sum(1 for p, rule in found.items() if rule in by_file.get(str(p), set()))
    assert caught / len(found) >= 0.9  # the "-" cases are the honest misses
