"""``AWS::Include``: CloudFormation inserts a snippet from S3 where the transform is, at the
top level or inside a section, before it checks and runs the template.

INCLUDE = https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/transform-aws-include.html
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.local.helpers import create, outputs

AUTO_EXPAND = "CAPABILITY_AUTO_EXPAND"  # a transform run without a change set (CreateStack)
TOPIC = {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": "included"}}


def include(location: str) -> dict[str, Any]:
    return {"Fn::Transform": {"Name": "AWS::Include", "Parameters": {"Location": location}}}


@pytest.fixture
def s3(cfn_env: Any) -> Any:
    client = cfn_env("s3")
    client.create_bucket(Bucket="snippets")
    return client


def test_a_snippet_inside_a_section_is_inserted_where_the_transform_is(cfn_env, s3) -> None:
    """INCLUDE: "inserts the contents of the specified file at the location of the transform";
    beside other keys of a section, the snippet's keys join them. A YAML snippet is read too."""
    s3.put_object(Bucket="snippets", Key="topic.json", Body=json.dumps({"Included": TOPIC}))
    s3.put_object(Bucket="snippets", Key="name.yaml", Body=b"Value: !GetAtt Included.TopicName\n")
    body = {
        "Resources": {
            "Queue": {"Type": "AWS::SQS::Queue"},
            **include("s3://snippets/topic.json"),
        },
        "Outputs": {
            "Name": {
                "Value": {"Ref": "Queue"},
                **include("https://snippets.s3.amazonaws.com/name.yaml"),
            }
        },
    }
    # the Value of the snippet replaces nothing: Outputs.Name keeps one Value key, the snippet's
    del body["Outputs"]["Name"]["Value"]
    cfn = cfn_env("cloudformation")
    stack = create(cfn, "include", body, Capabilities=[AUTO_EXPAND])
    assert stack["StackStatus"] == "CREATE_COMPLETE", stack.get("StackStatusReason")
    assert outputs(stack) == {"Name": "included"}
    resources = cfn.list_stack_resources(StackName="include")["StackResourceSummaries"]
    assert sorted(r["LogicalResourceId"] for r in resources) == ["Included", "Queue"]
    topics = cfn_env("sns").list_topics()["Topics"]
    assert any(t["TopicArn"].endswith(":included") for t in topics)
    # GetTemplate gives the template as written; the processed stage has the snippet in it
    original = cfn.get_template(StackName="include")["TemplateBody"]
    assert "AWS::Include" in json.dumps(original)
    processed = cfn.get_template(StackName="include", TemplateStage="Processed")["TemplateBody"]
    assert "AWS::Include" not in json.dumps(processed) and "Included" in json.dumps(processed)
    # the summary lists the transform the template declares and the types the snippet adds
    summary = cfn.get_template_summary(TemplateBody=json.dumps(body))
    assert summary["DeclaredTransforms"] == ["AWS::Include"]
    assert summary["ResourceTypes"] == ["AWS::SNS::Topic", "AWS::SQS::Queue"]
    assert cfn.get_template_summary(StackName="include")["DeclaredTransforms"] == ["AWS::Include"]


def test_a_snippet_at_the_top_level_adds_sections(cfn_env, s3) -> None:
    """INCLUDE, "Syntax at the top level of a template": the Transform section names it."""
    snippet = {"Resources": {"Included": TOPIC}, "Outputs": {"Arn": {"Value": {"Ref": "Included"}}}}
    s3.put_object(Bucket="snippets", Key="top.json", Body=json.dumps(snippet))
    body = {
        "Transform": {"Name": "AWS::Include", "Parameters": {"Location": "s3://snippets/top.json"}},
        "Resources": {"Queue": {"Type": "AWS::SQS::Queue"}},
    }
    stack = create(cfn_env("cloudformation"), "toplevel", body, Capabilities=[AUTO_EXPAND])
    assert stack["StackStatus"] == "CREATE_COMPLETE", stack.get("StackStatusReason")
    assert outputs(stack)["Arn"].endswith(":included")


@pytest.mark.parametrize(
    ("location", "message"),
    [
        ("s3://snippets/absent.json", "s3://snippets/absent.json"),
        ("snippets/topic.json", "not a valid S3 uri"),
        ({"Ref": "AWS::Region"}, "not a valid S3 uri"),
    ],
)
def test_a_snippet_that_cannot_be_read_fails_the_request(cfn_env, s3, location, message) -> None:
    """The transform fails the request before anything is created, and says where."""
    cfn = cfn_env("cloudformation")
    body = {"Resources": {"Queue": {"Type": "AWS::SQS::Queue"}, **include(location)}}  # type: ignore[arg-type]
    with pytest.raises(ClientError) as refused:
        cfn.create_stack(StackName="badinclude", TemplateBody=json.dumps(body))
    error = refused.value.response["Error"]
    assert error["Code"] == "ValidationError"
    assert error["Message"].startswith("Transform AWS::Include failed with:"), error["Message"]
    assert message in error["Message"]
    assert "badinclude" not in {s["StackName"] for s in cfn.list_stacks()["StackSummaries"]}


def test_a_key_both_the_template_and_the_snippet_define_is_refused(cfn_env, s3) -> None:
    s3.put_object(Bucket="snippets", Key="dup.json", Body=json.dumps({"Queue": TOPIC}))
    cfn = cfn_env("cloudformation")
    body = {
        "Resources": {"Queue": {"Type": "AWS::SQS::Queue"}, **include("s3://snippets/dup.json")}
    }
    with pytest.raises(ClientError) as refused:
        cfn.create_stack(StackName="dupinclude", TemplateBody=json.dumps(body))
    assert "Queue" in refused.value.response["Error"]["Message"]
