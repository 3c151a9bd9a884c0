"""E9601: an encrypted Aurora Global Database secondary names a key of its region and its source."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.template import types
from hastack.validate.rules._helpers import Finding, HastackRule, evaluator_of, props, resources


class GlobalSecondaryEncryption(HastackRule):
    id = "E9601"
    shortdesc = "Encrypted global database secondary has KmsKeyId and SourceRegion"
    description = (
        "A cluster that joins a global database without a master user is a cross-region "
        "replica: KMS keys never leave their region, so CreateDBCluster needs a key of the "
        "secondary's region, and CloudFormation signs the pre-signed URL from SourceRegion. "
        'Without them AWS refuses the stack ("PreSignedUrl has to be specified").'
    )
    fix = "Set KmsKeyId to a key of the secondary's region and SourceRegion to the primary's."
    source_url = (
        "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBCluster.html"
    )
    tags = ["hastack", "deploy", "rds"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        evaluate = evaluator_of(cfn)
        for name, res in resources(cfn, [types.RDS_DB_CLUSTER]).items():
            p = props(res)
            if p.get("GlobalClusterIdentifier") is None or p.get("MasterUsername") is not None:
                continue  # not in a global database, or its primary (it has the master user)
            if p.get("SnapshotIdentifier") is not None or p.get("SourceDBClusterIdentifier"):
                continue  # restored: keys come from the snapshot or source
            if evaluate.known(p.get("StorageEncrypted")) is not True:
                continue
            missing = [key for key in ("KmsKeyId", "SourceRegion") if p.get(key) is None]
            if missing:
                yield (
                    ["Resources", name, "Properties"],
                    f"{name} is an encrypted global secondary without {' and '.join(missing)}: "
                    "AWS refuses to create it",
                )
