"""W9608: an internet-facing load balancer does not serve plain HTTP only."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.template import types
from hastack.validate.rules._helpers import (
    Finding,
    HastackRule,
    evaluator_of,
    literal_list,
    props,
    ref_target,
    resources,
)


class PlainHttpInternetFacing(HastackRule):
    id = "W9608"
    shortdesc = "Internet-facing load balancer has a TLS listener"
    description = (
        "A load balancer that faces the internet with only plain HTTP listeners sends every "
        "request, cookie and password in clear text. W9201 covers an HTTP listener beside "
        "HTTPS; this covers the load balancer with no TLS at all."
    )
    fix = (
        "Add an HTTPS (ALB) or TLS (NLB) listener with an ACM certificate and redirect HTTP; "
        "suppress with a reason if plain HTTP is intended (e.g. behind CloudFront)."
    )
    source_url = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/create-https-listener.html"
    tags = ["hastack", "security", "elb"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        evaluate = evaluator_of(cfn)
        listeners: dict[str, list[tuple[str, Any, dict[str, Any]]]] = {}
        for name, res in resources(cfn, [types.ELBV2_LISTENER]).items():
            p = props(res)
            lb = ref_target(p.get("LoadBalancerArn"), cfn)
            if lb is not None:
                protocol = evaluate.known(p.get("Protocol"))
                known = protocol if isinstance(protocol, str) else None
                listeners.setdefault(lb, []).append((name, known, p))
        balancers = resources(cfn, [types.ELBV2_LOAD_BALANCER])
        for lb, found in sorted(listeners.items()):
            if lb not in balancers:
                continue
            lb_props = props(balancers[lb])
            if evaluate.known(lb_props.get("Scheme", "internet-facing")) != "internet-facing":
                continue
            protocols = {protocol for _, protocol, _ in found}
            if None in protocols or protocols & {"HTTPS", "TLS"} or "HTTP" not in protocols:
                continue  # unknown, already encrypted, or not HTTP at all
            for name, _, p in sorted(found, key=lambda item: item[0]):
                if any(_serves(a) for a in literal_list(p.get("DefaultActions")) or []):
                    yield (
                        ["Resources", name, "Properties", "Protocol"],
                        f"{name} serves plain HTTP on internet-facing {lb}, which has no "
                        "HTTPS listener",
                    )


def _serves(action: Any) -> bool:
    """A forward (or an intrinsic: unknown, so no finding) rather than a redirect/fixed reply."""
    return isinstance(action, dict) and action.get("Type") == "forward"
