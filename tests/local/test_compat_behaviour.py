"""The compatibility layer's fixes to moto's CloudFormation, each pinned by a test that fails
on plain moto 5.2."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError
from troposphere import Export, GetAtt, Output, Ref, Template, ec2, rds, sns
from troposphere import autoscaling as asg

from tests.local.helpers import create, events, outputs
from tests.local.webapp_template import build_webapp_body


def _network(vpc_cidr: str = "10.1.0.0/16", subnet_cidr: str = "10.1.1.0/24") -> Template:
    t = Template()
    t.add_resource(ec2.VPC("Vpc", CidrBlock=vpc_cidr))
    t.add_resource(ec2.RouteTable("RouteTable", VpcId=Ref("Vpc")))
    t.add_resource(ec2.InternetGateway("Gateway"))
    t.add_resource(
        ec2.VPCGatewayAttachment("Attachment", VpcId=Ref("Vpc"), InternetGatewayId=Ref("Gateway"))
    )
    t.add_resource(
        ec2.Route(
            "DefaultRoute",
            RouteTableId=Ref("RouteTable"),
            DependsOn="Attachment",
            DestinationCidrBlock="0.0.0.0/0",
            GatewayId=Ref("Gateway"),
        )
    )
    t.add_resource(ec2.Subnet("Subnet", VpcId=Ref("Vpc"), CidrBlock=subnet_cidr))
    t.add_resource(
        ec2.SubnetRouteTableAssociation(
            "Association", SubnetId=Ref("Subnet"), RouteTableId=Ref("RouteTable")
        )
    )
    t.add_output(Output("VpcId", Value=Ref("Vpc")))
    return t


def _body(t: Template) -> dict[str, Any]:
    return t.to_dict()


def test_our_dbinstance_handler_replaces_motos_and_the_new_types_are_registered(cfn_env) -> None:
    from moto.cloudformation.parsing import get_model_map

    from hastack.deploy.local.compat.rds import DBClusterHandler, DBInstanceHandler

    model_map = get_model_map()
    assert model_map["AWS::RDS::DBInstance"] is DBInstanceHandler
    assert model_map["AWS::RDS::DBCluster"] is DBClusterHandler
    for kind in (
        "AWS::CloudWatch::Alarm",
        "AWS::AutoScaling::ScalingPolicy",
        "AWS::SecretsManager::Secret",
        "AWS::SecretsManager::SecretTargetAttachment",
        "AWS::RDS::GlobalCluster",
        "AWS::S3::BucketPolicy",
        "AWS::SNS::Subscription",
        "AWS::SNS::TopicPolicy",
        "AWS::CertificateManager::Certificate",
        "AWS::EC2::SecurityGroupEgress",
        "AWS::RDS::DBClusterParameterGroup",
    ):
        assert kind in model_map, kind


def test_installing_twice_changes_nothing(cfn_env) -> None:
    from hastack.deploy.local import install_compat

    install_compat()
    install_compat()
    cfn = cfn_env("cloudformation")
    create(cfn, "net", _body(_network()))
    vpc_events = [e for e in events(cfn, "net") if e[0] == "Vpc"]
    assert [status for _, status, _ in vpc_events] == ["CREATE_IN_PROGRESS", "CREATE_COMPLETE"]


def test_a_stack_created_by_change_set_has_outputs_and_exports(cfn_env) -> None:
    cfn = cfn_env("cloudformation")
    t = _network()
    t.outputs["VpcId"].Export = Export("net-vpc")
    cfn.create_change_set(
        StackName="net",
        ChangeSetName="c1",
        ChangeSetType="CREATE",
        TemplateBody=json.dumps(_body(t)),
    )
    assert cfn.describe_stacks(StackName="net")["Stacks"][0]["StackStatus"] == (
        "REVIEW_IN_PROGRESS"
    )
    cfn.execute_change_set(StackName="net", ChangeSetName="c1")
    stack = cfn.describe_stacks(StackName="net")["Stacks"][0]
    assert stack["StackStatus"] == "CREATE_COMPLETE"
    vpc_id = outputs(stack)["VpcId"]
    assert vpc_id.startswith("vpc-")
    assert [(e["Name"], e["Value"]) for e in cfn.list_exports()["Exports"]] == [("net-vpc", vpc_id)]
    assert json.loads(json.dumps(cfn.get_template(StackName="net")["TemplateBody"]))


def test_an_update_change_set_changes_the_auto_scaling_group(cfn_env) -> None:
    cfn, autoscaling = cfn_env("cloudformation"), cfn_env("autoscaling")
    create(cfn, "web", build_webapp_body(desired=2))
    cfn.create_change_set(
        StackName="web",
        ChangeSetName="grow",
        ChangeSetType="UPDATE",
        TemplateBody=json.dumps(build_webapp_body(desired=4)),
    )
    changes = cfn.describe_change_set(StackName="web", ChangeSetName="grow")["Changes"]
    assert [c["ResourceChange"]["LogicalResourceId"] for c in changes] == ["AutoScalingGroup"]
    cfn.execute_change_set(StackName="web", ChangeSetName="grow")
    stack = cfn.describe_stacks(StackName="web")["Stacks"][0]
    assert stack["StackStatus"] == "UPDATE_COMPLETE"
    (group,) = autoscaling.describe_auto_scaling_groups()["AutoScalingGroups"]
    assert group["DesiredCapacity"] == 4
    assert outputs(stack)["AutoScalingGroupName"] == group["AutoScalingGroupName"]
    statuses = {
        r["LogicalResourceId"]: r["ResourceStatus"]
        for r in cfn.list_stack_resources(StackName="web")["StackResourceSummaries"]
    }
    assert statuses["AutoScalingGroup"] == "UPDATE_COMPLETE"
    assert statuses["Vpc"] == "CREATE_COMPLETE"
    (detail,) = cfn.describe_stack_resources(StackName="web", LogicalResourceId="AutoScalingGroup")[
        "StackResources"
    ]
    assert detail["ResourceStatus"] == "UPDATE_COMPLETE"
    update_events = [e[:2] for e in events(cfn, "web") if e[0] == "AutoScalingGroup"][-2:]
    assert update_events == [
        ("AutoScalingGroup", "UPDATE_IN_PROGRESS"),
        ("AutoScalingGroup", "UPDATE_COMPLETE"),
    ]


def test_a_no_op_update_is_refused_like_aws(cfn_env) -> None:
    cfn = cfn_env("cloudformation")
    body = json.dumps(_body(_network()))
    cfn.create_stack(StackName="net", TemplateBody=body)
    with pytest.raises(ClientError, match="No updates are to be performed"):
        cfn.update_stack(StackName="net", TemplateBody=body)
    assert cfn.describe_stacks(StackName="net")["Stacks"][0]["StackStatus"] == "CREATE_COMPLETE"


def test_a_failing_resource_rolls_the_stack_back_with_its_reason(cfn_env) -> None:
    cfn, ec2_client = cfn_env("cloudformation"), cfn_env("ec2")
    stack = create(cfn, "bad", _body(_network(subnet_cidr="192.168.0.0/24")))
    assert stack["StackStatus"] == "ROLLBACK_COMPLETE"
    assert "Outputs" not in stack
    seen = events(cfn, "bad")
    (failed,) = [e for e in seen if e[1] == "CREATE_FAILED"]
    assert failed[0] == "Subnet" and "InvalidSubnet.Range" in failed[2]
    assert ("bad", "ROLLBACK_IN_PROGRESS") in [e[:2] for e in seen]
    assert "[Subnet]" in next(e[2] for e in seen if e[1] == "ROLLBACK_IN_PROGRESS")
    assert seen[-1][:2] == ("bad", "ROLLBACK_COMPLETE")
    assert [v["CidrBlock"] for v in ec2_client.describe_vpcs()["Vpcs"]] == ["172.31.0.0/16"]


def test_a_stack_with_a_vpc_and_route_tables_deletes_cleanly(cfn_env) -> None:
    cfn, ec2_client = cfn_env("cloudformation"), cfn_env("ec2")
    vpc_id = outputs(create(cfn, "net", _body(_network())))["VpcId"]
    cfn.delete_stack(StackName="net")
    (summary,) = cfn.list_stacks()["StackSummaries"]
    assert summary["StackStatus"] == "DELETE_COMPLETE"
    assert vpc_id not in [v["VpcId"] for v in ec2_client.describe_vpcs()["Vpcs"]]
    deleted = [e[0] for e in events(cfn, summary["StackId"]) if e[1] == "DELETE_COMPLETE"]
    assert {"Vpc", "RouteTable", "DefaultRoute", "Association", "net"} <= set(deleted)


def test_a_protected_database_makes_the_delete_fail_and_the_stack_stays(cfn_env) -> None:
    cfn = cfn_env("cloudformation")
    create(cfn, "web", build_webapp_body())
    cfn.delete_stack(StackName="web")
    stack = cfn.describe_stacks(StackName="web")["Stacks"][0]
    assert stack["StackStatus"] == "DELETE_FAILED"
    assert "deletion protection" in events(cfn, "web")[-1][2]
    failed = [(e[0], e[2]) for e in events(cfn, "web") if e[1] == "DELETE_FAILED"]
    assert [lid for lid, _ in failed] == ["DatabaseCluster", "web"]
    assert "Cannot delete protected Cluster" in failed[0][1]
    assert [
        s["StackName"]
        for s in cfn.list_stacks(StackStatusFilter=["DELETE_FAILED"])["StackSummaries"]
    ] == ["web"]


def test_termination_protection_can_be_set_and_blocks_delete(cfn_env) -> None:
    cfn = cfn_env("cloudformation")
    create(cfn, "net", _body(_network()), EnableTerminationProtection=True)
    with pytest.raises(ClientError, match="TerminationProtection is enabled"):
        cfn.delete_stack(StackName="net")
    cfn.update_termination_protection(StackName="net", EnableTerminationProtection=False)
    assert cfn.describe_stacks(StackName="net")["Stacks"][0]["EnableTerminationProtection"] is False
    cfn.delete_stack(StackName="net")
    assert cfn.list_stacks()["StackSummaries"][0]["StackStatus"] == "DELETE_COMPLETE"


def test_an_unsupported_type_is_a_placeholder_that_ref_and_getatt_resolve(cfn_env) -> None:
    cfn = cfn_env("cloudformation")
    t = Template()
    t.add_resource(sns.Topic("Topic"))
    body = _body(t)
    body["Resources"]["WebAcl"] = {
        "Type": "AWS::WAFv2::WebACL",
        "Properties": {"Scope": "REGIONAL", "DefaultAction": {"Allow": {}}},
    }
    body["Outputs"] = {
        "AclArn": {"Value": {"Fn::GetAtt": ["WebAcl", "Arn"]}},
        "AclId": {"Value": {"Ref": "WebAcl"}},
    }
    stack = create(cfn, "waf", body)
    assert stack["StackStatus"] == "CREATE_COMPLETE"
    values = outputs(stack)
    assert values["AclArn"] == values["AclId"] + ".Arn"
    (complete,) = [e for e in events(cfn, "waf") if e[:2] == ("WebAcl", "CREATE_COMPLETE")]
    assert "not emulated locally: AWS::WAFv2::WebACL" in complete[2]
    from hastack.deploy.local.compat.fallback import not_emulated

    assert "WebAcl" in not_emulated()["AWS::WAFv2::WebACL"]  # as docs/local.md promises


@pytest.mark.parametrize("region", ["eu-west-1", "ap-southeast-2"])
def test_get_azs_answers_the_stacks_region(cfn_env, region: str) -> None:
    cfn = cfn_env("cloudformation", region)
    t = Template()
    t.add_resource(ec2.VPC("Vpc", CidrBlock="10.2.0.0/16"))
    for index in range(3):
        from troposphere import GetAZs, Select

        t.add_resource(
            ec2.Subnet(
                f"Subnet{index}",
                VpcId=Ref("Vpc"),
                CidrBlock=f"10.2.{index}.0/24",
                AvailabilityZone=Select(index, GetAZs("")),
            )
        )
        t.add_output(Output(f"Zone{index}", Value=GetAtt(f"Subnet{index}", "AvailabilityZone")))
    zones = outputs(create(cfn, "net", _body(t)))
    assert [zones[f"Zone{i}"] for i in range(3)] == [f"{region}{c}" for c in "abc"]


def test_dynamic_references_are_resolved(cfn_env) -> None:
    cfn, ssm, sns_client = cfn_env("cloudformation"), cfn_env("ssm"), cfn_env("sns")
    ssm.put_parameter(Name="/app/topic-label", Value="Paging", Type="String")
    t = Template()
    t.add_resource(sns.Topic("Topic", DisplayName="{{resolve:ssm:/app/topic-label}}"))
    arn = outputs(
        create(cfn, "dyn", {**_body(t), "Outputs": {"Arn": {"Value": {"Ref": "Topic"}}}})
    )["Arn"]
    assert sns_client.get_topic_attributes(TopicArn=arn)["Attributes"]["DisplayName"] == "Paging"


def test_a_managed_master_password_creates_the_secret(cfn_env) -> None:
    cfn, rds_client, secrets = cfn_env("cloudformation"), cfn_env("rds"), cfn_env("secretsmanager")
    stack = create(cfn, "web", build_webapp_body(explicit_secret=False))
    assert stack["StackStatus"] == "CREATE_COMPLETE"
    (cluster,) = rds_client.describe_db_clusters()["DBClusters"]
    arn = cluster["MasterUserSecret"]["SecretArn"]
    assert [s["ARN"] for s in secrets.list_secrets()["SecretList"]] == [arn]


def _global_database() -> Template:
    t = Template()
    t.add_resource(
        rds.GlobalCluster(
            "GlobalDatabase",
            GlobalClusterIdentifier="orders",
            Engine="aurora-mysql",
            StorageEncrypted=True,
        )
    )
    t.add_resource(
        rds.DBCluster(
            "PrimaryCluster",
            Engine="aurora-mysql",
            MasterUsername="admin",
            ManageMasterUserPassword=True,
            GlobalClusterIdentifier=Ref("GlobalDatabase"),
        )
    )
    t.add_resource(
        rds.DBInstance(
            "PrimaryWriter",
            DBClusterIdentifier=Ref("PrimaryCluster"),
            Engine="aurora-mysql",
            DBInstanceClass="db.r6g.large",
        )
    )
    t.add_output(Output("GlobalArn", Value=GetAtt("GlobalDatabase", "GlobalClusterArn")))
    return t


def test_an_aurora_global_database_has_the_regional_cluster_as_member(cfn_env) -> None:
    cfn, rds_client = cfn_env("cloudformation"), cfn_env("rds")
    stack = create(cfn, "global", _body(_global_database()))
    assert stack["StackStatus"] == "CREATE_COMPLETE", events(cfn, "global")
    (global_cluster,) = rds_client.describe_global_clusters()["GlobalClusters"]
    assert global_cluster["GlobalClusterIdentifier"] == "orders"
    assert outputs(stack)["GlobalArn"] == global_cluster["GlobalClusterArn"]
    (member,) = global_cluster["GlobalClusterMembers"]
    (cluster,) = rds_client.describe_db_clusters()["DBClusters"]
    assert member["DBClusterArn"] == cluster["DBClusterArn"] and member["IsWriter"] is True


def test_standalone_instances_and_read_replicas_still_work(cfn_env) -> None:
    cfn, rds_client = cfn_env("cloudformation"), cfn_env("rds")
    t = Template()
    t.add_resource(
        rds.DBInstance(
            "DatabaseInstance",
            Engine="mysql",
            DBInstanceClass="db.m6g.large",
            AllocatedStorage="100",
            MultiAZ=True,
            MasterUsername="admin",
            ManageMasterUserPassword=True,
        )
    )
    t.add_resource(
        rds.DBInstance(
            "DatabaseReplica1",
            Engine="mysql",
            DBInstanceClass="db.m6g.large",
            SourceDBInstanceIdentifier=Ref("DatabaseInstance"),
        )
    )
    t.add_output(Output("Endpoint", Value=GetAtt("DatabaseInstance", "Endpoint.Address")))
    stack = create(cfn, "db", _body(t))
    assert stack["StackStatus"] == "CREATE_COMPLETE", events(cfn, "db")
    instances = {
        i["DBInstanceIdentifier"]: i for i in rds_client.describe_db_instances()["DBInstances"]
    }
    (primary,) = [i for i in instances.values() if "ReadReplicaSourceDBInstanceIdentifier" not in i]
    assert primary["MultiAZ"] is True and primary["AllocatedStorage"] == 100
    assert primary["Endpoint"]["Address"] == outputs(stack)["Endpoint"]
    (replica,) = [i for i in instances.values() if "ReadReplicaSourceDBInstanceIdentifier" in i]
    assert replica["ReadReplicaSourceDBInstanceIdentifier"] == primary["DBInstanceIdentifier"]


def test_a_simple_scaling_policy_and_its_alarm_are_wired(cfn_env) -> None:
    cfn, autoscaling, cloudwatch = (
        cfn_env(s) for s in ("cloudformation", "autoscaling", "cloudwatch")
    )
    t = Template()
    t.add_resource(
        ec2.LaunchTemplate(
            "LaunchTemplate",
            LaunchTemplateData=ec2.LaunchTemplateData(
                ImageId="ami-12c6146b", InstanceType="t3.micro"
            ),
        )
    )
    t.add_resource(
        asg.AutoScalingGroup(
            "Group",
            MinSize="1",
            MaxSize="3",
            AvailabilityZones=["us-east-1a", "us-east-1b"],
            LaunchTemplate=asg.LaunchTemplateSpecification(
                LaunchTemplateId=Ref("LaunchTemplate"),
                Version=GetAtt("LaunchTemplate", "LatestVersionNumber"),
            ),
        )
    )
    t.add_resource(
        asg.ScalingPolicy(
            "ScaleOut",
            AutoScalingGroupName=Ref("Group"),
            AdjustmentType="ChangeInCapacity",
            ScalingAdjustment=1,
        )
    )
    from troposphere import cloudwatch as cw

    t.add_resource(
        cw.Alarm(
            "HighCpu",
            Namespace="AWS/EC2",
            MetricName="CPUUtilization",
            Statistic="Average",
            Period=60,
            EvaluationPeriods=2,
            Threshold=70,
            ComparisonOperator="GreaterThanThreshold",
            AlarmActions=[Ref("ScaleOut")],
            Dimensions=[cw.MetricDimension(Name="AutoScalingGroupName", Value=Ref("Group"))],
        )
    )
    create(cfn, "fleet", _body(t))
    (policy,) = autoscaling.describe_policies()["ScalingPolicies"]
    assert (policy["PolicyType"], policy["ScalingAdjustment"]) == ("SimpleScaling", 1)
    (alarm,) = cloudwatch.describe_alarms()["MetricAlarms"]
    assert alarm["AlarmActions"] == [policy["PolicyARN"]]
    autoscaling.execute_policy(PolicyName=policy["PolicyName"])
    assert (
        autoscaling.describe_auto_scaling_groups()["AutoScalingGroups"][0]["DesiredCapacity"] == 2
    )


def _unprotected_webapp() -> dict[str, Any]:
    body = build_webapp_body()
    for resource in body["Resources"].values():
        resource.get("Properties", {}).pop("DeletionProtection", None)
        resource.pop("DeletionPolicy", None)
    return body


def test_deleting_the_whole_web_app_leaves_nothing_listed(cfn_env) -> None:
    cfn = cfn_env("cloudformation")
    clients = {
        s: cfn_env(s)
        for s in (
            "ec2",
            "elbv2",
            "route53",
            "rds",
            "cloudwatch",
            "autoscaling",
            "secretsmanager",
            "sns",
            "acm",
        )
    }
    default_vpcs = clients["ec2"].describe_vpcs()["Vpcs"]
    assert create(cfn, "web", _unprotected_webapp())["StackStatus"] == "CREATE_COMPLETE"
    cfn.delete_stack(StackName="web")
    (summary,) = cfn.list_stacks()["StackSummaries"]
    assert summary["StackStatus"] == "DELETE_COMPLETE", events(cfn, summary["StackId"])[-3:]
    assert clients["ec2"].describe_vpcs()["Vpcs"] == default_vpcs
    assert clients["ec2"].describe_addresses()["Addresses"] == []
    assert clients["ec2"].describe_internet_gateways()["InternetGateways"] == []
    assert clients["ec2"].describe_flow_logs()["FlowLogs"] == []
    assert {n["State"] for n in clients["ec2"].describe_nat_gateways()["NatGateways"]} <= {
        "deleted"
    }
    assert clients["elbv2"].describe_load_balancers()["LoadBalancers"] == []
    assert clients["elbv2"].describe_target_groups()["TargetGroups"] == []
    assert clients["route53"].list_hosted_zones()["HostedZones"] == []
    assert clients["route53"].list_health_checks()["HealthChecks"] == []
    assert clients["rds"].describe_db_clusters()["DBClusters"] == []
    assert clients["rds"].describe_db_instances()["DBInstances"] == []
    assert clients["cloudwatch"].describe_alarms()["MetricAlarms"] == []
    assert clients["autoscaling"].describe_auto_scaling_groups()["AutoScalingGroups"] == []
    assert clients["autoscaling"].describe_policies()["ScalingPolicies"] == []
    assert clients["secretsmanager"].list_secrets()["SecretList"] == []
    assert clients["sns"].list_subscriptions()["Subscriptions"] == []
    assert clients["acm"].list_certificates()["CertificateSummaryList"] == []


def test_load_balancer_attributes_from_the_template_are_applied(cfn_env) -> None:
    cfn, elbv2 = cfn_env("cloudformation"), cfn_env("elbv2")
    create(cfn, "web", build_webapp_body())
    (balancer,) = elbv2.describe_load_balancers()["LoadBalancers"]
    attributes = {
        a["Key"]: a["Value"]
        for a in elbv2.describe_load_balancer_attributes(
            LoadBalancerArn=balancer["LoadBalancerArn"]
        )["Attributes"]
    }
    bucket = cfn.describe_stack_resource(StackName="web", LogicalResourceId="AccessLogsBucket")[
        "StackResourceDetail"
    ]["PhysicalResourceId"]
    assert attributes["access_logs.s3.enabled"] == "true"
    assert attributes["access_logs.s3.bucket"] == bucket


def test_change_sets_say_which_properties_change_and_what_is_replaced(cfn_env) -> None:
    cfn = cfn_env("cloudformation")
    create(cfn, "web", build_webapp_body())
    changed = build_webapp_body(desired=3)
    cluster = changed["Resources"]["DatabaseCluster"]["Properties"]
    cluster["DatabaseName"], cluster["BackupRetentionPeriod"] = "orders", 14
    cfn.create_change_set(
        StackName="web", ChangeSetName="c", ChangeSetType="UPDATE", TemplateBody=json.dumps(changed)
    )
    changes = {
        c["ResourceChange"]["LogicalResourceId"]: c["ResourceChange"]
        for c in cfn.describe_change_set(StackName="web", ChangeSetName="c")["Changes"]
    }
    assert set(changes) == {"AutoScalingGroup", "DatabaseCluster"}
    assert changes["AutoScalingGroup"]["Replacement"] == "False"
    assert changes["DatabaseCluster"]["Replacement"] == "True"
    assert changes["DatabaseCluster"]["PhysicalResourceId"].startswith("web-databasecluster-")
    assert [
        (d["Target"]["Name"], d["Target"]["RequiresRecreation"])
        for d in changes["DatabaseCluster"]["Details"]
    ] == [("BackupRetentionPeriod", "Never"), ("DatabaseName", "Always")]


def test_deletion_policy_snapshot_takes_a_final_snapshot(cfn_env) -> None:
    cfn, rds_client = cfn_env("cloudformation"), cfn_env("rds")
    body = _unprotected_webapp()
    body["Resources"]["DatabaseCluster"]["DeletionPolicy"] = "Snapshot"
    create(cfn, "web", body)
    (cluster,) = rds_client.describe_db_clusters()["DBClusters"]
    cfn.delete_stack(StackName="web")
    assert rds_client.describe_db_clusters()["DBClusters"] == []
    snapshots = rds_client.describe_db_cluster_snapshots(SnapshotType="manual")[
        "DBClusterSnapshots"
    ]
    assert [(s["DBClusterIdentifier"], s["DBClusterSnapshotIdentifier"]) for s in snapshots] == [
        (cluster["DBClusterIdentifier"], cluster["DBClusterIdentifier"] + "-final-snapshot")
    ]


def test_a_new_parameter_value_lists_the_resources_that_use_it(cfn_env) -> None:
    cfn, sns_client = cfn_env("cloudformation"), cfn_env("sns")
    t = Template()
    from troposphere import Parameter

    t.add_parameter(Parameter("Label", Type="String"))
    t.add_resource(sns.Topic("Topic", DisplayName=Ref("Label")))
    t.add_resource(sns.Topic("Other"))
    t.add_output(Output("Arn", Value=Ref("Topic")))
    body = json.dumps(_body(t))
    cfn.create_stack(
        StackName="p",
        TemplateBody=body,
        Parameters=[{"ParameterKey": "Label", "ParameterValue": "one"}],
    )
    cfn.create_change_set(
        StackName="p",
        ChangeSetName="c",
        ChangeSetType="UPDATE",
        TemplateBody=body,
        Parameters=[{"ParameterKey": "Label", "ParameterValue": "two"}],
    )
    (change,) = cfn.describe_change_set(StackName="p", ChangeSetName="c")["Changes"]
    resource_change = change["ResourceChange"]
    assert (resource_change["LogicalResourceId"], resource_change["Replacement"]) == (
        "Topic",
        "False",
    )
    assert [
        (d["Target"]["Name"], d["Evaluation"], d["ChangeSource"])
        for d in resource_change["Details"]
    ] == [("DisplayName", "Dynamic", "ParameterReference")]
    cfn.execute_change_set(StackName="p", ChangeSetName="c")
    arn = outputs(cfn.describe_stacks(StackName="p")["Stacks"][0])["Arn"]
    assert sns_client.get_topic_attributes(TopicArn=arn)["Attributes"]["DisplayName"] == "two"


def test_a_failing_create_change_set_rolls_back(cfn_env) -> None:
    cfn = cfn_env("cloudformation")
    cfn.create_change_set(
        StackName="bad",
        ChangeSetName="c",
        ChangeSetType="CREATE",
        TemplateBody=json.dumps(_body(_network(subnet_cidr="10.9.0.0/24"))),
    )
    cfn.execute_change_set(StackName="bad", ChangeSetName="c")
    stack = cfn.describe_stacks(StackName="bad")["Stacks"][0]
    assert stack["StackStatus"] == "ROLLBACK_COMPLETE"
    assert [e[0] for e in events(cfn, "bad") if e[1] == "CREATE_FAILED"] == ["Subnet"]
    with pytest.raises(ClientError, match="cannot be executed"):
        cfn.execute_change_set(StackName="bad", ChangeSetName="c")


def test_a_failing_update_ends_in_update_rollback_complete(cfn_env) -> None:
    cfn = cfn_env("cloudformation")
    create(cfn, "net", _body(_network()))
    broken = _network()
    broken.add_resource(ec2.Subnet("Outside", VpcId=Ref("Vpc"), CidrBlock="10.9.0.0/24"))
    cfn.update_stack(StackName="net", TemplateBody=json.dumps(_body(broken)))
    stack = cfn.describe_stacks(StackName="net")["Stacks"][0]
    assert stack["StackStatus"] == "UPDATE_ROLLBACK_COMPLETE"
    assert outputs(stack)["VpcId"].startswith("vpc-")
    reason = next(e[2] for e in events(cfn, "net") if e[1] == "UPDATE_ROLLBACK_IN_PROGRESS")
    assert "InvalidSubnet.Range" in reason


def test_updating_a_type_moto_cannot_update_keeps_the_resource(cfn_env) -> None:
    cfn = cfn_env("cloudformation")
    vpc_id = outputs(create(cfn, "net", _body(_network())))["VpcId"]
    changed = _network()
    changed.resources["Vpc"].Tags = [{"Key": "tier", "Value": "core"}]
    cfn.update_stack(StackName="net", TemplateBody=json.dumps(_body(changed)))
    stack = cfn.describe_stacks(StackName="net")["Stacks"][0]
    assert stack["StackStatus"] == "UPDATE_COMPLETE"
    assert outputs(stack)["VpcId"] == vpc_id
    listed = {
        r["LogicalResourceId"]: r["PhysicalResourceId"]
        for r in cfn.list_stack_resources(StackName="net")["StackResourceSummaries"]
    }
    assert listed["Vpc"] == vpc_id


def test_engine_names_are_accepted_in_any_case_as_rds_does(cfn_env) -> None:
    body = {
        "Resources": {
            "Db": {
                "Type": "AWS::RDS::DBInstance",
                "Properties": {
                    "Engine": "MySQL",
                    "DBInstanceClass": "db.t3.micro",
                    "AllocatedStorage": "20",
                    "MasterUsername": "admin",
                    "MasterUserPassword": "Passw0rdPassw0rd",
                },
            }
        }
    }
    stack = create(cfn_env("cloudformation"), "mixed-case", body)
    assert stack["StackStatus"] == "CREATE_COMPLETE"
    (db,) = cfn_env("rds").describe_db_instances()["DBInstances"]
    assert db["Engine"] == "mysql" and db["Endpoint"]["Port"] == 3306


def test_a_security_group_egress_rule_is_added_and_revoked_with_its_resource(cfn_env) -> None:
    cfn, ec2_client = cfn_env("cloudformation"), cfn_env("ec2")
    t = Template()
    t.add_resource(ec2.VPC("Vpc", CidrBlock="10.2.0.0/16"))
    t.add_resource(ec2.SecurityGroup("Group", GroupDescription="app", VpcId=Ref("Vpc")))
    t.add_output(Output("GroupId", Value=Ref("Group")))
    without_rule = _body(t)
    t.add_resource(
        ec2.SecurityGroupEgress(
            "ToDatabase",
            GroupId=Ref("Group"),
            IpProtocol="tcp",
            FromPort=5432,
            ToPort=5432,
            CidrIp="10.2.9.0/24",
        )
    )
    stack = create(cfn, "egress", _body(t))
    assert stack["StackStatus"] == "CREATE_COMPLETE"
    group_id = outputs(stack)["GroupId"]

    def egress_ports() -> list[tuple[Any, ...]]:
        (group,) = ec2_client.describe_security_groups(GroupIds=[group_id])["SecurityGroups"]
        return [
            (p.get("FromPort"), [r["CidrIp"] for r in p.get("IpRanges", [])])
            for p in group["IpPermissionsEgress"]
            if p.get("FromPort") == 5432
        ]

    assert egress_ports() == [(5432, ["10.2.9.0/24"])]
    cfn.update_stack(StackName="egress", TemplateBody=json.dumps(without_rule))
    assert cfn.describe_stacks(StackName="egress")["Stacks"][0]["StackStatus"] == "UPDATE_COMPLETE"
    assert egress_ports() == []


def test_a_change_set_says_replacement_where_the_emulator_would_replace(cfn_env) -> None:
    """MasterUsername is not create-only in the resource schema, but the emulator's cluster
    handler replaces on it: the preview must say so, or the deploy guard lets it through."""
    cfn = cfn_env("cloudformation")
    create(cfn, "web", build_webapp_body())
    changed = build_webapp_body()
    changed["Resources"]["DatabaseCluster"]["Properties"]["MasterUsername"] = "owner"
    cfn.create_change_set(
        StackName="web", ChangeSetName="c", ChangeSetType="UPDATE", TemplateBody=json.dumps(changed)
    )
    (change,) = cfn.describe_change_set(StackName="web", ChangeSetName="c")["Changes"]
    assert (
        change["ResourceChange"]["LogicalResourceId"],
        change["ResourceChange"]["Replacement"],
    ) == ("DatabaseCluster", "True")
    assert [
        (d["Target"]["Name"], d["Target"]["RequiresRecreation"])
        for d in change["ResourceChange"]["Details"]
    ] == [("MasterUsername", "Always")]
