"""W9132: databases keep automated backups for at least seven days."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import Finding, HastackRule, as_int, primary_databases, props

MINIMUM_DAYS = 7


class DatabaseBackupRetention(HastackRule):
    id = "W9132"
    shortdesc = "RDS backups are kept at least 7 days"
    description = (
        "The default retention is one day: a corruption noticed after a weekend cannot be "
        "restored by point-in-time recovery."
    )
    fix = "Set BackupRetentionPeriod to 7 or more (up to 35)."
    source_url = "https://docs.aws.amazon.com/wellarchitected/latest/reliability-pillar/rel_backing_up_data_identified_backups_data.html"
    tags = ["hastack", "ha", "rds", "data"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        for name, res in primary_databases(cfn).items():
            p = props(res)
            if "BackupRetentionPeriod" not in p:
                yield (
                    ["Resources", name, "Properties"],
                    f"{name} keeps backups 1 day (BackupRetentionPeriod not set)",
                )
                continue
            days = as_int(p["BackupRetentionPeriod"])
            if days is not None and days < MINIMUM_DAYS:
                yield (
                    ["Resources", name, "Properties", "BackupRetentionPeriod"],
                    f"{name} keeps backups {days} day(s); use {MINIMUM_DAYS} or more",
                )
