"""hastack.validate(...): targets of every kind, reports, the cache and parallel runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hastack.errors import UsageError
from tests.validate.conftest import FIXTURES

TOPIC = {"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}}}
ROOT = Path(__file__).resolve().parents[2]


def test_hastack_validate_is_callable_whether_it_names_the_function_or_the_package():
    import hastack
    import hastack.validate as package
    from hastack.validate.api import validate

    assert hastack.__getattr__("validate") is package  # the lazy name is the package...
    assert callable(validate)
    report = package(TOPIC, use_cache=False)  # ...which forwards calls to the function
    assert [f.rule for f in report.findings] == ["W9213"]


def test_a_template_dict_gives_findings_in_the_documented_json_shape():
    from hastack.validate.api import validate

    report = validate(TOPIC, use_cache=False)
    assert [f.to_dict() for f in report.findings] == [
        {
            "rule": "W9213",
            "severity": "warning",
            "resource": "Topic",
            "path": ["Resources", "Topic", "Properties"],
            "message": "Topic is not encrypted",
            "fix": "Set KmsMasterKeyId (alias/aws/sns or a customer managed key).",
            "file": "template",
        }
    ]
    assert report.warnings and not report.errors
    assert not report.has_blocking() and report.has_blocking(strict=True)


def test_a_stack_is_checked_in_its_own_region():
    from troposphere import Template
    from troposphere.sns import Topic

    from hastack.core.stack import Stack
    from hastack.validate.api import validate

    template = Template()
    template.add_resource(Topic("Alarms"))
    report = validate([Stack("alerts", template, region="eu-west-1")], use_cache=False)
    assert report.results[0].regions == ["eu-west-1"]
    assert [(f.rule, f.resource) for f in report.findings] == [("W9213", "Alarms")]


def test_errors_block_and_name_the_file():
    from hastack.validate.api import validate

    path = str(FIXTURES / "bad" / "rds" / "instance.yaml")
    report = validate(path, use_cache=False)
    assert report.has_blocking()
    assert {f.rule for f in report.errors} == {"E9120"}
    assert {f.file for f in report.findings} == {path}


def test_a_second_run_comes_from_the_cache_with_the_same_findings(isolated_cache):
    from hastack.validate.api import validate

    path = str(FIXTURES / "bad" / "dns" / "failover.yaml")
    first = validate(path)
    second = validate(path)
    assert not first.results[0].cached and second.results[0].cached
    assert second.findings == first.findings
    assert [f.line for f in second.findings] == [f.line for f in first.findings]
    assert list((isolated_cache / "validate").rglob("*.json"))


def test_other_regions_miss_the_cache_and_a_deleted_or_corrupt_cache_is_rebuilt(isolated_cache):
    from hastack.validate.api import validate

    assert not validate(TOPIC).results[0].cached
    assert not validate(TOPIC, regions=["eu-west-1"]).results[0].cached
    for entry in isolated_cache.rglob("*.json"):
        entry.write_text("{not json")
    assert not validate(TOPIC).results[0].cached
    import shutil

    shutil.rmtree(isolated_cache)
    report = validate(TOPIC)
    assert not report.results[0].cached and [f.rule for f in report.findings] == ["W9213"]


def test_the_cache_key_changes_with_the_template_regions_and_rules(tmp_path):
    from hastack.validate.cache import cache_key

    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "R.py").write_text("# one\n")
    folders = (str(rules),)
    key = cache_key("text", ["us-east-1"], folders)
    assert key == cache_key("text", ["us-east-1"], folders)
    assert key != cache_key("text2", ["us-east-1"], folders)
    assert key != cache_key("text", ["eu-west-1"], folders)


def test_parallel_validation_gives_the_same_findings_as_serial(monkeypatch):
    from hastack.validate.api import validate

    paths = [
        str(FIXTURES / "bad" / name)
        for name in ("dns/failover.yaml", "network/nat_single.yaml", "meta/suppressions.yaml")
    ]
    monkeypatch.setenv("HASTACK_JOBS", "1")
    serial = validate(paths, use_cache=False)
    from hastack.validate import parallel as parallel_module

    pools = []
    real_pool = parallel_module.ProcessPoolExecutor

    def recording_pool(*args, **kwargs):
        pools.append(kwargs.get("max_workers"))
        return real_pool(*args, **kwargs)

    monkeypatch.setattr(parallel_module, "ProcessPoolExecutor", recording_pool)
    monkeypatch.setenv("HASTACK_JOBS", "2")
    parallel = validate(paths, use_cache=False)
    assert pools == [2]
    assert [f.to_dict() for f in parallel.findings] == [f.to_dict() for f in serial.findings]


def test_an_unknown_region_is_a_usage_error_before_linting():
    from hastack.validate.api import validate

    with pytest.raises(UsageError, match="unknown region mars-north-1"):
        validate(TOPIC, regions=["mars-north-1"])


def test_extra_rules_from_a_folder_run_too(tmp_path):
    from hastack.validate.api import validate

    folder = tmp_path / "myrules"
    folder.mkdir()
    (folder / "NoTopics.py").write_text(
        "from cfnlint.rules import CloudFormationLintRule, RuleMatch\n\n\n"
        "class NoTopics(CloudFormationLintRule):\n"
        "    id = 'E9990'\n    shortdesc = 'No topics'\n    description = 'Use queues.'\n"
        "    source_url = 'https://example.com'\n    tags = ['local']\n\n"
        "    def match(self, cfn):\n"
        "        return [RuleMatch(['Resources', n], 'no topics here')\n"
        "                for n in cfn.get_resources(['AWS::SNS::Topic'])]\n"
    )
    report = validate(TOPIC, rules_path=folder, use_cache=False)
    assert ("E9990", "Topic") in {(f.rule, f.resource) for f in report.findings}
    with pytest.raises(UsageError, match="not a folder"):
        validate(TOPIC, rules_path=tmp_path / "missing")


def test_a_template_dict_without_resources_is_a_usage_error():
    from hastack.validate.api import validate

    with pytest.raises(UsageError, match="no Resources"):
        validate({"Parameters": {}})


def test_a_json_template_text_keeps_line_numbers(tmp_path):
    from hastack.validate.api import validate

    path = tmp_path / "topic.json"
    path.write_text(json.dumps(TOPIC, indent=2))
    finding = validate(str(path), use_cache=False).findings[0]
    assert finding.line == 3  # the line of "Topic"


def test_workers_are_forked_only_from_a_single_threaded_process():
    import threading

    from hastack.validate.parallel import start_method

    stop = threading.Event()
    helper = threading.Thread(target=stop.wait)
    helper.start()
    try:
        assert start_method() in ("forkserver", "spawn")
    finally:
        stop.set()
        helper.join()


def test_a_failover_pair_split_over_two_templates_is_complete_when_checked_together():
    from hastack.validate.api import validate

    def record(role: str) -> dict:
        return {
            "Resources": {
                "Record": {
                    "Type": "AWS::Route53::RecordSet",
                    "Properties": {
                        "HostedZoneId": "Z123",
                        "Name": "app.example.com",
                        "Type": "A",
                        "SetIdentifier": role.lower(),
                        "Failover": role,
                        "HealthCheckId": "hc-1",
                        "TTL": "60",
                        "ResourceRecords": ["192.0.2.1"],
                    },
                }
            }
        }

    alone = validate(record("PRIMARY"), use_cache=False)
    assert [f.rule for f in alone.findings] == ["W9141"]
    together = validate([record("PRIMARY"), record("SECONDARY")], use_cache=False)
    assert together.findings == []
    other_name = record("SECONDARY")
    other_name["Resources"]["Record"]["Properties"]["Name"] = "other.example.com"
    mismatched = validate([record("PRIMARY"), other_name], use_cache=False)
    assert [f.rule for f in mismatched.findings] == ["W9141"]


def test_an_app_and_a_blueprint_are_targets_like_for_cost_and_analysis():
    from troposphere import Template
    from troposphere.sns import Topic

    from hastack.core.app import App
    from hastack.core.blueprint import Blueprint
    from hastack.core.options import Options
    from hastack.core.stack import Stack
    from hastack.validate.api import validate

    template = Template()
    template.add_resource(Topic("Alarms"))
    app = App("shop")
    app.add(Stack("alerts", template, region="eu-west-1"))
    report = validate(app, use_cache=False)
    assert [(r.name, r.regions) for r in report.results] == [("alerts", ["eu-west-1"])]
    assert [(f.rule, f.resource, f.file) for f in report.findings] == [
        ("W9213", "Alarms", "alerts")
    ]

    class Topics(Blueprint):
        options_class = Options

        def build(self, t: Template) -> None:
            t.add_resource(Topic("Events"))

    report = validate(Topics("events", region="eu-west-2"), use_cache=False)
    assert [(f.rule, f.resource, f.file) for f in report.findings] == [
        ("W9213", "Events", "events")
    ]
    assert report.results[0].regions == ["eu-west-2"]


def test_synthesized_template_files_are_checked_in_the_region_their_manifest_names(tmp_path):
    from troposphere import GetAZs, Select, Template
    from troposphere.ec2 import Subnet

    from hastack.core.app import App
    from hastack.core.stack import Stack
    from hastack.validate.api import validate

    template = Template()
    template.add_resource(
        Subnet(
            "SubnetC",
            VpcId="vpc-0123456789abcdef0",
            CidrBlock="10.0.2.0/24",
            AvailabilityZone=Select(2, GetAZs("")),
        )
    )
    app = App("west")
    app.add(Stack("west", template, region="us-west-1"))  # two AZs: the third does not exist
    files = [str(p) for p in app.synth(tmp_path) if p.name != "manifest.json"]
    report = validate(files, use_cache=False)
    assert report.results[0].regions == ["us-west-1"]
    assert [(f.rule, f.resource) for f in report.findings] == [("E9112", "SubnetC")]
    # without the manifest the file is a plain template, checked in the default region
    (tmp_path / "manifest.json").unlink()
    assert validate(files, use_cache=False).results[0].regions == ["us-east-1"]


def test_findings_name_a_file_an_app_file_and_stack_or_a_bare_template(tmp_path):
    from hastack.validate.api import validate

    path = tmp_path / "topic.json"
    path.write_text(json.dumps(TOPIC))
    app = tmp_path / "alerts_app.py"
    app.write_text(
        "from troposphere import Template\nfrom troposphere.sns import Topic\n\n"
        "from hastack.core.app import App\nfrom hastack.core.stack import Stack\n\n"
        "template = Template()\ntemplate.add_resource(Topic('Topic'))\n"
        "app = App('alerts')\napp.add(Stack('alerts-dev', template))\n"
    )
    report = validate([str(path), str(app), TOPIC], use_cache=False)
    assert [f.file for f in report.findings] == [str(path), f"{app}#alerts-dev", "template"]
