"""W9405: SQS queues that are not dead-letter queues have a redrive policy."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import Finding, HastackRule, props, ref_target, resources


class SqsDeadLetterQueue(HastackRule):
    id = "W9405"
    shortdesc = "SQS queue has a dead-letter queue (RedrivePolicy)"
    description = (
        "A message its consumer cannot process comes back after every visibility timeout and "
        "keeps failing (a poison pill) until it expires; a dead-letter queue sets it aside so "
        "the rest of the queue keeps flowing."
    )
    fix = "Set RedrivePolicy: {deadLetterTargetArn: <queue arn>, maxReceiveCount: 5}."
    source_url = "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html"
    tags = ["hastack", "ha", "sqs"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        queues = resources(cfn, ["AWS::SQS::Queue"])
        dead_letter: set[str] = set()
        for res in queues.values():
            policy = props(res).get("RedrivePolicy")
            if isinstance(policy, dict):
                target = ref_target(policy.get("deadLetterTargetArn"))
                if target is not None:
                    dead_letter.add(target)
        for name, res in queues.items():
            p = props(res)
            if name in dead_letter or "RedrivePolicy" in p or "RedriveAllowPolicy" in p:
                continue
            yield ["Resources", name, "Properties"], f"{name} has no dead-letter queue"
