"""Shared code of the rule pack: a base rule, suppressions and static value resolution.

cfn-lint's ``--append-rules`` imports every ``[A-Za-z1-9]*.py`` file of this folder as a
top-level module and instantiates each rule class it sees, so shared code lives here (the
leading underscore keeps cfn-lint from loading it as a rule file) and the base class keeps an
empty ``id`` (cfn-lint skips rules without one).

Templates are full of intrinsics. Every resolver here answers ``None`` ("unknown") for a value
it cannot work out statically, and rules report nothing on unknowns: a false alarm on a valid
template costs more trust than a missed one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

from cfnlint.rules import CloudFormationLintRule, RuleMatch

from hastack.core import regions
from hastack.template import placement, transforms
from hastack.template.evaluate import Evaluator, reference_name
from hastack.template.values import ResourceRef, Unknown
from hastack.template.view import TemplateView
from hastack.validate.suppress import SUPPRESS_KEY as SUPPRESS_KEY  # the rules read it here
from hastack.validate.suppress import suppressions

Path = list[str | int]
"""A path into the template, as cfn-lint's ``RuleMatch`` takes it."""
Finding = tuple[Sequence[str | int], str]
"""What a rule's ``check`` yields: where (a path literal such as ``["Resources", name]`` is a
``list[str]``, so the path is read as a covariant sequence) and the message."""
_Built = TypeVar("_Built")


class HastackRule(CloudFormationLintRule):  # type: ignore[misc]  # cfn-lint ships no py.typed
    """Base of every rule of the pack: suppression handling and the ``fix`` line.

    Subclasses set ``id``, ``shortdesc`` (what), ``description`` (why), ``fix`` (one line),
    ``source_url`` (a Well-Architected or vendor reference) and implement :meth:`check`.
    """

    id = ""
    fix = ""
    tags = ["hastack"]

    def check(self, cfn: Any) -> Iterable[Finding]:  # pragma: no cover - abstract
        return []

    def match(self, cfn: Any) -> list[RuleMatch]:
        template = cfn.template
        matches = []
        for path, message in self.check(cfn):
            if is_suppressed(template, path, self.id):
                continue
            matches.append(RuleMatch(list(path), message))
        return matches


# -- template access ---------------------------------------------------------------------------
def resources(cfn: Any, types: str | list[str] | None = None) -> dict[str, dict[str, Any]]:
    """Resources of the given types (all when None) that are mappings with a Type.

    Read from one index by type built per template: cfn-lint's ``get_resources`` costs more
    than linear on large templates, and every rule asks."""
    by_type = _per_template(cfn, ("by-type",), _resources_by_type)
    if types is None:
        return dict(by_type[None])
    wanted = [types] if isinstance(types, str) else types
    found: dict[str, dict[str, Any]] = {}
    for type_name in wanted:
        found.update(by_type.get(type_name, {}))
    return found


def body(cfn: Any) -> dict[str, Any]:
    """The template as CloudFormation runs it, as the rules read it.

    cfn-lint expands ``Fn::ForEach`` itself (its ``cfn.template`` is the expanded template, its
    paths and line numbers point into the loop body), but since 1.x it validates SAM resources
    as written instead of running the SAM translator: the pack would see
    ``AWS::Serverless::Function`` where CloudFormation creates an ``AWS::Lambda::Function``. So a
    SAM template is expanded here by the shared model (:mod:`hastack.template.transforms`, the
    one cost and analysis use); SAM keeps the logical id of a function, table or state machine,
    so a finding's path still names the resource as written."""
    return _per_template(cfn, ("body",), _expanded_body)


def _expanded_body(cfn: Any, _key: tuple[Any, ...]) -> dict[str, Any]:
    template = cfn.template if isinstance(cfn.template, dict) else {}
    if transforms.SAM not in transforms.transforms_of(template):
        return template
    regions = getattr(cfn, "regions", None) or [None]
    return transforms.expand(template, region=regions[0]).body


def _resources_by_type(cfn: Any, _key: tuple[Any, ...]) -> dict[Any, dict[str, dict[str, Any]]]:
    index: dict[Any, dict[str, dict[str, Any]]] = {None: {}}
    declared = body(cfn).get("Resources")
    for name, res in (declared if isinstance(declared, dict) else {}).items():
        if isinstance(res, dict) and isinstance(res.get("Type"), str):
            index[None][name] = res
            index.setdefault(res["Type"], {})[name] = res
    return index


def props(resource: Any) -> dict[str, Any]:
    value = resource.get("Properties") if isinstance(resource, dict) else None
    return value if isinstance(value, dict) else {}


def all_resources(cfn: Any) -> dict[str, Any]:
    found = body(cfn).get("Resources")
    return found if isinstance(found, dict) else {}


def is_suppressed(template: dict[str, Any], path: Sequence[str | int], rule_id: str) -> bool:
    """True when the resource the path points into suppresses ``rule_id`` with a reason."""
    if len(path) < 2 or path[0] != "Resources":
        return False
    reason = suppressions(template.get("Resources", {}).get(path[1])).get(rule_id)
    return isinstance(reason, str) and bool(reason.strip())


# -- value resolution ---------------------------------------------------------------------------
def ref_target(value: Any, cfn: Any | None = None) -> str | None:
    """The logical id a ``Ref``/``GetAtt`` points at (a resource of the template when cfn given)."""
    target = reference_name(value)
    if target is None or (cfn is not None and target not in all_resources(cfn)):
        return None
    return target


def getatt(value: Any) -> tuple[str, str] | None:
    """(logical id, attribute) of a ``Fn::GetAtt``; None for anything else."""
    if isinstance(value, dict) and set(value) == {"Fn::GetAtt"} and reference_name(value):
        target = value["Fn::GetAtt"]
        parts = target.split(".", 1) if isinstance(target, str) else target
        if isinstance(parts[1], str):
            return parts[0], parts[1]
    return None


def as_bool(value: Any) -> bool | None:
    """A literal boolean (CloudFormation also accepts "true"/"false" strings); None if unknown."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return None


def as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return None
    return None


def as_str(value: Any) -> str | None:
    return str(value) if isinstance(value, str) else None


def literal_list(value: Any) -> list[Any] | None:
    """A list written out in the template; None for an intrinsic producing a list."""
    return list(value) if isinstance(value, list) else None


def value_key(value: Any) -> str:
    """A hashable key of a template value: equal keys for structurally equal values,
    intrinsics included, so values can be indexed instead of compared pairwise."""
    return json.dumps(value, sort_keys=True, default=str)


def attributes(resource_props: dict[str, Any], key: str) -> dict[str, Any]:
    """ELBv2 ``LoadBalancerAttributes``/``TargetGroupAttributes`` as a dict (literal keys only)."""
    found: dict[str, Any] = {}
    items = resource_props.get(key)
    if isinstance(items, list):
        for item in items:
            if isinstance(item, dict) and isinstance(item.get("Key"), str):
                found[str(item["Key"])] = item.get("Value")
    return found


def has_unknown_attributes(resource_props: dict[str, Any], key: str) -> bool:
    """True when the attribute list is (or holds) an intrinsic, so it may set anything."""
    items = resource_props.get(key)
    if items is None:
        return False
    if not isinstance(items, list):
        return True
    return any(not isinstance(i, dict) or not isinstance(i.get("Key"), str) for i in items)


# -- availability zones -------------------------------------------------------------------------
_NO_TEMPLATE = Evaluator(TemplateView(body={}), defaults=False)
"""Evaluates AZ expressions on their own: ``Select [i, GetAZs '']`` is the i-th AZ of the stack's
region whatever the region is, and any reference is unknown."""


def evaluator_of(cfn: Any) -> Evaluator:
    """The shared evaluator over cfn-lint's template (one per template, parameters unknown)."""
    found = getattr(cfn, "_hastack_evaluator", None)
    if found is None:
        regions = getattr(cfn, "regions", None) or [None]
        view = TemplateView(body=body(cfn), region=regions[0])
        found = Evaluator(view, defaults=False)
        cfn._hastack_evaluator = found
    return found


def az_of(value: Any) -> str | None:
    """A comparable AZ key for an ``AvailabilityZone`` value; None when it cannot be known.

    ``us-east-1a`` stays itself; ``Select [i, GetAZs ...]`` is ``AZ-<i+1>`` (the i-th AZ of the
    stack's region, whatever the region is).
    """
    az = placement.az_of(_NO_TEMPLATE, value)
    return None if isinstance(az, Unknown) else az.name


def subnet_az(cfn: Any, subnet: Any) -> str | None:
    """The AZ of a subnet given as a Ref to a subnet of this template; None if not knowable."""
    name = ref_target(subnet, cfn)
    if name is None:
        return None
    evaluator = evaluator_of(cfn)
    _label, az = placement.subnet_az(evaluator, ResourceRef(evaluator.view.name, name))
    if isinstance(az, Unknown):
        return None
    return az.name


def subnets_azs(cfn: Any, subnets: Any) -> tuple[list[str | None], bool]:
    """(AZ of each listed subnet, whether the list itself is literal)."""
    items = literal_list(subnets)
    if items is None:
        return [], False
    return [subnet_az(cfn, s) for s in items], True


def known_azs(azs: list[str | None]) -> set[str] | None:
    """The distinct AZs when every entry is known, else None."""
    if any(az is None for az in azs):
        return None
    return {az for az in azs if az is not None}


def distinct_subnet_azs(cfn: Any, subnets: Any) -> set[str] | None:
    """The distinct AZs of a literal list of subnets; None when the list is an intrinsic or
    any subnet's AZ is unknown."""
    azs, literal = subnets_azs(cfn, subnets)
    return known_azs(azs) if literal else None


def lb_subnets(lb_props: dict[str, Any]) -> Any:
    """A load balancer's subnets from ``Subnets`` or ``SubnetMappings``."""
    if "Subnets" in lb_props:
        return lb_props["Subnets"]
    mappings = lb_props.get("SubnetMappings")
    if isinstance(mappings, list):
        return [m.get("SubnetId") if isinstance(m, dict) else None for m in mappings]
    return None


def lb_type(lb_props: dict[str, Any]) -> str | None:
    value = lb_props.get("Type", "application")
    return str(value) if isinstance(value, str) else None


def albs_with_known_attributes(cfn: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """(name, properties) of application load balancers whose attribute list is literal."""
    for name, res in resources(cfn, ["AWS::ElasticLoadBalancingV2::LoadBalancer"]).items():
        p = props(res)
        if lb_type(p) == "application" and not has_unknown_attributes(p, "LoadBalancerAttributes"):
            yield name, p


def non_lambda_target_groups(cfn: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """(name, properties) of ELBv2 target groups whose TargetType is not lambda."""
    for name, res in resources(cfn, ["AWS::ElasticLoadBalancingV2::TargetGroup"]).items():
        p = props(res)
        if as_str(p.get("TargetType")) != "lambda":
            yield name, p


# -- cross-resource wiring ----------------------------------------------------------------------
def referrers(
    cfn: Any, target: str, types: list[str], prop: str
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Resources of ``types`` whose property ``prop`` refers (Ref/GetAtt) to ``target``.

    The answer comes from an index built once per template and question, so a rule asking it
    for every resource stays linear in the template's size."""
    yield from _per_template(cfn, ("referrers", tuple(types), prop), _referrer_index).get(
        target, []
    )


def _referrer_index(cfn: Any, key: tuple[Any, ...]) -> dict[str, list[tuple[str, dict[str, Any]]]]:
    _, types, prop = key
    index: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for name, res in resources(cfn, list(types)).items():
        value = props(res).get(prop)
        values = value if isinstance(value, list) else [value]
        targets = {ref_target(v) for v in values} - {None}
        for found in sorted(t for t in targets if t is not None):
            index.setdefault(found, []).append((name, res))
    return index


def _per_template(
    cfn: Any, key: tuple[Any, ...], build: Callable[[Any, tuple[Any, ...]], _Built]
) -> _Built:
    """``build(cfn, key)``, computed once per cfn-lint template object (rules run one after
    another on the same object, so the cache lives exactly as long as the lint)."""
    cache = getattr(cfn, "_hastack_cache", None)
    if cache is None:
        cache = {}
        cfn._hastack_cache = cache
    if key not in cache:
        cache[key] = build(cfn, key)
    answer: _Built = cache[key]  # the entry ``build`` made for this key
    return answer


def asg_target_groups(cfn: Any, asg_props: dict[str, Any]) -> list[str]:
    """Target groups of this template the ASG registers with."""
    found = []
    for value in literal_list(asg_props.get("TargetGroupARNs")) or []:
        name = ref_target(value, cfn)
        if name is not None:
            found.append(name)
    return found


def is_load_balanced(asg_props: dict[str, Any]) -> bool:
    """Attached to any target group or classic load balancer (even through intrinsics)."""
    for key in ("TargetGroupARNs", "LoadBalancerNames"):
        value = asg_props.get(key)
        if value is None:
            continue
        if isinstance(value, list) and not value:
            continue
        return True
    return False


def target_group_load_balancers(cfn: Any, target_group: str) -> list[str]:
    """Load balancers of this template whose listeners or rules forward to ``target_group``."""
    return _per_template(cfn, ("target-group-lbs",), _target_group_lb_index).get(target_group, [])


def load_balancer_target_groups(cfn: Any, lb: str) -> list[str]:
    """Target groups that the listeners (and listener rules) of load balancer ``lb`` forward to."""
    return _per_template(cfn, ("lb-target-groups",), _lb_target_group_index).get(lb, [])


def _lb_target_group_index(cfn: Any, _key: tuple[Any, ...]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for target_group in sorted(_per_template(cfn, ("target-group-lbs",), _target_group_lb_index)):
        for lb in target_group_load_balancers(cfn, target_group):
            found.setdefault(lb, []).append(target_group)
    return found


def _target_group_lb_index(cfn: Any, _key: tuple[Any, ...]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}

    def add(actions: Any, lb: str | None) -> None:
        if lb is None:
            return
        for target_group in _forward_targets(actions):
            lbs = found.setdefault(target_group, [])
            if lb not in lbs:
                lbs.append(lb)

    listeners = resources(cfn, ["AWS::ElasticLoadBalancingV2::Listener"])
    for res in listeners.values():
        p = props(res)
        add(p.get("DefaultActions"), ref_target(p.get("LoadBalancerArn"), cfn))
    for res in resources(cfn, ["AWS::ElasticLoadBalancingV2::ListenerRule"]).values():
        p = props(res)
        listener = ref_target(p.get("ListenerArn"), cfn)
        if listener in listeners:
            add(
                p.get("Actions"), ref_target(props(listeners[listener]).get("LoadBalancerArn"), cfn)
            )
    return found


def _forward_targets(actions: Any) -> list[str]:
    """Target groups (logical ids) that listener actions forward to."""
    found: list[str] = []
    for action in literal_list(actions) or []:
        if not isinstance(action, dict):
            continue
        target = ref_target(action.get("TargetGroupArn"))
        if target is not None:
            found.append(target)
        forward = action.get("ForwardConfig")
        if isinstance(forward, dict):
            for tg in literal_list(forward.get("TargetGroups")) or []:
                target = ref_target(tg.get("TargetGroupArn")) if isinstance(tg, dict) else None
                if target is not None:
                    found.append(target)
    return found


def db_instances_of_cluster(cfn: Any, cluster: str) -> dict[str, dict[str, Any]]:
    return dict(referrers(cfn, cluster, ["AWS::RDS::DBInstance"], "DBClusterIdentifier"))


def is_cluster_member(instance_props: dict[str, Any]) -> bool:
    """An RDS instance inside an Aurora/Multi-AZ cluster (its storage belongs to the cluster)."""
    return instance_props.get("DBClusterIdentifier") is not None


def is_read_replica(instance_props: dict[str, Any]) -> bool:
    return instance_props.get("SourceDBInstanceIdentifier") is not None or (
        instance_props.get("SourceDBClusterIdentifier") is not None
    )


def is_aurora(engine: Any) -> bool | None:
    if not isinstance(engine, str):
        return None
    return engine.lower().startswith("aurora")


def standalone_db_instances(cfn: Any) -> dict[str, dict[str, Any]]:
    """RDS instances that own their storage: not in a cluster, not an Aurora engine."""
    found = {}
    for name, res in resources(cfn, ["AWS::RDS::DBInstance"]).items():
        p = props(res)
        if is_cluster_member(p) or is_aurora(p.get("Engine")):
            continue
        found[name] = res
    return found


def primary_databases(cfn: Any) -> dict[str, dict[str, Any]]:
    """RDS clusters, then standalone instances that are not read replicas: the databases
    that own their backups and their deletion protection."""
    found = dict(resources(cfn, ["AWS::RDS::DBCluster"]))
    for name, res in standalone_db_instances(cfn).items():
        if not is_read_replica(props(res)):
            found[name] = res
    return found


def alarm_actions(alarm_props: dict[str, Any]) -> bool | None:
    """Whether an alarm notifies or acts on ALARM; None when the actions are an intrinsic."""
    actions = alarm_props.get("AlarmActions")
    if actions is None:
        return False
    if isinstance(actions, list):
        return len(actions) > 0
    return None


def alarms(cfn: Any) -> dict[str, dict[str, Any]]:
    return {name: props(res) for name, res in resources(cfn, ["AWS::CloudWatch::Alarm"]).items()}


def alarm_metric_names(alarm_props: dict[str, Any]) -> set[tuple[str, str]]:
    """(namespace, metric) pairs an alarm watches, including metric-math alarms."""
    found: set[tuple[str, str]] = set()
    ns, metric = alarm_props.get("Namespace"), alarm_props.get("MetricName")
    if isinstance(ns, str) and isinstance(metric, str):
        found.add((ns, metric))
    for query in literal_list(alarm_props.get("Metrics")) or []:
        stat = query.get("MetricStat") if isinstance(query, dict) else None
        m = stat.get("Metric") if isinstance(stat, dict) else None
        if isinstance(m, dict) and isinstance(m.get("Namespace"), str):
            if isinstance(m.get("MetricName"), str):
                found.add((m["Namespace"], m["MetricName"]))
    return found


def nat_routes(cfn: Any) -> dict[str, tuple[str, list[str]]]:
    """Route tables with a default route to a NAT gateway: {table: (nat, [associated subnets])}.

    Only literal wiring is followed (``Ref`` to a route table, NAT and subnet of this template).
    """
    tables: dict[str, tuple[str, list[str]]] = {}
    for res in resources(cfn, ["AWS::EC2::Route"]).values():
        p = props(res)
        if p.get("DestinationCidrBlock") != "0.0.0.0/0":
            continue
        table = ref_target(p.get("RouteTableId"), cfn)
        nat = ref_target(p.get("NatGatewayId"))
        if table is not None and nat is not None:
            tables[table] = (nat, [])
    for res in resources(cfn, ["AWS::EC2::SubnetRouteTableAssociation"]).values():
        p = props(res)
        table = ref_target(p.get("RouteTableId"), cfn)
        subnet = ref_target(p.get("SubnetId"), cfn)
        if table in tables and subnet is not None:
            tables[table][1].append(subnet)
    return tables


def aurora_writer_and_readers(
    cfn: Any, cluster: str
) -> tuple[tuple[str, dict[str, Any]], dict[str, dict[str, Any]]] | None:
    """((writer, its properties), {reader: resource}) of an Aurora cluster of this template.

    CloudFormation does not say which instance is the writer; the convention followed is a
    logical id containing "Writer" or "Primary", else the instance with the lowest
    PromotionTier, else the first one in the template.
    """
    cluster_res = all_resources(cfn).get(cluster)
    if not isinstance(cluster_res, dict) or is_aurora(props(cluster_res).get("Engine")) is not True:
        return None
    members = db_instances_of_cluster(cfn, cluster)
    if not members:
        return None
    names = list(members)
    named = [n for n in names if "writer" in n.lower() or "primary" in n.lower()]
    if named:
        writer = named[0]
    else:
        tiers = [
            (as_int(props(members[n]).get("PromotionTier", 1)), i, n) for i, n in enumerate(names)
        ]
        if any(t is None for t, _, _ in tiers):
            writer = names[0]
        else:
            writer = min(tiers)[2]
    readers = {n: members[n] for n in names if n != writer}
    return (writer, props(members[writer])), readers


def record_sets(cfn: Any) -> Iterator[tuple[Path, dict[str, Any]]]:
    """Route 53 records, both standalone RecordSets and those inside a RecordSetGroup."""
    for name, res in resources(cfn, ["AWS::Route53::RecordSet"]).items():
        yield ["Resources", name, "Properties"], props(res)
    for name, res in resources(cfn, ["AWS::Route53::RecordSetGroup"]).items():
        for i, record in enumerate(literal_list(props(res).get("RecordSets")) or []):
            if isinstance(record, dict):
                yield ["Resources", name, "Properties", "RecordSets", i], record


WORLD = ("0.0.0.0/0", "::/0")


class IngressRule:
    """One security group ingress rule, wherever it is written."""

    def __init__(self, group: str, path: Path, rule: dict[str, Any]) -> None:
        self.group = group
        self.path = path
        cidr = rule.get("CidrIp", rule.get("CidrIpv6"))
        self.cidr = cidr if isinstance(cidr, str) else None
        self.world = self.cidr in WORLD
        self.unknown_ports = False
        self.ports: tuple[int, int] | None = None
        protocol = rule.get("IpProtocol")
        protocol_text = str(protocol).lower() if isinstance(protocol, (str, int)) else None
        if protocol_text is None:
            self.unknown_ports = True
        elif protocol_text in ("-1", "all"):
            self.ports = (0, 65535)
        elif protocol_text in ("tcp", "udp", "6", "17"):
            low, high = as_int(rule.get("FromPort")), as_int(rule.get("ToPort"))
            if low is None or high is None:
                self.unknown_ports = True
            elif low == -1 or high == -1:
                self.ports = (0, 65535)
            else:
                self.ports = (low, high)
        else:
            self.unknown_ports = True  # icmp and others: no ports to judge


def ingress_rules(cfn: Any) -> Iterator[IngressRule]:
    for name, res in resources(cfn, ["AWS::EC2::SecurityGroup"]).items():
        for i, rule in enumerate(literal_list(props(res).get("SecurityGroupIngress")) or []):
            if isinstance(rule, dict):
                path: Path = ["Resources", name, "Properties", "SecurityGroupIngress", i]
                yield IngressRule(name, path, rule)
    for name, res in resources(cfn, ["AWS::EC2::SecurityGroupIngress"]).items():
        p = props(res)
        group = ref_target(p.get("GroupId"), cfn) or str(p.get("GroupName") or name)
        yield IngressRule(group, ["Resources", name, "Properties"], p)


def load_balancer_groups(cfn: Any) -> set[str]:
    """Security groups of this template attached to a load balancer."""
    found: set[str] = set()
    types = ["AWS::ElasticLoadBalancingV2::LoadBalancer", "AWS::ElasticLoadBalancing::LoadBalancer"]
    for res in resources(cfn, types).values():
        for group in literal_list(props(res).get("SecurityGroups")) or []:
            target = ref_target(group)
            if target is not None:
                found.add(target)
    return found


# -- regions, ARNs and whole-template walks -----------------------------------------------------
AZ_NAME = re.compile(r"^((?:[a-z]{2}|[a-z]{2}-[a-z]+)-[a-z]+-\d)([a-z])$")
"""An AZ name: region then one letter (``us-east-1a``, ``us-gov-west-1b``)."""
ARN = re.compile(r"^arn:([a-z-]+):([a-z0-9-]+):([a-z0-9-]*):")
"""An ARN's partition, service and region (empty for global services such as IAM and S3)."""


def stack_regions(cfn: Any) -> list[str]:
    """The stack's own region as a list of one, when the template is checked in exactly one
    known region (hastack checks a stack in its own region); else empty.

    Checked in several regions (``--regions`` overriding a stack's own), the region the stack
    is really created in is not known, and a literal ARN or AZ names one region: rules that
    compare with the stack's region stay silent rather than guess.
    """
    found = [r for r in (getattr(cfn, "regions", None) or []) if isinstance(r, str)]
    if len(found) == 1 and regions.region(found[0]) is not None:
        return found
    return []


def walk(node: Any, path: Path) -> Iterator[tuple[Path, Any]]:
    """Every (path, value) under ``node``, depth first, in one linear pass (no recursion limit:
    an explicit stack, so a deeply nested template cannot raise RecursionError)."""
    stack: list[tuple[Path, Any]] = [(path, node)]
    while stack:
        here, value = stack.pop()
        yield here, value
        if isinstance(value, dict):
            stack.extend((here + [str(k)], v) for k, v in reversed(list(value.items())))
        elif isinstance(value, list):
            stack.extend((here + [i], v) for i, v in reversed(list(enumerate(value))))


def subnet_key_azs(cfn: Any, subnets: Any) -> tuple[int, set[str] | None] | None:
    """(number of subnets, their distinct AZs or None if any is unknown) for a literal list of
    subnets; None when the list itself is an intrinsic (nothing can be said)."""
    azs, literal = subnets_azs(cfn, subnets)
    if not literal:
        return None
    return len(azs), known_azs(azs)


def template_objective(cfn: Any, key: str) -> Any:
    """``Metadata: {hastack: {objectives: {key: ...}}}`` at the template's top level."""
    metadata = cfn.template.get("Metadata") if isinstance(cfn.template, dict) else None
    ours = metadata.get(SUPPRESS_KEY) if isinstance(metadata, dict) else None
    objectives = ours.get("objectives") if isinstance(ours, dict) else None
    return objectives.get(key) if isinstance(objectives, dict) else None


def duration_seconds(value: Any) -> int | None:
    """``300``, ``"300"``, ``"90s"``, ``"5m"``, ``"1h"`` as seconds; None otherwise."""
    if isinstance(value, str):
        match = re.fullmatch(r"\s*(\d+)\s*([smh]?)\s*", value)
        if match is None:
            return None
        return int(match.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600}[match.group(2)]
    number = as_int(value)
    return number if number is not None and number > 0 else None


DOMAIN_TYPES = ["AWS::OpenSearchService::Domain", "AWS::Elasticsearch::Domain"]


def cluster_config(p: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """(property name, value) of a domain's cluster configuration, in either resource type."""
    for key in ("ClusterConfig", "ElasticsearchClusterConfig"):
        if isinstance(p.get(key), dict):
            return key, p[key]
    return "ClusterConfig", {}
