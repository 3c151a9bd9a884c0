"""W9404: DynamoDB tables have point-in-time recovery."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import (
    Finding,
    HastackRule,
    as_bool,
    literal_list,
    props,
    resources,
)


class DynamoDbPointInTimeRecovery(HastackRule):
    id = "W9404"
    shortdesc = "DynamoDB table has point-in-time recovery enabled"
    description = (
        "DynamoDB replicates over three AZs, but a bad write or a delete is replicated too: "
        "without point-in-time recovery there is no way back to the data of an hour ago."
    )
    fix = "Set PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true}."
    source_url = (
        "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/PointInTimeRecovery.html"
    )
    tags = ["hastack", "backup", "dynamodb"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        for name, res in resources(cfn, ["AWS::DynamoDB::Table"]).items():
            if _pitr(props(res)) is False:
                yield ["Resources", name, "Properties"], f"{name} has no point-in-time recovery"
        for name, res in resources(cfn, ["AWS::DynamoDB::GlobalTable"]).items():
            for i, replica in enumerate(literal_list(props(res).get("Replicas")) or []):
                if isinstance(replica, dict) and _pitr(replica) is False:
                    yield (
                        ["Resources", name, "Properties", "Replicas", i],
                        (
                            f"{name}: replica {replica.get('Region', i)} has no "
                            "point-in-time recovery"
                        ),
                    )


def _pitr(p: dict[str, Any]) -> bool | None:
    spec = p.get("PointInTimeRecoverySpecification")
    if spec is None:
        return False
    if not isinstance(spec, dict):
        return None
    return as_bool(spec.get("PointInTimeRecoveryEnabled", False))
