"""deploy, diff, destroy, outputs and status through the real ``hastack`` entry point."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES
from tests.deploy.conftest import FIXTURES, run_cli
from tests.deploy.templates import database

BASIC = str(FIXTURES / "basic.json")

# moto's state is global to the process: an emulator started by --local sees (and leaves)
# whatever the other tests deployed, so every test here starts from a reset emulator.
pytestmark = pytest.mark.usefixtures("emulator")

APP_FILE = """
from troposphere import Output, Ref, Template, ec2, sns
from hastack import App
from hastack.core.stack import Stack

net_t = Template()
net_t.add_resource(ec2.VPC("Vpc", CidrBlock="10.60.0.0/16"))
net_t.add_output(Output("VpcId", Value=Ref("Vpc")))
net = Stack("cli-net", net_t)
web = Stack("cli-web", Template())
vpc = web.consume("VpcId", net.output("VpcId"))
web.template.add_resource(ec2.SecurityGroup("Group", GroupDescription="web", VpcId=vpc))
web.template.add_resource(sns.Topic("Topic"))
web.template.add_output(Output("GroupId", Value=Ref("Group")))
web.refresh()
app = App("cli")
app.extend([net, web])
"""


def write(tmp_path: Path, name: str, body: dict) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(body))
    return str(path)


def test_deploy_local_prints_the_diff_progress_and_outputs(capsys) -> None:
    code, out, err = run_cli(
        capsys, "deploy", BASIC, "--stack-name", "basic", "--local", "--yes", "--skip-checks"
    )
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("basic.TopicArn = arn:aws:sns:us-east-1:")
    assert lines[1].startswith("basic.VpcId = vpc-")
    assert "local emulator at http://127.0.0.1:" in err and "state ends with this command" in err
    assert "basic (us-east-1): create - 4 to add" in err
    assert "+ Add    Vpc" in err and "4/4" in err
    assert "✓ basic created (CREATE_COMPLETE)" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["deploy", BASIC, "--local", "--yes"], "name its stack with --stack-name NAME"),
        (
            [
                "deploy",
                BASIC,
                "--stack-name",
                "b",
                "--local",
                "--endpoint-url",
                "http://x:1",
                "--yes",
            ],
            "--local and --endpoint-url: choose one",
        ),
        (
            ["deploy", BASIC, "--stack-name", "b", "--endpoint-url", "ftp://x", "--yes"],
            "--endpoint-url 'ftp://x': expected http://HOST:PORT",
        ),
        (
            ["deploy", BASIC, "--stack-name", "b", "--local", "--yes", "--parameter", "Cidr"],
            "--parameter 'Cidr': expected KEY=VALUE",
        ),
        (
            [
                "deploy",
                BASIC,
                "--stack-name",
                "b",
                "--local",
                "--yes",
                "--skip-checks",
                "--parameter",
                "Nope=1",
            ],
            "--parameter Nope: no stack declares a parameter named 'Nope'",
        ),
        (["deploy", BASIC, "--stack-name", "1bad", "--local", "--yes"], "--stack-name '1bad'"),
        (
            ["deploy", BASIC, "--stack-name", "b", "--local", "--profile", "p", "--yes"],
            "--profile does not apply to --local",
        ),
        (["deploy", "missing.json", "--stack-name", "b", "--local", "--yes"], "missing.json"),
    ],
)
def test_bad_input_exits_2_with_a_specific_message_before_any_aws_call(capsys, args, message):
    code, _, err = run_cli(capsys, *args)
    assert code == 2
    assert message in err
    assert "local emulator at" not in err and "Traceback" not in err


def test_deploy_refuses_to_prompt_when_stdin_is_not_a_terminal(capsys, monkeypatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code, _, err = run_cli(capsys, "deploy", BASIC, "--stack-name", "b", "--local")
    assert code == 2
    assert "stdin is not a terminal" in err and "pass --yes" in err
    assert "local emulator at" not in err


def test_validation_errors_stop_the_deploy_before_the_emulator_starts(capsys, tmp_path) -> None:
    broken = write(
        tmp_path,
        "broken.json",
        {"Resources": {"Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"Nope": 1}}}},
    )
    code, _, err = run_cli(capsys, "deploy", broken, "--stack-name", "b", "--local", "--yes")
    assert code == 1
    assert "validation found errors: nothing was deployed" in err
    assert "error: b Vpc: E" in err  # the stack, the resource, then the rule id
    assert "local emulator at" not in err


def test_a_failing_resource_exits_1_and_prints_the_first_failure(capsys, tmp_path) -> None:
    body = json.loads(Path(BASIC).read_text())
    body["Resources"]["Vpc"]["Properties"]["CidrBlock"] = "10.0.0.0/8"
    code, _, err = run_cli(
        capsys,
        "deploy",
        write(tmp_path, "t.json", body),
        "--stack-name",
        "broken",
        "--local",
        "--yes",
        "--skip-checks",
    )
    assert code == 1
    assert "stack broken failed: stack ended ROLLBACK_COMPLETE" in err
    assert "first failing resource: Vpc (AWS::EC2::VPC) CREATE_FAILED:" in err
    assert "10.0.0.0/8" in err


def test_the_replacement_guard_blocks_and_allow_replace_lets_it_through(
    capsys, tmp_path, emulator
) -> None:
    endpoint = [
        "--endpoint-url",
        emulator.endpoint_url,
        "--yes",
        "--skip-checks",
        "--stack-name",
        "db",
    ]
    first = write(tmp_path, "v1.json", database("mysql", "shop-db"))
    assert run_cli(capsys, "deploy", first, *endpoint)[0] == 0
    second = write(tmp_path, "v2.json", database("postgres", "shop-db-2"))
    code, _, err = run_cli(capsys, "deploy", second, *endpoint)
    assert code == 1
    assert "REPLACEMENT" in err and "final snapshot" in err
    assert "deploy blocked: a stateful resource would be replaced or removed" in err
    code, _, err = run_cli(capsys, "deploy", second, *endpoint, "--allow-replace")
    assert code == 0, err
    [db] = emulator.client("rds").describe_db_instances()["DBInstances"]
    assert db["Engine"] == "postgres"


def test_app_commands_against_a_running_emulator(capsys, tmp_path, emulator) -> None:
    app = tmp_path / "app.py"
    app.write_text(APP_FILE)
    url = ["--endpoint-url", emulator.endpoint_url]
    code, out, err = run_cli(capsys, "status", str(app), *url)
    assert code == 0 and "NOT_DEPLOYED" in out

    code, out, err = run_cli(
        capsys, "deploy", str(app), *url, "--yes", "--skip-checks", "--format", "json"
    )
    assert code == 0, err
    report = json.loads(out)
    assert [s["stack"] for s in report["stacks"]] == ["cli-net", "cli-web"]

    code, out, _ = run_cli(capsys, "outputs", str(app), *url, "--format", "json")
    outputs = json.loads(out)
    assert code == 0 and outputs["cli-net"]["VpcId"].startswith("vpc-")
    assert outputs["cli-web"]["GroupId"].startswith("sg-")

    code, out, _ = run_cli(capsys, "status", str(app), *url)
    assert code == 0 and out.count("current") == 2

    app.write_text(
        APP_FILE.replace('web.template.add_resource(sns.Topic("Topic"))\n', "").replace(
            "app = App", 'web.template.add_resource(sns.Topic("Alarms"))\napp = App'
        )
    )
    code, out, _ = run_cli(capsys, "diff", str(app), *url, "--stack", "cli-web")
    assert code == 0
    assert "cli-web (us-east-1): update - 1 to add, 1 to remove" in out
    assert "+ Add    Alarms" in out and "- Remove Topic" in out
    code, out, _ = run_cli(capsys, "diff", str(app), *url, "--format", "json")
    stacks = {s["stack"]: s for s in json.loads(out)["stacks"]}
    assert stacks["cli-net"]["kind"] == "unchanged"
    assert {(c["action"], c["logical_id"]) for c in stacks["cli-web"]["changes"]} == {
        ("Add", "Alarms"),
        ("Remove", "Topic"),
    }

    code, _, err = run_cli(capsys, "destroy", str(app), *url, "--yes")
    assert code == 0, err
    assert err.index("cli-web deleted") < err.index("cli-net deleted")
    code, out, err = run_cli(capsys, "outputs", str(app), *url)
    assert code == 1 and "stack cli-net is not deployed" in err


def test_ctrl_c_exits_130_with_advice(capsys, monkeypatch) -> None:
    from hastack.deploy import api
    from hastack.deploy.errors import DeployInterrupted

    def interrupted(*args, **kwargs):
        raise DeployInterrupted("interrupted: hastack stopped watching, CloudFormation carries on")

    monkeypatch.setattr(api, "deploy", interrupted)
    code, _, err = run_cli(
        capsys, "deploy", BASIC, "--stack-name", "b", "--local", "--yes", "--skip-checks"
    )
    assert code == 130
    assert "CloudFormation carries on" in err


@pytest.mark.parametrize("example", ["rds_multiaz.py", "split_stacks.py", "webapp.py"])
def test_each_example_deploys_to_the_emulator_and_redeploys_as_a_no_op(
    capsys, emulator, example
) -> None:
    url = ["--endpoint-url", emulator.endpoint_url, "--yes", "--skip-checks"]
    code, out, err = run_cli(capsys, "deploy", str(EXAMPLES / example), *url)
    assert code == 0, err
    assert out.strip(), "a deployed example prints its outputs"
    code, _, err = run_cli(capsys, "deploy", str(EXAMPLES / example), *url)
    assert code == 0 and "unchanged" in err


def test_real_aws_without_credentials_or_with_an_unknown_profile_is_a_usage_error(
    capsys, monkeypatch, tmp_path
) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    args = ["deploy", BASIC, "--stack-name", "b", "--yes", "--skip-checks"]
    code, _, err = run_cli(capsys, *args)
    assert code == 2 and "no AWS credentials found" in err and "--local" in err
    code, _, err = run_cli(capsys, *args, "--profile", "nope")
    assert code == 2 and "--profile nope: no such profile" in err


def test_clients_retry_in_adaptive_mode_and_go_to_the_endpoint(emulator) -> None:
    from hastack.deploy.session import AwsTarget

    target = AwsTarget.local(emulator.endpoint_url, "eu-west-1")
    client = target.client("cloudformation")
    assert client.meta.config.retries["mode"] == "adaptive"
    assert client.meta.endpoint_url == emulator.endpoint_url
    assert client.meta.region_name == "eu-west-1"
    assert target.client("cloudformation") is client
    assert target.client("cloudformation", "us-west-2") is not client
    assert target.account_id() == "123456789012"


def test_deploy_family_help_imports_neither_boto3_nor_moto() -> None:
    import subprocess

    code = (
        "import sys\n"
        "from hastack.cli.main import main\n"
        "for name in ('deploy', 'diff', 'destroy', 'outputs', 'status'):\n"
        "    try:\n"
        "        main([name, '--help'])\n"
        "    except SystemExit as e:\n"
        "        assert e.code == 0, name\n"
        "print(sorted(m for m in ('boto3', 'botocore', 'moto', 'cfnlint') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_a_large_new_stack_is_summarised_by_type_in_the_deploy_diff() -> None:
    from hastack.cli.deploy_render import COMPACT_CREATE, compact_create_lines
    from hastack.deploy.changes import StackDiff, template_changes
    from tests.deploy.templates import topics

    body = topics(COMPACT_CREATE + 1)
    body["Resources"]["Vpc"] = {"Type": "AWS::EC2::VPC"}
    lines = compact_create_lines(
        StackDiff("big", "us-east-1", "create", template_changes(None, body))
    )
    assert "create - 27 to add" in lines[0]
    assert lines[1:] == ["  [green]+ 26 × AWS::SNS::Topic[/]", "  [green]+  1 × AWS::EC2::VPC[/]"]


def test_deploy_local_end_to_end_in_its_own_process() -> None:
    import os
    import subprocess

    hastack = str(Path(sys.executable).parent / "hastack")
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    done = subprocess.run(
        [hastack, "deploy", BASIC, "--stack-name", "basic", "--local", "--yes", "--skip-checks"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "basic.VpcId = vpc-" in done.stdout
    assert "✓ basic created (CREATE_COMPLETE)" in done.stderr


def test_a_failed_producer_is_reported_and_its_consumer_skipped(capsys, tmp_path) -> None:
    app = tmp_path / "app.py"
    app.write_text(APP_FILE.replace('CidrBlock="10.60.0.0/16"', 'CidrBlock="10.0.0.0/8"'))
    code, out, err = run_cli(capsys, "deploy", str(app), "--local", "--yes", "--skip-checks")
    assert code == 1 and out == ""
    assert "error: stack cli-net failed: stack ended ROLLBACK_COMPLETE" in err
    assert "stack cli-web skipped: not started: cli-net did not succeed" in err
