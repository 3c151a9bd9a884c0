"""The pytest plugin, as a user meets it: a test file using the fixtures, run by pytester."""

from __future__ import annotations

import subprocess
import sys

import pytest

USER_TESTS = """
import boto3
import pytest
from troposphere import GetAtt, Output, Ref, Template, sns

from hastack.core.stack import Stack
from hastack.testing import has_resource, has_resource_properties


def topic_stack(region="us-east-1"):
    t = Template()
    t.add_resource(sns.Topic("AlarmTopic", DisplayName="alarms"))
    t.add_output(Output("TopicArn", Value=Ref("AlarmTopic")))
    t.add_output(Output("TopicName", Value=GetAtt("AlarmTopic", "TopicName")))
    return Stack(name="alarms", template=t, region=region)


def test_the_template_declares_the_topic():
    has_resource(topic_stack(), "AWS::SNS::Topic", count=1)
    has_resource_properties(topic_stack(), "AWS::SNS::Topic", {"DisplayName": "alarms"})


def test_aws_is_moto_in_process_with_dummy_credentials(aws):
    import os
    assert aws.region == "us-east-1"
    assert os.environ["AWS_DEFAULT_REGION"] == "us-east-1"
    assert "AWS_PROFILE" not in os.environ
    boto3.client("s3").create_bucket(Bucket="made-in-moto")
    assert [b["Name"] for b in aws.client("s3").list_buckets()["Buckets"]] == ["made-in-moto"]


@pytest.mark.hastack_region("eu-west-1")
def test_the_region_marker_sets_the_region(aws):
    assert aws.region == "eu-west-1"
    zones = aws.client("ec2").describe_availability_zones()["AvailabilityZones"]
    assert {z["RegionName"] for z in zones} == {"eu-west-1"}


def test_deploy_in_process_returns_the_outputs(aws, deploy):
    outputs = deploy(topic_stack())
    assert outputs["TopicArn"].startswith("arn:aws:sns:us-east-1:123456789012:")
    topics = aws.client("sns").list_topics()["Topics"]
    assert [t["TopicArn"] for t in topics] == [outputs["TopicArn"]]


def test_deploying_an_app_gives_outputs_per_stack(aws, deploy):
    from hastack.core.app import App

    app = App("alerts")
    app.add(topic_stack())
    outputs = deploy(app)
    assert list(outputs) == ["alarms"]
    assert outputs["alarms"]["TopicName"] in outputs["alarms"]["TopicArn"]


def test_local_cloud_is_a_server_with_env_for_other_tools(local_cloud):
    assert local_cloud.endpoint_url.startswith("http://127.0.0.1:")
    assert local_cloud.env()["AWS_ENDPOINT_URL"] == local_cloud.endpoint_url
    local_cloud.client("sqs").create_queue(QueueName="jobs")
    assert len(local_cloud.client("sqs").list_queues()["QueueUrls"]) == 1


@pytest.mark.hastack_region("eu-central-1")
def test_deploy_to_the_emulator_server(local_cloud, deploy):
    outputs = deploy(topic_stack("eu-central-1"))
    assert ":eu-central-1:" in outputs["TopicArn"]
    stacks = local_cloud.client("cloudformation").describe_stacks()["Stacks"]
    assert [(s["StackName"], s["StackStatus"]) for s in stacks] == [("alarms", "CREATE_COMPLETE")]
"""


def test_a_users_test_file_runs_with_every_fixture(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_user=USER_TESTS)
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "-q")
    result.assert_outcomes(passed=7)


def test_a_failing_deploy_names_the_stack_and_the_failed_resource(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        test_broken="""
from troposphere import Ref, Template, ec2
from hastack.core.stack import Stack

def test_deploy(aws, deploy):
    t = Template()
    t.add_resource(ec2.VPC("Vpc", CidrBlock="10.0.0.0/16"))
    t.add_resource(ec2.Subnet("Subnet", VpcId=Ref("Vpc"), CidrBlock="192.168.0.0/24"))
    deploy(Stack(name="broken", template=t))
"""
    )
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "-q")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*DeployFailed: deploy failed:*", "*broken: failed*Subnet*"])


def test_a_bad_region_marker_is_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_marker="""
import pytest

@pytest.mark.hastack_region()
def test_x(aws):
    pass
"""
    )
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "-q")
    assert result.ret != 0
    result.stdout.fnmatch_lines(["*hastack_region takes one region name*"])


def test_the_marker_is_registered_for_strict_markers(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest_inprocess("--markers")
    result.stdout.fnmatch_lines(["@pytest.mark.hastack_region(name):*"])


def test_loading_the_plugin_imports_neither_moto_nor_boto3() -> None:
    code = (
        "import sys, hastack.testing.plugin, hastack.testing;"
        "print(sorted(m for m in ('moto', 'boto3', 'botocore', 'troposphere') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
