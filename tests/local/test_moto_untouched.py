"""hastack never changes moto: no assignment to a moto attribute anywhere in hastack, no
subclass moto would register, and a user's own ``mock_aws`` tests behave as without hastack.
Also: the per-type table in docs/local.md is the one the code generates."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hastack.local.docs import corpus_top, section
from hastack.local.handlers import is_emulated

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path("/work/shared/corpus/resource-types.tsv")


def _moto_names(tree: ast.Module) -> set[str]:
    """Local names bound to moto modules or objects by imports in a module."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "moto":
            names.update(alias.asname or alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "moto":
                    names.add(alias.asname or alias.name.split(".")[0])
    return names


def _root(node: ast.AST) -> str | None:
    while isinstance(node, ast.Attribute | ast.Subscript):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _violations(path: Path) -> list[str]:
    tree = ast.parse(path.read_text())
    moto = _moto_names(tree)
    found = []
    for node in ast.walk(tree):
        targets: list[ast.AST] = []
        if isinstance(node, ast.Assign):
            targets = list(node.targets)
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            if isinstance(target, ast.Attribute) and _root(target) in moto:
                found.append(f"{path}:{node.lineno}: assigns {ast.unparse(target)}")
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("setattr", "delattr")
            and node.args
            and _root(node.args[0]) in moto
        ):
            found.append(f"{path}:{node.lineno}: {node.func.id} on {ast.unparse(node.args[0])}")
        if isinstance(node, ast.ClassDef):
            for base in node.bases:
                if _root(base) in moto or ast.unparse(base).endswith("CloudFormationModel"):
                    found.append(f"{path}:{node.lineno}: subclasses {ast.unparse(base)}")
    return found


def test_no_module_of_hastack_assigns_to_moto_or_subclasses_its_models() -> None:
    files = sorted((ROOT / "hastack").rglob("*.py"))
    assert len(files) > 50
    assert [v for path in files for v in _violations(path)] == []


def test_the_check_catches_a_patch() -> None:
    """The grep above would see the old layer's kind of patch."""
    sample = ROOT / "tests" / "local" / "_patch_sample.py"
    sample.write_text(
        "from moto.cloudformation import parsing\n"
        "from moto.core.common_models import CloudFormationModel\n"
        "parsing.clean_json = print\n"
        "setattr(parsing, 'x', 1)\n"
        "class H(CloudFormationModel):\n    pass\n"
    )
    try:
        assert len(_violations(sample)) == 3
    finally:
        sample.unlink()


USERS_MOCK_TESTS = """
import json
import boto3
from moto import mock_aws

ALARM = {"Resources": {"Alarm": {"Type": "AWS::CloudWatch::Alarm", "Properties": {
    "MetricName": "CPU", "Namespace": "AWS/EC2", "Statistic": "Average", "Period": 60,
    "EvaluationPeriods": 1, "Threshold": 1, "ComparisonOperator": "GreaterThanThreshold"}}}}


def moto_as_it_is():
    from moto.cloudformation.parsing import get_model_map
    from moto.core.common_models import CloudFormationModel
    with mock_aws():
        cfn = boto3.client("cloudformation", region_name="us-east-1")
        cfn.create_stack(StackName="mine", TemplateBody=json.dumps(ALARM))
        alarms = boto3.client("cloudwatch", region_name="us-east-1").describe_alarms()
        events = cfn.describe_stack_events(StackName="mine")["StackEvents"]
        return {
            "status": cfn.describe_stacks(StackName="mine")["Stacks"][0]["StackStatus"],
            "alarms": len(alarms["MetricAlarms"]),
            "events": sorted({e["ResourceStatus"] for e in events}),
            "handlers": sorted(
                {c.__module__.split(".")[0] for c in CloudFormationModel.__subclasses__()}
            ),
            "instance_handler": get_model_map()["AWS::RDS::DBInstance"].__module__,
        }


RESULTS = []


def test_mock_before():
    RESULTS.append(moto_as_it_is())


def test_hastack_fixture_in_between(aws, deploy):
    from troposphere import Template, cloudwatch
    from hastack.core.stack import Stack
    t = Template()
    t.add_resource(cloudwatch.Alarm("Alarm", **ALARM["Resources"]["Alarm"]["Properties"]))
    deploy(Stack(name="ours", template=t))
    assert len(aws.client("cloudwatch").describe_alarms()["MetricAlarms"]) == 1


def test_mock_after():
    RESULTS.append(moto_as_it_is())
    before, after = RESULTS
    assert before == after
    print("MOTO", after)
"""


def _run_user_session(directory: Path, source: str, *options: str) -> tuple[str, str]:
    """Run a user's test file in its own pytest process: (its MOTO line, the summary)."""
    (directory / "test_users.py").write_text(source)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-s",
            "-p",
            "no:cacheprovider",
            *options,
            "test_users.py",
        ],
        cwd=directory,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    lines = done.stdout.splitlines()
    moto = [line.split("MOTO", 1)[1] for line in lines if "MOTO" in line]
    return (moto[0] if moto else done.stdout[-2000:]), lines[-1] if lines else done.stderr


def test_a_users_own_mock_aws_tests_see_moto_as_without_hastack(tmp_path: Path) -> None:
    """The same user test, run before and after a hastack fixture in one session, and in a
    session without the hastack plugin, sees the same moto."""
    (tmp_path / "with").mkdir()
    (tmp_path / "without").mkdir()
    with_plugin, summary = _run_user_session(tmp_path / "with", USERS_MOCK_TESTS)
    assert "3 passed" in summary, with_plugin
    alone = USERS_MOCK_TESTS.replace(
        "def test_hastack_fixture_in_between(aws, deploy):", "def _not_collected(aws, deploy):"
    )
    without, summary = _run_user_session(tmp_path / "without", alone, "-p", "no:hastack")
    assert "2 passed" in summary, without
    assert with_plugin == without
    assert "'handlers': ['moto']" in with_plugin


def test_the_docs_table_is_the_generated_one() -> None:
    text = (ROOT / "docs" / "local.md").read_text()
    assert section() in text, "run: python -c 'from hastack.local.docs import ...' (see docs.py)"


@pytest.mark.skipif(not CORPUS.exists(), reason="the shared corpus is not on this machine")
def test_most_of_the_corpus_top_40_types_are_emulated() -> None:
    top = corpus_top(CORPUS)
    missing = [kind for kind in top if not is_emulated(kind)]
    # transforms and macros are not resources the engine can create
    assert set(missing) <= {
        "AWS::Serverless::Function",
        "AWS::CloudFormation::Macro",
        "AWS::Logs::QueryDefinition",
    }, missing
