"""W9131: databases have deletion protection on."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import Finding, HastackRule, as_bool, primary_databases, props


class DatabaseDeletionProtection(HastackRule):
    id = "W9131"
    shortdesc = "RDS clusters and instances have DeletionProtection: true"
    description = (
        "Deletion protection makes a delete (by a stack update, a script or a person) fail "
        "instead of destroying the production database."
    )
    fix = "Set DeletionProtection: true (turn it off deliberately before a planned deletion)."
    source_url = "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DeleteInstance.html#USER_DeletionProtection"
    tags = ["hastack", "ha", "rds", "data"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        for name, res in primary_databases(cfn).items():
            p = props(res)
            if "DeletionProtection" not in p:
                yield ["Resources", name, "Properties"], f"{name} has no DeletionProtection"
            elif as_bool(p["DeletionProtection"]) is False:
                yield (
                    ["Resources", name, "Properties", "DeletionProtection"],
                    f"{name} has DeletionProtection: false",
                )
