"""AWS runs a template's ``AWS::LanguageExtensions`` transform before it creates anything: the
engine expands ``Fn::ForEach`` the same way (the shared :mod:`hastack.template.transforms`),
with the stack's parameter values, and keeps the template as written for GetTemplate.

UG = https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.local.helpers import create, events, outputs

AUTO_EXPAND = "CAPABILITY_AUTO_EXPAND"
LOOP: dict[str, Any] = {
    "Transform": "AWS::LanguageExtensions",
    "Parameters": {"Names": {"Type": "CommaDelimitedList", "Default": "orders,billing"}},
    "Resources": {
        "Fn::ForEach::Topics": [
            "Name",
            {"Ref": "Names"},
            {
                "Topic${Name}": {
                    "Type": "AWS::SNS::Topic",
                    "Properties": {"TopicName": {"Ref": "Name"}},
                }
            },
        ]
    },
    "Outputs": {
        "Fn::ForEach::Arns": [
            "Name",
            {"Ref": "Names"},
            {"${Name}Topic": {"Value": {"Fn::GetAtt": [{"Fn::Sub": "Topic${Name}"}, "TopicName"]}}},
        ]
    },
}


@pytest.fixture
def cfn(cfn_env: Any) -> Any:
    return cfn_env("cloudformation")


def test_a_for_each_loop_creates_one_resource_per_item(cfn_env, cfn) -> None:
    """UG intrinsic-function-reference-foreach.html: the loop's collection (here a
    CommaDelimitedList parameter) gives one resource and one output per item; the stack's
    template stays as written (GetTemplate, TemplateStage Original)."""
    stack = create(
        cfn,
        "loops",
        LOOP,
        Parameters=[{"ParameterKey": "Names", "ParameterValue": "a,b,c"}],
        Capabilities=[AUTO_EXPAND],
    )
    assert stack["StackStatus"] == "CREATE_COMPLETE", events(cfn, "loops")[6:8]
    listed = cfn.list_stack_resources(StackName="loops")["StackResourceSummaries"]
    assert sorted(r["LogicalResourceId"] for r in listed) == ["Topica", "Topicb", "Topicc"]
    topics = {t["TopicArn"].rsplit(":", 1)[1] for t in cfn_env("sns").list_topics()["Topics"]}
    assert {"a", "b", "c"} <= topics
    assert outputs(stack) == {"aTopic": "a", "bTopic": "b", "cTopic": "c"}
    written = cfn.get_template(StackName="loops")["TemplateBody"]  # botocore decodes JSON
    assert json.loads(json.dumps(written)) == LOOP


def test_a_loop_whose_collection_cannot_be_known_is_refused_with_the_reason(cfn) -> None:
    body = json.loads(json.dumps(LOOP))
    body["Resources"]["Fn::ForEach::Topics"][1] = {"Fn::GetAZs": {"Ref": "Nothing"}}
    with pytest.raises(ClientError) as caught:
        create(cfn, "unknowable", body, Capabilities=[AUTO_EXPAND])
    assert caught.value.response["Error"]["Code"] == "ValidationError"
    assert "Fn::ForEach::Topics" in caught.value.response["Error"]["Message"]


def test_a_summary_of_a_looped_template_lists_the_looped_types_and_the_transform(cfn) -> None:
    """API GetTemplateSummary / ValidateTemplate: ``DeclaredTransforms`` lists the template's
    transforms and ``ResourceTypes`` the types it creates. A loop is a list under
    ``Resources``: the engine answered InternalFailure (HTTP 500) reading it as a resource, and
    a stack's summary lost its transform (the stack keeps the expanded template)."""
    text = json.dumps(LOOP)
    summary = cfn.get_template_summary(TemplateBody=text)
    assert summary["ResourceTypes"] == ["AWS::SNS::Topic"]
    assert summary["DeclaredTransforms"] == ["AWS::LanguageExtensions"]
    assert cfn.validate_template(TemplateBody=text)["DeclaredTransforms"] == [
        "AWS::LanguageExtensions"
    ]
    unknown = json.loads(text)
    del unknown["Parameters"]["Names"]["Default"]  # a loop nobody can expand yet
    assert cfn.get_template_summary(TemplateBody=json.dumps(unknown))["ResourceTypes"] == []
    create(cfn, "summarised", LOOP, Capabilities=[AUTO_EXPAND])
    by_stack = cfn.get_template_summary(StackName="summarised")
    assert by_stack["DeclaredTransforms"] == ["AWS::LanguageExtensions"]
    assert by_stack["ResourceTypes"] == ["AWS::SNS::Topic"]


def test_a_transform_run_without_a_change_set_needs_auto_expand(cfn) -> None:
    """API CreateStack, Capabilities: a template with transforms (macros, AWS::Include,
    AWS::Serverless, AWS::LanguageExtensions) created "directly from the template", without a
    change set to review, must acknowledge CAPABILITY_AUTO_EXPAND; a change set needs no such
    acknowledgement, because it shows the processed template first."""
    with pytest.raises(ClientError) as refused:
        create(cfn, "direct", LOOP)
    error = refused.value.response["Error"]
    assert error["Code"] == "InsufficientCapabilitiesException"
    assert error["Message"] == "Requires capabilities : [CAPABILITY_AUTO_EXPAND]"
    assert "direct" not in {s["StackName"] for s in cfn.list_stacks()["StackSummaries"]}
    cfn.create_change_set(
        StackName="reviewed",
        ChangeSetName="first",
        ChangeSetType="CREATE",
        TemplateBody=json.dumps(LOOP),
    )
    cfn.get_waiter("change_set_create_complete").wait(StackName="reviewed", ChangeSetName="first")
    cfn.execute_change_set(StackName="reviewed", ChangeSetName="first")
    stack = cfn.describe_stacks(StackName="reviewed")["Stacks"][0]
    assert stack["StackStatus"] == "CREATE_COMPLETE"
    with pytest.raises(ClientError) as again:
        cfn.update_stack(
            StackName="reviewed", UsePreviousTemplate=True, Tags=[{"Key": "a", "Value": "b"}]
        )
    assert again.value.response["Error"]["Code"] == "InsufficientCapabilitiesException"
