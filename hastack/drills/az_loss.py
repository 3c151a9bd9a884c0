"""AZ loss: terminate every instance of an Auto Scaling group in one AZ, watch it recover.

An AZ that is down launches nothing, so for the drill the AZ's subnets are taken out of the
group (and put back afterwards); then its instances are terminated and the group must return
to its desired capacity with replacements outside the lost AZ, registered with the load
balancer. The AZ is the one running most of the group's instances unless ``az`` is given.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from typing import Any

from hastack.drills.inventory import DeployedResource, of_type
from hastack.drills.model import DrillResult, timed

NAME = "az-loss"
ASG_TYPE = "AWS::AutoScaling::AutoScalingGroup"


def run(
    target: Any,
    resources: Sequence[DeployedResource],
    *,
    az: str | None = None,
    wait: float = 30.0,
) -> list[DrillResult]:
    groups = of_type(resources, ASG_TYPE)
    if not groups:
        return [DrillResult(NAME, "app", None, skipped_reason="the app has no Auto Scaling group")]
    return [_drill_group(target, group, az, wait) for group in groups]


def _describe(asg: Any, name: str) -> dict[str, Any]:
    group: dict[str, Any] = asg.describe_auto_scaling_groups(AutoScalingGroupNames=[name])[
        "AutoScalingGroups"
    ][0]
    return group


def _in_service(group: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        i
        for i in group.get("Instances", [])
        if i.get("LifecycleState") == "InService" and i.get("HealthStatus", "Healthy") == "Healthy"
    ]


def _fleet(group: dict[str, Any]) -> str:
    running = _in_service(group)
    per_az = Counter(i["AvailabilityZone"] for i in running)
    spread = ", ".join(f"{zone}: {count}" for zone, count in sorted(per_az.items())) or "none"
    return (
        f"desired {group['DesiredCapacity']}, min {group['MinSize']}, "
        f"{len(running)} in service ({spread})"
    )


def _subnet_azs(ec2: Any, subnet_ids: list[str]) -> dict[str, str]:
    if not subnet_ids:
        return {}
    subnets = ec2.describe_subnets(SubnetIds=subnet_ids)["Subnets"]
    return {s["SubnetId"]: s["AvailabilityZone"] for s in subnets}


def _registered(elbv2: Any, target_group_arns: list[str]) -> set[str] | None:
    if not target_group_arns:
        return None
    ids: set[str] = set()
    for arn in target_group_arns:
        health = elbv2.describe_target_health(TargetGroupArn=arn)["TargetHealthDescriptions"]
        ids.update(d["Target"]["Id"] for d in health)
    return ids


@timed
def _drill_group(
    target: Any, resource: DeployedResource, az: str | None, wait: float
) -> DrillResult:
    result = DrillResult(NAME, resource.subject, resource.region)
    asg = target.client("autoscaling", resource.region)
    ec2 = target.client("ec2", resource.region)
    name = resource.physical_id
    before = _describe(asg, name)
    running = _in_service(before)
    group_azs = sorted(before.get("AvailabilityZones", []))
    result.before.append(f"group {name} over {', '.join(group_azs)}")
    result.before.append(_fleet(before))
    if az is not None and az not in group_azs:
        result.skipped_reason = f"{az} is not one of the group's AZs ({', '.join(group_azs)})"
        return result
    per_az = Counter(i["AvailabilityZone"] for i in running)
    if not running:
        result.check("the group has instances in service before the drill", False)
        return result
    lost_az = az or sorted(per_az.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    lost = sorted(i["InstanceId"] for i in running if i["AvailabilityZone"] == lost_az)
    if not lost:
        result.skipped_reason = (
            f"no instance of the group runs in {lost_az} (in service: "
            + ", ".join(f"{zone}: {count}" for zone, count in sorted(per_az.items()))
            + ")"
        )
        return result

    subnets = [s for s in (before.get("VPCZoneIdentifier") or "").split(",") if s]
    zones = _subnet_azs(ec2, subnets)
    surviving = [s for s in subnets if zones.get(s) != lost_az]
    if subnets and not surviving:
        result.check(f"the group has a subnet outside {lost_az}", False)
        result.after.append(f"every subnet of the group is in {lost_az}: losing it loses the fleet")
        return result
    if subnets and len(surviving) < len(subnets):
        asg.update_auto_scaling_group(
            AutoScalingGroupName=name, VPCZoneIdentifier=",".join(surviving)
        )
        result.actions.append(
            f"took {lost_az}'s subnet out of the group for the drill (a lost AZ launches nothing)"
        )
    try:
        ec2.terminate_instances(InstanceIds=lost)
        result.actions.append(f"terminated {len(lost)} instance(s) in {lost_az}: {', '.join(lost)}")
        after = _wait_for_recovery(asg, name, set(lost), int(before["DesiredCapacity"]), wait)
    finally:
        if subnets and len(surviving) < len(subnets):
            asg.update_auto_scaling_group(
                AutoScalingGroupName=name, VPCZoneIdentifier=",".join(subnets)
            )
            result.actions.append("put the subnet back into the group")

    now_running = _in_service(after)
    now_ids = {i["InstanceId"] for i in now_running}
    replacements = [
        i for i in now_running if i["InstanceId"] not in {x["InstanceId"] for x in running}
    ]
    result.after.append(_fleet(after))
    if replacements:
        result.after.append(
            "replacements: "
            + ", ".join(f"{i['InstanceId']} ({i['AvailabilityZone']})" for i in replacements)
        )
    desired = int(before["DesiredCapacity"])
    result.check(
        f"the {len(lost)} instance(s) lost in {lost_az} left the group", not (now_ids & set(lost))
    )
    result.check(
        f"{len(now_running)} instance(s) in service, at least the desired {desired}",
        len(now_running) >= desired,
    )
    result.check(
        f"every replacement runs outside {lost_az}",
        all(i["AvailabilityZone"] != lost_az for i in replacements),
    )
    registered = _registered(
        target.client("elbv2", resource.region), list(after.get("TargetGroupARNs", []))
    )
    if registered is not None and replacements:
        joined = [i["InstanceId"] for i in replacements if i["InstanceId"] in registered]
        result.after.append(
            f"load balancer target group: {len(joined)} of {len(replacements)} replacement(s) "
            "registered"
        )
        if len(joined) < len(replacements):
            result.notes.append(
                "the emulator does not register replacement instances with the group's target "
                "group (moto does so for classic load balancers only); on AWS the group "
                "registers them, and they take traffic once healthy"
            )
    return result


def _wait_for_recovery(
    asg: Any, name: str, lost: set[str], desired: int, wait: float
) -> dict[str, Any]:
    """The group once the lost instances are gone and desired capacity is back (or at timeout)."""
    deadline = time.monotonic() + wait
    while True:
        group = _describe(asg, name)
        running = _in_service(group)
        ids = {i["InstanceId"] for i in group.get("Instances", [])}
        if (not ids & lost and len(running) >= desired) or time.monotonic() >= deadline:
            return group
        time.sleep(0.5)
