"""Auto Scaling groups spread their instances over their AZs, as on AWS (moto 5.2 puts every
instance in the group's first subnet)."""

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


def _api_group(cfn_env: Any, name: str, subnets: list[str], size: int = 3) -> Any:
    ec2_client, autoscaling = cfn_env("ec2"), cfn_env("autoscaling")
    template = ec2_client.create_launch_template(
        LaunchTemplateName=f"{name}-lt",
        LaunchTemplateData={"ImageId": "ami-12c6146b", "InstanceType": "t3.micro"},
    )["LaunchTemplate"]["LaunchTemplateId"]
    autoscaling.create_auto_scaling_group(
        AutoScalingGroupName=name,
        MinSize=size,
        MaxSize=size * 3,
        DesiredCapacity=size,
        VPCZoneIdentifier=",".join(subnets),
        LaunchTemplate={"LaunchTemplateId": template, "Version": "1"},
    )
    return autoscaling


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


def test_an_api_group_spreads_and_scales_out_in_subnet_order(cfn_env) -> None:
    subnets = _network(cfn_env("ec2"))
    order = [subnets["us-east-1c"], subnets["us-east-1a"], subnets["us-east-1b"]]
    autoscaling = _api_group(cfn_env, "fleet", order)
    assert _per_zone(autoscaling, "fleet") == Counter(ZONES)

    autoscaling.set_desired_capacity(AutoScalingGroupName="fleet", DesiredCapacity=5)
    # ties go in the group's subnet order: us-east-1c first, then us-east-1a
    assert _per_zone(autoscaling, "fleet") == Counter(
        {"us-east-1c": 2, "us-east-1a": 2, "us-east-1b": 1}
    )
    autoscaling.set_desired_capacity(AutoScalingGroupName="fleet", DesiredCapacity=6)
    assert _per_zone(autoscaling, "fleet") == Counter({zone: 2 for zone in ZONES})


def test_a_terminated_instance_is_replaced_in_the_az_that_lost_it(cfn_env) -> None:
    ec2_client = cfn_env("ec2")
    subnets = _network(ec2_client)
    autoscaling = _api_group(cfn_env, "fleet", list(subnets.values()))
    (lost,) = [
        i["InstanceId"]
        for i in _instances(autoscaling, "fleet")
        if i["AvailabilityZone"] == "us-east-1b"
    ]

    ec2_client.terminate_instances(InstanceIds=[lost])

    instances = _instances(autoscaling, "fleet")
    assert lost not in {i["InstanceId"] for i in instances}
    assert _per_zone(autoscaling, "fleet") == Counter(ZONES)
    (replacement,) = [i["InstanceId"] for i in instances if i["AvailabilityZone"] == "us-east-1b"]
    assert _subnets_of(ec2_client, [replacement])[replacement] == (
        subnets["us-east-1b"],
        "us-east-1b",
    )

    # through the Auto Scaling API too
    (lost,) = [i["InstanceId"] for i in instances if i["AvailabilityZone"] == "us-east-1c"]
    autoscaling.terminate_instance_in_auto_scaling_group(
        InstanceId=lost, ShouldDecrementDesiredCapacity=False
    )
    assert lost not in {i["InstanceId"] for i in _instances(autoscaling, "fleet")}
    assert _per_zone(autoscaling, "fleet") == Counter(ZONES)


def test_after_an_az_leaves_the_group_its_replacement_goes_to_a_remaining_az(cfn_env) -> None:
    ec2_client = cfn_env("ec2")
    subnets = _network(ec2_client)
    autoscaling = _api_group(cfn_env, "fleet", list(subnets.values()))
    before = {i["InstanceId"]: i["AvailabilityZone"] for i in _instances(autoscaling, "fleet")}
    (lost,) = [i for i, zone in before.items() if zone == "us-east-1b"]

    remaining = [subnets["us-east-1a"], subnets["us-east-1c"]]
    autoscaling.update_auto_scaling_group(
        AutoScalingGroupName="fleet", VPCZoneIdentifier=",".join(remaining)
    )
    # not moved until terminated
    assert {i["InstanceId"]: i["AvailabilityZone"] for i in _instances(autoscaling, "fleet")} == (
        before
    )

    ec2_client.terminate_instances(InstanceIds=[lost])

    after = {i["InstanceId"]: i["AvailabilityZone"] for i in _instances(autoscaling, "fleet")}
    assert len(after) == 3 and lost not in after
    (replacement,) = set(after) - set(before)
    assert after[replacement] in {"us-east-1a", "us-east-1c"}
    assert _subnets_of(ec2_client, [replacement])[replacement][0] in remaining
    assert "us-east-1b" not in after.values()

    # the group's own settings were left as they were
    (group,) = autoscaling.describe_auto_scaling_groups(AutoScalingGroupNames=["fleet"])[
        "AutoScalingGroups"
    ]
    assert group["VPCZoneIdentifier"] == ",".join(remaining)
    assert sorted(group["AvailabilityZones"]) == ["us-east-1a", "us-east-1c"]


def test_a_group_over_azs_without_subnets_spreads_too(cfn_env) -> None:
    ec2_client, autoscaling = cfn_env("ec2"), cfn_env("autoscaling")
    template = ec2_client.create_launch_template(
        LaunchTemplateName="classic-lt",
        LaunchTemplateData={"ImageId": "ami-12c6146b", "InstanceType": "t3.micro"},
    )["LaunchTemplate"]["LaunchTemplateId"]
    autoscaling.create_auto_scaling_group(
        AutoScalingGroupName="classic",
        MinSize=4,
        MaxSize=4,
        DesiredCapacity=4,
        AvailabilityZones=["us-east-1a", "us-east-1b"],
        LaunchTemplate={"LaunchTemplateId": template, "Version": "1"},
    )
    assert _per_zone(autoscaling, "classic") == Counter({"us-east-1a": 2, "us-east-1b": 2})


def test_a_single_subnet_group_still_launches_there(cfn_env) -> None:
    subnets = _network(cfn_env("ec2"), zones=("us-east-1d",))
    autoscaling = _api_group(cfn_env, "solo", [subnets["us-east-1d"]], size=2)
    assert _per_zone(autoscaling, "solo") == Counter({"us-east-1d": 2})
