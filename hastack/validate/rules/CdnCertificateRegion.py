"""E9801: a CloudFront distribution's ACM certificate is in us-east-1."""

from __future__ import annotations

import re
from typing import Any

from hastack.template import types as T
from hastack.validate.rules._helpers import HastackRule, as_str, props, resources


class CdnCertificateRegion(HastackRule):
    id = "E9801"
    shortdesc = "CloudFront viewer certificate is in us-east-1"
    description = (
        "CloudFront reads ACM certificates only from us-east-1; a certificate from another "
        "region fails the deploy, whatever region the stack is in."
    )
    fix = "Request or import the certificate in us-east-1 and use that ARN."
    source_url = "https://docs.aws.amazon.com/acm/latest/userguide/acm-regions.html"
    tags = ["hastack", "security", "cdn"]

    def check(self, cfn: Any):
        for name, res in resources(cfn, [T.CLOUDFRONT_DISTRIBUTION]).items():
            config = props(res).get("DistributionConfig")
            viewer = config.get("ViewerCertificate") if isinstance(config, dict) else None
            arn = as_str(viewer.get("AcmCertificateArn")) if isinstance(viewer, dict) else None
            match = re.match(r"arn:aws[a-z-]*:acm:([a-z0-9-]+):", arn or "")
            if match and match.group(1) != "us-east-1":
                yield (
                    ["Resources", name, "Properties", "DistributionConfig", "ViewerCertificate",
                     "AcmCertificateArn"],
                    f"{name} uses a certificate from {match.group(1)}; CloudFront needs one "
                    "from us-east-1",
                )  # fmt: skip
