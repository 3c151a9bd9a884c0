"""SARIF and JUnit renderings of a validation report, for CI systems and code scanning.

SARIF 2.1.0 is what GitHub code scanning uploads (``github/codeql-action/upload-sarif``): one
run, the rules that fired in ``tool.driver.rules``, one result per finding with the template
file and line, and the CloudFormation path as a logical location. JUnit XML is what most CI
servers show as a test report: one test suite per template, one test case per finding (a
failure for errors, and for warnings too under ``--strict``), and a passing case for a clean
template so the report is never empty.
"""

from __future__ import annotations

import json
from typing import Any
from xml.etree import ElementTree

from hastack import __version__
from hastack.validate.docs import pack_rules
from hastack.validate.finding import Finding, Report

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
HELP_URI = "https://github.com/hastack/hastack/blob/main/docs/validate.md"


def _rule_help() -> dict[str, dict[str, str]]:
    """id → (what, fix, url) of the rules of hastack's pack; cfn-lint's own carry their id."""
    found: dict[str, dict[str, str]] = {}
    for rule in pack_rules():
        found[rule.id] = {
            "what": str(getattr(rule, "shortdesc", "") or ""),
            "why": str(getattr(rule, "description", "") or ""),
            "fix": str(getattr(rule, "fix", "") or ""),
            "url": str(getattr(rule, "source_url", "") or ""),
        }
    return found


def _uri(finding: Finding, fallback: str) -> str:
    return (finding.file or fallback).replace("\\", "/")


def render_sarif(report: Report) -> str:
    """The report as a SARIF 2.1.0 log (JSON)."""
    known = _rule_help()
    rules: dict[str, dict[str, Any]] = {}
    results: list[dict[str, Any]] = []
    for source in report.results:
        for f in source.findings:
            meta = known.get(f.rule, {})
            if f.rule not in rules:
                rules[f.rule] = {
                    "id": f.rule,
                    "shortDescription": {"text": meta.get("what") or f.rule},
                    "fullDescription": {"text": meta.get("why") or meta.get("what") or f.rule},
                    "help": {"text": meta.get("fix") or f.fix or "see the rule's documentation"},
                    "helpUri": meta.get("url") or HELP_URI,
                    "defaultConfiguration": {"level": SARIF_LEVEL[f.severity]},
                }
            location: dict[str, Any] = {
                "physicalLocation": {
                    "artifactLocation": {"uri": _uri(f, source.file or source.name)},
                    "region": {"startLine": f.line or 1},
                }
            }
            if f.path:
                location["logicalLocations"] = [
                    {"fullyQualifiedName": f.path_string, "kind": "resource"}
                ]
            text = f.message + (f" (fix: {f.fix})" if f.fix else "")
            results.append(
                {
                    "ruleId": f.rule,
                    "level": SARIF_LEVEL[f.severity],
                    "message": {"text": text},
                    "locations": [location],
                }
            )
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "hastack",
                        "version": __version__,
                        "informationUri": HELP_URI,
                        "rules": [rules[k] for k in sorted(rules)],
                    }
                },
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2, sort_keys=True) + "\n"


def render_junit(report: Report) -> str:
    """The report as JUnit XML: a test suite per template, a test case per finding."""
    root = ElementTree.Element("testsuites", name="hastack validate")
    total = failures = 0
    for source in report.results:
        suite = ElementTree.SubElement(root, "testsuite", name=source.stack or source.name)
        cases = failures_here = 0
        for f in source.findings:
            cases += 1
            case = ElementTree.SubElement(
                suite,
                "testcase",
                classname=f"{source.stack or source.name}.{f.resource or 'template'}",
                name=f"{f.rule} {f.path_string or '-'}",
                file=_uri(f, source.file or source.name),
            )
            blocking = f.severity == "error" or (report.strict and f.severity == "warning")
            if blocking:
                failures_here += 1
                failure = ElementTree.SubElement(
                    case, "failure", message=f.message, type=f"{f.severity} {f.rule}"
                )
                failure.text = f"{f.message}\nfix: {f.fix}" if f.fix else f.message
            else:
                out = ElementTree.SubElement(case, "system-out")
                out.text = f"{f.severity}: {f.message}" + (f" (fix: {f.fix})" if f.fix else "")
        if not cases:
            cases = 1
            ElementTree.SubElement(
                suite, "testcase", classname=source.stack or source.name, name="no findings"
            )
        suite.set("tests", str(cases))
        suite.set("failures", str(failures_here))
        suite.set("errors", "0")
        total += cases
        failures += failures_here
    root.set("tests", str(total))
    root.set("failures", str(failures))
    ElementTree.indent(root)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        + ElementTree.tostring(root, encoding="unicode")
        + "\n"
    )
