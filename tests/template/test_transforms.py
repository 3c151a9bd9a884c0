"""Fn::ForEach and SAM expanded once, in the template model, as CloudFormation would.

AWS documents ForEach at https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/
intrinsic-function-reference-foreach.html and SAM's generated resources at
https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/
sam-specification-generated-resources.html.
"""

from __future__ import annotations

import copy
import json

from hastack.analysis.sources import load_sources
from hastack.core.loader import load
from hastack.template.transforms import expand, expand_artifact, expand_language_extensions

FOR_EACH = {
    "AWSTemplateFormatVersion": "2010-09-09",
    "Transform": "AWS::LanguageExtensions",
    "Parameters": {"Queues": {"Type": "CommaDelimitedList", "Default": "orders,audit-log"}},
    "Resources": {
        "Fn::ForEach::Queues": [
            "Name",
            {"Ref": "Queues"},
            {
                "&{Name}Queue": {
                    "Type": "AWS::SQS::Queue",
                    "Properties": {
                        "QueueName": {"Fn::Sub": "${Name}-queue"},
                        "Tag": {"Ref": "Name"},
                    },
                }
            },
        ]
    },
    "Outputs": {
        "Fn::ForEach::Out": [
            "Name",
            ["orders"],
            {"${Name}Url": {"Value": {"Ref": {"Fn::Sub": "${Name}Queue"}}}},
        ]
    },
}


def test_for_each_makes_one_resource_per_item_with_alphanumeric_logical_ids():
    result = expand(FOR_EACH)
    resources = result.body["Resources"]
    assert sorted(resources) == ["auditlogQueue", "ordersQueue"]
    props = resources["auditlogQueue"]["Properties"]
    assert props == {"QueueName": {"Fn::Sub": "audit-log-queue"}, "Tag": "audit-log"}
    assert "ordersUrl" in result.body["Outputs"]
    assert "Transform" not in result.body and result.notes == []


def test_for_each_uses_parameter_overrides_and_leaves_the_input_unchanged():
    before = copy.deepcopy(FOR_EACH)
    result = expand(FOR_EACH, parameters={"Queues": "a,b,c"})
    assert sorted(result.body["Resources"]) == ["aQueue", "bQueue", "cQueue"]
    assert FOR_EACH == before


def test_a_collection_unknown_before_deploy_leaves_the_loop_out_with_a_note():
    body = copy.deepcopy(FOR_EACH)
    body["Parameters"]["Queues"].pop("Default")
    result = expand(body)
    assert result.body["Resources"] == {}
    assert "Fn::ForEach::Queues" in result.notes[0] and "not known before deploy" in result.notes[0]


def test_nested_loops_expand_inside_out():
    body = {
        "Transform": "AWS::LanguageExtensions",
        "Resources": {
            "Fn::ForEach::Envs": [
                "Env",
                ["dev", "prod"],
                {
                    "Fn::ForEach::Apps": [
                        "App",
                        ["web", "api"],
                        {"${Env}${App}Topic": {"Type": "AWS::SNS::Topic"}},
                    ]
                },
            ]
        },
    }
    assert sorted(expand(body).body["Resources"]) == [
        "devapiTopic",
        "devwebTopic",
        "prodapiTopic",
        "prodwebTopic",
    ]


SAM_FILE = """\
Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties: {Handler: a.b, Runtime: python3.12, CodeUri: src/}
"""

SAM = {
    "Transform": ["AWS::Serverless-2016-10-31"],
    "Globals": {"Function": {"MemorySize": 1024, "Architectures": ["arm64"]}},
    "Resources": {
        "Api": {
            "Type": "AWS::Serverless::Function",
            "Condition": "Enabled",
            "Properties": {
                "Handler": "app.handler",
                "Runtime": "python3.12",
                "CodeUri": "src/",
                "MemorySize": 256,
                "AutoPublishAlias": "live",
                "ProvisionedConcurrencyConfig": {"ProvisionedConcurrentExecutions": 2},
                "Events": {
                    "Get": {"Type": "HttpApi", "Properties": {"Path": "/", "Method": "get"}},
                    "Nightly": {"Type": "Schedule", "Properties": {"Schedule": "rate(1 day)"}},
                    "Jobs": {"Type": "SQS", "Properties": {"Queue": {"Fn::GetAtt": ["Q", "Arn"]}}},
                },
            },
        },
        "Q": {"Type": "AWS::SQS::Queue"},
        "Table": {"Type": "AWS::Serverless::SimpleTable"},
        "Flow": {"Type": "AWS::Serverless::StateMachine", "Properties": {"Type": "EXPRESS"}},
    },
}


def test_sam_resources_become_the_resources_the_sam_translator_generates():
    result = expand(SAM)
    resources = result.body["Resources"]
    types = {lid: r["Type"] for lid, r in resources.items()}
    assert types == {
        "ApiRole": "AWS::IAM::Role",
        "Api": "AWS::Lambda::Function",
        "ApiVersion": "AWS::Lambda::Version",
        "ApiAliaslive": "AWS::Lambda::Alias",
        "ApiGetPermission": "AWS::Lambda::Permission",
        "ApiNightly": "AWS::Events::Rule",
        "ApiNightlyPermission": "AWS::Lambda::Permission",
        "ApiJobs": "AWS::Lambda::EventSourceMapping",
        "Q": "AWS::SQS::Queue",
        "Table": "AWS::DynamoDB::Table",
        "Flow": "AWS::StepFunctions::StateMachine",
        "FlowRole": "AWS::IAM::Role",
        "ServerlessHttpApi": "AWS::ApiGatewayV2::Api",
        "ServerlessHttpApiApiGatewayDefaultStage": "AWS::ApiGatewayV2::Stage",
    }
    function = resources["Api"]
    assert function["Properties"]["MemorySize"] == 256  # the function's own value wins
    assert function["Properties"]["Architectures"] == ["arm64"]  # from Globals
    assert function["Condition"] == "Enabled"
    alias = resources["ApiAliaslive"]["Properties"]
    assert alias["ProvisionedConcurrencyConfig"] == {"ProvisionedConcurrentExecutions": 2}
    assert resources["Table"]["Properties"]["BillingMode"] == "PAY_PER_REQUEST"
    assert resources["Flow"]["Properties"]["StateMachineType"] == "EXPRESS"
    assert "Globals" not in result.body and "Transform" not in result.body


def test_the_loader_applies_the_expansion_when_a_reader_asks_and_keeps_the_text(tmp_path):
    path = tmp_path / "sam.yaml"
    path.write_text(SAM_FILE)
    as_written = load(str(path))[0]
    assert as_written.body["Resources"]["Fn"]["Type"] == "AWS::Serverless::Function"
    expanded = load(str(path), transform=expand_artifact)[0]
    assert expanded.body["Resources"]["Fn"]["Type"] == "AWS::Lambda::Function"
    assert "AWS::Serverless::Function" in expanded.text


def test_the_analysis_reads_sam_templates_expanded(tmp_path):
    path = tmp_path / "sam.yaml"
    path.write_text(SAM_FILE)
    (source,) = load_sources(str(path))
    assert source.body["Resources"]["Fn"]["Type"] == "AWS::Lambda::Function"


def test_a_logical_id_built_by_sub_in_a_loop_becomes_the_plain_name():
    """AWS's own example names the resource of a loop by ``!GetAtt [!Sub 'S3Bucket${Identifier}',
    !Ref Property]``: once the identifier is replaced the transform leaves a plain name, which is
    what Ref and GetAtt require."""
    result = expand_language_extensions(FOR_EACH)
    assert result.body["Outputs"]["ordersUrl"] == {"Value": {"Ref": "ordersQueue"}}
    body = copy.deepcopy(FOR_EACH)
    body["Outputs"]["Fn::ForEach::Out"][2] = {
        "${Name}Arn": {"Value": {"Fn::GetAtt": [{"Fn::Sub": "${Name}Queue"}, {"Ref": "Name"}]}}
    }
    outputs = expand_language_extensions(body).body["Outputs"]
    assert outputs == {"ordersArn": {"Value": {"Fn::GetAtt": ["ordersQueue", "orders"]}}}
    assert "Transform" not in result.body and result.notes == []


def test_what_the_expansion_leaves_out_is_said_by_availability_and_resilience(tmp_path):
    """A loop whose collection is not known before deploy is left out of the template the
    analysis reads: its estimate is then of a smaller stack, and it must say so."""
    from hastack.analysis.availability import estimate_availability
    from hastack.analysis.resilience import check_resilience

    body = copy.deepcopy(FOR_EACH)
    body["Parameters"]["Queues"].pop("Default")
    path = tmp_path / "loops.json"
    path.write_text(json.dumps(body))
    for report in (estimate_availability(str(path)), check_resilience(str(path))):
        assert any(
            n.startswith("loops.json: Fn::ForEach::Queues: collection not known before deploy")
            for n in report.notes
        ), report.notes


INCLUDE = {
    "Resources": {
        "Queue": {"Type": "AWS::SQS::Queue"},
        "Fn::Transform": {
            "Name": "AWS::Include",
            "Parameters": {"Location": "s3://snippets/topic.json"},
        },
    },
    "Outputs": {"Queue": {"Value": {"Ref": "Queue"}}},
}


def test_a_template_with_an_include_is_not_refused_and_says_what_is_not_read(tmp_path):
    """AWS::Include may sit among a section's keys (transform-aws-include.html); AWS inserts
    the S3 snippet before it checks the template. Offline, nobody can read the snippet: the
    readers accept the template (no "would refuse") and say what their figures leave out."""
    from hastack.analysis.availability import estimate_availability
    from hastack.cost.api import estimate

    path = tmp_path / "include.json"
    path.write_text(json.dumps(INCLUDE))
    (artifact,) = load(str(path), transform=expand_artifact)
    assert "Fn::Transform" not in artifact.body["Resources"]
    assert artifact.body["Resources"]["Queue"] == {"Type": "AWS::SQS::Queue"}
    (note,) = artifact.transform_notes
    assert "AWS::Include" in note and "s3://snippets/topic.json" in note
    from hastack.analysis.availability import render_text

    report = estimate_availability(str(path))
    assert report.availability is None, "an SQS queue alone has no figure"
    assert "s3://snippets/topic.json" in render_text(report), "said even with no figure"
    priced = estimate(str(path))
    said = [a.message for a in priced.assumptions]
    assert any("s3://snippets/topic.json" in m for m in said), said


def test_a_macro_is_said_to_be_unrun_by_every_reader(tmp_path):
    """A macro's Lambda function rewrites the template before CloudFormation reads it
    (template-macros.html): a figure of the template as written must say it is that."""
    body = {
        "Transform": "Count",
        "Resources": {
            "Bucket": {"Type": "AWS::S3::Bucket", "Count": 3},
            "Topic": {
                "Type": "AWS::SNS::Topic",
                "Properties": {"TopicName": {"Fn::Transform": [{"Name": "Upper"}]}},
            },
        },
    }
    result = expand(body)
    assert any(n.startswith("Transform Count: a macro") for n in result.notes), result.notes
    assert any(n.startswith("Fn::Transform Upper: a macro") for n in result.notes)
    assert body["Transform"] == "Count", "the input is not edited"


def test_property_shapes_name_what_was_found_as_cloudformation_does():
    """The registry check the engine runs before a resource is created: a null where a list is
    wanted is named ``Null`` (it read as ``String``), and converted scalars pass."""
    from hastack.template.schemas import property_errors

    assert property_errors("AWS::SQS::Queue", {"Tags": None}) == [
        "#/Tags: expected type: JSONArray, found: Null"
    ]
    assert property_errors("AWS::SQS::Queue", {"DelaySeconds": "5", "QueueName": 7}) == []
    assert property_errors("Custom::Anything", {"Whatever": {"x": 1}}) == []
