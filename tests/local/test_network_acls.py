"""Network ACLs, their entries and subnet associations, as CloudFormation makes them.

REF = https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-networkacl.html
ENTRY = https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-networkaclentry.html
VPC = https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.local.helpers import create, events

RESOURCES: dict[str, Any] = {
    "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}},
    "Subnet": {
        "Type": "AWS::EC2::Subnet",
        "Properties": {"VpcId": {"Ref": "Vpc"}, "CidrBlock": "10.0.1.0/24"},
    },
    "Acl": {
        "Type": "AWS::EC2::NetworkAcl",
        "Properties": {"VpcId": {"Ref": "Vpc"}, "Tags": [{"Key": "tier", "Value": "public"}]},
    },
    "Http": {
        "Type": "AWS::EC2::NetworkAclEntry",
        "Properties": {
            "NetworkAclId": {"Ref": "Acl"},
            "RuleNumber": 100,
            "Protocol": 6,
            "RuleAction": "allow",
            "CidrBlock": "0.0.0.0/0",
            "PortRange": {"From": 80, "To": 80},
        },
    },
    "Association": {
        "Type": "AWS::EC2::SubnetNetworkAclAssociation",
        "Properties": {"SubnetId": {"Ref": "Subnet"}, "NetworkAclId": {"Ref": "Acl"}},
    },
}


@pytest.fixture
def cfn(cfn_env: Any) -> Any:
    return cfn_env("cloudformation")


def _physical(cfn: Any, stack: str, logical_id: str) -> str:
    detail = cfn.describe_stack_resource(StackName=stack, LogicalResourceId=logical_id)
    return str(detail["StackResourceDetail"]["PhysicalResourceId"])


def _acl(cfn_env: Any, acl_id: str) -> dict[str, Any]:
    (acl,) = cfn_env("ec2").describe_network_acls(NetworkAclIds=[acl_id])["NetworkAcls"]
    return dict(acl)


def test_an_acl_with_an_entry_and_a_subnet_is_created_and_deleted(cfn_env, cfn) -> None:
    """REF: Ref gives the ACL's id, in the template's VPC, with its tags. ENTRY: the rule is
    added to it. VPC: a subnet is associated with exactly one ACL; deleting the association
    gives the subnet back to the VPC's default ACL, and the stack's ACL is deleted."""
    stack = create(cfn, "acls", {"Resources": RESOURCES})
    failed = [e for e in events(cfn, "acls") if "FAILED" in e[1]]
    assert stack["StackStatus"] == "CREATE_COMPLETE", failed
    acl_id = _physical(cfn, "acls", "Acl")
    assert acl_id.startswith("acl-")
    acl = _acl(cfn_env, acl_id)
    assert acl["VpcId"] == _physical(cfn, "acls", "Vpc")
    assert {"Key": "tier", "Value": "public"} in acl["Tags"]
    assert [
        (e["RuleNumber"], e["Protocol"], e["RuleAction"], e["PortRange"]["From"])
        for e in acl["Entries"]
        if not e["Egress"] and e["RuleNumber"] == 100
    ] == [(100, "6", "allow", 80)]
    subnet = _physical(cfn, "acls", "Subnet")
    assert [a["SubnetId"] for a in acl["Associations"]] == [subnet]

    cfn.delete_stack(StackName="acls")
    deleted = cfn.describe_stacks(StackName=stack["StackId"])["Stacks"][0]["StackStatus"]
    assert deleted == "DELETE_COMPLETE", [e for e in events(cfn, "acls") if "FAILED" in e[1]]
    left = cfn_env("ec2").describe_network_acls()["NetworkAcls"]
    assert acl_id not in [a["NetworkAclId"] for a in left]


def test_tags_change_in_place_and_a_new_vpc_replaces_the_acl(cfn_env, cfn) -> None:
    """REF: Tags update with no interruption; VpcId requires replacement."""
    create(cfn, "acltags", {"Resources": RESOURCES})
    before = _physical(cfn, "acltags", "Acl")
    body = json.loads(json.dumps({"Resources": RESOURCES}))
    body["Resources"]["Acl"]["Properties"]["Tags"] = [{"Key": "tier", "Value": "edge"}]
    cfn.update_stack(StackName="acltags", TemplateBody=json.dumps(body))
    stack = cfn.describe_stacks(StackName="acltags")["Stacks"][0]
    assert stack["StackStatus"] == "UPDATE_COMPLETE", stack.get("StackStatusReason")
    assert _physical(cfn, "acltags", "Acl") == before
    assert _acl(cfn_env, before)["Tags"] == [{"Key": "tier", "Value": "edge"}]

    body["Resources"]["Other"] = {
        "Type": "AWS::EC2::VPC",
        "Properties": {"CidrBlock": "10.1.0.0/16"},
    }
    body["Resources"]["Acl"]["Properties"]["VpcId"] = {"Ref": "Other"}
    del body["Resources"]["Association"]  # the subnet stays in the first VPC
    cfn.update_stack(StackName="acltags", TemplateBody=json.dumps(body))
    stack = cfn.describe_stacks(StackName="acltags")["Stacks"][0]
    assert stack["StackStatus"] == "UPDATE_COMPLETE", stack.get("StackStatusReason")
    after = _physical(cfn, "acltags", "Acl")
    assert after != before
    assert _acl(cfn_env, after)["VpcId"] == _physical(cfn, "acltags", "Other")


def test_the_vpcs_default_acl_goes_with_the_vpc(cfn_env, cfn) -> None:
    """VPC: every VPC comes with a default network ACL, which is deleted with the VPC (it
    cannot be deleted on its own). moto's ``delete_vpc`` kept it, with its associations to the
    deleted subnets, so every deleted stack's VPC left an ACL behind."""
    stack = create(cfn, "acldefault", {"Resources": RESOURCES})
    vpc = _physical(cfn, "acldefault", "Vpc")
    filters = [{"Name": "vpc-id", "Values": [vpc]}]
    acls = cfn_env("ec2").describe_network_acls(Filters=filters)["NetworkAcls"]
    assert sorted(a["IsDefault"] for a in acls) == [False, True]

    cfn.delete_stack(StackName="acldefault")
    deleted = cfn.describe_stacks(StackName=stack["StackId"])["Stacks"][0]["StackStatus"]
    assert deleted == "DELETE_COMPLETE", [e for e in events(cfn, "acldefault") if "FAILED" in e[1]]
    assert cfn_env("ec2").describe_network_acls(Filters=filters)["NetworkAcls"] == []
