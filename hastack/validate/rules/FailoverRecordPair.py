"""W9141: a PRIMARY failover record has a SECONDARY for the same name and type."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.template.evaluate import is_intrinsic
from hastack.validate.rules._helpers import Finding, HastackRule, record_sets, value_key


class FailoverRecordPair(HastackRule):
    id = "W9141"
    shortdesc = "Failover PRIMARY record has a SECONDARY with the same name and type"
    description = "A PRIMARY without a SECONDARY has nowhere to fail over to."
    fix = "Add a record with Failover: SECONDARY, the same Name and Type, pointing at the standby."
    source_url = "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-types.html"
    tags = ["hastack", "ha", "route53"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        records = list(record_sets(cfn))
        secondaries = [r for _, r in records if r.get("Failover") == "SECONDARY"]
        # One pass over the secondaries, then one lookup per primary (not a scan of every
        # secondary for every primary).
        twins = {(value_key(s.get("Name")), value_key(s.get("Type"))) for s in secondaries}
        unknown_secondary = any(is_intrinsic(s.get("Name")) for s in secondaries)
        for path, record in records:
            if record.get("Failover") != "PRIMARY":
                continue
            paired = (value_key(record.get("Name")), value_key(record.get("Type"))) in twins
            unknown = bool(secondaries) and (unknown_secondary or is_intrinsic(record.get("Name")))
            if not paired and not unknown:
                yield path, f"{path[1]}: PRIMARY failover record has no SECONDARY twin"
