"""W9202: TLS listeners use a policy that allows only TLS 1.2 or newer."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import Finding, HastackRule, as_str, props, resources

TLS12_PREFIXES = (
    "ELBSecurityPolicy-TLS13-",
    "ELBSecurityPolicy-TLS-1-2-",
    "ELBSecurityPolicy-FS-1-2-",
)


class TlsPolicy(HastackRule):
    id = "W9202"
    shortdesc = "HTTPS/TLS listener uses a TLS 1.2+ security policy"
    description = (
        "The default policy (ELBSecurityPolicy-2016-08) still accepts TLS 1.0 and 1.1, which "
        "are deprecated and fail compliance scans."
    )
    fix = "Set SslPolicy: ELBSecurityPolicy-TLS13-1-2-2021-06 (or another TLS 1.2+ policy)."
    source_url = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html"
    tags = ["hastack", "security", "elb"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        for name, res in resources(cfn, ["AWS::ElasticLoadBalancingV2::Listener"]).items():
            p = props(res)
            if as_str(p.get("Protocol")) not in ("HTTPS", "TLS"):
                continue
            if "SslPolicy" not in p:
                yield (
                    ["Resources", name, "Properties"],
                    f"{name} uses the default SSL policy, which allows TLS 1.0",
                )
                continue
            policy = as_str(p["SslPolicy"])
            if policy is not None and not policy.startswith(TLS12_PREFIXES):
                yield (
                    ["Resources", name, "Properties", "SslPolicy"],
                    f"{name} SslPolicy {policy} allows TLS versions before 1.2",
                )
