"""W9602: a global cluster names its source cluster by ARN."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.template import types
from hastack.validate.rules._helpers import Finding, HastackRule, evaluator_of, props, resources


class GlobalClusterSourceArn(HastackRule):
    id = "W9602"
    shortdesc = "Global cluster's SourceDBClusterIdentifier is an ARN"
    description = (
        "CreateGlobalCluster documents SourceDBClusterIdentifier as the source cluster's ARN; "
        "Ref of an AWS::RDS::DBCluster is only its identifier, which is not portable across "
        "regions and is rejected where the API expects the ARN."
    )
    fix = "Use Fn::GetAtt [Cluster, DBClusterArn]."
    source_url = (
        "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateGlobalCluster.html"
    )
    tags = ["hastack", "deploy", "rds"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        evaluate = evaluator_of(cfn)
        clusters = resources(cfn, [types.RDS_DB_CLUSTER])
        for name, res in resources(cfn, [types.RDS_GLOBAL_CLUSTER]).items():
            source = props(res).get("SourceDBClusterIdentifier")
            if source is None:
                continue
            path = ["Resources", name, "Properties", "SourceDBClusterIdentifier"]
            target = source.get("Ref") if isinstance(source, dict) and len(source) == 1 else None
            if isinstance(target, str) and target in clusters:
                yield path, f"{name} names {target} by Ref (its identifier), not its ARN"
                continue
            value = evaluate.known(source)
            if isinstance(value, str) and not value.startswith("arn:"):
                yield path, f"{name}: SourceDBClusterIdentifier {value!r} is not an ARN"
