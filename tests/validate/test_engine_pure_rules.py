"""Remembering clean verdicts of pure cfn-lint rules never hides a finding."""

from __future__ import annotations

import json

from hastack.validate.engine import PURE_RULES, lint_text, rules_for


def instance(engine: str, klass: str, version: str = "8.0.43") -> dict:
    return {
        "Type": "AWS::RDS::DBInstance",
        "DeletionPolicy": "Snapshot",
        "UpdateReplacePolicy": "Snapshot",
        "Properties": {
            "Engine": engine,
            "EngineVersion": version,
            "DBInstanceClass": klass,
            "AllocatedStorage": "20",
            "MasterUsername": "admin",
            "ManageMasterUserPassword": True,
        },
    }


def e3062(findings) -> list[str]:
    return sorted(f.resource for f in findings if f.rule == "E3062")


def test_every_bad_instance_class_is_still_reported_on_every_run() -> None:
    template = {
        "Resources": {
            "Good": instance("mysql", "db.m6g.large"),
            "BadOne": instance("mysql", "db.t2.micro"),  # not offered for MySQL 8.0
            "BadTwo": instance("mysql", "db.t2.micro"),
        }
    }
    text = json.dumps(template)
    first = lint_text(text, ["us-east-1"])
    second = lint_text(text, ["us-east-1"])
    assert e3062(first) == e3062(second) == ["BadOne", "BadTwo"]


def test_a_clean_value_seen_before_stays_clean_and_the_rule_is_wrapped() -> None:
    rules = rules_for(())
    assert set(PURE_RULES) <= set(rules)
    assert rules["E3062"].validate.__name__ == "validate"
    text = json.dumps(
        {
            "Resources": {
                "A": instance("postgres", "db.r6g.large", "17.7"),
                "B": instance("postgres", "db.r6g.large", "17.7"),
            }
        }
    )
    assert e3062(lint_text(text, ["us-east-1"])) == []
    assert e3062(lint_text(text, ["us-east-1"])) == []
