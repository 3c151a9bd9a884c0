"""E9305: a zone-aware OpenSearch domain has data nodes in a multiple of its AZ count."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import (
    DOMAIN_TYPES,
    Finding,
    HastackRule,
    as_bool,
    as_int,
    cluster_config,
    props,
    resources,
)


class OpenSearchZoneAwarenessNodes(HastackRule):
    id = "E9305"
    shortdesc = "Zone-aware OpenSearch domain has data nodes in a multiple of its AZ count"
    description = (
        "With zone awareness OpenSearch spreads data nodes evenly over 2 or 3 AZs and refuses "
        "an InstanceCount that does not divide evenly (3 nodes over the default 2 AZs)."
    )
    fix = "Set InstanceCount to a multiple of ZoneAwarenessConfig.AvailabilityZoneCount."
    source_url = "https://docs.aws.amazon.com/opensearch-service/latest/developerguide/managedomains-multiaz.html"
    tags = ["hastack", "deploy", "opensearch"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        for name, res in resources(cfn, DOMAIN_TYPES).items():
            key, config = cluster_config(props(res))
            if as_bool(config.get("ZoneAwarenessEnabled")) is not True:
                continue
            zone_config = config.get("ZoneAwarenessConfig", {})
            azs = (
                as_int(zone_config.get("AvailabilityZoneCount", 2))
                if isinstance(zone_config, dict)
                else None
            )
            count = as_int(config.get("InstanceCount", 1))
            if azs and count is not None and count % azs:
                yield (
                    ["Resources", name, "Properties", key, "InstanceCount"],
                    (f"{name}: {count} data nodes do not divide over {azs} AZs"),
                )
