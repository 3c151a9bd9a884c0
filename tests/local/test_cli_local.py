"""``hastack local serve`` through the real entry point."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path

import boto3
import pytest

from hastack.local import LocalEngine

HASTACK = str(Path(sys.executable).parent / "hastack")


def _run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    from hastack.cli.main import main

    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    captured = capsys.readouterr()
    return int(exit_info.value.code or 0), captured.out, captured.err


def _start(*args: str) -> tuple[subprocess.Popen[str], list[str]]:
    """Start ``hastack local serve ARGS`` and read stdout until its environment is printed."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    process = subprocess.Popen(
        [HASTACK, "local", "serve", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    wanted = 1 if "json" in args else 4
    lines: queue.Queue[str] = queue.Queue()

    def read() -> None:
        for line in process.stdout:  # type: ignore[union-attr]
            lines.put(line.strip())

    threading.Thread(target=read, daemon=True).start()
    printed = []
    try:
        while len(printed) < wanted:
            printed.append(lines.get(timeout=60))  # a guard against a hang, not a timing check
    except queue.Empty:
        process.kill()
        raise AssertionError(f"no environment printed: {printed}") from None
    return process, printed


def test_serve_prints_the_environment_answers_api_calls_and_stops_on_ctrl_c() -> None:
    process, lines = _start("--region", "eu-west-1")
    try:
        env = dict(line.removeprefix("export ").split("=", 1) for line in lines)
        assert set(env) == {
            "AWS_ENDPOINT_URL",
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_DEFAULT_REGION",
        }
        assert env["AWS_DEFAULT_REGION"] == "eu-west-1"
        assert env["AWS_ENDPOINT_URL"].startswith("http://127.0.0.1:")
        sqs = boto3.client(
            "sqs",
            endpoint_url=env["AWS_ENDPOINT_URL"],
            region_name="eu-west-1",
            aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
        )
        url = sqs.create_queue(QueueName="from-another-tool")["QueueUrl"]
        assert sqs.list_queues()["QueueUrls"] == [url]
    finally:
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
    assert process.returncode == 0
    assert "listening on " + env["AWS_ENDPOINT_URL"] in stderr
    assert stderr.strip().endswith("local emulator stopped")
    assert "Traceback" not in stderr


def test_serve_asynchronous_runs_operations_in_the_background() -> None:
    """--asynchronous: CreateStack answers at once (AWS's behaviour) and the stack completes
    on its own; a client polls as it would on AWS."""
    process, lines = _start("--format", "json", "--asynchronous")
    try:
        data = json.loads(lines[0])
        cfn = boto3.client(
            "cloudformation",
            endpoint_url=data["endpoint_url"],
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        body = {"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}}}
        cfn.create_stack(StackName="later", TemplateBody=json.dumps(body))
        cfn.get_waiter("stack_create_complete").wait(
            StackName="later", WaiterConfig={"Delay": 1, "MaxAttempts": 60}
        )
    finally:
        process.terminate()
        process.communicate(timeout=60)
    assert process.returncode == 0


def test_serve_json_gives_tools_the_endpoint_and_env_and_stops_on_sigterm() -> None:
    process, lines = _start("--format", "json")
    try:
        data = json.loads(lines[0])
        assert data["region"] == "us-east-1"
        assert data["env"]["AWS_ENDPOINT_URL"] == data["endpoint_url"]
    finally:
        process.terminate()
        process.communicate(timeout=60)
    assert process.returncode == 0


def test_a_port_in_use_exits_2_naming_the_port(capsys: pytest.CaptureFixture[str]) -> None:
    with LocalEngine() as taken:
        code, out, err = _run_cli(capsys, "local", "serve", "--port", str(taken.port))
    assert code == 2
    assert out == ""
    assert f"port: cannot start the local emulator on 127.0.0.1:{taken.port}" in err


def test_an_unknown_region_exits_2_before_starting(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run_cli(capsys, "local", "serve", "--region", "us-esat-1")
    assert (code, out) == (2, "")
    assert "region: unknown region 'us-esat-1'" in err and "us-east-1" in err


def test_a_port_out_of_range_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run_cli(capsys, "local", "serve", "--port", "70000")
    assert code == 2
    assert "--port" in err and "70000" in err


def test_the_command_module_imports_neither_moto_nor_boto3() -> None:
    code = (
        "import sys; from hastack.cli.main import cli; import hastack.cli.local;"
        "print(sorted(m for m in ('moto', 'boto3', 'botocore') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("host", ["999.1.1.1", "192.0.2.1"])
def test_a_host_this_machine_lacks_exits_2_naming_the_host(
    capsys: pytest.CaptureFixture[str], host: str
) -> None:
    code, out, err = _run_cli(capsys, "local", "serve", "--host", host)
    assert (code, out) == (2, "")
    assert f"host: cannot listen on '{host}'" in err
