"""hastack never changes moto: no assignment to a moto attribute anywhere in hastack, no
subclass moto would register, and a user's own ``mock_aws`` tests behave as without hastack.
Also: the per-type table in docs/local.md is the one the code generates."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from collections.abc import Callable
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


def _writes(node: ast.AST, is_moto: Callable[[ast.AST], bool], where: str) -> list[str]:
    """An attribute assignment (or setattr/delattr) at ``node`` to an object ``is_moto`` says
    belongs to moto."""
    targets: list[ast.AST] = []
    if isinstance(node, ast.Assign):
        targets = list(node.targets)
    elif isinstance(node, ast.AugAssign | ast.AnnAssign):
        targets = [node.target]
    found = [
        f"{where}:{node.lineno}: assigns {ast.unparse(target)}"
        for target in targets
        if isinstance(target, ast.Attribute) and is_moto(target.value)
    ]
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in ("setattr", "delattr")
        and node.args
        and is_moto(node.args[0])
    ):
        found.append(f"{where}:{node.lineno}: {node.func.id} on {ast.unparse(node.args[0])}")
    return found


def _violations(path: Path) -> list[str]:
    tree = ast.parse(path.read_text())
    moto = _moto_names(tree)
    found = []
    for node in ast.walk(tree):
        found += _writes(node, lambda obj: _root(obj) in moto, str(path))
        if isinstance(node, ast.ClassDef):
            for base in node.bases:
                if _root(base) in moto or ast.unparse(base).endswith("CloudFormationModel"):
                    found.append(f"{path}:{node.lineno}: subclasses {ast.unparse(base)}")
    return found


_MOTO_SOURCES = {
    "backend",  # Context.backend(service): a moto backend
    "get_backend",
    "create_from_cloudformation_json",
    "update_from_cloudformation_json",
}
"""Calls whose result is a moto backend or a moto model object."""


def _from_moto(node: ast.AST, tainted: set[str]) -> bool:
    """Whether an expression reaches a moto object: a backend or model call, a ``.state`` (a
    resource's backend object), or a name bound from one of those."""
    for inner in ast.walk(node):
        if isinstance(inner, ast.Call):
            func = inner.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name in _MOTO_SOURCES:
                return True
        if isinstance(inner, ast.Attribute) and inner.attr == "state":
            return True
        if isinstance(inner, ast.Name) and inner.id in tainted:
            return True
    return False


def _bound_names(target: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}


def _assignments_to_moto_objects(path: Path) -> list[str]:
    """Attribute assignments whose object comes from a moto backend or model, per function
    (names bound from such an expression, by assignment or a for loop, are followed). A
    parameter annotated ``Any`` counts as a moto object: hastack's own types are annotated
    by name (``Context``, ``Live``, ``dict[...]``), moto's objects are passed as ``Any``."""
    return _assignments_in(ast.parse(path.read_text()), str(path))


def _assignments_in(tree: ast.AST, where: str) -> list[str]:
    found = []
    for func in ast.walk(tree):
        if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        arguments = [*func.args.posonlyargs, *func.args.args, *func.args.kwonlyargs]
        tainted = {
            a.arg
            for a in arguments
            if a.annotation is not None and ast.unparse(a.annotation) == "Any"
        }
        changed = True
        while changed:
            changed = False
            for node in ast.walk(func):
                pairs: list[tuple[ast.AST, ast.AST]] = []
                if isinstance(node, ast.Assign):
                    pairs = [
                        (t, node.value) for t in node.targets if not isinstance(t, ast.Attribute)
                    ]
                elif isinstance(node, ast.For | ast.comprehension):
                    pairs = [(node.target, node.iter)]
                elif isinstance(node, ast.NamedExpr):
                    pairs = [(node.target, node.value)]
                for target, value in pairs:
                    names = _bound_names(target) - tainted
                    if names and _from_moto(value, tainted):
                        tainted |= names
                        changed = True
        for node in ast.walk(func):
            found += _writes(node, lambda obj, t=tainted: _from_moto(obj, t), where)
    return found


def test_no_handler_assigns_to_an_object_it_got_from_moto() -> None:
    """A moto backend's objects are moto's state: hastack changes them only through the
    backends' public methods (what the service API calls), never by assignment."""
    files = sorted((ROOT / "hastack" / "local").rglob("*.py"))
    assert [v for path in files for v in _assignments_to_moto_objects(path)] == []


def test_the_object_check_catches_an_assignment(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "def create(self, ctx, props):\n"
        "    obj = self.model.create_from_cloudformation_json('n', {}, 'a', 'r')\n"
        "    obj.type = props['Type']\n"
        "    lb = ctx.backend('elbv2').load_balancers['arn']\n"
        "    lb.state = 'active'\n"
        "    for group in ctx.backend('ec2').groups.values():\n"
        "        group.description = 'x'\n"
        "    live.state.name = 'y'\n"
        "    setattr(lb, 'scheme', 'internal')\n"
        "    live.note = 'ours'\n"
        "    mine = {}\n"
        "    mine.x = 1\n"
    )
    assert len(_assignments_to_moto_objects(sample)) == 5


def test_the_object_check_catches_what_the_load_balancer_handler_once_did() -> None:
    """The balancer's type was set on moto's object after its model created it."""
    source = (
        "def _load_balancer_attributes(ctx: Context, balancer: Any, props: dict) -> None:\n"
        "    balancer.type = props.get('Type', 'application')\n"
    )
    assert _assignments_in(ast.parse(source), "old") == ["old:2: assigns balancer.type"]


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
