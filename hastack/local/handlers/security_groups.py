"""Security groups and their rules, as EC2 and CloudFormation make them.

moto's own CloudFormation model of a group keeps the default allow-all egress rule when the
template declares ``SecurityGroupEgress`` (and creates none of the declared egress rules), drops
rule descriptions, fails on an ingress rule without ports (``IpProtocol: -1``), and replaces the
group (a new id) on every update. AWS, per the ``AWS::EC2::SecurityGroup`` reference: a new
group in a VPC gets a default rule allowing all outbound traffic, which "is removed only when
you specify one or more egress rules"; rules keep their descriptions; rule changes update the
group in place. These handlers do that through the EC2 backend's public methods
(``create_security_group``, ``authorize_/revoke_security_group_ingress/egress`` by rule id,
``create_tags``/``delete_tags``).
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-securitygroup.html

Drift: a group's ``SecurityGroupIngress``/``SecurityGroupEgress``, when the template sets them,
compare with every rule the group has, as CloudFormation's does (a rule another resource of
the stack adds to that list is reported too, as AWS reports it). moto keeps no description
for a prefix-list rule, so that one description is not compared.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from hastack.local.errors import ResourceFailure
from hastack.local.handlers.base import (
    Context,
    Handler,
    Live,
    register,
    tags_list,
    to_int,
    update_ec2_tags,
)

_PROTOCOLS = {"tcp": "tcp", "6": "tcp", "udp": "udp", "17": "udp", "icmp": "icmp", "1": "icmp"}
_ALL = ("-1", "all")
_SOURCE = {
    False: ("SourceSecurityGroupId", "SourcePrefixListId"),
    True: ("DestinationSecurityGroupId", "DestinationPrefixListId"),
}
_DEFAULT_EGRESS = ({"IpProtocol": "-1", "CidrIp": "0.0.0.0/0"},)


def _protocol(value: Any) -> str:
    text = str(value).lower()
    return "-1" if text in _ALL else _PROTOCOLS.get(text, text)


def canonical(rule: Mapping[str, Any], egress: bool) -> dict[str, Any]:
    """A template rule in the form EC2 stores it: protocol names, ports only with a protocol,
    the description only where EC2 keeps one (not on prefix-list rules, on moto)."""
    group_key, prefix_key = _SOURCE[egress]
    protocol = _protocol(rule.get("IpProtocol"))
    found: dict[str, Any] = {"IpProtocol": protocol}
    if protocol != "-1":
        found["FromPort"] = to_int(rule.get("FromPort"))
        found["ToPort"] = to_int(rule.get("ToPort"))
    for key in ("CidrIp", "CidrIpv6", group_key, prefix_key):
        if rule.get(key):
            found[key] = str(rule[key])
    if rule.get("Description") and not rule.get(prefix_key):
        found["Description"] = str(rule["Description"])
    return found


def shaped(rule: Any) -> dict[str, Any]:
    """moto's rule object in the template's shape (one rule per CIDR, group or prefix list)."""
    group_key, prefix_key = _SOURCE[bool(rule.is_egress)]
    found: dict[str, Any] = {"IpProtocol": _protocol(rule.ip_protocol)}
    if found["IpProtocol"] != "-1" and rule.from_port is not None:
        found["FromPort"] = int(rule.from_port)
        found["ToPort"] = int(rule.to_port)
    ranges = rule.ip_range or {}
    group = rule.source_group or {}
    for key in ("CidrIp", "CidrIpv6"):
        if ranges.get(key):
            found[key] = ranges[key]
    if group.get("GroupId"):
        found[group_key] = group["GroupId"]
    if rule.prefix_list_id:
        found[prefix_key] = rule.prefix_list_id
    description = ranges.get("Description") or group.get("Description")
    if description:
        found["Description"] = description
    return found


def _arguments(rule: Mapping[str, Any], egress: bool) -> dict[str, Any]:
    """The backend's authorize arguments for one template rule."""
    group_key, prefix_key = _SOURCE[egress]
    protocol = _protocol(rule.get("IpProtocol"))
    described = {"Description": str(rule["Description"])} if rule.get("Description") else {}
    ip_ranges = [
        {key: str(rule[key]), **described} for key in ("CidrIp", "CidrIpv6") if rule.get(key)
    ]
    groups = []
    if rule.get(group_key):
        groups.append({"GroupId": str(rule[group_key]), **described})
    elif not egress and rule.get("SourceSecurityGroupName"):
        groups.append({"GroupName": str(rule["SourceSecurityGroupName"]), **described})
    prefixes = [{"PrefixListId": str(rule[prefix_key])}] if rule.get(prefix_key) else []
    if not (ip_ranges or groups or prefixes):
        raise ResourceFailure(
            "a security group rule needs one of CidrIp, CidrIpv6, "
            f"{group_key}{', SourceSecurityGroupName' if not egress else ''} or {prefix_key}"
        )
    ports = protocol == "-1"
    return {
        "ip_protocol": protocol,
        "from_port": -1 if ports else to_int(rule.get("FromPort")),
        "to_port": -1 if ports else to_int(rule.get("ToPort")),
        "ip_ranges": ip_ranges,
        "source_groups": groups,
        "prefix_list_ids": prefixes,
    }


def _authorize(backend: Any, group_id: str, rule: Mapping[str, Any], egress: bool) -> list[str]:
    method = (
        backend.authorize_security_group_egress
        if egress
        else backend.authorize_security_group_ingress
    )
    added, _ = method(group_id, **_arguments(rule, egress))
    return [item.id for item in added]


def _revoke(backend: Any, group_id: str, rule_ids: list[str], egress: bool) -> None:
    if not rule_ids:
        return
    method = (
        backend.revoke_security_group_egress if egress else backend.revoke_security_group_ingress
    )
    method(group_id, "-1", None, None, [], security_rule_ids=rule_ids)


def _rules_of(group: Any, egress: bool) -> list[Any]:
    return list(group.egress_rules if egress else group.ingress_rules)


def _matching(group: Any, rule: Mapping[str, Any], egress: bool) -> list[str]:
    """Ids of the group's rules that are this template rule."""
    wanted = canonical(rule, egress)
    return [item.id for item in _rules_of(group, egress) if _same(shaped(item), wanted)]


def _same(actual: Mapping[str, Any], wanted: Mapping[str, Any]) -> bool:
    """A rule as stored equals the template's (a prefix-list rule's description aside)."""
    if "DestinationPrefixListId" in actual or "SourcePrefixListId" in actual:
        actual = {k: v for k, v in actual.items() if k != "Description"}
    return dict(actual) == dict(wanted)


def _declared(
    props: Mapping[str, Any], egress: bool, defaults: Sequence[Mapping[str, Any]] = _DEFAULT_EGRESS
) -> list[Mapping[str, Any]]:
    """The rules a template gives a group; for egress, the default rules when it gives none."""
    rules = list(props.get("SecurityGroupEgress" if egress else "SecurityGroupIngress") or [])
    if egress and not rules:
        return list(defaults)
    return rules


def _default_egress(backend: Any, vpc_id: str | None) -> list[Mapping[str, Any]]:
    """EC2's default egress of a new group: all IPv4, and all IPv6 in a VPC with an IPv6 block."""
    defaults: list[Mapping[str, Any]] = list(_DEFAULT_EGRESS)
    if vpc_id:
        vpc = backend.get_vpc(vpc_id)
        if vpc.get_cidr_block_association_set(ipv6=True):
            defaults.append({"IpProtocol": "-1", "CidrIpv6": "::/0"})
    return defaults


def _reconcile(expected: Iterable[Mapping[str, Any]], actual: list[Any], egress: bool) -> list[Any]:
    """The live rules for drift, each that equals a template rule in the template's own words
    (so "6" and "tcp", 80 and "80" compare equal); the others as stored."""
    pending = [shaped(item) for item in actual]
    found: list[Any] = []
    for rule in expected:
        match = next((item for item in pending if _same(item, canonical(rule, egress))), None)
        if match is not None:
            pending.remove(match)
            found.append(dict(rule))
    return found + pending


@register
class SecurityGroupHandler(Handler):
    type = "AWS::EC2::SecurityGroup"
    emulates = (
        "`create_security_group`; rules with their descriptions, the default egress rule "
        "removed when egress rules are given, rule and tag changes in place"
    )

    def create(self, ctx: Context, props: dict[str, Any]) -> Live:
        backend = ctx.backend("ec2")
        description = props.get("GroupDescription")
        if not description:
            raise ResourceFailure("Property GroupDescription cannot be empty.")
        group = backend.create_security_group(
            name=str(props.get("GroupName") or ctx.generated_name(255)),
            description=str(description),
            vpc_id=str(props["VpcId"]) if props.get("VpcId") else None,
            tags={t["Key"]: t["Value"] for t in tags_list(props.get("Tags"))} or None,
        )
        live = Live(physical_id=group.id, state=group)
        try:
            for rule in props.get("SecurityGroupIngress") or []:
                _authorize(backend, group.id, rule, egress=False)
            if props.get("SecurityGroupEgress"):
                _revoke(backend, group.id, [r.id for r in group.egress_rules], egress=True)
                for rule in props["SecurityGroupEgress"]:
                    _authorize(backend, group.id, rule, egress=True)
        except Exception:
            backend.delete_security_group(group_id=group.id)
            raise
        return live

    def update(self, ctx: Context, live: Live, old: dict[str, Any], new: dict[str, Any]) -> Live:
        backend = ctx.backend("ec2")
        group = self._group(ctx, live)
        defaults = _default_egress(backend, group.vpc_id)
        for egress in (False, True):
            before = [canonical(rule, egress) for rule in _declared(old, egress, defaults)]
            after = [canonical(rule, egress) for rule in _declared(new, egress, defaults)]
            gone = [rule for rule in before if rule not in after]
            for stale in gone:
                _revoke(backend, group.id, _matching(group, stale, egress), egress)
            for rule in _declared(new, egress, defaults):
                if canonical(rule, egress) not in before:
                    _authorize(backend, group.id, rule, egress)
        update_ec2_tags(backend, group.id, old.get("Tags"), new.get("Tags"))
        return Live(physical_id=group.id, state=group)

    def delete(self, ctx: Context, live: Live, props: dict[str, Any]) -> None:
        backend = ctx.backend("ec2")
        if backend.get_security_group_from_id(live.physical_id) is not None:
            backend.delete_security_group(group_id=live.physical_id)

    def attribute(self, ctx: Context, live: Live, name: str) -> Any:
        if name in ("GroupId", "Id"):
            return live.physical_id
        if name == "VpcId":
            return self._group(ctx, live).vpc_id
        return super().attribute(ctx, live, name)

    def actual(self, ctx: Context, live: Live, props: dict[str, Any]) -> Any:
        group = ctx.backend("ec2").get_security_group_from_id(live.physical_id)
        if group is None:
            return None
        readers: dict[str, Callable[[], object]] = {
            "GroupDescription": lambda: group.description,
            "GroupName": lambda: group.name,
            "VpcId": lambda: group.vpc_id,
            "SecurityGroupIngress": lambda: _reconcile(
                props["SecurityGroupIngress"], group.ingress_rules, egress=False
            ),
            "SecurityGroupEgress": lambda: _reconcile(
                props["SecurityGroupEgress"], group.egress_rules, egress=True
            ),
        }
        return {name: read() for name, read in readers.items() if name in props}

    @staticmethod
    def _group(ctx: Context, live: Live) -> Any:
        group = ctx.backend("ec2").get_security_group_from_id(live.physical_id)
        if group is None:
            raise ResourceFailure(f"The security group '{live.physical_id}' does not exist")
        return group


class _RuleHandler(Handler):
    """One rule as its own resource (``AWS::EC2::SecurityGroupIngress``/``Egress``): the
    physical id is EC2's rule id; a description changes in place, anything else replaces."""

    egress: bool = False

    def create(self, ctx: Context, props: dict[str, Any]) -> Live:
        backend = ctx.backend("ec2")
        group_id = self._group_id(ctx, props)
        rule_ids = _authorize(backend, group_id, props, self.egress)
        return Live(physical_id=rule_ids[0], state={"group": group_id, "rules": rule_ids})

    def update(self, ctx: Context, live: Live, old: dict[str, Any], new: dict[str, Any]) -> Live:
        # only Description updates in place (the other properties are create-only)
        backend = ctx.backend("ec2")
        state = live.state
        _revoke(backend, state["group"], self._present(ctx, live), self.egress)
        rule_ids = _authorize(backend, state["group"], new, self.egress)
        return Live(physical_id=live.physical_id, state={**state, "rules": rule_ids})

    def delete(self, ctx: Context, live: Live, props: dict[str, Any]) -> None:
        _revoke(ctx.backend("ec2"), live.state["group"], self._present(ctx, live), self.egress)

    def actual(self, ctx: Context, live: Live, props: dict[str, Any]) -> Any:
        group = ctx.backend("ec2").get_security_group_from_id(live.state["group"])
        if group is None:
            return None
        rules = [r for r in _rules_of(group, self.egress) if r.id in live.state["rules"]]
        if not rules:
            return None
        found = shaped(rules[0])
        wanted = canonical(props, self.egress)

        def read(key: str) -> Any:
            # the template's own value where the stored one means the same ("6" is "tcp")
            if key in found and canonical({**props, key: found[key]}, self.egress) == wanted:
                return props[key]
            return found.get(key)

        skip = ("GroupId", "GroupName", "SourceSecurityGroupName", "SourceSecurityGroupOwnerId")
        return {key: read(key) for key in props if key not in skip}

    def _present(self, ctx: Context, live: Live) -> list[str]:
        group = ctx.backend("ec2").get_security_group_from_id(live.state["group"])
        if group is None:
            return []
        return [r.id for r in _rules_of(group, self.egress) if r.id in live.state["rules"]]

    @staticmethod
    def _group_id(ctx: Context, props: dict[str, Any]) -> str:
        backend = ctx.backend("ec2")
        if props.get("GroupId"):
            return str(props["GroupId"])
        group = backend.get_security_group_by_name_or_id(str(props.get("GroupName")), None)
        if group is None:
            raise ResourceFailure(f"The security group '{props.get('GroupName')}' does not exist")
        return str(group.id)


@register
class SecurityGroupIngressHandler(_RuleHandler):
    type = "AWS::EC2::SecurityGroupIngress"
    replace_on = ("IpProtocol", "FromPort", "ToPort", "CidrIp", "CidrIpv6", "SourceSecurityGroupId")
    emulates = "`authorize_security_group_ingress` with its description; EC2's rule id"
    egress = False


@register
class SecurityGroupEgressHandler(_RuleHandler):
    type = "AWS::EC2::SecurityGroupEgress"
    replace_on = ("IpProtocol", "FromPort", "ToPort", "CidrIp", "CidrIpv6")
    emulates = "`authorize_security_group_egress` with its description; EC2's rule id"
    egress = True
