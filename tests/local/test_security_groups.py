"""Security groups as EC2 and CloudFormation make them (moto's own model of a group keeps the
default egress rule, drops descriptions and replaces the group on every update).

REF = https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-securitygroup.html
EC2 = https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.local.helpers import create

VPC = {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}}
WEB = {
    "Type": "AWS::EC2::SecurityGroup",
    "Properties": {
        "GroupDescription": "web",
        "VpcId": {"Ref": "Vpc"},
        "SecurityGroupIngress": [
            {
                "IpProtocol": "tcp",
                "FromPort": 443,
                "ToPort": 443,
                "CidrIp": "0.0.0.0/0",
                "Description": "HTTPS from anywhere",
            }
        ],
        "SecurityGroupEgress": [
            {
                "IpProtocol": "tcp",
                "FromPort": 5432,
                "ToPort": 5432,
                "CidrIp": "10.0.0.0/16",
                "Description": "to the database",
            }
        ],
    },
}
OPEN = {
    "Type": "AWS::EC2::SecurityGroup",
    "Properties": {"GroupDescription": "open", "VpcId": {"Ref": "Vpc"}},
}


@pytest.fixture
def cfn(cfn_env: Any) -> Any:
    return cfn_env("cloudformation")


def _group(cfn_env: Any, cfn: Any, stack: str, logical_id: str) -> dict[str, Any]:
    physical = cfn.describe_stack_resource(StackName=stack, LogicalResourceId=logical_id)[
        "StackResourceDetail"
    ]["PhysicalResourceId"]
    (group,) = cfn_env("ec2").describe_security_groups(GroupIds=[physical])["SecurityGroups"]
    return group


def _rules(permissions: list[dict[str, Any]]) -> set[tuple[Any, ...]]:
    return {
        (
            p["IpProtocol"],
            p.get("FromPort"),
            p.get("ToPort"),
            r.get("CidrIp") or r.get("GroupId"),
            r.get("Description"),
        )
        for p in permissions
        for r in p.get("IpRanges", []) + p.get("UserIdGroupPairs", [])
    }


def test_declared_egress_replaces_the_default_rule_and_descriptions_are_kept(cfn_env, cfn) -> None:
    """REF SecurityGroupEgress: the default rule allowing all outbound traffic "is removed only
    when you specify one or more egress rules"; a group that gives none keeps it. EC2: each
    rule keeps its description."""
    create(cfn, "groups", {"Resources": {"Vpc": VPC, "Web": WEB, "Open": OPEN}})
    web = _group(cfn_env, cfn, "groups", "Web")
    assert _rules(web["IpPermissionsEgress"]) == {
        ("tcp", 5432, 5432, "10.0.0.0/16", "to the database")
    }
    assert _rules(web["IpPermissions"]) == {("tcp", 443, 443, "0.0.0.0/0", "HTTPS from anywhere")}
    open_group = _group(cfn_env, cfn, "groups", "Open")
    assert _rules(open_group["IpPermissionsEgress"]) == {("-1", None, None, "0.0.0.0/0", None)}


def test_rule_changes_update_the_group_in_place(cfn_env, cfn) -> None:
    """REF: SecurityGroupIngress and SecurityGroupEgress update with no interruption (the group
    keeps its id); an egress list emptied gives the group its default rule back."""
    create(cfn, "inplace", {"Resources": {"Vpc": VPC, "Web": WEB}})
    before = _group(cfn_env, cfn, "inplace", "Web")["GroupId"]
    changed = json.loads(json.dumps(WEB))
    changed["Properties"]["SecurityGroupIngress"] = [
        {"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "CidrIp": "0.0.0.0/0"},
        {"IpProtocol": "-1", "SourceSecurityGroupId": {"Ref": "Other"}, "Description": "peers"},
    ]
    del changed["Properties"]["SecurityGroupEgress"]
    other = {"Type": "AWS::EC2::SecurityGroup", "Properties": {"GroupDescription": "o"}}
    other["Properties"]["VpcId"] = {"Ref": "Vpc"}
    cfn.update_stack(
        StackName="inplace",
        TemplateBody=json.dumps({"Resources": {"Vpc": VPC, "Web": changed, "Other": other}}),
    )
    stack = cfn.describe_stacks(StackName="inplace")["Stacks"][0]
    assert stack["StackStatus"] == "UPDATE_COMPLETE", stack.get("StackStatusReason")
    after = _group(cfn_env, cfn, "inplace", "Web")
    peer = _group(cfn_env, cfn, "inplace", "Other")["GroupId"]
    assert after["GroupId"] == before
    assert _rules(after["IpPermissions"]) == {
        ("tcp", 80, 80, "0.0.0.0/0", None),
        ("-1", None, None, peer, "peers"),
    }
    assert _rules(after["IpPermissionsEgress"]) == {("-1", None, None, "0.0.0.0/0", None)}


def test_rule_resources_keep_their_description_and_go_with_their_stack(cfn_env, cfn) -> None:
    """AWS::EC2::SecurityGroupIngress/Egress add one rule each, with its description; the
    physical id is EC2's rule id; deleting the resource revokes the rule."""
    body = {
        "Resources": {
            "Vpc": VPC,
            "Open": OPEN,
            "In": {
                "Type": "AWS::EC2::SecurityGroupIngress",
                "Properties": {
                    "GroupId": {"Ref": "Open"},
                    "IpProtocol": "tcp",
                    "FromPort": 22,
                    "ToPort": 22,
                    "CidrIp": "10.0.0.0/8",
                    "Description": "ssh from the office",
                },
            },
            "Out": {
                "Type": "AWS::EC2::SecurityGroupEgress",
                "Properties": {
                    "GroupId": {"Ref": "Open"},
                    "IpProtocol": "tcp",
                    "FromPort": 443,
                    "ToPort": 443,
                    "DestinationSecurityGroupId": {"Ref": "Open"},
                    "Description": "to itself",
                },
            },
        }
    }
    create(cfn, "rules", body)
    rows = cfn.describe_stack_resources(StackName="rules")["StackResources"]
    ids = {r["LogicalResourceId"]: r["PhysicalResourceId"] for r in rows}
    assert ids["In"].startswith("sgr-") and ids["Out"].startswith("sgr-")
    group = _group(cfn_env, cfn, "rules", "Open")
    assert ("tcp", 22, 22, "10.0.0.0/8", "ssh from the office") in _rules(group["IpPermissions"])
    assert ("tcp", 443, 443, ids["Open"], "to itself") in _rules(group["IpPermissionsEgress"])
    cfn.detect_stack_drift(StackName="rules")
    drifts = cfn.describe_stack_resource_drifts(StackName="rules")["StackResourceDrifts"]
    assert {d["LogicalResourceId"]: d["StackResourceDriftStatus"] for d in drifts} == {
        "Open": "IN_SYNC",
        "In": "IN_SYNC",
        "Out": "IN_SYNC",
    }
    del body["Resources"]["In"]
    cfn.update_stack(StackName="rules", TemplateBody=json.dumps(body))
    group = _group(cfn_env, cfn, "rules", "Open")
    assert _rules(group["IpPermissions"]) == set()
    cfn.delete_stack(StackName="rules")
    (gone,) = cfn.describe_stacks(StackName=rows[0]["StackId"])["Stacks"]
    assert gone["StackStatus"] == "DELETE_COMPLETE", gone.get("StackStatusReason")


def test_a_rule_added_or_changed_outside_the_stack_is_drift(cfn_env, cfn) -> None:
    """UG using-cfn-stack-drift.html: a rule added to a group is ADD on its list; a rule whose
    description changed is the template's rule REMOVE and the live one ADD."""
    create(cfn, "outside", {"Resources": {"Vpc": VPC, "Web": WEB}})
    group = _group(cfn_env, cfn, "outside", "Web")["GroupId"]
    ec2 = cfn_env("ec2")
    ec2.authorize_security_group_ingress(
        GroupId=group,
        IpPermissions=[
            {
                "IpProtocol": "tcp",
                "FromPort": 22,
                "ToPort": 22,
                "IpRanges": [{"CidrIp": "1.2.3.4/32"}],
            }
        ],
    )
    ec2.revoke_security_group_egress(
        GroupId=group,
        IpPermissions=[
            {
                "IpProtocol": "tcp",
                "FromPort": 5432,
                "ToPort": 5432,
                "IpRanges": [{"CidrIp": "10.0.0.0/16"}],
            }
        ],
    )
    cfn.detect_stack_drift(StackName="outside")
    (row,) = [
        d
        for d in cfn.describe_stack_resource_drifts(StackName="outside")["StackResourceDrifts"]
        if d["LogicalResourceId"] == "Web"
    ]
    assert row["StackResourceDriftStatus"] == "MODIFIED"
    assert {(d["PropertyPath"], d["DifferenceType"]) for d in row["PropertyDifferences"]} == {
        ("/SecurityGroupIngress/1", "ADD"),
        ("/SecurityGroupEgress/0", "REMOVE"),
    }


def test_a_rule_resource_on_a_list_the_group_sets_shows_as_drift_as_on_aws(cfn) -> None:
    """CloudFormation compares a group's SecurityGroupEgress with every egress rule the group
    has, so a rule an AWS::EC2::SecurityGroupEgress of the same stack adds is reported ADD on
    the group (aws-cloudformation/cloudformation-coverage-roadmap#1198, open): the emulator
    says what AWS says. (The proxy tier puts its app-port rule in its group's own list.)"""
    extra = {
        "Type": "AWS::EC2::SecurityGroupEgress",
        "Properties": {
            "GroupId": {"Ref": "Web"},
            "IpProtocol": "tcp",
            "FromPort": 80,
            "ToPort": 80,
            "CidrIp": "10.0.0.0/16",
        },
    }
    create(cfn, "extra", {"Resources": {"Vpc": VPC, "Web": WEB, "Extra": extra}})
    cfn.detect_stack_drift(StackName="extra")
    found = {
        d["LogicalResourceId"]: d
        for d in cfn.describe_stack_resource_drifts(StackName="extra")["StackResourceDrifts"]
    }
    assert found["Extra"]["StackResourceDriftStatus"] == "IN_SYNC"
    assert found["Web"]["StackResourceDriftStatus"] == "MODIFIED"
    assert [
        (d["PropertyPath"], d["DifferenceType"]) for d in found["Web"]["PropertyDifferences"]
    ] == [("/SecurityGroupEgress/1", "ADD")]


def test_declaring_egress_later_removes_both_defaults_of_an_ipv6_vpc(cfn_env, cfn) -> None:
    """EC2: a group in a VPC with an IPv6 block starts with two default egress rules (0.0.0.0/0
    and ::/0). REF: the default rule is removed when egress rules are given, so an update that
    starts declaring egress leaves exactly the declared rules, as a create with them does; an
    update that empties the list again gives both defaults back."""
    ec2 = cfn_env("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16", AmazonProvidedIpv6CidrBlock=True)["Vpc"]
    group = {
        "Type": "AWS::EC2::SecurityGroup",
        "Properties": {"GroupDescription": "app", "VpcId": vpc["VpcId"]},
    }
    create(cfn, "ipv6", {"Resources": {"App": group}})
    defaults = {("-1", None, None, "0.0.0.0/0"), ("-1", None, None, "::/0")}

    def egress() -> set[tuple[Any, ...]]:
        found = _group(cfn_env, cfn, "ipv6", "App")["IpPermissionsEgress"]
        return {
            (
                p["IpProtocol"],
                p.get("FromPort"),
                p.get("ToPort"),
                r.get("CidrIp") or r.get("CidrIpv6"),
            )
            for p in found
            for r in p.get("IpRanges", []) + p.get("Ipv6Ranges", [])
        }

    assert egress() == defaults
    declared = json.loads(json.dumps(group))
    declared["Properties"]["SecurityGroupEgress"] = [
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "0.0.0.0/0"}
    ]
    cfn.update_stack(StackName="ipv6", TemplateBody=json.dumps({"Resources": {"App": declared}}))
    assert egress() == {("tcp", 443, 443, "0.0.0.0/0")}
    cfn.update_stack(StackName="ipv6", TemplateBody=json.dumps({"Resources": {"App": group}}))
    assert egress() == defaults
