"""E9301: ARNs that must be in the stack's region (or partition) are."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.core import regions
from hastack.validate.rules._helpers import (
    ARN,
    Finding,
    HastackRule,
    Path,
    resources,
    stack_regions,
    walk,
)

SAME_REGION: dict[str, tuple[str, ...]] = {
    # property name -> services whose ARNs AWS accepts there only from the stack's own region
    "CertificateArn": ("acm",),
    "SSLCertificateId": ("acm",),
    "RegionalCertificateArn": ("acm",),
    "KmsKeyId": ("kms",),
    "KmsKeyArn": ("kms",),
    "KMSKeyId": ("kms",),
    "KMSMasterKeyID": ("kms",),
    "KmsMasterKeyId": ("kms",),
    "KMSMasterKeyId": ("kms",),
    "KmsKeyIdentifier": ("kms",),
    "AlarmActions": ("sns",),
    "OKActions": ("sns",),
    "InsufficientDataActions": ("sns",),
    "TopicARN": ("sns",),
    "ServiceToken": ("lambda", "sns"),
}
"""Where a cross-region reference is refused (each documented: ELB/ACM certificates, KMS keys,
CloudWatch alarm actions, Auto Scaling notifications, custom resource service tokens)."""

US_EAST_1_ONLY: dict[tuple[str, str], str] = {
    ("AWS::CloudFront::Distribution", "AcmCertificateArn"): "acm",
    ("AWS::ApiGateway::DomainName", "CertificateArn"): "acm",
}
"""Edge services read their certificate from us-east-1 whatever the stack's region."""

SIBLING_REGION_KEYS = ("Region", "RegionName", "SourceRegion", "DestinationRegion")
"""A structure that names its own region (global table replicas, replication rules) may hold
keys of that region."""


class ArnInStackRegion(HastackRule):
    id = "E9301"
    shortdesc = "ACM, KMS, SNS and Lambda ARNs are in the region (and partition) AWS requires"
    description = (
        "A load balancer's certificate, a KMS key, an alarm's SNS topic, an Auto Scaling "
        "notification topic and a custom resource's service token must live in the stack's "
        "region (CloudFront and edge API Gateway certificates in us-east-1), and no ARN can "
        "cross partitions: AWS rejects the resource at create time."
    )
    fix = "Create the certificate, key or topic in the stack's region and reference it there."
    source_url = "https://docs.aws.amazon.com/acm/latest/userguide/acm-regions.html"
    tags = ["hastack", "deploy", "elb", "cloudfront", "apigateway", "kms", "sns", "lambda"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        checked = stack_regions(cfn)
        if not checked:
            return
        for name, res in resources(cfn).items():
            res_type = res.get("Type")
            base: Path = ["Resources", name, "Properties"]
            for path, value in walk(res.get("Properties"), base):
                if not isinstance(value, str) or not value.startswith("arn:"):
                    continue
                match = ARN.match(value)
                if match is None:
                    continue
                partition, service, region = match.groups()
                problem = _partition_problem(partition, checked)
                if problem is None:
                    problem = _region_problem(res_type, path, service, region, checked)
                if problem is not None and not _names_own_region(res.get("Properties"), path):
                    yield path, f"{name}: {value} {problem}"


def _partition_problem(partition: str, checked: list[str]) -> str | None:
    wanted = {regions.REGIONS[r].partition for r in checked}
    if wanted and partition not in wanted:
        return f"is in partition {partition}, the stack's is {', '.join(sorted(wanted))}"
    return None


def _region_problem(
    res_type: Any, path: Path, service: str, region: str, checked: list[str]
) -> str | None:
    if not region:
        return None
    keys = [p for p in path if isinstance(p, str)]
    if not keys:
        return None
    key = keys[-1]
    edge = US_EAST_1_ONLY.get((str(res_type), key))
    if edge == service:
        return None if region == "us-east-1" else "must be in us-east-1 (edge certificate)"
    if service in SAME_REGION.get(key, ()):
        other = [r for r in checked if r != region]
        if other:
            return f"is in {region}; it must be in the stack's region ({', '.join(other)})"
    return None


def _names_own_region(properties: Any, path: Path) -> bool:
    """True when a mapping on the way to the value names a region of its own."""
    node = properties
    for part in path[3:]:
        if isinstance(node, dict):
            if any(k in node for k in SIBLING_REGION_KEYS):
                return True
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            return False
    return False
