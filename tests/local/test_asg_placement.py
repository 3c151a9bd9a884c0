"""A stack's Auto Scaling group spreads its instances over its AZs, as on AWS (moto's own
model puts every instance in the group's first subnet)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from troposphere import Output, Ref, Template, ec2
from troposphere import autoscaling as asg

from tests.local.helpers import create, events, outputs

ZONES = ("us-east-1a", "us-east-1b", "us-east-1c")


def _instances(autoscaling: Any, name: str) -> list[dict[str, Any]]:
    (group,) = autoscaling.describe_auto_scaling_groups(AutoScalingGroupNames=[name])[
        "AutoScalingGroups"
    ]
    return group["Instances"]


def _per_zone(autoscaling: Any, name: str) -> Counter[str]:
    return Counter(i["AvailabilityZone"] for i in _instances(autoscaling, name))


def _subnets_of(ec2_client: Any, instance_ids: list[str]) -> dict[str, tuple[str, str]]:
    """instance id -> (subnet id, AZ) as EC2 reports it."""
    reservations = ec2_client.describe_instances(InstanceIds=instance_ids)["Reservations"]
    return {
        i["InstanceId"]: (i["SubnetId"], i["Placement"]["AvailabilityZone"])
        for r in reservations
        for i in r["Instances"]
    }


def _network(ec2_client: Any, zones: tuple[str, ...] = ZONES) -> dict[str, str]:
    """A VPC with one subnet per zone; AZ -> subnet id."""
    vpc = ec2_client.create_vpc(CidrBlock="10.7.0.0/16")["Vpc"]["VpcId"]
    return {
        zone: ec2_client.create_subnet(
            VpcId=vpc, CidrBlock=f"10.7.{n}.0/24", AvailabilityZone=zone
        )["Subnet"]["SubnetId"]
        for n, zone in enumerate(zones)
    }


def test_a_stack_group_of_three_over_three_azs_runs_one_instance_per_az(cfn_env) -> None:
    cfn, autoscaling, ec2_client = (cfn_env(s) for s in ("cloudformation", "autoscaling", "ec2"))
    t = Template()
    t.add_resource(ec2.VPC("Vpc", CidrBlock="10.8.0.0/16"))
    for n, zone in enumerate(ZONES):
        t.add_resource(
            ec2.Subnet(
                f"Subnet{n}", VpcId=Ref("Vpc"), CidrBlock=f"10.8.{n}.0/24", AvailabilityZone=zone
            )
        )
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
            MinSize="3",
            MaxSize="6",
            DesiredCapacity="3",
            VPCZoneIdentifier=[Ref(f"Subnet{n}") for n in range(3)],
            LaunchTemplate=asg.LaunchTemplateSpecification(
                LaunchTemplateId=Ref("LaunchTemplate"), Version="1"
            ),
        )
    )
    t.add_output(Output("Group", Value=Ref("Group")))
    for n in range(3):
        t.add_output(Output(f"Subnet{n}", Value=Ref(f"Subnet{n}")))
    stack = create(cfn, "spread", t.to_dict())
    assert stack["StackStatus"] == "CREATE_COMPLETE", events(cfn, "spread")
    out = outputs(stack)
    name = out["Group"]

    assert _per_zone(autoscaling, name) == Counter(ZONES)
    ids = [i["InstanceId"] for i in _instances(autoscaling, name)]
    placed = _subnets_of(ec2_client, ids)
    assert set(placed.values()) == {(out[f"Subnet{n}"], zone) for n, zone in enumerate(ZONES)}
