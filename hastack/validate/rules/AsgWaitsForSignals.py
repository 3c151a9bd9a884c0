"""W9605: a rolling update waits for each new instance to report healthy.

Quorum cluster members (groups marked ``Metadata.hastack.quorum``, see ``_quorum``) are not
fleets: each is a group of one, updated one member at a time along a ``DependsOn`` chain with a
pause while the member rejoins, and a member's first boot may wait on an operator step (its TLS
material), so a creation signal would hold the stack. The rule leaves them to the quorum rules.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.template import types
from hastack.validate.rules._helpers import Finding, HastackRule, as_bool, resources
from hastack.validate.rules._quorum import quorum_clusters


class AsgWaitsForSignals(HastackRule):
    id = "W9605"
    shortdesc = "Rolling update waits for resource signals"
    description = (
        "Without WaitOnResourceSignals CloudFormation only pauses between batches and never "
        "learns whether the new instances work: a broken AMI or release rolls through the "
        "whole fleet and the update still succeeds. With signals sent after the instance's "
        "own health check, a batch that does not become healthy fails and rolls back."
    )
    fix = (
        "Set WaitOnResourceSignals: true (and a CreationPolicy ResourceSignal); run "
        "cfn-signal from user data after the health check passes."
    )
    source_url = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-updatepolicy.html"
    tags = ["hastack", "ha", "autoscaling"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        members = {name for group in quorum_clusters(cfn).values() for name in group}
        for name, res in resources(cfn, [types.AUTOSCALING_AUTO_SCALING_GROUP]).items():
            if name in members:
                continue  # a quorum member: one instance, members replaced one at a time
            policy = res.get("UpdatePolicy")
            rolling = policy.get("AutoScalingRollingUpdate") if isinstance(policy, dict) else None
            if not isinstance(rolling, dict):
                continue  # no rolling update (W9107) or one built by an intrinsic
            if as_bool(rolling.get("WaitOnResourceSignals", False)) is False:
                yield (
                    ["Resources", name, "UpdatePolicy", "AutoScalingRollingUpdate"],
                    f"{name} rolls updates without waiting for signals: a broken release "
                    "replaces the whole fleet",
                )
