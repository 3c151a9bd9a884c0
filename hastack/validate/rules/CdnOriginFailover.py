"""W9802: a CloudFront distribution's default behaviour targets an origin group."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.template import types as T
from hastack.validate.rules._helpers import Finding, HastackRule, as_str, props, resources


class CdnOriginFailover(HastackRule):
    id = "W9802"
    shortdesc = "CloudFront default behaviour fails over between origins"
    description = (
        "With one origin, an origin outage is served to every viewer as an error; an origin "
        "group retries the request on a second origin (another region, or a static page)."
    )
    fix = (
        "Add an OriginGroup (primary and failover origin, FailoverCriteria status codes) and "
        "point DefaultCacheBehavior.TargetOriginId at it."
    )
    source_url = "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/high_availability_origin_failover.html"
    tags = ["hastack", "ha", "cdn"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        for name, res in resources(cfn, [T.CLOUDFRONT_DISTRIBUTION]).items():
            config = props(res).get("DistributionConfig")
            if not isinstance(config, dict):
                continue
            behavior = config.get("DefaultCacheBehavior")
            target = as_str(behavior.get("TargetOriginId")) if isinstance(behavior, dict) else None
            groups = config.get("OriginGroups")
            items = groups.get("Items") if isinstance(groups, dict) else None
            if target is None or not isinstance(items, list) and groups is not None:
                continue  # not literal: nothing to claim
            group_ids = {as_str(g.get("Id")) for g in (items or []) if isinstance(g, dict)}
            if target not in group_ids:
                yield (
                    ["Resources", name, "Properties", "DistributionConfig",
                     "DefaultCacheBehavior", "TargetOriginId"],
                    f"{name} sends its default behaviour to origin {target} alone; target an "
                    "origin group that fails over",
                )  # fmt: skip
