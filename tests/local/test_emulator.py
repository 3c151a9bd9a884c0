"""LocalEngine: a moto server on a free port, dummy credentials, reset, clear port errors."""

from __future__ import annotations

import subprocess
import sys

import pytest

from hastack.errors import UsageError
from hastack.local import EngineError, LocalEngine, PortInUseError


def test_importing_the_local_package_does_not_import_moto_or_boto3() -> None:
    code = (
        "import sys, hastack.local as m; m.LocalEngine();"
        "print(sorted(k for k in ('moto', 'boto3', 'botocore') if k in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_an_emulator_serves_apis_on_a_free_port_with_its_region() -> None:
    with LocalEngine(region="eu-west-1") as emulator:
        assert emulator.endpoint_url == f"http://127.0.0.1:{emulator.port}"
        assert emulator.port > 0
        sqs = emulator.client("sqs")
        url = sqs.create_queue(QueueName="jobs")["QueueUrl"]
        assert (
            "eu-west-1"
            in sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
                "QueueArn"
            ]
        )
    assert not emulator.running


def test_env_points_sdks_at_the_emulator_with_dummy_credentials() -> None:
    with LocalEngine(region="ap-southeast-2") as emulator:
        env = emulator.env()
    assert env == {
        "AWS_ENDPOINT_URL": emulator.endpoint_url,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "ap-southeast-2",
    }


def test_reset_forgets_every_resource() -> None:
    with LocalEngine() as emulator:
        emulator.reset()  # moto's backends are process-wide: earlier tests may have left some
        s3 = emulator.client("s3")
        s3.create_bucket(Bucket="reset-me")
        assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["reset-me"]
        emulator.reset()
        assert s3.list_buckets()["Buckets"] == []


def test_a_port_in_use_is_a_clear_error_naming_the_port() -> None:
    with LocalEngine() as first:
        with pytest.raises(PortInUseError, match=rf"127\.0\.0\.1:{first.port}.*another --port"):
            LocalEngine(port=first.port).start()


def test_an_invalid_port_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="port: must be 0..65535"):
        LocalEngine(port=70000)


def test_the_endpoint_of_a_stopped_emulator_is_an_error() -> None:
    with pytest.raises(EngineError, match="not started"):
        _ = LocalEngine().endpoint_url


def test_an_unknown_region_is_a_usage_error_before_anything_starts() -> None:
    emulator = LocalEngine(region="eu-wset-1")
    with pytest.raises(UsageError, match=r"region: unknown region 'eu-wset-1'.*eu-west-1"):
        emulator.start()
    assert not emulator.running
