"""The rule pack never raises on odd templates: intrinsics, wrong types and nulls anywhere."""

from __future__ import annotations

import copy
import random
import traceback
from pathlib import Path

from tests.validate.conftest import FIXTURES

ODD_VALUES = [
    {"Ref": "SomeParameter"},
    {"Fn::If": ["Cond", 1, 2]},
    {"Fn::ImportValue": "shared"},
    5,
    "text",
    [],
    {},
    None,
    True,
    [{"Ref": "X"}],
    {"Fn::GetAtt": ["A", "B"]},
    [None],
    {"Fn::Select": ["x", {"Fn::GetAZs": ""}]},
    {"Fn::Select": [1]},
    {"Fn::Split": [",", "a,b"]},
    float("nan"),
    "arn:aws:kms:eu-west-1:123456789012:key/x",
    "arn:aws-cn:sns:cn-north-1:123456789012:t",
    "eu-west-1a",
    [{"Ref": "SubnetA"}, "subnet-1"],
    {"Key": "access_logs.s3.bucket", "Value": {"Ref": "X"}},
]
CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
"""Third-party templates beside the repository, mangled too when present."""


def _mangle(node, rng: random.Random, rate: float) -> None:
    keys = (
        list(node) if isinstance(node, dict) else range(len(node)) if isinstance(node, list) else []
    )
    for key in keys:
        if rng.random() < rate:
            node[key] = copy.deepcopy(rng.choice(ODD_VALUES))
        else:
            _mangle(node[key], rng, rate)


def test_pack_rules_survive_hundreds_of_mangled_templates():
    from cfnlint.template import Template

    from hastack.core.template_file import load_template_file
    from hastack.validate.engine import rules_for

    pack = [rule for rule_id, rule in rules_for(()).data.items() if rule_id[1] == "9"]
    paths = sorted(FIXTURES.rglob("*.yaml")) + sorted(CORPUS.rglob("*.yaml"))
    sources = [load_template_file(p) for p in paths]
    rng = random.Random(20261125)
    crashes: dict[tuple[str, str], str] = {}
    reported = 0
    for _ in range(300):
        template = copy.deepcopy(rng.choice(sources))
        for resource in template["Resources"].values():
            _mangle(resource, rng, rng.choice([0.05, 0.15, 0.3]))
        cfn = Template("mangled.yaml", template, ["us-east-1"])
        for rule in pack:
            try:
                reported += len(rule.match(cfn))
            except Exception as error:  # noqa: BLE001 - collecting every crash is the point
                crashes.setdefault((rule.id, type(error).__name__), traceback.format_exc())
    assert crashes == {}
    assert reported > 100  # the mangled templates still gave the rules something to report
