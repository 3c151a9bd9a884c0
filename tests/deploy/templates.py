"""Template bodies for deploy tests, built from types the local emulator runs."""

from __future__ import annotations

import copy
from typing import Any


def network(cidr: str = "10.40.0.0/16") -> dict[str, Any]:
    return {
        "Resources": {
            "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": cidr}},
            "SubnetA": {
                "Type": "AWS::EC2::Subnet",
                "Properties": {
                    "VpcId": {"Ref": "Vpc"},
                    "CidrBlock": cidr.replace("0.0/16", "1.0/24"),
                    "AvailabilityZone": "us-east-1a",
                },
            },
            "SubnetB": {
                "Type": "AWS::EC2::Subnet",
                "Properties": {
                    "VpcId": {"Ref": "Vpc"},
                    "CidrBlock": cidr.replace("0.0/16", "2.0/24"),
                    "AvailabilityZone": "us-east-1b",
                },
            },
        },
        "Outputs": {"VpcId": {"Value": {"Ref": "Vpc"}}},
    }


def fleet(size: int = 2) -> dict[str, Any]:
    body = network()
    body["Resources"].update(
        {
            "LaunchTemplate": {
                "Type": "AWS::EC2::LaunchTemplate",
                "Properties": {
                    "LaunchTemplateData": {"ImageId": "ami-12c6146b", "InstanceType": "t3.micro"}
                },
            },
            "AutoScalingGroup": {
                "Type": "AWS::AutoScaling::AutoScalingGroup",
                "Properties": {
                    "MinSize": str(size),
                    "MaxSize": str(size * 2),
                    "DesiredCapacity": str(size),
                    "VPCZoneIdentifier": [{"Ref": "SubnetA"}, {"Ref": "SubnetB"}],
                    "LaunchTemplate": {
                        "LaunchTemplateId": {"Ref": "LaunchTemplate"},
                        "Version": {"Fn::GetAtt": ["LaunchTemplate", "LatestVersionNumber"]},
                    },
                },
            },
        }
    )
    body["Outputs"]["GroupName"] = {"Value": {"Ref": "AutoScalingGroup"}}
    return body


def database(engine: str = "mysql", identifier: str = "shop-db") -> dict[str, Any]:
    body = network()
    body["Resources"].update(
        {
            "DatabaseSubnetGroup": {
                "Type": "AWS::RDS::DBSubnetGroup",
                "Properties": {
                    "DBSubnetGroupDescription": "db",
                    "SubnetIds": [{"Ref": "SubnetA"}, {"Ref": "SubnetB"}],
                },
            },
            "DatabaseInstance": {
                "Type": "AWS::RDS::DBInstance",
                "DeletionPolicy": "Snapshot",
                "UpdateReplacePolicy": "Snapshot",
                "Properties": {
                    "DBInstanceIdentifier": identifier,
                    "Engine": engine,
                    "DBInstanceClass": "db.t3.micro",
                    "AllocatedStorage": "20",
                    "MasterUsername": "admin",
                    "ManageMasterUserPassword": True,
                    "DBSubnetGroupName": {"Ref": "DatabaseSubnetGroup"},
                    "BackupRetentionPeriod": 7,
                },
            },
        }
    )
    body["Outputs"]["DatabaseEndpoint"] = {
        "Value": {"Fn::GetAtt": ["DatabaseInstance", "Endpoint.Address"]}
    }
    return body


def topics(count: int, padding: int = 0) -> dict[str, Any]:
    """``count`` SNS topics; ``padding`` characters of metadata each make a template large."""
    resources = {}
    for i in range(count):
        resource: dict[str, Any] = {"Type": "AWS::SNS::Topic"}
        if padding:
            resource["Metadata"] = {"Notes": f"topic {i} " + "x" * padding}
        resources[f"Topic{i:03d}"] = resource
    return {"Resources": resources, "Outputs": {"First": {"Value": {"Ref": "Topic000"}}}}


def with_changes(body: dict[str, Any], logical_id: str, **props: Any) -> dict[str, Any]:
    new = copy.deepcopy(body)
    new["Resources"][logical_id]["Properties"].update(props)
    return new
