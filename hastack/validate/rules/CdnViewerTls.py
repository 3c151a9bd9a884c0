"""W9803: CloudFront serves viewers over HTTPS with TLS 1.2 or later."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.template import types as T
from hastack.validate.rules._helpers import Finding, HastackRule, as_bool, as_str, props, resources

OLD_POLICIES = ("SSLv3", "TLSv1", "TLSv1_2016", "TLSv1.1_2016")


class CdnViewerTls(HastackRule):
    id = "W9803"
    shortdesc = "CloudFront redirects HTTP to HTTPS and requires TLS 1.2+"
    description = (
        "allow-all serves pages in clear text; security policies before TLSv1.2_2018 accept "
        "TLS 1.0 and 1.1."
    )
    fix = (
        "Set ViewerProtocolPolicy: redirect-to-https (or https-only) on every behaviour and "
        "MinimumProtocolVersion: TLSv1.2_2021."
    )
    source_url = "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-viewer-protocols-ciphers.html"
    tags = ["hastack", "security", "cdn"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        for name, res in resources(cfn, [T.CLOUDFRONT_DISTRIBUTION]).items():
            config = props(res).get("DistributionConfig")
            if not isinstance(config, dict):
                continue
            base = ["Resources", name, "Properties", "DistributionConfig"]
            behaviors: list[tuple[str | int, Any]] = [
                ("DefaultCacheBehavior", config.get("DefaultCacheBehavior"))
            ]
            listed = config.get("CacheBehaviors")
            if isinstance(listed, list):
                behaviors += [(i, b) for i, b in enumerate(listed)]
            for where, behavior in behaviors:
                if not isinstance(behavior, dict):
                    continue
                if as_str(behavior.get("ViewerProtocolPolicy")) == "allow-all":
                    path = [*base, where] if where == "DefaultCacheBehavior" else [
                        *base, "CacheBehaviors", where]  # fmt: skip
                    yield [*path, "ViewerProtocolPolicy"], f"{name} serves plain HTTP (allow-all)"
            viewer = config.get("ViewerCertificate")
            if isinstance(viewer, dict) and not as_bool(viewer.get("CloudFrontDefaultCertificate")):
                version = as_str(viewer.get("MinimumProtocolVersion"))
                if (
                    version is None
                    and "MinimumProtocolVersion" not in viewer
                    or version in OLD_POLICIES
                ):
                    yield (
                        [*base, "ViewerCertificate"],
                        f"{name} accepts TLS before 1.2 ({version or 'the default TLSv1'}); "
                        "use TLSv1.2_2021",
                    )
