"""A deliberately weak app for drills that must fail: one-subnet fleet, Aurora without a reader,
a PRIMARY failover record without a health check."""

from __future__ import annotations

from troposphere import GetAZs, Ref, Select, Template
from troposphere.autoscaling import AutoScalingGroup, LaunchTemplateSpecification
from troposphere.ec2 import VPC, LaunchTemplate, LaunchTemplateData, Subnet
from troposphere.rds import DBCluster, DBInstance
from troposphere.route53 import HealthCheck, HealthCheckConfig, HostedZone, RecordSetType

from hastack import App, Stack


def weak_template() -> Template:
    t = Template()
    t.add_resource(VPC("Vpc", CidrBlock="10.9.0.0/16"))
    t.add_resource(
        Subnet(
            "OnlySubnet",
            VpcId=Ref("Vpc"),
            CidrBlock="10.9.0.0/24",
            AvailabilityZone=Select(0, GetAZs("")),
        )
    )
    t.add_resource(
        LaunchTemplate(
            "LaunchTemplate",
            LaunchTemplateData=LaunchTemplateData(ImageId="ami-12c6146b", InstanceType="t3.micro"),
        )
    )
    t.add_resource(
        AutoScalingGroup(
            "AutoScalingGroup",
            MinSize="2",
            MaxSize="2",
            DesiredCapacity="2",
            VPCZoneIdentifier=[Ref("OnlySubnet")],
            LaunchTemplate=LaunchTemplateSpecification(
                LaunchTemplateId=Ref("LaunchTemplate"), Version="1"
            ),
        )
    )
    t.add_resource(
        DBCluster(
            "DatabaseCluster",
            Engine="aurora-mysql",
            MasterUsername="admin",
            MasterUserPassword="not-a-real-secret-1",
        )
    )
    t.add_resource(
        DBInstance(
            "DatabaseWriter",
            DBClusterIdentifier=Ref("DatabaseCluster"),
            Engine="aurora-mysql",
            DBInstanceClass="db.r6g.large",
        )
    )
    t.add_resource(HostedZone("HostedZone", Name="weak.example"))
    t.add_resource(
        HealthCheck(
            "SecondaryHealthCheck",
            HealthCheckConfig=HealthCheckConfig(
                Type="HTTP", FullyQualifiedDomainName="standby.weak.example", Port=80
            ),
        )
    )
    for name, role, address, check in (
        ("PrimaryRecord", "PRIMARY", "192.0.2.10", None),
        ("SecondaryRecord", "SECONDARY", "192.0.2.20", Ref("SecondaryHealthCheck")),
    ):
        extra = {"HealthCheckId": check} if check is not None else {}
        t.add_resource(
            RecordSetType(
                name,
                HostedZoneId=Ref("HostedZone"),
                Name="www.weak.example",
                Type="A",
                TTL="60",
                ResourceRecords=[address],
                SetIdentifier=role.lower(),
                Failover=role,
                **extra,
            )
        )
    return t


def weak_app(name: str = "weak-drills") -> App:
    app = App(name)
    app.add(Stack(name, weak_template(), region="us-east-1"))
    return app
