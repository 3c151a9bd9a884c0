"""The cfn-lint engine: one rule collection per process, the pack runs, cfn-lint can load it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.validate.conftest import FIXTURES

UNENCRYPTED_TOPIC = json.dumps({"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}}})


def test_the_rule_collection_is_built_once_and_reused():
    from hastack.validate.engine import lint_text, rules_for

    first = rules_for(())
    lint_text(UNENCRYPTED_TOPIC, ["us-east-1"])
    lint_text(UNENCRYPTED_TOPIC, ["eu-west-1"])
    assert rules_for(()) is first


def test_the_collection_is_cfn_lints_own_class_and_holds_defaults_and_pack():
    from cfnlint.rules import Rules

    from hastack.validate.engine import rules_for

    rules = rules_for(())
    assert isinstance(rules, Rules)
    assert {"E3012", "I3011", "E9101", "W9210"} <= set(rules)


def test_the_pack_really_reports_through_the_engine():
    from hastack.validate.engine import lint_text

    findings = lint_text(UNENCRYPTED_TOPIC, ["us-east-1"])
    assert [(f.rule, f.path) for f in findings] == [("W9213", ["Resources", "Topic", "Properties"])]


def test_cfn_lint_api_lint_silently_drops_a_rules_object_of_another_class():
    """Why the engine does not call cfnlint.api.lint: the pack would silently not run."""
    from cfnlint.api import lint

    from hastack.validate.engine import rules_for

    ids = {m.rule.id for m in lint(UNENCRYPTED_TOPIC, rules=rules_for(()))}
    assert "W9213" not in ids


def test_plain_cfn_lint_loads_the_pack_with_append_rules():
    from hastack.validate.rules import RULES_DIR

    cfn_lint = Path(sys.executable).with_name("cfn-lint")
    template = FIXTURES / "bad" / "security" / "exposure.yaml"
    run = subprocess.run(
        [
            str(cfn_lint),
            "--append-rules",
            str(RULES_DIR),
            "--format",
            "parseable",
            "--",
            str(template),
            str(FIXTURES / "bad" / "deploy" / "refused.yaml"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    ids = {line.split(":")[5] for line in run.stdout.splitlines() if line.count(":") >= 6}
    assert {"W9211", "W9210", "W9212", "W9213", "E9300", "E9301", "E9302"} <= ids, run.stdout
    assert run.returncode & 2 and run.returncode & 4  # cfn-lint's bitmask: errors and warnings


def test_cfn_lints_legacy_loader_accepts_the_pack_without_duplicate_rules():
    from cfnlint.core import get_rules

    from hastack.validate.rules import RULES_DIR

    rules = get_rules([str(RULES_DIR)], [], ["I"])
    assert {"E9101", "W9213", "W9001"} <= {r.id for r in rules}


def test_suppressions_with_a_reason_silence_pack_and_cfn_lint_rules(lint_fixture):
    findings = lint_fixture("bad/meta/suppressions.yaml")
    by_resource = {(f.resource, f.rule) for f in findings}
    assert ("QuietTopic", "W9213") not in by_resource
    assert ("Bucket", "W9130") not in by_resource
    assert ("Bucket", "I3011") not in by_resource
    assert ("UnjustifiedTopic", "W9213") in by_resource
    assert ("UnjustifiedTopic", "W9001") in by_resource


def test_cfn_lint_findings_get_a_fix_line_from_the_rules_description():
    from hastack.validate.engine import lint_text

    text = json.dumps(
        {
            "Resources": {
                "Bucket": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": "x", "Nope": 1}}
            }
        }
    )
    findings = [f for f in lint_text(text, ["us-east-1"]) if f.rule.startswith("E3")]
    assert findings and all(f.fix for f in findings)
    assert findings[0].resource == "Bucket"


def test_the_region_list_matches_cfn_lints():
    from cfnlint.helpers import AVAILABILITY_ZONES, REGIONS

    from hastack.core.regions import KNOWN_REGIONS
    from hastack.core.regions import REGIONS as TABLE

    assert KNOWN_REGIONS == set(REGIONS)
    assert {name: list(r.zones) for name, r in TABLE.items()} == AVAILABILITY_ZONES


def test_every_corpus_template_is_checked_without_a_rule_crash(corpus_templates):
    from hastack.validate.api import validate

    report = validate([str(p) for p in corpus_templates], use_cache=False)
    assert len(report.results) == len(corpus_templates)
    assert not [f for f in report.findings if f.rule in ("E0002", "E0000")]
    pack = [f for f in report.findings if f.rule[1] == "9"]
    assert pack, "the pack found nothing on real templates"
    for finding in report.findings:
        assert finding.file in {str(p) for p in corpus_templates}
        assert finding.severity in ("error", "warning", "info")


def test_a_parse_error_is_one_error_finding_not_a_crash():
    from hastack.validate.engine import lint_text

    text = '{"Resources": {"T": {"Type": "AWS::SNS::Topic"}, "T": {"Type": "AWS::SNS::Topic"}}}'
    findings = lint_text(text, ["us-east-1"])
    assert [(f.rule, f.severity) for f in findings] == [("E0000", "error")]
    assert "Duplicate found 'T'" in findings[0].message


def test_serverless_and_foreach_templates_are_expanded_before_the_pack_runs():
    from hastack.validate.engine import lint_text

    sam = (
        "Transform: AWS::Serverless-2016-10-31\n"
        "Resources:\n"
        "  Fn:\n"
        "    Type: AWS::Serverless::Function\n"
        "    Properties:\n"
        "      Runtime: python3.12\n"
        "      Handler: index.handler\n"
        "      InlineCode: 'def handler(e, c): pass'\n"
        "      Environment: {Variables: {DB_PASSWORD: hunter2}}\n"
    )
    foreach = (
        "Transform: AWS::LanguageExtensions\n"
        "Resources:\n"
        "  Fn::ForEach::Topics:\n"
        "    - Name\n"
        "    - [A, B]\n"
        "    - Topic${Name}:\n"
        "        Type: AWS::SNS::Topic\n"
    )
    assert ("W9210", "Fn") in {(f.rule, f.resource) for f in lint_text(sam, ["us-east-1"])}
    topics = {f.resource for f in lint_text(foreach, ["us-east-1"]) if f.rule == "W9213"}
    assert topics == {"TopicA", "TopicB"}
