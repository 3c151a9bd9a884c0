"""W9806: a load balancer behind CloudFront serves only CloudFront.

A distribution's WAF, rate limit and cache protect only the requests that go through it. A load
balancer origin that lets the whole internet in (a security group with ``0.0.0.0/0`` or
``::/0`` on its listener port) and forwards every request (the listener's default action is a
``forward``) serves anyone who knows its ``*.elb.amazonaws.com`` name just as well: that route
goes around the distribution, its WAF included.

What is known from the template only: the origin is ``GetAtt <load balancer>.DNSName`` of this
template (literal names and parameters cannot be tied to a load balancer: no finding); the load
balancer's security groups are groups of this template whose ingress, inline or separate, opens
a listener's port to the world (a group given by parameter is unknown: no finding; an NLB with
no security group takes any source); that listener's default action forwards (to a target group
or with ``ForwardConfig``). A listener whose default action is a fixed response or a redirect,
with rules that forward only what carries the distribution's secret header, passes; its rules
are not judged (a rule that forwards a health-check path without the header is an accepted
exception). Distributions and load balancers in different stacks (ActivePassiveWebApp) are out
of a per-template rule's sight.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.template import types as T
from hastack.validate.rules._helpers import (
    Finding,
    HastackRule,
    as_int,
    as_str,
    getatt,
    ingress_rules,
    literal_list,
    props,
    ref_target,
    resources,
)


class CdnOriginOpen(HastackRule):
    id = "W9806"
    shortdesc = "A load balancer behind CloudFront accepts only CloudFront's requests"
    description = (
        "A load balancer origin open to 0.0.0.0/0 whose listener forwards every request serves "
        "anyone who knows its name: that route goes around the distribution and its WAF."
    )
    fix = (
        "Make the listener's default action a fixed 403 and forward only requests that carry a "
        "secret header the distribution adds (OriginCustomHeaders, value from Secrets Manager), "
        "or allow only CloudFront's origin-facing prefix list in the security group."
    )
    source_url = "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/restrict-access-to-load-balancer.html"
    tags = ["hastack", "security", "cdn", "elb"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        balancers = resources(cfn, [T.ELBV2_LOAD_BALANCER])
        listeners: dict[str, list[tuple[str, dict[str, Any]]]] = {}
        for listener, res in resources(cfn, [T.ELBV2_LISTENER]).items():
            p = props(res)
            lb = ref_target(p.get("LoadBalancerArn"))
            if lb in balancers:
                listeners.setdefault(lb, []).append((listener, p))
        world = _world_ports(cfn)
        reported: set[tuple[str, str]] = set()
        for name, res in resources(cfn, [T.CLOUDFRONT_DISTRIBUTION]).items():
            config = props(res).get("DistributionConfig")
            if not isinstance(config, dict):
                continue
            waf = " and its WAF" if "WebACLId" in config else ""
            for origin in literal_list(config.get("Origins")) or []:
                if not isinstance(origin, dict) or "CustomOriginConfig" not in origin:
                    continue
                found = getatt(origin.get("DomainName"))
                if found is None or found[1] != "DNSName" or found[0] not in balancers:
                    continue
                lb = found[0]
                open_ports = _open_ports(props(balancers[lb]), world)
                if not open_ports:
                    continue
                for listener, p in listeners.get(lb, []):
                    port = as_int(p.get("Port"))
                    if port is None or not any(low <= port <= high for low, high in open_ports):
                        continue
                    if not _forwards(p.get("DefaultActions")) or (name, listener) in reported:
                        continue
                    reported.add((name, listener))
                    yield (
                        ["Resources", listener, "Properties", "DefaultActions"],
                        f"{listener} forwards every request to {lb}, which lets the internet "
                        f"in on port {port}: anyone who knows its name goes around {name}{waf} "
                        "(check a secret origin header, or allow only CloudFront)",
                    )


def _world_ports(cfn: Any) -> dict[str, list[tuple[int, int]]]:
    """Security group → port ranges it opens to 0.0.0.0/0 or ::/0."""
    found: dict[str, list[tuple[int, int]]] = {}
    for rule in ingress_rules(cfn):
        if rule.world and rule.ports is not None:
            found.setdefault(rule.group, []).append(rule.ports)
    return found


def _open_ports(
    lb: dict[str, Any], world: dict[str, list[tuple[int, int]]]
) -> list[tuple[int, int]] | None:
    """Ports on which the load balancer takes any source; None when unknown or none."""
    groups = lb.get("SecurityGroups")
    if groups is None:
        # an NLB without security groups filters nothing; an ALB gets the VPC's default group
        return [(0, 65535)] if as_str(lb.get("Type")) == "network" else None
    listed = literal_list(groups)
    if listed is None:
        return None
    ports: list[tuple[int, int]] = []
    for group in listed:
        target = ref_target(group)
        if target is None:
            continue
        ports += world.get(target, [])
    return ports or None


def _forwards(actions: Any) -> bool:
    """Whether a listener's default actions forward requests (rather than answer them)."""
    for action in literal_list(actions) or []:
        if isinstance(action, dict) and (
            as_str(action.get("Type")) == "forward" or "ForwardConfig" in action
        ):
            return True
    return False
