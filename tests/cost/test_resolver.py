"""The intrinsic resolver: what a template's parameters, mappings and conditions evaluate to."""

from __future__ import annotations

import pytest

from hastack.cost.resolver import NO_VALUE, Resolver, Unresolved
from tests.cost.conftest import template

BODY = template(
    {"Thing": {"Type": "AWS::EC2::VPC"}},
    Parameters={
        "Size": {"Type": "String", "Default": "t3.small"},
        "Env": {"Type": "String", "Default": "prod"},
        "Subnets": {"Type": "CommaDelimitedList", "Default": "a,b,c"},
        "NoDefault": {"Type": "String"},
        "Ami": {
            "Type": "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>",
            "Default": "/aws/service/ami",
        },
    },
    Mappings={"Sizes": {"us-east-1": {"Web": "m6i.large"}, "eu-west-1": {"Web": "t3.large"}}},
    Conditions={
        "IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]},
        "IsIreland": {"Fn::Equals": [{"Ref": "AWS::Region"}, "eu-west-1"]},
        "ProdOutsideIreland": {
            "Fn::And": [{"Condition": "IsProd"}, {"Fn::Not": [{"Condition": "IsIreland"}]}]
        },
        "EitherOne": {"Fn::Or": [{"Condition": "IsIreland"}, {"Fn::Equals": ["a", "a"]}]},
        "Unknowable": {"Fn::Equals": [{"Ref": "NoDefault"}, "x"]},
    },
)


def test_ref_to_a_parameter_gives_its_default_and_an_override_wins():
    assert Resolver(BODY, "us-east-1").value({"Ref": "Size"}) == "t3.small"
    assert Resolver(BODY, "us-east-1", {"Size": "c7g.large"}).value({"Ref": "Size"}) == "c7g.large"


def test_pseudo_parameters_follow_the_region_and_no_value_drops_a_property():
    r = Resolver(BODY, "eu-west-1")
    assert r.value({"Ref": "AWS::Region"}) == "eu-west-1"
    assert r.value({"Ref": "AWS::Partition"}) == "aws"
    assert r.value({"Ref": "AWS::NoValue"}) is NO_VALUE
    assert r.value({"A": {"Ref": "AWS::NoValue"}, "B": 1}) == {"B": 1}


def test_find_in_map_is_keyed_by_the_region():
    node = {"Fn::FindInMap": ["Sizes", {"Ref": "AWS::Region"}, "Web"]}
    assert Resolver(BODY, "us-east-1").value(node) == "m6i.large"
    assert Resolver(BODY, "eu-west-1").value(node) == "t3.large"
    with pytest.raises(Unresolved, match="no such entry"):
        Resolver(BODY, "ap-southeast-2").value(node)


def test_conditions_combine_equals_and_or_not_and_condition_references():
    us, eu = Resolver(BODY, "us-east-1"), Resolver(BODY, "eu-west-1")
    assert us.condition("ProdOutsideIreland") is True
    assert eu.condition("ProdOutsideIreland") is False
    assert us.condition("EitherOne") is True
    assert Resolver(BODY, "us-east-1", {"Env": "dev"}).condition("IsProd") is False


def test_fn_if_picks_the_branch_of_its_condition():
    node = {"Fn::If": ["IsProd", "m6i.large", "t3.micro"]}
    assert Resolver(BODY, "us-east-1").value(node) == "m6i.large"
    assert Resolver(BODY, "us-east-1", {"Env": "dev"}).value(node) == "t3.micro"


def test_select_split_join_and_sub_evaluate_their_arguments():
    r = Resolver(BODY, "us-east-1")
    assert r.value({"Fn::Select": ["1", {"Ref": "Subnets"}]}) == "b"
    assert r.value({"Fn::Select": [2, {"Fn::GetAZs": ""}]}) == "us-east-1c"
    assert r.value({"Fn::Join": ["-", ["a", {"Ref": "Env"}]]}) == "a-prod"
    assert r.value({"Fn::Sub": "${Size}-${AWS::Region}"}) == "t3.small-us-east-1"
    assert r.value({"Fn::Sub": ["${X}.${Env}", {"X": "web"}]}) == "web.prod"
    assert r.value({"Fn::Split": [",", "x,y"]}) == ["x", "y"]


@pytest.mark.parametrize(
    ("node", "reason"),
    [
        ({"Ref": "NoDefault"}, "has no default"),
        ({"Ref": "Ami"}, "SSM Parameter Store"),
        ({"Ref": "Thing"}, "physical id of a resource"),
        ({"Fn::GetAtt": ["Thing", "CidrBlock"]}, "only known at deploy"),
        ({"Fn::ImportValue": "x"}, "only known at deploy"),
        ({"Fn::Sub": "${Thing.CidrBlock}"}, "resource attribute"),
        ({"Fn::Select": [5, ["a"]]}, "out of range"),
    ],
)
def test_values_known_only_at_deploy_raise_unresolved_with_the_reason(node, reason):
    with pytest.raises(Unresolved, match=reason):
        Resolver(BODY, "us-east-1").value(node)


def test_a_condition_on_an_unknowable_value_is_unresolved_not_false():
    with pytest.raises(Unresolved):
        Resolver(BODY, "us-east-1").condition("Unknowable")
    with pytest.raises(Unresolved, match="not defined"):
        Resolver(BODY, "us-east-1").condition("Missing")


def test_ref_target_follows_ref_getatt_and_if_to_the_logical_id():
    r = Resolver(BODY, "us-east-1")
    assert r.ref_target({"Ref": "Thing"}) == "Thing"
    assert r.ref_target({"Fn::GetAtt": "Thing.CidrBlock"}) == "Thing"
    assert r.ref_target({"Fn::If": ["IsProd", {"Ref": "Thing"}, "x"]}) == "Thing"
    assert r.ref_target({"Ref": "Size"}) is None
