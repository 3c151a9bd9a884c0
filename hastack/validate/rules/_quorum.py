"""Finding quorum clusters in a template: groups marked ``Metadata.hastack.quorum.cluster``.

The quorum component marks each member's Auto Scaling group of one; a hand-written template
marks its member groups (or instances) the same way to have the quorum rules check them.
"""

from __future__ import annotations

from typing import Any

from hastack.validate.rules._helpers import all_resources, props, subnets_azs

MEMBER_TYPES = ("AWS::AutoScaling::AutoScalingGroup", "AWS::EC2::Instance")


def quorum_clusters(cfn: Any) -> dict[str, list[str]]:
    """``{cluster: [member logical ids]}`` in template order."""
    found: dict[str, list[str]] = {}
    for name, resource in all_resources(cfn).items():
        if not isinstance(resource, dict) or resource.get("Type") not in MEMBER_TYPES:
            continue
        meta = resource.get("Metadata")
        ours = meta.get("hastack") if isinstance(meta, dict) else None
        quorum = ours.get("quorum") if isinstance(ours, dict) else None
        cluster = quorum.get("cluster") if isinstance(quorum, dict) else None
        if isinstance(cluster, str):
            found.setdefault(cluster, []).append(name)
    return found


def member_az(cfn: Any, name: str) -> str | None:
    """The one AZ a member runs in, when its subnets name exactly one knowable AZ."""
    resource = all_resources(cfn)[name]
    p = props(resource)
    if resource.get("Type") == "AWS::EC2::Instance":
        subnets: Any = [p["SubnetId"]] if "SubnetId" in p else None
    else:
        subnets = p.get("VPCZoneIdentifier")
    if subnets is None:
        return None
    azs, literal = subnets_azs(cfn, subnets)
    distinct = {az for az in azs}
    if not literal or None in distinct or len(distinct) != 1:
        return None
    return next(iter(distinct))
