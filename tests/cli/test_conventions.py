"""The conventions AWS users already have: region chain, NO_COLOR, -q/-v/--debug, stdout."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner

from hastack.cli import console, synth_run
from hastack.cli.main import cli, main
from hastack.core import regions
from hastack.errors import UsageError
from tests.conftest import ROOT

WEBAPP = str(ROOT / "examples" / "webapp.py")
VENV_PATH = re.compile(r"""["']\.venv["']|\.venv/bin""")
SPLIT = str(ROOT / "examples" / "split_stacks.py")


@pytest.fixture(autouse=True)
def _fresh_settings(monkeypatch):
    monkeypatch.setattr(console, "SETTINGS", console._Settings())
    for name in ("AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE", "NO_COLOR", "HASTACK_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent/aws-config")
    regions.clear_region_choice()
    yield
    regions.clear_region_choice()


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "hastack", *args], capture_output=True, text=True, env=full
    )


def test_the_region_chain_is_the_aws_clis(tmp_path):
    config = tmp_path / "config"
    config.write_text("[default]\nregion = eu-north-1\n[profile prod]\nregion = ap-southeast-2\n")
    env = {"AWS_CONFIG_FILE": str(config)}
    assert regions.default_region(env) == regions.RegionChoice("eu-north-1", "profile default")
    env["AWS_PROFILE"] = "prod"
    assert regions.default_region(env).source == "profile prod"
    env["AWS_DEFAULT_REGION"] = "eu-west-2"
    assert regions.default_region(env) == regions.RegionChoice("eu-west-2", "AWS_DEFAULT_REGION")
    env["AWS_REGION"] = "eu-west-1"
    assert regions.default_region(env).name == "eu-west-1"
    regions.choose_region("us-west-2", "--region")
    assert regions.default_region(env) == regions.RegionChoice("us-west-2", "--region")
    regions.clear_region_choice()
    assert regions.default_region({"AWS_CONFIG_FILE": "/nope"}).source == "hastack's default"
    with pytest.raises(UsageError, match="AWS_REGION: 'mars-1' is not an AWS region"):
        regions.default_region({"AWS_REGION": "mars-1"})


def test_a_blueprint_without_a_region_takes_it_from_the_environment(monkeypatch):
    from hastack.blueprints import HAWebApp

    monkeypatch.setenv("AWS_REGION", "eu-west-1")
    app = HAWebApp("shop")
    assert (app.region, app.synth().region_source) == ("eu-west-1", "AWS_REGION")
    assert HAWebApp("shop", region="us-east-2").region_source == "region="


def test_synth_says_where_the_region_came_from(tmp_path):
    done = _run("synth", WEBAPP, "-o", str(tmp_path), env={"AWS_REGION": "eu-west-1"})
    assert done.returncode == 0, done.stderr
    assert "region: eu-west-1 from AWS_REGION" in done.stderr
    assert "(eu-west-1)" in done.stdout
    quiet = _run("-q", "synth", WEBAPP, "-o", str(tmp_path), env={"AWS_REGION": "eu-west-1"})
    assert "region:" not in quiet.stderr


def test_synth_dash_writes_one_template_to_stdout_and_nothing_else(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "hastack", "synth", WEBAPP, "-o", "-"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "AWS::RDS::DBCluster" in json.loads(done.stdout)["Resources"]["DatabaseCluster"]["Type"]
    assert not (tmp_path / "-").exists()
    several = _run("synth", SPLIT, "-o", "-")
    assert several.returncode == 2 and "choose one with --stack" in several.stderr


def test_debug_shows_the_users_own_file_and_line(tmp_path):
    (tmp_path / "mylib").mkdir()
    (tmp_path / "mylib" / "__init__.py").write_text("")
    (tmp_path / "mylib" / "parts.py").write_text("def make():\n    raise ValueError('bad tier')\n")
    app = tmp_path / "app.py"
    app.write_text(
        f"import sys\nsys.path.insert(0, {str(tmp_path)!r})\nfrom mylib.parts import make\nmake()\n"
    )
    plain = _run("synth", str(app), "-o", str(tmp_path / "out"))
    assert plain.returncode == 2
    assert "mylib/parts.py on line 2: ValueError: bad tier" in plain.stderr
    assert "--debug shows the traceback" in plain.stderr and "Traceback" not in plain.stderr
    debug = _run("--debug", "synth", str(app), "-o", str(tmp_path / "out"))
    assert "Traceback" in debug.stderr and 'parts.py", line 2, in make' in debug.stderr


def test_no_color_turns_colour_off_even_on_a_terminal(monkeypatch, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n")
    runner = CliRunner()
    coloured = runner.invoke(cli, ["validate", str(bad), "--no-cache"], color=True)
    assert "\x1b[" in coloured.output
    monkeypatch.setenv("NO_COLOR", "1")
    plain = runner.invoke(cli, ["validate", str(bad), "--no-cache"], color=True)
    assert "W9130" in plain.output and "\x1b[" not in plain.output
    assert console.paint("error: ", fg="red") == "error: "


def test_a_missing_extra_names_it(monkeypatch, capsys):
    def missing(*args, **kwargs):
        raise ModuleNotFoundError("No module named 'moto'", name="moto")

    monkeypatch.setattr(cli, "main", missing)
    with pytest.raises(SystemExit) as exit_:
        main(["deploy", WEBAPP, "--local"])
    assert exit_.value.code == 2
    assert "pip install 'hastack[local]'" in capsys.readouterr().err


def test_a_bug_of_ours_is_one_line_unless_debug(monkeypatch, capsys):
    def broken(*args, **kwargs):
        raise KeyError("oops")

    monkeypatch.setattr(cli, "main", broken)
    monkeypatch.setattr(synth_run, "run", broken)  # synth runs without click
    with pytest.raises(SystemExit) as exit_:
        main(["synth", WEBAPP])
    err = capsys.readouterr().err
    assert exit_.value.code == 1 and "internal error: KeyError" in err and "Traceback" not in err
    with pytest.raises(SystemExit):
        main(["--debug", "synth", WEBAPP])
    assert "Traceback" in capsys.readouterr().err


def test_validate_writes_sarif_and_junit(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n"
        "  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: mysql\n"
        "      DBInstanceClass: db.t3.micro\n      AllocatedStorage: '20'\n"
    )
    sarif = _run("validate", str(bad), "--format", "sarif", "--no-cache")
    log = json.loads(sarif.stdout)
    assert log["version"] == "2.1.0" and len(log["runs"]) == 1
    run = log["runs"][0]
    rule_ids = {r["id"] for r in run["tool"]["driver"]["rules"]}
    assert run["results"] and {r["ruleId"] for r in run["results"]} == rule_ids
    for result in run["results"]:
        assert result["level"] in ("error", "warning", "note")
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"].endswith("bad.yaml")
        assert location["region"]["startLine"] >= 1
    junit = _run("validate", str(bad), "--format", "junit", "--no-cache")
    root = ElementTree.fromstring(junit.stdout)
    errors = sum(1 for r in run["results"] if r["level"] == "error")
    assert int(root.get("failures", "-1")) == errors
    assert int(root.get("tests", "0")) == len(run["results"])
    assert junit.returncode == (1 if errors else 0)


def test_no_test_needs_the_makefiles_venv():
    """Tests find the CLI through the running interpreter, so they pass in any environment."""
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "tests").rglob("*.py")
        if p.name != "test_conventions.py" and VENV_PATH.search(p.read_text())
    ]
    assert offenders == []


def test_a_missing_profile_is_named_with_where_it_came_from(monkeypatch, tmp_path):
    pytest.importorskip("boto3", reason="deploy needs the aws extra")
    from hastack.deploy.session import AwsTarget

    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))
    monkeypatch.setenv("AWS_PROFILE", "nope")
    with pytest.raises(UsageError, match=r"^AWS_PROFILE nope: no such profile"):
        AwsTarget(region="us-east-1").session()
    monkeypatch.delenv("AWS_PROFILE")
    with pytest.raises(UsageError, match=r"^--profile other: no such profile"):
        AwsTarget(region="us-east-1", profile="other").session()


def test_a_missing_module_that_no_extra_installs_is_one_line_not_a_traceback(monkeypatch, capsys):
    def missing(*args, **kwargs):
        raise ModuleNotFoundError("No module named 'nosuchthing'", name="nosuchthing")

    monkeypatch.setattr(cli, "main", missing)
    monkeypatch.setattr(synth_run, "run", missing)  # synth runs without click
    with pytest.raises(SystemExit) as exit_:
        main(["synth", WEBAPP])
    err = capsys.readouterr().err
    assert exit_.value.code == 1
    assert "internal error: ModuleNotFoundError" in err and "Traceback" not in err
