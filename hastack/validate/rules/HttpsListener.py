"""W9201: HTTP listeners redirect to HTTPS when the load balancer has a certificate."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import (
    Finding,
    HastackRule,
    as_str,
    literal_list,
    props,
    ref_target,
    resources,
)


class HttpsListener(HastackRule):
    id = "W9201"
    shortdesc = "HTTP listener redirects to HTTPS when a certificate is given"
    description = (
        "Serving the same application over plain HTTP next to HTTPS lets clients (and "
        "downgrade attacks) bypass TLS."
    )
    fix = "Make the HTTP listener's default action a redirect with Protocol: HTTPS."
    source_url = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html#redirect-actions"
    tags = ["hastack", "security", "elb"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        listeners = resources(cfn, ["AWS::ElasticLoadBalancingV2::Listener"])
        with_cert: set[str] = set()
        for res in listeners.values():
            p = props(res)
            if p.get("Certificates") or as_str(p.get("Protocol")) == "HTTPS":
                lb = ref_target(p.get("LoadBalancerArn"))
                if lb is not None:
                    with_cert.add(lb)
        for name, res in listeners.items():
            p = props(res)
            if as_str(p.get("Protocol")) != "HTTP":
                continue
            lb = ref_target(p.get("LoadBalancerArn"))
            if lb is None or lb not in with_cert:
                continue  # no certificate on this load balancer, or one we cannot identify
            actions = literal_list(p.get("DefaultActions"))
            if actions is None:
                continue
            if not any(_redirects_to_https(a) for a in actions):
                yield (
                    ["Resources", name, "Properties", "DefaultActions"],
                    f"{name} serves plain HTTP although {lb} has a certificate; redirect to HTTPS",
                )


def _redirects_to_https(action: Any) -> bool:
    if not isinstance(action, dict):
        return True  # an intrinsic: unknown, assume fine
    kind = action.get("Type")
    if not isinstance(kind, str):
        return True
    if kind == "redirect":
        config = action.get("RedirectConfig")
        protocol = config.get("Protocol") if isinstance(config, dict) else None
        return not isinstance(protocol, str) or protocol == "HTTPS"
    return kind == "fixed-response"
