"""W9122: Aurora readers are placed in AZs other than the writer's."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import (
    Finding,
    HastackRule,
    aurora_writer_and_readers,
    az_of,
    props,
    resources,
)


class AuroraReaderAzs(HastackRule):
    id = "W9122"
    shortdesc = "Aurora readers are in AZs distinct from the writer"
    description = (
        "A reader in the writer's AZ fails with it, so it is no failover target for an AZ outage."
    )
    fix = "Give each reader an AvailabilityZone different from the writer's (or leave it unset)."
    source_url = "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.AuroraHighAvailability.html"
    tags = ["hastack", "ha", "rds", "aurora"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        for cluster in resources(cfn, ["AWS::RDS::DBCluster"]):
            found = aurora_writer_and_readers(cfn, cluster)
            if found is None:
                continue
            (writer, writer_props), readers = found
            writer_az = az_of(writer_props.get("AvailabilityZone"))
            if writer_az is None:
                continue
            for reader, reader_res in readers.items():
                reader_az = az_of(props(reader_res).get("AvailabilityZone"))
                if reader_az == writer_az:
                    yield (
                        ["Resources", reader, "Properties", "AvailabilityZone"],
                        f"{reader} is in the writer {writer}'s AZ ({writer_az}); "
                        "move it to another AZ",
                    )
