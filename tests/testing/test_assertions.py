"""Template assertions: inputs they accept, partial matching, and messages that point at the fix."""

from __future__ import annotations

from unittest.mock import ANY

import pytest
from troposphere import GetAtt, Output, Ref, Template, rds, sns

from hastack.core.stack import Stack
from hastack.testing import has_resource, has_resource_properties, outputs, template_body


def _template() -> Template:
    t = Template()
    t.add_resource(sns.Topic("AlarmTopic", TopicName="alarms"))
    t.add_resource(
        rds.DBCluster(
            "DatabaseCluster",
            Engine="aurora-mysql",
            StorageEncrypted=True,
            DeletionProtection=True,
            BackupRetentionPeriod=7,
            VpcSecurityGroupIds=["sg-1", "sg-2"],
            Tags=[{"Key": "tier", "Value": "data"}],
        )
    )
    for name, tier in (("DatabaseWriter", 0), ("DatabaseReader1", 1)):
        t.add_resource(
            rds.DBInstance(
                name,
                DBClusterIdentifier=Ref("DatabaseCluster"),
                Engine="aurora-mysql",
                DBInstanceClass="db.r6g.large",
                PromotionTier=tier,
            )
        )
    t.add_output(Output("DatabaseEndpoint", Value=GetAtt("DatabaseCluster", "Endpoint.Address")))
    return t


def test_a_template_a_stack_and_a_dict_are_all_accepted() -> None:
    template = _template()
    for form in (template, Stack(name="db", template=template), template.to_dict()):
        assert template_body(form)["Resources"]["AlarmTopic"]["Type"] == "AWS::SNS::Topic"


def test_a_blueprint_is_synthesized_before_checking() -> None:
    from hastack.blueprints import HAWebApp

    blueprint = HAWebApp("shop", app_name="shop", database={"readers": 2})
    has_resource(blueprint, "AWS::RDS::DBCluster", count=1)
    has_resource(blueprint, "AWS::RDS::DBInstance", count=3)


def test_anything_else_is_a_type_error_naming_what_is_accepted() -> None:
    with pytest.raises(TypeError, match="troposphere Template, a hastack Stack or Blueprint"):
        has_resource(42, "AWS::SNS::Topic")


def test_has_resource_returns_the_matches_and_checks_an_exact_count() -> None:
    found = has_resource(_template(), "AWS::RDS::DBInstance", count=2)
    assert sorted(found) == ["DatabaseReader1", "DatabaseWriter"]


def test_a_wrong_count_names_the_resources_found() -> None:
    with pytest.raises(AssertionError) as failure:
        has_resource(_template(), "AWS::RDS::DBInstance", count=3)
    assert str(failure.value) == (
        "expected 3 AWS::RDS::DBInstance, found 2: DatabaseReader1, DatabaseWriter"
    )


def test_a_missing_type_lists_the_types_the_template_has() -> None:
    with pytest.raises(AssertionError) as failure:
        has_resource(_template(), "AWS::CloudWatch::Alarm")
    assert str(failure.value) == (
        "expected at least one AWS::CloudWatch::Alarm, found none; the template has "
        "AWS::RDS::DBCluster, AWS::RDS::DBInstance, AWS::SNS::Topic"
    )


def test_properties_match_as_a_recursive_subset() -> None:
    matched = has_resource_properties(
        _template(),
        "AWS::RDS::DBInstance",
        {"DBClusterIdentifier": {"Ref": "DatabaseCluster"}, "PromotionTier": 0},
    )
    assert matched == ["DatabaseWriter"]
    assert has_resource_properties(
        _template(),
        "AWS::RDS::DBCluster",
        {"Tags": [{"Key": "tier"}], "VpcSecurityGroupIds": ["sg-1", ANY]},
    ) == ["DatabaseCluster"]


def test_every_matching_resource_is_returned() -> None:
    matched = has_resource_properties(
        _template(), "AWS::RDS::DBInstance", {"Engine": "aurora-mysql"}
    )
    assert matched == ["DatabaseReader1", "DatabaseWriter"]


def test_a_mismatch_shows_the_nearest_candidate_and_each_difference() -> None:
    with pytest.raises(AssertionError) as failure:
        has_resource_properties(
            _template(),
            "AWS::RDS::DBInstance",
            {"PromotionTier": 1, "DBInstanceClass": "db.r6g.xlarge", "MultiAZ": False},
        )
    assert str(failure.value) == (
        "no AWS::RDS::DBInstance has the expected properties; nearest is DatabaseReader1:\n"
        '  - Properties.DBInstanceClass: expected "db.r6g.xlarge", got "db.r6g.large"\n'
        "  - Properties.MultiAZ: missing (expected false)\n"
        "(1 other AWS::RDS::DBInstance resource(s) differ more)"
    )


def test_list_lengths_and_shapes_must_match() -> None:
    with pytest.raises(AssertionError, match=r"VpcSecurityGroupIds: expected 1 item\(s\), got 2"):
        has_resource_properties(_template(), "AWS::RDS::DBCluster", {"VpcSecurityGroupIds": [ANY]})
    with pytest.raises(AssertionError, match=r"Properties.Engine: expected an object, got"):
        has_resource_properties(_template(), "AWS::RDS::DBCluster", {"Engine": {"Ref": "X"}})


def test_outputs_lists_each_output_definition() -> None:
    assert outputs(_template()) == {
        "DatabaseEndpoint": {"Value": {"Fn::GetAtt": ["DatabaseCluster", "Endpoint.Address"]}}
    }
