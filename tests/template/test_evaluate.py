"""The one intrinsic evaluator: known values, symbolic references, and unknowns with reasons."""

from __future__ import annotations

import pytest

from hastack.core import regions
from hastack.errors import UsageError
from hastack.template import (
    NO_VALUE,
    Az,
    RegionAzs,
    ResourceRef,
    TemplateView,
    Unknown,
    Unresolved,
    Workspace,
    evaluator,
)
from hastack.template.schemas import schema

BODY = {
    "Parameters": {
        "Env": {"Type": "String", "Default": "prod"},
        "Subnets": {"Type": "List<AWS::EC2::Subnet::Id>", "Default": "subnet-1, subnet-2"},
        "Ami": {"Type": "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>", "Default": "/ami"},
        "Free": {"Type": "String"},
    },
    "Mappings": {"Size": {"us-east-1": {"Web": "m6i.large"}}},
    "Conditions": {
        "IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]},
        "IsFree": {"Fn::Equals": [{"Ref": "Free"}, "x"]},
        "ProdOrFree": {"Fn::Or": [{"Condition": "IsProd"}, {"Condition": "IsFree"}]},
        "ProdAndFree": {"Fn::And": [{"Condition": "IsProd"}, {"Condition": "IsFree"}]},
        "Loop": {"Condition": "Loop"},
    },
    "Resources": {
        "Vpc": {"Type": "AWS::EC2::VPC"},
        "Subnet": {
            "Type": "AWS::EC2::Subnet",
            "Properties": {"AvailabilityZone": {"Fn::Select": [1, {"Fn::GetAZs": ""}]}},
        },
    },
}


def test_literal_functions_evaluate_as_cloudformation_does():
    e = evaluator(BODY, region="us-east-1")
    assert e.value({"Fn::FindInMap": ["Size", {"Ref": "AWS::Region"}, "Web"]}) == "m6i.large"
    assert e.value({"Fn::Join": ["-", ["a", {"Ref": "Env"}, 3]]}) == "a-prod-3"
    assert e.value({"Fn::Split": [",", "a,b"]}) == ["a", "b"]
    assert e.value({"Fn::Select": ["1", {"Ref": "Subnets"}]}) == "subnet-2"
    assert e.value({"Fn::Sub": ["${X}.${Env}.${AWS::Partition}", {"X": "w"}]}) == "w.prod.aws"
    assert e.value({"Fn::Sub": "${!Literal}"}) == "${Literal}"
    assert e.value({"Fn::If": ["IsProd", "big", "small"]}) == "big"
    assert e.value({"Fn::Cidr": ["10.0.0.0/16", 2, 8]}) == ["10.0.0.0/24", "10.0.1.0/24"]
    assert e.value({"Fn::Length": [1, 2, 3]}) == 3
    assert e.value({"Fn::ToJsonString": {"a": [1]}}) == '{"a":[1]}'
    assert e.value({"Ref": "AWS::NoValue"}) is NO_VALUE
    assert e.value(["a", {"Fn::If": ["IsProd", {"Ref": "AWS::NoValue"}, "b"]}]) == ["a"]
    assert e.value({"Fn::FindInMap": ["Size", "x", "y", {"DefaultValue": "d"}]}) == "d"


def test_references_to_resources_stay_symbolic_and_name_the_resource():
    e = evaluator(BODY, region="us-east-1")
    assert e.value({"Ref": "Vpc"}) == ResourceRef("stack", "Vpc")
    assert e.value({"Fn::GetAtt": "Vpc.CidrBlock"}) == ResourceRef("stack", "Vpc", "CidrBlock")
    assert e.ref_target({"Fn::If": ["IsProd", {"Ref": "Vpc"}, "x"]}) == "Vpc"
    assert e.references({"Fn::Sub": "${Vpc}-${Subnet.AvailabilityZone}"}) == {
        ResourceRef("stack", "Vpc"),
        ResourceRef("stack", "Subnet", "AvailabilityZone"),
    }
    with pytest.raises(Unresolved, match="physical id of a resource"):
        e.require({"Fn::Join": [",", [{"Ref": "Vpc"}]]})


@pytest.mark.parametrize(
    ("node", "reason"),
    [
        ({"Ref": "Free"}, "has no value given and no default"),
        ({"Ref": "Ami"}, "SSM Parameter Store"),
        ({"Ref": "Nothing"}, "does not declare"),
        ({"Ref": "AWS::AccountId"}, "known at deploy"),
        ({"Fn::Sub": "${Vpc.CidrBlock}/x"}, "resource attribute"),
        ({"Fn::ImportValue": "shared-vpc"}, "no template exports it"),
        ({"Fn::Select": [5, ["a"]]}, "out of range"),
        ({"Fn::FindInMap": ["Size", "eu-west-1", "Web"]}, "no such entry"),
        ({"Fn::Transform": {}}, "not evaluated before deploy"),
        ({"Fn::If": ["IsFree", "a", "b"]}, "known only at deploy"),
        ({"Fn::Select": [0, "oops"]}, "not a list"),
    ],
)
def test_what_cannot_be_known_is_unknown_with_the_reason(node, reason):
    found = evaluator(BODY, region="us-east-1").value(node)
    assert isinstance(found, Unknown)
    assert reason in found.reason


def test_conditions_are_three_valued():
    e = evaluator(BODY, region="us-east-1")
    assert e.condition("IsProd") is True
    assert isinstance(e.condition("IsFree"), Unknown)
    assert e.condition("ProdOrFree") is True  # one True decides an Or
    assert isinstance(e.condition("ProdAndFree"), Unknown)
    assert "refers to itself" in str(e.condition("Loop"))
    dev = TemplateView(BODY, "us-east-1", parameters={"Env": "dev"})
    from hastack.template import Evaluator

    assert Evaluator(dev).condition("ProdAndFree") is False  # one False decides an And


def test_get_azs_follows_the_regions_table():
    west = evaluator(BODY, region="us-west-1")
    azs = west.value({"Fn::GetAZs": ""})
    assert [az.name for az in azs] == ["AZ-1", "AZ-2"]
    assert [az.zone for az in azs] == ["us-west-1a", "us-west-1c"]
    assert "out of range" in str(west.value({"Fn::Select": [2, {"Fn::GetAZs": ""}]}))
    assert evaluator(BODY, region="us-east-1").value({"Fn::Select": [2, {"Fn::GetAZs": ""}]}) == (
        Az("us-east-1", "AZ-3")
    )
    no_region = evaluator(BODY)
    assert no_region.value({"Fn::GetAZs": ""}) == RegionAzs(None)
    assert no_region.value({"Fn::Select": [4, {"Fn::GetAZs": ""}]}) == Az(None, "AZ-5")
    zones = evaluator(BODY, region="eu-west-1", zone_names=True)
    assert zones.value({"Fn::GetAZs": ""}) == ["eu-west-1a", "eu-west-1b", "eu-west-1c"]


def test_the_validator_view_does_not_take_parameter_defaults():
    e = evaluator(BODY, region="us-east-1", defaults=False)
    assert "may be overridden" in str(e.value({"Ref": "Env"}))


def test_stack_inputs_and_imports_resolve_across_a_workspace():
    network = {
        "Resources": {"A": {"Type": "AWS::EC2::Subnet"}, "B": {"Type": "AWS::EC2::Subnet"}},
        "Outputs": {
            "Subnets": {"Value": {"Fn::Join": [",", [{"Ref": "A"}, {"Ref": "B"}]]}},
            "Exported": {
                "Value": {"Ref": "A"},
                "Export": {"Name": {"Fn::Sub": "${AWS::StackName}-a"}},
            },
        },
    }
    web = {
        "Parameters": {"Subnets": {"Type": "CommaDelimitedList"}},
        "Resources": {"Fleet": {"Type": "AWS::AutoScaling::AutoScalingGroup"}},
    }
    space = Workspace(
        [
            TemplateView(network, "us-east-1", name="net"),
            TemplateView(web, "us-east-1", name="web", inputs={"Subnets": ("net", "Subnets")}),
        ]
    )
    e = space.evaluator("web")
    assert e.value({"Ref": "Subnets"}) == [ResourceRef("net", "A"), ResourceRef("net", "B")]
    assert e.count({"Ref": "Subnets"}) == 2
    assert e.value({"Fn::ImportValue": "net-a"}) == ResourceRef("net", "A")
    assert e.references({"Ref": "Subnets"}) == {ResourceRef("net", "A"), ResourceRef("net", "B")}


def test_the_engine_supplies_deployed_values_through_callbacks():
    from hastack.template import Evaluator

    view = TemplateView(BODY, "us-east-1", parameters={"Ami": "/ami"})
    e = Evaluator(
        view,
        resource_value=lambda name, attr: f"{name}:{attr or 'id'}",
        ssm_value=lambda key: {"/ami": "ami-123"}[key],
    )
    assert e.value({"Fn::Sub": "${Vpc}/${Vpc.CidrBlock}"}) == "Vpc:id/Vpc:CidrBlock"
    assert e.value({"Ref": "Ami"}) == "ami-123"


def test_malformed_calls_are_unknown_never_a_crash():
    e = evaluator(BODY, region="us-east-1")
    for node in (
        {"Fn::Select": "x"},
        {"Fn::Join": "x"},
        {"Fn::If": ["IsProd"]},
        {"Fn::Sub": 3},
        {"Fn::GetAtt": 3},
        {"Fn::Cidr": ["nope", 2, 8]},
        {"Fn::Equals": [1]},
        {"Ref": ["x"]},
    ):
        assert isinstance(e.value(node), Unknown), node
    deep: dict = {"Fn::Base64": "x"}
    for _ in range(200):
        deep = {"Fn::Base64": deep}
    assert "nested too deeply" in str(e.value(deep))


def test_provider_schemas_say_what_replaces_a_resource():
    subnet = schema("AWS::EC2::Subnet")
    assert subnet is not None
    assert "CidrBlock" in subnet.create_only and "Tags" not in subnet.create_only
    assert subnet.required == {"VpcId"}
    assert subnet.primary_identifier == ("SubnetId",)
    cluster = schema("AWS::RDS::DBCluster")
    assert cluster is not None and "DatabaseName" in cluster.create_only
    assert "BackupRetentionPeriod" not in cluster.create_only
    assert schema("AWS::Serverless::Function") is None


def test_the_region_table_is_one_check_for_every_command():
    assert regions.region("us-west-1").az_count == 2
    assert regions.region("cn-north-1").partition == "aws-cn"
    assert regions.region("us-gov-west-1").partition == "aws-us-gov"
    assert regions.az_count("us-east-1") == 3 and regions.region("us-east-1").az_count == 6
    assert regions.check_region("eu-west-1") == "eu-west-1"
    with pytest.raises(UsageError, match="did you mean .*us-east-1"):
        regions.check_region("us-east-l")
