"""``hastack synth`` and the top-level CLI, through the real entry point."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from hastack import __version__
from hastack.cli.main import cli
from tests.conftest import EXAMPLES, ROOT

HASTACK = str(Path(sys.executable).parent / "hastack")


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    return subprocess.run(
        [HASTACK, *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=120
    )


def test_help_and_version_work() -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["--help"])
    assert result.exit_code == 0 and "synth" in result.output
    assert runner.invoke(cli, ["--version"]).output.strip() == f"hastack, version {__version__}"
    synth_help = runner.invoke(cli, ["synth", "--help"])
    assert synth_help.exit_code == 0 and "--format" in synth_help.output


def test_synth_writes_each_template_with_size_and_resource_count(tmp_path) -> None:
    result = run("synth", str(EXAMPLES / "split_stacks.py"), "-o", str(tmp_path), "--env", "qa")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{tmp_path}/shop-network-qa.template.json  ")
    assert "resources  (us-east-1)" in lines[0]
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == [
        "manifest.json",
        "shop-database-qa.template.json",
        "shop-network-qa.template.json",
        "shop-web-qa.template.json",
    ]
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert [s["name"] for s in manifest["stacks"]] == [
        "shop-network-qa",
        "shop-database-qa",
        "shop-web-qa",
    ]


def test_synth_yaml_and_stack_selection(tmp_path) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "synth",
            str(EXAMPLES / "split_stacks.py"),
            "-o",
            str(tmp_path),
            "--format",
            "yaml",
            "--stack",
            "shop-network-dev",
        ],
    )
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.iterdir()] == ["shop-network-dev.template.yaml"]


def test_context_values_reach_the_app_file(tmp_path) -> None:
    result = run(
        "synth",
        str(EXAMPLES / "webapp.py"),
        "-o",
        str(tmp_path),
        "-c",
        "domain=shop.example.org",
        "-c",
        "region=eu-west-1",
        "--env",
        "prod",
    )
    assert result.returncode == 0, result.stderr
    body = json.loads((tmp_path / "webapp-prod.template.json").read_text())
    assert body["Resources"]["AliasRecord"]["Properties"]["Name"] == "shop.example.org"
    assert "(eu-west-1)" in result.stdout


def test_two_synth_processes_write_identical_bytes(tmp_path) -> None:
    for out in ("a", "b"):
        assert run("synth", str(EXAMPLES / "webapp.py"), "-o", str(tmp_path / out)).returncode == 0
    first = sorted((tmp_path / "a").iterdir())
    assert [p.name for p in first] == sorted(p.name for p in (tmp_path / "b").iterdir())
    for path in first:
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes()


@pytest.mark.parametrize(
    ("file_text", "message"),
    [
        (None, "no such file"),
        (
            "raise ValueError('bad config')\n",
            "importing it failed on line 1: ValueError: bad config",
        ),
        (
            "from hastack.blueprints import HAWebApp\napp = HAWebApp('w', network={'az_count': 8}, "
            "fleet={'instance_type': 'x'})\n",
            "network.az_count=8",
        ),
        ("from hastack import App\napp = App()\napp.context['needed']\n", "context key 'needed'"),
    ],
)
def test_bad_app_files_give_one_paragraph_and_exit_2(tmp_path, file_text, message) -> None:
    path = tmp_path / "app.py"
    if file_text is not None:
        path.write_text(file_text)
    result = run("synth", str(path), "-o", str(tmp_path / "out"))
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_option_errors_list_every_bad_field_on_the_cli(tmp_path) -> None:
    path = tmp_path / "app.py"
    path.write_text(
        "from hastack.blueprints import HAWebApp\napp = HAWebApp('w', network={'az_count': 8},"
        " fleet={'instance_type': 'x'})\n"
    )
    result = run("synth", str(path))
    assert "network.az_count=8" in result.stderr and "fleet.instance_type='x'" in result.stderr


def test_size_limits_warn_over_inline_and_fail_over_one_megabyte(tmp_path) -> None:
    path = tmp_path / "big.py"
    path.write_text(
        "from troposphere import Template\nfrom troposphere.sns import Topic\n"
        "from hastack import Stack\n"
        "def make(name, n, pad):\n"
        "    t = Template()\n"
        "    for i in range(n):\n"
        "        t.add_resource(Topic(f'T{i}', Metadata={'pad': pad}))\n"
        "    return Stack(name, t)\n"
        "big = make('big', 120, 'x' * 400)\n"
        "huge = make('huge', 450, 'y' * 2500)\n"
    )
    result = run("synth", str(path), "-o", str(tmp_path / "out"))
    assert "big: " in result.stderr and "inline limit; deploy uploads it to S3" in result.stderr
    assert "huge: " in result.stderr and "over CloudFormation's 1 MB limit" in result.stderr
    assert result.returncode == 1


def test_size_check_reports_over_500_resources() -> None:
    from hastack.core.limits import check_stack_size

    assert check_stack_size("s", 1000, 501) == [
        (
            "error",
            "s: 501 resources, over CloudFormation's 500; split it into several stacks of one App",
        )
    ]
    assert check_stack_size("s", 51_200, 10) == []


def test_synth_never_imports_boto3_moto_or_cfn_lint(tmp_path) -> None:
    code = (
        "import sys\nfrom hastack.cli.main import main\n"
        f"try:\n    main(['synth', {str(EXAMPLES / 'webapp.py')!r}, '-o', {str(tmp_path)!r}])\n"
        "except SystemExit as e:\n    assert e.code == 0, e.code\n"
        "print(sorted(m for m in ('boto3', 'botocore', 'moto', 'cfnlint') if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stderr


def test_synth_does_not_load_the_template_readers(tmp_path) -> None:
    """Synth builds templates; it reads none, so the evaluator and the view stay unloaded (the
    database component reads only the engine-version table of that package)."""
    code = (
        "import sys\nfrom hastack.cli.main import main\n"
        f"try:\n    main(['synth', {str(EXAMPLES / 'webapp.py')!r}, '-o', {str(tmp_path)!r}])\n"
        "except SystemExit as e:\n    assert e.code == 0, e.code\n"
        "print(sorted(m for m in sys.modules if m.startswith('hastack.template.')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert result.stdout.strip().splitlines()[-1] == "['hastack.template.engine_versions']", (
        result.stderr
    )


def test_python_dash_m_runs_the_cli() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "hastack", "--version"], capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == f"hastack, version {__version__}"


def test_synth_prints_warnings_for_risky_options_with_their_ids(tmp_path) -> None:
    path = tmp_path / "cheap.py"
    path.write_text(
        "from hastack.blueprints import HAWebApp\n"
        "app = HAWebApp('cheap', network={'nat': 'single'})\n"
    )
    result = run("synth", str(path), "-o", str(tmp_path / "out"))
    assert result.returncode == 0
    assert "cheap: nat='single' is a single point of failure" in result.stderr
    assert "[hastack:network:single-nat]" in result.stderr


def test_an_app_without_stacks_is_an_error_not_an_empty_success(tmp_path) -> None:
    """Every other command refuses "nothing to ..."; synth writing nothing with exit 0 would
    let a CI job deploy nothing and pass."""
    app = tmp_path / "empty.py"
    app.write_text('from hastack import App\napp = App("empty")\n')
    result = run("synth", str(app), "-o", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "defines no stacks" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()
