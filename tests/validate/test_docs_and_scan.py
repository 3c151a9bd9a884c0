"""The checkov skip list of ``make scan`` stays short and justified."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_skipped_checkov_check_has_a_written_justification():
    lines = [
        line
        for line in (ROOT / "scan" / "skip-checks.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert 0 < len(lines) <= 12
    ids = []
    for line in lines:
        check, _, why = line.partition(" ")
        assert re.fullmatch(r"CKV2?_AWS_\d+", check), line
        assert len(why.strip()) >= 40, f"{check}: justification too short"
        ids.append(check)
    assert len(ids) == len(set(ids)), "a check is listed twice"


def test_make_scan_reads_the_skip_list_and_skips_downloads():
    makefile = (ROOT / "Makefile").read_text()
    assert "scan/skip-checks.txt" in makefile and "--skip-download" in makefile


def test_the_rule_table_in_the_docs_matches_the_rule_classes():
    from hastack.validate.docs import START, SUMMARY_START, replace_table

    for name, marker in (("docs/validate.md", START), ("README.md", SUMMARY_START)):
        document = (ROOT / name).read_text()
        assert marker in document, f"{name} lost its rule table"
        assert replace_table(document) == document, f"run: python -m hastack.validate.docs {name}"
