"""``hastack validate`` through the real entry point: exit codes, text and JSON output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from hastack.cli.main import cli
from tests.validate.conftest import FIXTURES, REGIONS

ROOT = Path(__file__).resolve().parents[2]
GOOD = str(FIXTURES / "good" / "webapp.yaml")
BAD_RDS = str(FIXTURES / "bad" / "rds" / "instance.yaml")
WARNINGS_ONLY = str(FIXTURES / "bad" / "network" / "nat_crossed.yaml")


def run(*args: str):
    return CliRunner().invoke(cli, ["validate", *args], standalone_mode=False)


def exit_code(result) -> int:
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        from hastack.errors import HastackError

        if isinstance(result.exception, HastackError):
            return result.exception.exit_code
        raise result.exception
    return result.return_value if isinstance(result.return_value, int) else result.exit_code


def test_a_clean_template_exits_0_and_says_so_on_stderr():
    result = run(GOOD)
    assert exit_code(result) == 0
    assert result.stdout == ""
    assert "0 errors, 0 warnings, 0 info in 1 template" in result.stderr


def test_errors_exit_1_with_text_grouped_by_template_and_resource():
    result = run(BAD_RDS)
    assert exit_code(result) == 1
    out = result.stdout
    assert out.startswith("instance.yaml (")
    assert "\n  DatabaseInstance\n" in out
    assert "error   E9120  Resources/DatabaseInstance/Properties/MultiAZ:12" in out
    assert "warning W9209  Resources/DatabaseInstance/Properties/PubliclyAccessible:13" in out
    assert "fix: Set PubliclyAccessible: false" in out


def test_warnings_exit_0_but_1_with_strict():
    assert exit_code(run(WARNINGS_ONLY)) == 0
    assert exit_code(run(WARNINGS_ONLY, "--strict")) == 1


def test_json_output_is_a_list_of_findings_in_the_documented_shape():
    result = run("--format", "json", WARNINGS_ONLY)
    data = json.loads(result.stdout)
    assert [(d["rule"], d["resource"]) for d in data] == [
        ("W9111", "PrivateRouteTable1"),
        ("W9111", "PrivateRouteTable2"),
    ]
    assert all(
        set(d) == {"rule", "severity", "resource", "path", "message", "fix", "file"} for d in data
    )
    assert data[0]["path"] == ["Resources", "PrivateRouteTable1"]
    assert data[0]["file"] == WARNINGS_ONLY


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (None, "no such file"),
        (b"", "is empty"),
        (b"\x00\x01binary", "is a binary file"),
        (b"[1, 2]", "is a list"),
        (b"Resources:\n  A: [unclosed\n", "is not valid YAML"),
    ],
)
def test_files_that_are_not_templates_exit_2_with_one_line_naming_the_file(
    tmp_path, content, reason
):
    path = tmp_path / "broken.yaml"
    if content is not None:
        path.write_bytes(content)
    proc = subprocess.run(
        [str(Path(sys.executable).with_name("hastack")), "validate", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and reason in lines[0]
    assert "Traceback" not in proc.stderr and proc.stdout == ""


def test_an_unknown_region_exits_2():
    result = run("--region", "moon-1", GOOD)
    assert exit_code(result) == 2


def test_importing_the_command_does_not_load_cfn_lint():
    code = "import sys, hastack.cli.validate; print('cfnlint' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


EXAMPLES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "examples").glob("*.py"))


@pytest.mark.parametrize("example", EXAMPLES)
def test_every_example_has_no_error_warning_or_info_in_three_regions(example, monkeypatch):
    from hastack.validate.api import validate

    monkeypatch.chdir(ROOT)
    report = validate(example, regions=REGIONS, use_cache=False)
    assert report.results, "the example defines no stack"
    assert [(f.file, f.rule, f.path_string, f.message) for f in report.findings] == []


def test_stack_selects_one_stack_of_an_app_and_context_reaches_the_app(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run("examples/split_stacks.py", "--stack", "shop-web-prod", "--env", "prod")
    assert exit_code(result) == 0
    assert "0 errors, 0 warnings, 0 info in 1 template" in result.stderr
    assert exit_code(run("examples/split_stacks.py", "--stack", "nope")) == 2
