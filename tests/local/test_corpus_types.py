"""The 40 resource types third-party templates use most (``../shared/corpus/resource-types.tsv``)
each deploy, update and delete on the local engine as on AWS.

For every type a minimal template that is valid on AWS (with the resources the type needs
beside it: a mount target needs a file system, a subnet and a security group) is created; the
resource is read back through its service's own API (what a user's code would see); one
property is changed (in place where the type's reference says "Update requires: No
interruption", else the replacement AWS makes); and the stack is deleted, after which the
service no longer shows the resource. Each case cites the type's page of the template
reference, ``REF`` + ``aws-resource-<service>-<type>.html``. The types the engine cannot create
fail their resource with "not emulated locally: TYPE". docs/local.md states how many of the 40
deploy; a test here keeps that figure true.

REF = https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from hastack.local import LocalEngine
from hastack.local.docs import corpus_top
from tests.local.helpers import events

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus" / "resource-types.tsv"
AMI = "ami-12c6146b"  # an AMI moto's EC2 knows, as an account knows its AMIs

Aws = Callable[..., Any]
Ids = dict[str, str]
Body = dict[str, Any]


@dataclass(frozen=True)
class Case:
    """One type's lifecycle. ``read(aws, ids)`` gives what the service shows of the target (None
    once it is gone); ``created`` and ``updated`` are what it must show after the create and
    after ``change`` (a mutation of the template); ``why`` cites the reference on the update."""

    resources: Body
    read: Callable[[Aws, Ids], Any]
    created: Any
    change: Callable[[Body], None] | None
    updated: Any
    why: str


def _gone(call: Callable[[], Any], *codes: str) -> Any:
    """``call()``, or None when the service answers that the resource does not exist."""
    try:
        return call()
    except ClientError as error:
        if error.response["Error"]["Code"] in codes or not codes:
            return None
        raise


def _set(path: str, value: Any) -> Callable[[Body], None]:
    """A change that sets ``Resources.<path>`` (dotted) to ``value``."""

    def change(body: Body) -> None:
        *parents, last = path.split(".")
        node = body["Resources"]
        for key in parents:
            node = node[int(key)] if isinstance(node, list) else node[key]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value

    return change


def _tags(tags: list[dict[str, str]] | None) -> dict[str, str]:
    return {t["Key"]: t["Value"] for t in tags or [] if not t["Key"].startswith("aws:")}


def _ref(name: str) -> dict[str, str]:
    return {"Ref": name}


def _att(name: str, attribute: str) -> dict[str, list[str]]:
    return {"Fn::GetAtt": [name, attribute]}


def _az(index: int) -> dict[str, Any]:
    return {"Fn::Select": [index, {"Fn::GetAZs": ""}]}


# -- the resources types need beside them ------------------------------------------------------

VPC = {"Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}}}
SUBNETS = {
    **VPC,
    "SubnetA": {
        "Type": "AWS::EC2::Subnet",
        "Properties": {
            "VpcId": _ref("Vpc"),
            "CidrBlock": "10.0.1.0/24",
            "AvailabilityZone": _az(0),
        },
    },
    "SubnetB": {
        "Type": "AWS::EC2::Subnet",
        "Properties": {
            "VpcId": _ref("Vpc"),
            "CidrBlock": "10.0.2.0/24",
            "AvailabilityZone": _az(1),
        },
    },
}
GROUP = {
    "Group": {
        "Type": "AWS::EC2::SecurityGroup",
        "Properties": {"GroupDescription": "web", "VpcId": _ref("Vpc")},
    }
}
GATEWAY = {
    "Gateway": {"Type": "AWS::EC2::InternetGateway"},
    "Attachment": {
        "Type": "AWS::EC2::VPCGatewayAttachment",
        "Properties": {"VpcId": _ref("Vpc"), "InternetGatewayId": _ref("Gateway")},
    },
}
TABLE = {"Table": {"Type": "AWS::EC2::RouteTable", "Properties": {"VpcId": _ref("Vpc")}}}


def _trust(service: str) -> dict[str, Any]:
    return {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}
        ],
    }


def _allow(action: str, resource: str = "*") -> dict[str, Any]:
    return {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": action, "Resource": resource}],
    }


ROLE = {
    "Role": {
        "Type": "AWS::IAM::Role",
        "Properties": {"AssumeRolePolicyDocument": _trust("lambda.amazonaws.com")},
    }
}
FUNCTION = {
    **ROLE,
    "Function": {
        "Type": "AWS::Lambda::Function",
        "Properties": {
            "Runtime": "python3.12",
            "Handler": "index.handler",
            "Role": _att("Role", "Arn"),
            "Code": {"ZipFile": "def handler(event, context):\n    return event\n"},
        },
    },
}
LAUNCH_TEMPLATE = {
    "Launch": {
        "Type": "AWS::EC2::LaunchTemplate",
        "Properties": {"LaunchTemplateData": {"ImageId": AMI, "InstanceType": "t3.micro"}},
    }
}
GROUP_OF_INSTANCES = {
    **SUBNETS,
    **LAUNCH_TEMPLATE,
    "Fleet": {
        "Type": "AWS::AutoScaling::AutoScalingGroup",
        "Properties": {
            "MinSize": "1",
            "MaxSize": "2",
            "LaunchTemplate": {
                "LaunchTemplateId": _ref("Launch"),
                "Version": _att("Launch", "LatestVersionNumber"),
            },
            "VPCZoneIdentifier": [_ref("SubnetA"), _ref("SubnetB")],
        },
    },
}
BALANCER = {
    **SUBNETS,
    **GROUP,
    **GATEWAY,
    "Balancer": {
        "Type": "AWS::ElasticLoadBalancingV2::LoadBalancer",
        "DependsOn": "Attachment",
        "Properties": {
            "Subnets": [_ref("SubnetA"), _ref("SubnetB")],
            "SecurityGroups": [_ref("Group")],
        },
    },
    "Targets": {
        "Type": "AWS::ElasticLoadBalancingV2::TargetGroup",
        "Properties": {"Port": 80, "Protocol": "HTTP", "VpcId": _ref("Vpc")},
    },
}


def _resources(**resources: Any) -> Body:
    return copy.deepcopy(resources)


# -- reads, through each service's own API -------------------------------------------------------


def _alarm(aws: Aws, ids: Ids) -> Any:
    found = aws("cloudwatch").describe_alarms(AlarmNames=[ids["Target"]])["MetricAlarms"]
    return found[0]["Threshold"] if found else None


def _role(aws: Aws, ids: Ids) -> Any:
    role = _gone(lambda: aws("iam").get_role(RoleName=ids["Target"])["Role"], "NoSuchEntity")
    return role and (role.get("Description"), role["MaxSessionDuration"])


def _group(aws: Aws, ids: Ids) -> Any:
    found = _gone(
        lambda: aws("ec2").describe_security_groups(GroupIds=[ids["Target"]])["SecurityGroups"],
        "InvalidGroup.NotFound",
    )
    if not found:
        return None
    rules = sorted((p["FromPort"], p["IpRanges"][0]["CidrIp"]) for p in found[0]["IpPermissions"])
    return found[0]["VpcId"] == ids["Vpc"], rules, _tags(found[0].get("Tags"))


def _subnet(aws: Aws, ids: Ids) -> Any:
    found = _gone(
        lambda: aws("ec2").describe_subnets(SubnetIds=[ids["Target"]])["Subnets"],
        "InvalidSubnetID.NotFound",
    )
    return found and (found[0]["CidrBlock"], found[0]["MapPublicIpOnLaunch"])


def _table_of_subnet(aws: Aws, ids: Ids) -> Any:
    tables = aws("ec2").describe_route_tables(
        Filters=[{"Name": "association.subnet-id", "Values": [ids["SubnetA"]]}]
    )["RouteTables"]
    names = {ids["Table"]: "Table", ids.get("Other"): "Other"}
    return [names.get(t["RouteTableId"], t["RouteTableId"]) for t in tables] or None


def _ingress(aws: Aws, ids: Ids) -> Any:
    rules = aws("ec2").describe_security_group_rules(
        Filters=[{"Name": "group-id", "Values": [ids["Group"]]}]
    )["SecurityGroupRules"]
    found = [(r["FromPort"], r.get("Description")) for r in rules if not r["IsEgress"]]
    return found or None


def _route(aws: Aws, ids: Ids) -> Any:
    found = _gone(
        lambda: aws("ec2").describe_route_tables(RouteTableIds=[ids["Table"]])["RouteTables"],
        "InvalidRouteTableID.NotFound",
    )
    if not found:
        return None
    names = {ids["First"]: "First", ids.get("Second"): "Second"}
    found = [
        names.get(r.get("NetworkInterfaceId"), r.get("NetworkInterfaceId"))
        for r in found[0]["Routes"]
        if r.get("DestinationCidrBlock") == "192.168.0.0/16"
    ]
    return found or None


def _table(aws: Aws, ids: Ids) -> Any:
    found = _gone(
        lambda: aws("ec2").describe_route_tables(RouteTableIds=[ids["Target"]])["RouteTables"],
        "InvalidRouteTableID.NotFound",
    )
    return found and _tags(found[0].get("Tags"))


def _instance(aws: Aws, ids: Ids) -> Any:
    reservations = aws("ec2").describe_instances(InstanceIds=[ids["Target"]])["Reservations"]
    (instance,) = [i for r in reservations for i in r["Instances"]]
    if instance["State"]["Name"] in ("terminated", "shutting-down"):
        return None
    return instance["SubnetId"] == ids["SubnetA"], instance["InstanceType"]


def _bucket(aws: Aws, ids: Ids) -> Any:
    s3 = aws("s3")
    if _gone(lambda: s3.head_bucket(Bucket=ids["Target"]), "404", "NoSuchBucket") is None:
        return None
    return s3.get_bucket_versioning(Bucket=ids["Target"]).get("Status")


def _function(aws: Aws, ids: Ids) -> Any:
    found = _gone(
        lambda: aws("lambda").get_function_configuration(FunctionName=ids["Target"]),
        "ResourceNotFoundException",
    )
    return found and (found["Runtime"], found["MemorySize"])


def _profile(aws: Aws, ids: Ids) -> Any:
    found = _gone(
        lambda: aws("iam").get_instance_profile(InstanceProfileName=ids["Target"]),
        "NoSuchEntity",
    )
    names = {ids["Role"]: "Role", ids.get("Other"): "Other"}
    return found and [names[r["RoleName"]] for r in found["InstanceProfile"]["Roles"]]


def _address(aws: Aws, ids: Ids) -> Any:
    found = [
        a
        for a in aws("ec2").describe_addresses()["Addresses"]
        if ids["Target"] in (a["PublicIp"], a.get("AllocationId"))
    ]
    return found and (found[0]["Domain"], _tags(found[0].get("Tags")))


def _bucket_policy(aws: Aws, ids: Ids) -> Any:
    found = _gone(
        lambda: aws("s3").get_bucket_policy(Bucket=ids["Bucket"]),
        "NoSuchBucket",
        "NoSuchBucketPolicy",
    )
    return found and [s["Action"] for s in json.loads(found["Policy"])["Statement"]]


def _log_group(aws: Aws, ids: Ids) -> Any:
    found = aws("logs").describe_log_groups(logGroupNamePrefix=ids["Target"])["logGroups"]
    return found and [g.get("retentionInDays") for g in found if g["logGroupName"] == ids["Target"]]


def _target_group(aws: Aws, ids: Ids) -> Any:
    found = _gone(
        lambda: aws("elbv2").describe_target_groups(TargetGroupArns=[ids["Target"]]),
        "TargetGroupNotFound",
    )
    group = found and found["TargetGroups"][0]
    return group and (group["Port"], group["VpcId"] == ids["Vpc"], group["HealthCheckPath"])


def _listener(aws: Aws, ids: Ids) -> Any:
    found = _gone(
        lambda: aws("elbv2").describe_listeners(ListenerArns=[ids["Target"]])["Listeners"],
        "ListenerNotFound",
    )
    if not found:
        return None
    (action,) = found[0]["DefaultActions"]
    forwards_to = action["TargetGroupArn"] == ids["Targets"]
    return found[0]["LoadBalancerArn"] == ids["Balancer"], found[0]["Port"], forwards_to


def _vpc(aws: Aws, ids: Ids) -> Any:
    ec2 = aws("ec2")
    found = _gone(
        lambda: ec2.describe_vpcs(VpcIds=[ids["Target"]])["Vpcs"], "InvalidVpcID.NotFound"
    )
    if not found:
        return None
    hostnames = ec2.describe_vpc_attribute(VpcId=ids["Target"], Attribute="enableDnsHostnames")
    return found[0]["CidrBlock"], hostnames["EnableDnsHostnames"]["Value"]


def _nat(aws: Aws, ids: Ids) -> Any:
    found = aws("ec2").describe_nat_gateways(NatGatewayIds=[ids["Target"]])["NatGateways"]
    if not found or found[0]["State"] in ("deleting", "deleted"):
        return None
    (address,) = found[0]["NatGatewayAddresses"]
    return found[0]["SubnetId"] == ids["SubnetA"], address["PublicIp"] == ids["Address"]


def _gateway(aws: Aws, ids: Ids) -> Any:
    found = _gone(
        lambda: aws("ec2").describe_internet_gateways(InternetGatewayIds=[ids["Target"]]),
        "InvalidInternetGatewayID.NotFound",
    )
    return found and _tags(found["InternetGateways"][0].get("Tags"))


def _attachment(aws: Aws, ids: Ids) -> Any:
    found = aws("ec2").describe_internet_gateways(
        Filters=[{"Name": "attachment.vpc-id", "Values": [ids["Vpc"]]}]
    )["InternetGateways"]
    names = {ids["Gateway"]: "Gateway", ids.get("Other"): "Other"}
    return [names[g["InternetGatewayId"]] for g in found] or None


def _balancer(aws: Aws, ids: Ids) -> Any:
    elbv2 = aws("elbv2")
    found = _gone(
        lambda: elbv2.describe_load_balancers(LoadBalancerArns=[ids["Target"]]),
        "LoadBalancerNotFound",
    )
    if not found:
        return None
    balancer = found["LoadBalancers"][0]
    attributes = elbv2.describe_load_balancer_attributes(LoadBalancerArn=ids["Target"])
    idle = {a["Key"]: a["Value"] for a in attributes["Attributes"]}["idle_timeout.timeout_seconds"]
    return balancer["Type"], len(balancer["AvailabilityZones"]), idle


def _record(aws: Aws, ids: Ids) -> Any:
    route53 = aws("route53")
    found = _gone(
        lambda: route53.list_resource_record_sets(HostedZoneId=ids["Zone"]), "NoSuchHostedZone"
    )
    records = found and [
        [r["Value"] for r in s["ResourceRecords"]]
        for s in found["ResourceRecordSets"]
        if s["Name"].rstrip(".") == "www.example.com" and s["Type"] == "A"
    ]
    return records or None


def _fleet(aws: Aws, ids: Ids) -> Any:
    found = aws("autoscaling").describe_auto_scaling_groups(AutoScalingGroupNames=[ids["Target"]])
    groups = found["AutoScalingGroups"]
    return groups and (groups[0]["MinSize"], groups[0]["MaxSize"], len(groups[0]["Instances"]))


def _role_policy(name: str) -> Callable[[Aws, Ids], Any]:
    def read(aws: Aws, ids: Ids) -> Any:
        found = _gone(
            lambda: aws("iam").get_role_policy(RoleName=ids["Role"], PolicyName=name),
            "NoSuchEntity",
        )
        document = found and found["PolicyDocument"]
        if isinstance(document, str):
            document = json.loads(document)
        return document and [s["Action"] for s in document["Statement"]]

    return read


def _permission(aws: Aws, ids: Ids) -> Any:
    found = _gone(
        lambda: aws("lambda").get_policy(FunctionName=ids["Function"]),
        "ResourceNotFoundException",
    )
    statements = found and json.loads(found["Policy"])["Statement"]
    return statements and [(s["Action"], s["Principal"]["Service"]) for s in statements]


def _acl_entry(aws: Aws, ids: Ids) -> Any:
    found = _gone(
        lambda: aws("ec2").describe_network_acls(NetworkAclIds=[ids["Acl"]])["NetworkAcls"],
        "InvalidNetworkAclID.NotFound",
        "InvalidRouteTableID.NotFound",  # moto's code for a missing ACL
    )
    entries = found and [
        (e["RuleAction"], e["PortRange"]["From"])
        for e in found[0]["Entries"]
        if e["RuleNumber"] == 100 and not e["Egress"]
    ]
    return entries or None


def _queue(aws: Aws, ids: Ids) -> Any:
    sqs = aws("sqs")
    found = _gone(
        lambda: sqs.get_queue_attributes(QueueUrl=ids["Target"], AttributeNames=["All"]),
        "AWS.SimpleQueueService.NonExistentQueue",
        "QueueDoesNotExist",
    )
    return found and found["Attributes"]["VisibilityTimeout"]


def _acl_of_subnet(aws: Aws, ids: Ids) -> Any:
    acls = aws("ec2").describe_network_acls(
        Filters=[{"Name": "association.subnet-id", "Values": [ids["SubnetA"]]}]
    )["NetworkAcls"]
    return [a["NetworkAclId"] == ids["Acl"] for a in acls]


def _mount_target(aws: Aws, ids: Ids) -> Any:
    efs = aws("efs")
    found = _gone(
        lambda: efs.describe_mount_targets(MountTargetId=ids["Target"])["MountTargets"],
        "MountTargetNotFound",
    )
    if not found:
        return None
    groups = efs.describe_mount_target_security_groups(MountTargetId=ids["Target"])
    names = {ids["Group"]: "Group", ids.get("Other"): "Other"}
    target = found[0]
    placed = (target["FileSystemId"], target["SubnetId"]) == (ids["Files"], ids["SubnetA"])
    return placed, [names[g] for g in groups["SecurityGroups"]]


def _rule(aws: Aws, ids: Ids) -> Any:
    found = _gone(
        lambda: aws("events").describe_rule(Name=ids["Target"]), "ResourceNotFoundException"
    )
    return found and (found["ScheduleExpression"], found["State"])


def _endpoint(aws: Aws, ids: Ids) -> Any:
    found = _gone(
        lambda: aws("ec2").describe_vpc_endpoints(VpcEndpointIds=[ids["Target"]])["VpcEndpoints"],
        "InvalidVpcEndpointId.NotFound",
    )
    if not found or found[0]["State"].lower() in ("deleted", "deleting"):
        return None
    names = {ids["Table"]: "Table", ids.get("Other"): "Other"}
    endpoint = found[0]
    tables = aws("ec2").describe_route_tables(RouteTableIds=list(endpoint["RouteTableIds"]))
    routed = [
        names[t["RouteTableId"]]
        for t in tables["RouteTables"]
        if any(r.get("GatewayId") == ids["Target"] for r in t["Routes"])
    ]
    return endpoint["ServiceName"], sorted(names[t] for t in endpoint["RouteTableIds"]), routed


def _launch_template(aws: Aws, ids: Ids) -> Any:
    found = _gone(
        lambda: aws("ec2").describe_launch_template_versions(LaunchTemplateId=ids["Target"]),
        "InvalidLaunchTemplateId.NotFound",
        "InvalidLaunchTemplateId.Malformed",
    )
    versions = found and found["LaunchTemplateVersions"]
    return versions and sorted(
        (v["VersionNumber"], v["LaunchTemplateData"]["InstanceType"]) for v in versions
    )


def _database(aws: Aws, ids: Ids) -> Any:
    found = _gone(
        lambda: aws("rds").describe_db_instances(DBInstanceIdentifier=ids["Target"]),
        "DBInstanceNotFound",
    )
    instance = found and found["DBInstances"][0]
    return instance and (instance["Engine"], instance["BackupRetentionPeriod"])


def _scaling_policy(aws: Aws, ids: Ids) -> Any:
    found = aws("autoscaling").describe_policies(AutoScalingGroupName=ids["Fleet"])[
        "ScalingPolicies"
    ]
    return [(p["PolicyARN"] == ids["Target"], p["ScalingAdjustment"]) for p in found] or None


def _task_definition(aws: Aws, ids: Ids) -> Any:
    found = aws("ecs").list_task_definitions(familyPrefix="web", status="ACTIVE")
    arns = found["taskDefinitionArns"]
    if ids["Target"] not in arns:
        return None
    definition = aws("ecs").describe_task_definition(taskDefinition=ids["Target"])
    return [c["memory"] for c in definition["taskDefinition"]["containerDefinitions"]]


# -- the cases -------------------------------------------------------------------------------

ALARM = {
    "MetricName": "CPUUtilization",
    "Namespace": "AWS/EC2",
    "Statistic": "Average",
    "Period": 300,
    "EvaluationPeriods": 1,
    "Threshold": 80,
    "ComparisonOperator": "GreaterThanThreshold",
}
DATABASE = {
    "Engine": "mysql",
    "DBInstanceClass": "db.t3.micro",
    "AllocatedStorage": "20",
    "MasterUsername": "admin",
    "MasterUserPassword": "correct-horse-battery",
    "BackupRetentionPeriod": 7,
}

CASES: dict[str, Case] = {
    "AWS::CloudWatch::Alarm": Case(
        _resources(Target={"Type": "AWS::CloudWatch::Alarm", "Properties": ALARM}),
        _alarm,
        80.0,
        _set("Target.Properties.Threshold", 90),
        90.0,
        "Threshold: update requires no interruption.",
    ),
    "AWS::IAM::Role": Case(
        _resources(
            Target={
                "Type": "AWS::IAM::Role",
                "Properties": {
                    "AssumeRolePolicyDocument": _trust("ec2.amazonaws.com"),
                    "Description": "web servers",
                },
            }
        ),
        _role,
        ("web servers", 3600),
        _set("Target.Properties.MaxSessionDuration", 7200),
        ("web servers", 7200),
        "MaxSessionDuration: update requires no interruption.",
    ),
    "AWS::EC2::SecurityGroup": Case(
        _resources(
            **VPC,
            Target={
                "Type": "AWS::EC2::SecurityGroup",
                "Properties": {
                    "GroupDescription": "web",
                    "VpcId": _ref("Vpc"),
                    "SecurityGroupIngress": [
                        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "0.0.0.0/0"}
                    ],
                },
            },
        ),
        _group,
        (True, [(443, "0.0.0.0/0")], {}),
        _set("Target.Properties.Tags", [{"Key": "tier", "Value": "web"}]),
        (True, [(443, "0.0.0.0/0")], {"tier": "web"}),
        "Tags: update requires no interruption.",
    ),
    "AWS::EC2::Subnet": Case(
        _resources(
            **VPC,
            Target={
                "Type": "AWS::EC2::Subnet",
                "Properties": {"VpcId": _ref("Vpc"), "CidrBlock": "10.0.1.0/24"},
            },
        ),
        _subnet,
        ("10.0.1.0/24", False),
        _set("Target.Properties.MapPublicIpOnLaunch", True),
        ("10.0.1.0/24", True),
        "MapPublicIpOnLaunch: update requires no interruption.",
    ),
    "AWS::EC2::SubnetRouteTableAssociation": Case(
        _resources(
            **SUBNETS,
            **TABLE,
            Other={"Type": "AWS::EC2::RouteTable", "Properties": {"VpcId": _ref("Vpc")}},
            Target={
                "Type": "AWS::EC2::SubnetRouteTableAssociation",
                "Properties": {"SubnetId": _ref("SubnetA"), "RouteTableId": _ref("Table")},
            },
        ),
        _table_of_subnet,
        ["Table"],
        _set("Target.Properties.RouteTableId", _ref("Other")),
        ["Other"],
        "RouteTableId: update requires replacement (the subnet moves to the new table).",
    ),
    "AWS::EC2::SecurityGroupIngress": Case(
        _resources(
            **VPC,
            **GROUP,
            Target={
                "Type": "AWS::EC2::SecurityGroupIngress",
                "Properties": {
                    "GroupId": _ref("Group"),
                    "IpProtocol": "tcp",
                    "FromPort": 22,
                    "ToPort": 22,
                    "CidrIp": "10.0.0.0/8",
                    "Description": "ssh",
                },
            },
        ),
        _ingress,
        [(22, "ssh")],
        _set("Target.Properties.Description", "ssh from the VPN"),
        [(22, "ssh from the VPN")],
        "Description: update requires no interruption.",
    ),
    "AWS::EC2::Route": Case(
        _resources(
            **SUBNETS,
            **TABLE,
            First={
                "Type": "AWS::EC2::NetworkInterface",
                "Properties": {"SubnetId": _ref("SubnetA")},
            },
            Second={
                "Type": "AWS::EC2::NetworkInterface",
                "Properties": {"SubnetId": _ref("SubnetA")},
            },
            Target={
                "Type": "AWS::EC2::Route",
                "Properties": {
                    "RouteTableId": _ref("Table"),
                    "DestinationCidrBlock": "192.168.0.0/16",
                    "NetworkInterfaceId": _ref("First"),
                },
            },
        ),
        _route,
        ["First"],
        _set("Target.Properties.NetworkInterfaceId", _ref("Second")),
        ["Second"],
        "NetworkInterfaceId: update requires no interruption (EC2 ReplaceRoute).",
    ),
    "AWS::EC2::RouteTable": Case(
        _resources(
            **VPC,
            Target={
                "Type": "AWS::EC2::RouteTable",
                "Properties": {"VpcId": _ref("Vpc"), "Tags": [{"Key": "tier", "Value": "app"}]},
            },
        ),
        _table,
        {"tier": "app"},
        _set("Target.Properties.Tags", [{"Key": "tier", "Value": "data"}]),
        {"tier": "data"},
        "Tags: update requires no interruption.",
    ),
    "AWS::EC2::Instance": Case(
        _resources(
            **SUBNETS,
            Target={
                "Type": "AWS::EC2::Instance",
                "Properties": {
                    "ImageId": AMI,
                    "InstanceType": "t3.micro",
                    "SubnetId": _ref("SubnetA"),
                },
            },
        ),
        _instance,
        (True, "t3.micro"),
        _set("Target.Properties.InstanceType", "t3.small"),
        (True, "t3.small"),
        "InstanceType: update requires some interruptions (an EBS-backed instance is stopped, "
        "changed and started: the same instance).",
    ),
    "AWS::S3::Bucket": Case(
        _resources(Target={"Type": "AWS::S3::Bucket"}),
        _bucket,
        None,
        _set("Target.Properties", {"VersioningConfiguration": {"Status": "Enabled"}}),
        "Enabled",
        "VersioningConfiguration: update requires no interruption.",
    ),
    "AWS::Lambda::Function": Case(
        _resources(
            **ROLE,
            Target={
                "Type": "AWS::Lambda::Function",
                "Properties": {**FUNCTION["Function"]["Properties"], "MemorySize": 128},
            },
        ),
        _function,
        ("python3.12", 128),
        _set("Target.Properties.MemorySize", 256),
        ("python3.12", 256),
        "MemorySize: update requires no interruption.",
    ),
    "AWS::IAM::InstanceProfile": Case(
        _resources(
            Role={
                "Type": "AWS::IAM::Role",
                "Properties": {"AssumeRolePolicyDocument": _trust("ec2.amazonaws.com")},
            },
            Other={
                "Type": "AWS::IAM::Role",
                "Properties": {"AssumeRolePolicyDocument": _trust("ec2.amazonaws.com")},
            },
            Target={"Type": "AWS::IAM::InstanceProfile", "Properties": {"Roles": [_ref("Role")]}},
        ),
        _profile,
        ["Role"],
        _set("Target.Properties.Roles", [_ref("Other")]),
        ["Other"],
        "Roles: update requires no interruption.",
    ),
    "AWS::EC2::EIP": Case(
        _resources(
            Target={
                "Type": "AWS::EC2::EIP",
                "Properties": {"Domain": "vpc", "Tags": [{"Key": "role", "Value": "nat"}]},
            }
        ),
        _address,
        ("vpc", {"role": "nat"}),
        _set("Target.Properties.Tags", [{"Key": "role", "Value": "bastion"}]),
        ("vpc", {"role": "bastion"}),
        "Tags: update requires no interruption.",
    ),
    "AWS::S3::BucketPolicy": Case(
        _resources(
            Bucket={"Type": "AWS::S3::Bucket"},
            Target={
                "Type": "AWS::S3::BucketPolicy",
                "Properties": {
                    "Bucket": _ref("Bucket"),
                    "PolicyDocument": {
                        "Version": "2012-10-17",
                        "Statement": [
                            {
                                "Effect": "Deny",
                                "Principal": "*",
                                "Action": "s3:*",
                                "Resource": {"Fn::Sub": "${Bucket.Arn}/*"},
                                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                            }
                        ],
                    },
                },
            },
        ),
        _bucket_policy,
        ["s3:*"],
        _set("Target.Properties.PolicyDocument.Statement.0.Action", "s3:GetObject"),
        ["s3:GetObject"],
        "PolicyDocument: update requires no interruption.",
    ),
    "AWS::Logs::LogGroup": Case(
        _resources(Target={"Type": "AWS::Logs::LogGroup", "Properties": {"RetentionInDays": 7}}),
        _log_group,
        [7],
        _set("Target.Properties.RetentionInDays", 14),
        [14],
        "RetentionInDays: update requires no interruption.",
    ),
    "AWS::ElasticLoadBalancingV2::TargetGroup": Case(
        _resources(
            **VPC,
            Target={
                "Type": "AWS::ElasticLoadBalancingV2::TargetGroup",
                "Properties": {
                    "Port": 80,
                    "Protocol": "HTTP",
                    "VpcId": _ref("Vpc"),
                    "HealthCheckPath": "/",
                },
            },
        ),
        _target_group,
        (80, True, "/"),
        _set("Target.Properties.HealthCheckPath", "/health"),
        (80, True, "/health"),
        "HealthCheckPath: update requires no interruption.",
    ),
    "AWS::ElasticLoadBalancingV2::Listener": Case(
        _resources(
            **BALANCER,
            Target={
                "Type": "AWS::ElasticLoadBalancingV2::Listener",
                "Properties": {
                    "LoadBalancerArn": _ref("Balancer"),
                    "Port": 80,
                    "Protocol": "HTTP",
                    "DefaultActions": [{"Type": "forward", "TargetGroupArn": _ref("Targets")}],
                },
            },
        ),
        _listener,
        (True, 80, True),
        _set("Target.Properties.Port", 8080),
        (True, 8080, True),
        "Port: update requires no interruption.",
    ),
    "AWS::EC2::VPC": Case(
        _resources(Target={"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}}),
        _vpc,
        ("10.0.0.0/16", False),
        _set("Target.Properties.EnableDnsHostnames", True),
        ("10.0.0.0/16", True),
        "EnableDnsHostnames: update requires no interruption.",
    ),
    "AWS::EC2::NatGateway": Case(
        _resources(
            **SUBNETS,
            **GATEWAY,
            Address={"Type": "AWS::EC2::EIP", "Properties": {"Domain": "vpc"}},
            Target={
                "Type": "AWS::EC2::NatGateway",
                "DependsOn": "Attachment",
                "Properties": {
                    "SubnetId": _ref("SubnetA"),
                    "AllocationId": _att("Address", "AllocationId"),
                },
            },
        ),
        _nat,
        (True, True),
        None,
        None,
        "SubnetId and AllocationId require replacement; only tags change in place.",
    ),
    "AWS::EC2::InternetGateway": Case(
        _resources(
            Target={
                "Type": "AWS::EC2::InternetGateway",
                "Properties": {"Tags": [{"Key": "tier", "Value": "edge"}]},
            }
        ),
        _gateway,
        {"tier": "edge"},
        _set("Target.Properties.Tags", [{"Key": "tier", "Value": "public"}]),
        {"tier": "public"},
        "Tags: update requires no interruption.",
    ),
    "AWS::EC2::VPCGatewayAttachment": Case(
        _resources(
            **VPC,
            Gateway={"Type": "AWS::EC2::InternetGateway"},
            Other={"Type": "AWS::EC2::InternetGateway"},
            Target={
                "Type": "AWS::EC2::VPCGatewayAttachment",
                "Properties": {"VpcId": _ref("Vpc"), "InternetGatewayId": _ref("Gateway")},
            },
        ),
        _attachment,
        ["Gateway"],
        _set("Target.Properties.InternetGatewayId", _ref("Other")),
        ["Other"],
        "InternetGatewayId: update requires no interruption (the old gateway is detached, the "
        "new one attached; VpcId would replace, and a gateway attaches to one VPC at a time).",
    ),
    "AWS::ElasticLoadBalancingV2::LoadBalancer": Case(
        _resources(
            **SUBNETS,
            **GROUP,
            **GATEWAY,
            Target={
                "Type": "AWS::ElasticLoadBalancingV2::LoadBalancer",
                "DependsOn": "Attachment",
                "Properties": {
                    "Subnets": [_ref("SubnetA"), _ref("SubnetB")],
                    "SecurityGroups": [_ref("Group")],
                    "LoadBalancerAttributes": [
                        {"Key": "idle_timeout.timeout_seconds", "Value": "60"}
                    ],
                },
            },
        ),
        _balancer,
        ("application", 2, "60"),
        _set(
            "Target.Properties.LoadBalancerAttributes",
            [{"Key": "idle_timeout.timeout_seconds", "Value": "120"}],
        ),
        ("application", 2, "120"),
        "LoadBalancerAttributes: update requires no interruption.",
    ),
    "AWS::Route53::RecordSet": Case(
        _resources(
            Zone={"Type": "AWS::Route53::HostedZone", "Properties": {"Name": "example.com"}},
            Target={
                "Type": "AWS::Route53::RecordSet",
                "Properties": {
                    "HostedZoneId": _ref("Zone"),
                    "Name": "www.example.com",
                    "Type": "A",
                    "TTL": "300",
                    "ResourceRecords": ["192.0.2.1"],
                },
            },
        ),
        _record,
        [["192.0.2.1"]],
        _set("Target.Properties.ResourceRecords", ["192.0.2.2"]),
        [["192.0.2.2"]],
        "ResourceRecords: update requires no interruption.",
    ),
    "AWS::AutoScaling::AutoScalingGroup": Case(
        _resources(**{**GROUP_OF_INSTANCES, "Target": GROUP_OF_INSTANCES["Fleet"]}),
        _fleet,
        (1, 2, 1),
        _set("Target.Properties.MaxSize", "3"),
        (1, 3, 1),
        "MaxSize: update requires no interruption.",
    ),
    "AWS::IAM::RolePolicy": Case(
        _resources(
            **ROLE,
            Target={
                "Type": "AWS::IAM::RolePolicy",
                "Properties": {
                    "RoleName": _ref("Role"),
                    "PolicyName": "read",
                    "PolicyDocument": _allow("s3:GetObject"),
                },
            },
        ),
        _role_policy("read"),
        ["s3:GetObject"],
        _set("Target.Properties.PolicyDocument", _allow("s3:PutObject")),
        ["s3:PutObject"],
        "PolicyDocument: update requires no interruption.",
    ),
    "AWS::Lambda::Permission": Case(
        _resources(
            **FUNCTION,
            Target={
                "Type": "AWS::Lambda::Permission",
                "Properties": {
                    "FunctionName": _att("Function", "Arn"),
                    "Action": "lambda:InvokeFunction",
                    "Principal": "s3.amazonaws.com",
                },
            },
        ),
        _permission,
        [("lambda:InvokeFunction", "s3.amazonaws.com")],
        _set("Target.Properties.Principal", "events.amazonaws.com"),
        [("lambda:InvokeFunction", "events.amazonaws.com")],
        "Principal: update requires replacement (every property of a permission does).",
    ),
    "AWS::EC2::NetworkAclEntry": Case(
        _resources(
            **VPC,
            Acl={"Type": "AWS::EC2::NetworkAcl", "Properties": {"VpcId": _ref("Vpc")}},
            Target={
                "Type": "AWS::EC2::NetworkAclEntry",
                "Properties": {
                    "NetworkAclId": _ref("Acl"),
                    "RuleNumber": 100,
                    "Protocol": 6,
                    "RuleAction": "allow",
                    "CidrBlock": "0.0.0.0/0",
                    "PortRange": {"From": 80, "To": 80},
                },
            },
        ),
        _acl_entry,
        [("allow", 80)],
        _set("Target.Properties.RuleAction", "deny"),
        [("deny", 80)],
        "RuleAction: update requires no interruption (EC2 ReplaceNetworkAclEntry).",
    ),
    "AWS::IAM::Policy": Case(
        _resources(
            **ROLE,
            Target={
                "Type": "AWS::IAM::Policy",
                "Properties": {
                    "PolicyName": "logs",
                    "PolicyDocument": _allow("logs:PutLogEvents"),
                    "Roles": [_ref("Role")],
                },
            },
        ),
        _role_policy("logs"),
        ["logs:PutLogEvents"],
        _set("Target.Properties.PolicyDocument", _allow("logs:CreateLogStream")),
        ["logs:CreateLogStream"],
        "PolicyDocument: update requires no interruption (an inline policy of each role).",
    ),
    "AWS::SQS::Queue": Case(
        _resources(Target={"Type": "AWS::SQS::Queue", "Properties": {"VisibilityTimeout": 30}}),
        _queue,
        "30",
        _set("Target.Properties.VisibilityTimeout", 60),
        "60",
        "VisibilityTimeout: update requires no interruption.",
    ),
    "AWS::EC2::SubnetNetworkAclAssociation": Case(
        _resources(
            **SUBNETS,
            Acl={"Type": "AWS::EC2::NetworkAcl", "Properties": {"VpcId": _ref("Vpc")}},
            Target={
                "Type": "AWS::EC2::SubnetNetworkAclAssociation",
                "Properties": {"SubnetId": _ref("SubnetA"), "NetworkAclId": _ref("Acl")},
            },
        ),
        _acl_of_subnet,
        [True],
        None,
        None,
        "SubnetId and NetworkAclId require replacement: nothing changes in place.",
    ),
    "AWS::EFS::MountTarget": Case(
        _resources(
            **SUBNETS,
            **GROUP,
            Other={
                "Type": "AWS::EC2::SecurityGroup",
                "Properties": {"GroupDescription": "nfs", "VpcId": _ref("Vpc")},
            },
            Files={"Type": "AWS::EFS::FileSystem"},
            Target={
                "Type": "AWS::EFS::MountTarget",
                "Properties": {
                    "FileSystemId": _ref("Files"),
                    "SubnetId": _ref("SubnetA"),
                    "SecurityGroups": [_ref("Group")],
                },
            },
        ),
        _mount_target,
        (True, ["Group"]),
        _set("Target.Properties.SecurityGroups", [_ref("Other")]),
        (True, ["Other"]),
        "SecurityGroups: update requires no interruption.",
    ),
    "AWS::Events::Rule": Case(
        _resources(
            Target={
                "Type": "AWS::Events::Rule",
                "Properties": {"ScheduleExpression": "rate(5 minutes)", "State": "ENABLED"},
            }
        ),
        _rule,
        ("rate(5 minutes)", "ENABLED"),
        _set("Target.Properties.ScheduleExpression", "rate(10 minutes)"),
        ("rate(10 minutes)", "ENABLED"),
        "ScheduleExpression: update requires no interruption.",
    ),
    "AWS::EC2::VPCEndpoint": Case(
        _resources(
            **VPC,
            **TABLE,
            Other={"Type": "AWS::EC2::RouteTable", "Properties": {"VpcId": _ref("Vpc")}},
            Target={
                "Type": "AWS::EC2::VPCEndpoint",
                "Properties": {
                    "VpcId": _ref("Vpc"),
                    "ServiceName": {"Fn::Sub": "com.amazonaws.${AWS::Region}.s3"},
                    "RouteTableIds": [_ref("Table")],
                },
            },
        ),
        _endpoint,
        ("com.amazonaws.us-east-1.s3", ["Table"], ["Table"]),
        _set("Target.Properties.RouteTableIds", [_ref("Table"), _ref("Other")]),
        ("com.amazonaws.us-east-1.s3", ["Other", "Table"], ["Table", "Other"]),
        "RouteTableIds: update requires no interruption (the endpoint's route is added to the "
        "new table).",
    ),
    "AWS::EC2::LaunchTemplate": Case(
        _resources(Target=LAUNCH_TEMPLATE["Launch"]),
        _launch_template,
        [(1, "t3.micro")],
        _set("Target.Properties.LaunchTemplateData.InstanceType", "t3.small"),
        [(1, "t3.micro"), (2, "t3.small")],
        "LaunchTemplateData: update requires no interruption (a new version, the default).",
    ),
    "AWS::RDS::DBInstance": Case(
        _resources(Target={"Type": "AWS::RDS::DBInstance", "Properties": DATABASE}),
        _database,
        ("mysql", 7),
        _set("Target.Properties.BackupRetentionPeriod", 14),
        ("mysql", 14),
        "BackupRetentionPeriod: update requires no interruption (1 to 35 days).",
    ),
    "AWS::AutoScaling::ScalingPolicy": Case(
        _resources(
            **GROUP_OF_INSTANCES,
            Target={
                "Type": "AWS::AutoScaling::ScalingPolicy",
                "Properties": {
                    "AutoScalingGroupName": _ref("Fleet"),
                    "PolicyType": "SimpleScaling",
                    "AdjustmentType": "ChangeInCapacity",
                    "ScalingAdjustment": 1,
                },
            },
        ),
        _scaling_policy,
        [(True, 1)],
        _set("Target.Properties.ScalingAdjustment", 2),
        [(True, 2)],
        "ScalingAdjustment: update requires no interruption.",
    ),
    "AWS::ECS::TaskDefinition": Case(
        _resources(
            Target={
                "Type": "AWS::ECS::TaskDefinition",
                "Properties": {
                    "Family": "web",
                    "ContainerDefinitions": [
                        {"Name": "web", "Image": "nginx:1.27", "Memory": 256, "Essential": True}
                    ],
                },
            }
        ),
        _task_definition,
        [256],
        _set("Target.Properties.ContainerDefinitions.0.Memory", 512),
        [512],
        "ContainerDefinitions: update requires replacement (a new revision; the old one is "
        "deregistered).",
    ),
}

NOT_EMULATED: dict[str, Body] = {
    "AWS::Logs::QueryDefinition": {
        "Type": "AWS::Logs::QueryDefinition",
        "Properties": {
            "Name": "errors",
            "QueryString": "fields @message | filter @message like /ERROR/",
        },
    },
    "AWS::Serverless::Function": {
        "Type": "AWS::Serverless::Function",
        "Properties": {
            "Runtime": "python3.12",
            "Handler": "index.handler",
            "InlineCode": "def handler(event, context):\n    return event\n",
        },
    },
    "AWS::CloudFormation::Macro": {
        "Type": "AWS::CloudFormation::Macro",
        "Properties": {"Name": "Expand", "FunctionName": _att("Function", "Arn")},
    },
}


def _inventory(aws: Aws) -> set[str]:
    """The ids of what the services hold of the types the cases create, the needed ones too."""
    ec2 = aws("ec2")
    found = {v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"] if not v["IsDefault"]}
    found |= {s["SubnetId"] for s in ec2.describe_subnets()["Subnets"] if not s["DefaultForAz"]}
    found |= {g["GroupId"] for g in ec2.describe_security_groups()["SecurityGroups"]}
    found |= {
        n["NetworkInterfaceId"] for n in ec2.describe_network_interfaces()["NetworkInterfaces"]
    }
    found |= {g["InternetGatewayId"] for g in ec2.describe_internet_gateways()["InternetGateways"]}
    found |= {t["RouteTableId"] for t in ec2.describe_route_tables()["RouteTables"]}
    found |= {a["NetworkAclId"] for a in ec2.describe_network_acls()["NetworkAcls"]}
    found |= {a["PublicIp"] for a in ec2.describe_addresses()["Addresses"]}
    found |= {t["LaunchTemplateId"] for t in ec2.describe_launch_templates()["LaunchTemplates"]}
    found |= {
        i["InstanceId"]
        for r in ec2.describe_instances()["Reservations"]
        for i in r["Instances"]
        if i["State"]["Name"] != "terminated"
    }
    found |= {r["RoleName"] for r in aws("iam").list_roles()["Roles"]}
    found |= {
        p["InstanceProfileName"] for p in aws("iam").list_instance_profiles()["InstanceProfiles"]
    }
    found |= {f["FileSystemId"] for f in aws("efs").describe_file_systems()["FileSystems"]}
    found |= {z["Id"] for z in aws("route53").list_hosted_zones()["HostedZones"]}
    found |= {f["FunctionName"] for f in aws("lambda").list_functions()["Functions"]}
    found |= {b["Name"] for b in aws("s3").list_buckets()["Buckets"]}
    found |= {g["logGroupName"] for g in aws("logs").describe_log_groups()["logGroups"]}
    found |= set(aws("sqs").list_queues().get("QueueUrls", []))
    elbv2 = aws("elbv2")
    found |= {b["LoadBalancerArn"] for b in elbv2.describe_load_balancers()["LoadBalancers"]}
    found |= {g["TargetGroupArn"] for g in elbv2.describe_target_groups()["TargetGroups"]}
    groups = aws("autoscaling").describe_auto_scaling_groups()["AutoScalingGroups"]
    found |= {g["AutoScalingGroupName"] for g in groups}
    found |= {a["AlarmName"] for a in aws("cloudwatch").describe_alarms()["MetricAlarms"]}
    found |= {r["Name"] for r in aws("events").list_rules()["Rules"]}
    found |= {d["DBInstanceIdentifier"] for d in aws("rds").describe_db_instances()["DBInstances"]}
    return found


def _reference(kind: str) -> str:
    _, service, name = kind.lower().split("::")
    return f"REF aws-resource-{service}-{name}.html"


@pytest.fixture(scope="module")
def clients(engine: LocalEngine) -> Aws:
    """Clients made once per module: a boto3 session per call costs more than a deploy."""
    engine.reset()
    made: dict[tuple[str, str], Any] = {}

    def client(service: str, region: str = "us-east-1") -> Any:
        if (service, region) not in made:
            made[service, region] = engine.client(service, region)
        return made[service, region]

    return client


@pytest.fixture
def aws(clients: Aws) -> Aws:
    """The module's clients. The engine is not reset between cases (a reset costs about as
    much as a deploy): each case has its own stack and deletes it, and reads only its own ids."""
    return clients


@pytest.fixture
def cfn(aws: Aws) -> Any:
    return aws("cloudformation")


def _status(cfn: Any, stack: str) -> str:
    return str(cfn.describe_stacks(StackName=stack)["Stacks"][0]["StackStatus"])


def _failures(cfn: Any, stack: str) -> list[tuple[str, str, str]]:
    return [e for e in events(cfn, stack) if "FAILED" in e[1] or e[2].startswith("not emulated")]


def _physical_ids(cfn: Any, stack: str) -> Ids:
    listed = cfn.list_stack_resources(StackName=stack)["StackResourceSummaries"]
    return {r["LogicalResourceId"]: r["PhysicalResourceId"] for r in listed}


def _deploy(cfn: Any, stack: str, body: Body, update: bool = False) -> Ids:
    call = cfn.update_stack if update else cfn.create_stack
    call(StackName=stack, TemplateBody=json.dumps(body), Capabilities=["CAPABILITY_IAM"])
    expected = "UPDATE_COMPLETE" if update else "CREATE_COMPLETE"
    assert _status(cfn, stack) == expected, _failures(cfn, stack)
    # an update the engine could not make is a note on the resource's event, not a failure
    assert not _failures(cfn, stack), _failures(cfn, stack)
    return _physical_ids(cfn, stack)


@pytest.mark.parametrize("kind", list(CASES))
def test_a_corpus_type_deploys_updates_and_deletes(aws: Aws, cfn: Any, kind: str) -> None:
    """For the type's reference page (``_reference``): the created resource is what the service
    shows; the change (``Case.why`` cites the reference) shows after the update; after the
    stack's delete the service no longer shows it."""
    case = CASES[kind]
    stack = "corpus-" + kind.split("::", 1)[1].replace("::", "-").lower()
    body: Body = {"Resources": copy.deepcopy(case.resources)}
    before = _inventory(aws)
    ids = _deploy(cfn, stack, body)
    assert case.read(aws, ids) == case.created, (_reference(kind), ids)

    if case.change is not None:
        case.change(body)
        ids = {**ids, **_deploy(cfn, stack, body, update=True)}
        assert case.read(aws, ids) == case.updated, (_reference(kind), case.why)

    stack_id = cfn.describe_stacks(StackName=stack)["Stacks"][0]["StackId"]
    cfn.delete_stack(StackName=stack)
    assert _status(cfn, stack_id) == "DELETE_COMPLETE", _failures(cfn, stack_id)
    assert case.read(aws, ids) in (None, [], [False]), _reference(kind)
    # the resources the type needed are gone too
    assert _inventory(aws) - before == set()


@pytest.mark.parametrize("kind", list(NOT_EMULATED))
def test_a_type_the_engine_cannot_create_fails_saying_so(cfn: Any, kind: str) -> None:
    """A type with no handler fails its resource with "not emulated locally: TYPE", the stack
    rolls back, and nothing pretends to exist (no silent placeholder)."""
    resources: Body = {"Target": NOT_EMULATED[kind]}
    if kind == "AWS::CloudFormation::Macro":
        resources.update(copy.deepcopy(FUNCTION))
    stack = "absent-" + kind.split("::")[-1].lower()
    cfn.create_stack(
        StackName=stack,
        TemplateBody=json.dumps({"Resources": resources}),
        Capabilities=["CAPABILITY_IAM"],
    )
    assert _status(cfn, stack) == "ROLLBACK_COMPLETE"
    failed = [e for e in events(cfn, stack) if e[1] == "CREATE_FAILED"]
    assert [(e[0], e[2].split(" (")[0]) for e in failed] == [
        ("Target", f"not emulated locally: {kind}")
    ]


@pytest.mark.skipif(not CORPUS.exists(), reason="the shared corpus is not on this machine")
def test_the_cases_are_the_corpus_top_40() -> None:
    """Every one of the 40 most used types has a case here, deployable or not emulated."""
    assert sorted(corpus_top(CORPUS)) == sorted([*CASES, *NOT_EMULATED])


def test_docs_state_how_many_of_the_40_deploy() -> None:
    """docs/local.md gives the figure these tests establish."""
    text = " ".join((ROOT / "docs" / "local.md").read_text().split())
    figure = (
        f"{len(CASES)} of the {len(CASES) + len(NOT_EMULATED)} most used types deploy, update "
        "and delete on the local engine"
    )
    assert figure in text


def test_an_update_mixing_a_known_change_with_an_unknown_one_makes_the_known_one(
    aws: Aws, cfn: Any
) -> None:
    """REF aws-resource-logs-loggroup.html: RetentionInDays and Tags both update with no
    interruption. The engine changes the retention (``PutRetentionPolicy``) even when the same
    update also changes a property it can only record, and its event names just that one."""
    group = {"Type": "AWS::Logs::LogGroup", "Properties": {"RetentionInDays": 7}}
    body: Body = {"Resources": {"Target": group}}
    ids = _deploy(cfn, "corpus-mixed", body)
    group["Properties"] = {"RetentionInDays": 14, "Tags": [{"Key": "team", "Value": "web"}]}
    cfn.update_stack(StackName="corpus-mixed", TemplateBody=json.dumps(body))
    assert _status(cfn, "corpus-mixed") == "UPDATE_COMPLETE"
    assert _log_group(aws, ids) == [14]
    notes = [e[2] for e in events(cfn, "corpus-mixed") if e[1] == "UPDATE_COMPLETE"]
    assert "not emulated locally: in-place update of AWS::Logs::LogGroup (Tags recorded" in notes[0]
    cfn.delete_stack(StackName="corpus-mixed")
