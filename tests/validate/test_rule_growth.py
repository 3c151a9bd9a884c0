"""No rule of the pack does more than linear work in the number of resources.

Counted, not timed: the benchmark's synthetic template (every rule fixture and labelled
template, renamed and copied) at 1 and 4 copies, and the number of function calls each rule
makes on it, built-ins included (``sys.setprofile``). A count is exact on shared, busy cores
where a timing is not; a rule that scans every resource once per resource grows ~16x.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_rules.py"


def _bench():
    spec = importlib.util.spec_from_file_location("bench_rules", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_synthetic_template_renames_every_declared_name_and_its_references():
    bench = _bench()
    body = {
        "Parameters": {"Azs": {"Type": "CommaDelimitedList"}},
        "Conditions": {"Prod": {"Fn::Equals": ["a", "a"]}},
        "Resources": {
            "Lb": {
                "Type": "AWS::ElasticLoadBalancingV2::LoadBalancer",
                "Condition": "Prod",
                "Properties": {"Subnets": {"Ref": "Azs"}},
            },
            "Out": {
                "Type": "AWS::SSM::Parameter",
                "Properties": {"Value": {"Fn::Sub": "${Lb.DNSName}"}, "Name": "Lb"},
            },
        },
    }
    merged = bench.synthetic([("x.yaml", body)], 2)
    assert sorted(merged["Resources"]) == ["LbF0C0", "LbF0C1", "OutF0C0", "OutF0C1"]
    lb = merged["Resources"]["LbF0C1"]
    assert lb["Condition"] == "ProdF0C1"
    assert lb["Properties"]["Subnets"] == {"Ref": "AzsF0C1"}
    assert merged["Resources"]["OutF0C1"]["Properties"]["Value"] == {"Fn::Sub": "${LbF0C1.DNSName}"}


def test_every_rule_does_linear_work_in_the_number_of_resources():
    from cfnlint.template import Template

    bench = _bench()
    bodies = bench.fixture_bodies()
    assert len(bodies) >= 60  # fixtures and labelled set: every rule's shapes are present
    small, large = (
        Template("synthetic.json", bench.synthetic(bodies, n), ["us-east-1"]) for n in (1, 4)
    )
    rules = bench.pack_rules()
    assert len(rules) >= 80
    growth = {}
    for rule in rules:
        at_1, at_4 = (bench.rule_calls(rule, cfn) for cfn in (small, large))
        growth[rule.id] = at_4 / max(at_1, 1)
    super_linear = {rule: round(g, 1) for rule, g in growth.items() if g > bench.SUPER_LINEAR}
    assert super_linear == {}
