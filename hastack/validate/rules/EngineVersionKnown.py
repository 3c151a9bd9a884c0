"""W9615: a pinned RDS/Aurora engine version is one RDS offers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.template import types
from hastack.template.engine_versions import load_engine_versions
from hastack.validate.rules._helpers import Finding, HastackRule, as_str, props, resources


class EngineVersionKnown(HastackRule):
    id = "W9615"
    shortdesc = "Pinned engine version exists in the engine-version table"
    description = (
        "A database pinned to an engine version RDS does not offer (a typo, a retired or not "
        "yet released version) fails at create time, or at the next replacement, long after "
        "the template was written. hastack keeps a dated table of the versions RDS offers "
        "(DescribeDBEngineVersions) and checks every literal EngineVersion against it."
    )
    fix = (
        "Pin a version from `aws rds describe-db-engine-versions --engine ENGINE`; if the table "
        "is older than the version, run `hastack engine-versions refresh`."
    )
    source_url = "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBEngineVersions.html"
    tags = ["hastack", "rds"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        table = load_engine_versions()
        for name, res in resources(cfn, [types.RDS_DB_CLUSTER, types.RDS_DB_INSTANCE]).items():
            p = props(res)
            engine, version = as_str(p.get("Engine")), as_str(p.get("EngineVersion"))
            if engine is None or version is None:
                continue  # no pin, or one an intrinsic or parameter chooses
            if table.exists(engine, version) is False:
                yield (
                    ["Resources", name, "Properties", "EngineVersion"],
                    f"{name}: {table.unknown_message(engine.lower(), version)}",
                )
