"""W9113: without cross-zone load balancing, every AZ of the load balancer has as many targets."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import (
    Finding,
    HastackRule,
    all_resources,
    as_bool,
    as_int,
    as_str,
    attributes,
    az_of,
    distinct_subnet_azs,
    has_unknown_attributes,
    known_azs,
    lb_subnets,
    lb_type,
    literal_list,
    load_balancer_target_groups,
    props,
    ref_target,
    referrers,
    resources,
    subnet_az,
)

ASG = "AWS::AutoScaling::AutoScalingGroup"
CROSS_ZONE = "load_balancing.cross_zone.enabled"


class CrossZoneEvenTargets(HastackRule):
    id = "W9113"
    shortdesc = "Load balancer without cross-zone balancing has the same number of targets per AZ"
    description = (
        "With cross-zone load balancing off (the default of network and classic load balancers) "
        "each AZ's load balancer node receives an equal share of the traffic and sends it only "
        "to targets in its own AZ: with 2 targets in one AZ and 1 in the other, the lone target "
        "takes twice the load of each of the others, and fails first."
    )
    fix = (
        "Run a multiple of the AZ count (DesiredCapacity/MinSize, or listed instances) in each "
        "AZ, or turn cross-zone load balancing on (CrossZone: true, or the attribute "
        "load_balancing.cross_zone.enabled: 'true')."
    )
    source_url = "https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/how-elastic-load-balancing-works.html#cross-zone-load-balancing"
    tags = ["hastack", "ha", "elb", "autoscaling"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        for name, res in resources(cfn, ["AWS::ElasticLoadBalancing::LoadBalancer"]).items():
            p = props(res)
            if as_bool(p.get("CrossZone", False)) is not False:
                continue
            lb_azs = _classic_azs(cfn, p)
            instances = literal_list(p.get("Instances", []))
            asgs = list(referrers(cfn, name, [ASG], "LoadBalancerNames"))
            if lb_azs and instances is not None:
                uneven = _uneven(cfn, lb_azs, asgs, instances)
                if uneven:
                    yield ["Resources", name, "Properties"], f"{name} (CrossZone off): {uneven}"
        for name, res in resources(cfn, ["AWS::ElasticLoadBalancingV2::LoadBalancer"]).items():
            p = props(res)
            kind = lb_type(p)
            if kind not in ("application", "network") or has_unknown_attributes(
                p, "LoadBalancerAttributes"
            ):
                continue
            default = "true" if kind == "application" else "false"
            lb_cross_zone = as_str(attributes(p, "LoadBalancerAttributes").get(CROSS_ZONE))
            lb_azs = distinct_subnet_azs(cfn, lb_subnets(p))
            if not lb_azs:
                continue
            for tg in load_balancer_target_groups(cfn, name):
                tg_props = props(all_resources(cfn).get(tg))
                if has_unknown_attributes(tg_props, "TargetGroupAttributes"):
                    continue
                tg_cross_zone = as_str(
                    attributes(tg_props, "TargetGroupAttributes").get(CROSS_ZONE)
                )
                if tg_cross_zone in (None, "use_load_balancer_configuration"):
                    tg_cross_zone = lb_cross_zone or default
                if tg_cross_zone != "false":
                    continue
                targets = literal_list(tg_props.get("Targets", []))
                if targets is None or any(not isinstance(t, dict) for t in targets):
                    continue
                asgs = list(referrers(cfn, tg, [ASG], "TargetGroupARNs"))
                uneven = _uneven(cfn, lb_azs, asgs, [t.get("Id") for t in targets])
                if uneven:
                    yield (
                        ["Resources", tg, "Properties"],
                        f"{tg} of {name} (cross-zone off): {uneven}",
                    )


def _classic_azs(cfn: Any, p: dict[str, Any]) -> set[str] | None:
    if "Subnets" in p:
        return distinct_subnet_azs(cfn, p.get("Subnets"))
    names = literal_list(p.get("AvailabilityZones"))
    return known_azs([az_of(n) for n in names]) if names is not None else None


def _uneven(
    cfn: Any, lb_azs: set[str], asgs: list[tuple[str, dict[str, Any]]], instances: list[Any]
) -> str | None:
    """How the targets are spread unevenly over ``lb_azs``, or None (even, or not knowable)."""
    if len(asgs) == 1 and not instances:
        asg, res = asgs[0]
        p = props(res)
        if distinct_subnet_azs(cfn, p.get("VPCZoneIdentifier")) != lb_azs:
            return None  # other AZs than the load balancer's: W9103's finding, not this one
        count = as_int(p.get("DesiredCapacity", p.get("MinSize")))
        if count is None or count < len(lb_azs) or count % len(lb_azs) == 0:
            return None  # fewer instances than AZs is W9105's finding
        low = count // len(lb_azs)
        return (
            f"{asg} runs {count} instances over {len(lb_azs)} AZs, so some AZs have {low + 1} "
            f"targets and others {low}; the AZs with {low} carry more load per target"
        )
    if asgs or not instances:
        return None
    per_az = dict.fromkeys(lb_azs, 0)
    for target in instances:
        az = _instance_az(cfn, target)
        if az is None or az not in per_az:
            return None
        per_az[az] += 1
    if len(set(per_az.values())) == 1:
        return None
    spread = ", ".join(f"{az}: {n}" for az, n in sorted(per_az.items()))
    return f"targets per AZ are uneven ({spread})"


def _instance_az(cfn: Any, target: Any) -> str | None:
    name = ref_target(target, cfn)
    res = all_resources(cfn).get(name) if name else None
    if not isinstance(res, dict) or res.get("Type") != "AWS::EC2::Instance":
        return None
    p = props(res)
    if "SubnetId" in p:
        return subnet_az(cfn, p["SubnetId"])
    return az_of(p.get("AvailabilityZone"))
