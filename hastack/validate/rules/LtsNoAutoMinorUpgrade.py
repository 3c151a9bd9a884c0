"""W9616: an Aurora long-term-support release does not upgrade minor versions automatically."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.template import types
from hastack.template.engine_versions import load_engine_versions
from hastack.validate.rules._helpers import (
    Finding,
    HastackRule,
    as_bool,
    as_str,
    props,
    ref_target,
    resources,
)


class LtsNoAutoMinorUpgrade(HastackRule):
    id = "W9616"
    shortdesc = "No automatic minor version upgrade on an Aurora LTS release"
    description = (
        "Aurora long-term-support (LTS) releases stay on one minor version for years; AWS "
        "advises against AutoMinorVersionUpgrade on them, because the automatic upgrade "
        "campaign may move the cluster to a release that is not LTS (and away from the "
        "version the template pins). An instance's AutoMinorVersionUpgrade defaults to true."
    )
    fix = (
        "Set AutoMinorVersionUpgrade: false on the cluster's instances (and on the cluster); "
        "LTS patch levels still arrive in the maintenance window."
    )
    source_url = "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraMySQL.Update.SpecialVersions.html"
    tags = ["hastack", "rds", "aurora"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        table = load_engine_versions()
        clusters = resources(cfn, [types.RDS_DB_CLUSTER])
        lts: dict[str, str] = {}
        for name, res in clusters.items():
            p = props(res)
            engine, version = as_str(p.get("Engine")), as_str(p.get("EngineVersion"))
            if engine is None or version is None or not table.is_lts(engine, version):
                continue
            lts[name] = f"{engine} {version}"
            if as_bool(p.get("AutoMinorVersionUpgrade")) is True:
                yield (
                    ["Resources", name, "Properties", "AutoMinorVersionUpgrade"],
                    f"{name} runs the LTS release {lts[name]} with automatic minor upgrades",
                )
        for name, res in resources(cfn, [types.RDS_DB_INSTANCE]).items():
            p = props(res)
            cluster = ref_target(p.get("DBClusterIdentifier"), cfn)
            if cluster not in lts:
                continue
            upgrade = p.get("AutoMinorVersionUpgrade", True)  # the property's default
            if as_bool(upgrade) is True:
                path = ["Resources", name, "Properties"]
                if "AutoMinorVersionUpgrade" in p:
                    path.append("AutoMinorVersionUpgrade")
                yield (
                    path,
                    f"{name} (in {cluster}, LTS release {lts[cluster]}) upgrades minor "
                    "versions automatically: the campaign may leave the LTS release",
                )
