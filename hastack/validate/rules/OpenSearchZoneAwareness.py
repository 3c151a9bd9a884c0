"""W9403: OpenSearch domains spread over AZs and have three dedicated master nodes."""

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


class OpenSearchZoneAwareness(HastackRule):
    id = "W9403"
    shortdesc = "OpenSearch domain has zone awareness and an odd number (3+) of dedicated masters"
    description = (
        "Without zone awareness every data node and shard copy can sit in one AZ, so its loss "
        "makes the domain unavailable; with fewer than three dedicated masters (or an even "
        "count) the cluster cannot keep a quorum when one master fails."
    )
    fix = "Set ZoneAwarenessEnabled: true (AvailabilityZoneCount 3), DedicatedMasterCount: 3."
    source_url = "https://docs.aws.amazon.com/opensearch-service/latest/developerguide/bp.html#bp-availability"
    tags = ["hastack", "ha", "opensearch"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        for name, res in resources(cfn, DOMAIN_TYPES).items():
            key, config = cluster_config(props(res))
            base = ["Resources", name, "Properties", key]
            count = as_int(config.get("InstanceCount", 1))
            aware = as_bool(config.get("ZoneAwarenessEnabled", False))
            if aware is False and count is not None and count > 1:
                yield base, f"{name}: {count} data nodes without zone awareness"
            if as_bool(config.get("DedicatedMasterEnabled")) is True:
                masters = as_int(config.get("DedicatedMasterCount"))
                if masters is not None and (masters < 3 or masters % 2 == 0):
                    yield (
                        base + ["DedicatedMasterCount"],
                        (
                            f"{name}: {masters} dedicated masters cannot keep a quorum "
                            "through a failure"
                        ),
                    )
