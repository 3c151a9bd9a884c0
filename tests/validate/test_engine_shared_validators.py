"""cfn-lint's validator classes are built once per set of arguments, and findings stay the same."""

from __future__ import annotations

import json

import cfnlint.jsonschema.validators as validators_module

from hastack.validate.engine import lint_text, rules_for


def codes(findings) -> list[tuple[str, str | None]]:
    return sorted((f.rule, f.resource) for f in findings if f.rule.startswith("E"))


def test_the_same_arguments_give_the_same_validator_class() -> None:
    rules_for(())
    base = validators_module.StandardValidator({})
    first = base.extend(validators={"type": validators_module._keywords.type})
    again = base.extend(validators={"type": validators_module._keywords.type})
    other = base.extend(validators={"type": never_valid})
    assert first is again
    assert other is not first
    assert other({}).validators["type"] is never_valid
    assert first({}).validators["type"] is validators_module._keywords.type


def never_valid(validator, types, instance, schema):  # a keyword validator of our own
    yield from ()


def test_findings_do_not_depend_on_what_was_linted_before() -> None:
    wrong_type = json.dumps(
        {"Resources": {"Queue": {"Type": "AWS::SQS::Queue", "Properties": {"DelaySeconds": []}}}}
    )
    missing_required = json.dumps(
        {"Resources": {"Subnet": {"Type": "AWS::EC2::Subnet", "Properties": {}}}}
    )
    first = codes(lint_text(wrong_type, ["us-east-1"]))
    other = codes(lint_text(missing_required, ["us-east-1"]))
    assert first and other and first != other
    assert codes(lint_text(wrong_type, ["us-east-1"])) == first
    assert codes(lint_text(missing_required, ["eu-west-1"])) == other
