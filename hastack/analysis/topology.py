"""The serving path of a template or app as tiers, each part with the AZs it runs in.

DNS (Route 53 records, health checks) → load balancers → compute (Auto Scaling groups, EC2
instances) → databases (Aurora clusters, RDS instances, RDS Multi-AZ clusters), per region; plus
what the AZ-loss check needs besides: NAT gateways and which private subnets route through
them, Aurora Global membership and DNS failover records. Placement comes from
:mod:`hastack.analysis.values`; whatever cannot be placed is recorded with the reason, never
guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from hastack.analysis.sources import AnalysisSource
from hastack.analysis.values import (
    REGION_AZS_ASSUMED,
    Az,
    RegionAzs,
    Resolver,
    ResourceRef,
    Unknown,
    assumed_region_azs,
)
from hastack.components.dns import CLOUDFRONT_ZONE_ID
from hastack.template import placement as placement_of
from hastack.template import types

ASG = types.AUTOSCALING_AUTO_SCALING_GROUP
INSTANCE = types.EC2_INSTANCE
SUBNET = types.EC2_SUBNET
ELBV2 = types.ELBV2_LOAD_BALANCER
ELB = types.ELB_LOAD_BALANCER
DB_CLUSTER = types.RDS_DB_CLUSTER
DB_INSTANCE = types.RDS_DB_INSTANCE
GLOBAL_CLUSTER = types.RDS_GLOBAL_CLUSTER
NAT_GATEWAY = types.EC2_NAT_GATEWAY
ROUTE = types.EC2_ROUTE
ROUTE_TABLE_ASSOCIATION = types.EC2_SUBNET_ROUTE_TABLE_ASSOCIATION
RECORD_SET = types.ROUTE53_RECORD_SET
RECORD_SET_GROUP = types.ROUTE53_RECORD_SET_GROUP
HOSTED_ZONE = types.ROUTE53_HOSTED_ZONE
HEALTH_CHECK = types.ROUTE53_HEALTH_CHECK
LAUNCH_TEMPLATE = types.EC2_LAUNCH_TEMPLATE
LAUNCH_CONFIGURATION = types.AUTOSCALING_LAUNCH_CONFIGURATION
CACHE_GROUP = types.ELASTICACHE_REPLICATION_GROUP
CACHE_CLUSTER = types.ELASTICACHE_CACHE_CLUSTER
DISTRIBUTION = types.CLOUDFRONT_DISTRIBUTION
S3_BUCKET = types.S3_BUCKET

UNMODELLED = {
    types.LAMBDA_FUNCTION: "Lambda function",
    types.ECS_SERVICE: "ECS service",
    types.EKS_CLUSTER: "EKS cluster",
    types.DYNAMODB_TABLE: "DynamoDB table",
    types.DYNAMODB_GLOBAL_TABLE: "DynamoDB global table",
    types.OPENSEARCHSERVICE_DOMAIN: "OpenSearch domain",
    types.ELASTICSEARCH_DOMAIN: "Elasticsearch domain",
    types.EFS_FILE_SYSTEM: "EFS file system",
    types.APIGATEWAY_REST_API: "API Gateway API",
    types.APIGATEWAYV2_API: "API Gateway API",
    types.SQS_QUEUE: "SQS queue",
    types.DOCDB_DB_CLUSTER: "DocumentDB cluster",
    types.NEPTUNE_DB_CLUSTER: "Neptune cluster",
}
"""Serving or stateful types the SLA table does not cover: listed, so a figure is not read as
covering them."""


@dataclass
class Placement:
    """The AZs a part runs in, and why any of it could not be placed."""

    azs: list[Az] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    assumed: list[str] = field(default_factory=list)
    """Assumptions made (e.g. GetAZs as a whole list counted as 3 AZs)."""

    def add(self, az: Az) -> None:
        if az not in self.azs:
            self.azs.append(az)

    @property
    def known(self) -> bool:
        return not self.unknown


@dataclass
class Fleet:
    name: str
    stack: str
    region: str | None
    kind: str  # "asg" | "instance"
    placement: Placement
    min_size: int | None = None
    max_size: int | None = None
    desired: int | None = None
    instance_type: str | None = None
    notes: list[str] = field(default_factory=list)
    quorum: str | None = None
    """The quorum cluster this group is one member of (``Metadata.hastack.quorum.cluster``):
    such groups are voters of one cluster, up while a majority of them is, not a fleet each."""

    @property
    def running(self) -> int | None:
        """Instances that run in steady state (the minimum: what is there when scaling is idle)."""
        return self.min_size


@dataclass
class LoadBalancer:
    name: str
    stack: str
    region: str | None
    kind: str  # application | network | gateway | classic
    placement: Placement


@dataclass
class DbMember:
    name: str
    role: str  # writer | reader | replica
    az: Az | None
    unknown: str | None = None


@dataclass
class Database:
    name: str
    stack: str
    region: str | None
    kind: str  # aurora | rds | rds-cluster | aurora-serverless
    engine: str
    multi_az: bool | None = None
    """RDS only: the MultiAZ flag (None when it could not be resolved)."""
    members: list[DbMember] = field(default_factory=list)
    global_cluster: str | None = None
    global_role: str | None = None  # primary | secondary
    replica_of: str | None = None
    """RDS read replica of another region's instance (an ARN or reference)."""
    notes: list[str] = field(default_factory=list)

    @property
    def writer(self) -> DbMember | None:
        for m in self.members:
            if m.role == "writer":
                return m
        return None

    @property
    def readers(self) -> list[DbMember]:
        return [m for m in self.members if m.role == "reader"]

    @property
    def replicas(self) -> list[DbMember]:
        return [m for m in self.members if m.role == "replica"]


@dataclass
class Nat:
    name: str
    stack: str
    az: Az | None
    unknown: str | None = None


@dataclass
class PrivateRoute:
    """A subnet whose default route goes through a NAT gateway."""

    subnet: str
    stack: str
    subnet_az: Az | None
    route_table: str
    nat: str | None
    nat_az: Az | None


@dataclass
class DnsRecord:
    name: str
    stack: str
    region: str | None
    record_name: str
    failover: str | None
    health_check: bool
    evaluate_target_health: bool
    target_region: str | None
    target: str | None
    target_kind: str | None = None
    """What the alias points at: ``cdn`` (a CloudFront distribution), ``load-balancer``, or
    None (not an alias, or a target the templates do not say)."""


@dataclass
class Cache:
    """An ElastiCache (Valkey/Redis OSS) replication group or a single-node cache cluster.

    ``nodes`` are the AZs of the primary (first) and each replica, in order; None where the
    template leaves the AZ to ElastiCache."""

    name: str
    stack: str
    region: str | None
    kind: str  # replication-group | cluster
    nodes: list[Az | None] = field(default_factory=list)
    automatic_failover: bool = False
    multi_az: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def primary(self) -> Az | None:
        return self.nodes[0] if self.nodes else None

    @property
    def replicas(self) -> list[Az | None]:
        return self.nodes[1:]


@dataclass
class CdnOrigin:
    """One origin of a distribution: what it points at and how long CloudFront tries it."""

    id: str
    kind: str  # load-balancer | s3 | other
    target: str | None
    """``stack/logical id`` of the load balancer or bucket, when the template says."""
    region: str | None
    connection_timeout: float = 10.0
    connection_attempts: int = 3
    read_timeout: float = 30.0
    host: str | None = None
    """The origin's literal host name, when the template writes one."""
    via: str | None = None
    """How a host name reaches a load balancer: the Route 53 records that serve it."""

    @property
    def give_up_seconds(self) -> float:
        """How long CloudFront keeps trying an origin that does not answer before it fails
        over: ConnectionTimeout × ConnectionAttempts (defaults 10 s × 3)."""
        return self.connection_timeout * self.connection_attempts


@dataclass
class Cdn:
    """A CloudFront distribution: the origins and origin group its default behaviour uses."""

    name: str
    stack: str
    origins: dict[str, CdnOrigin] = field(default_factory=dict)
    target: str | None = None
    """The default behaviour's TargetOriginId (an origin or an origin group)."""
    groups: dict[str, tuple[list[str], list[int]]] = field(default_factory=dict)
    """Origin group id → (member origin ids in order, failover status codes)."""
    aliases: list[str] = field(default_factory=list)
    entry: str = "assumed"
    """Whether viewers reach it: ``fronted`` (a Route 53 record aliases it), ``bypassed`` (the
    records of its own names point at load balancers: viewers go around it), or ``assumed``
    (no record in the templates says; counted as the entry point, as the viewers would use
    its name)."""
    bypass: list[str] = field(default_factory=list)
    """``stack/record`` of the records that send its names around it."""

    @property
    def serves(self) -> bool:
        """Whether viewers' requests go through the distribution."""
        return self.entry != "bypassed"

    def chain(self) -> list[CdnOrigin]:
        """The origins the default behaviour tries, in order (one without an origin group)."""
        if self.target in self.groups:
            members, _codes = self.groups[self.target]
            return [self.origins[m] for m in members if m in self.origins]
        origin = self.origins.get(self.target or "")
        return [origin] if origin else []

    @property
    def failover_codes(self) -> list[int]:
        if self.target in self.groups:
            return self.groups[self.target][1]
        return []


@dataclass
class RegionModel:
    region: str | None
    fleets: list[Fleet] = field(default_factory=list)
    load_balancers: list[LoadBalancer] = field(default_factory=list)
    databases: list[Database] = field(default_factory=list)
    caches: list[Cache] = field(default_factory=list)
    nats: list[Nat] = field(default_factory=list)
    routes: list[PrivateRoute] = field(default_factory=list)
    unmodelled: list[tuple[str, str, str]] = field(default_factory=list)
    """(stack, logical id, what it is)"""

    inferred: str | None = None
    """For templates without a region: the region their explicit AZ names belong to."""

    @property
    def label(self) -> str:
        if self.region:
            return self.region
        if self.inferred:
            return f"{self.inferred}, from AZ names"
        return "region not set"

    def azs(self) -> list[Az]:
        """Every AZ anything in this region is placed in, in a stable order."""
        seen: list[Az] = []
        for placement in [f.placement for f in self.fleets] + [
            lb.placement for lb in self.load_balancers
        ]:
            for az in placement.azs:
                if az not in seen:
                    seen.append(az)
        for db in self.databases:
            for m in db.members:
                if m.az is not None and m.az not in seen:
                    seen.append(m.az)
        for cache in self.caches:
            for node in cache.nodes:
                if node is not None and node not in seen:
                    seen.append(node)
        for nat in self.nats:
            if nat.az is not None and nat.az not in seen:
                seen.append(nat.az)
        for route in self.routes:
            if route.subnet_az is not None and route.subnet_az not in seen:
                seen.append(route.subnet_az)
        return sorted(seen, key=lambda a: a.name)


@dataclass
class Model:
    regions: list[RegionModel]
    dns: list[DnsRecord]
    hosted_zones: int
    health_checks: int
    stacks: list[str]
    notes: list[str] = field(default_factory=list)
    sources: list[AnalysisSource] = field(default_factory=list)
    """The templates read, for what the tiers leave out (health checks, alarms, automation)."""
    cdns: list[Cdn] = field(default_factory=list)
    """CloudFront distributions: global, in front of the regions' load balancers."""

    def region(self, name: str | None) -> RegionModel:
        for r in self.regions:
            if r.region == name:
                return r
        model = RegionModel(name)
        self.regions.append(model)
        return model

    @property
    def has_dns(self) -> bool:
        return bool(self.dns or self.hosted_zones)

    @property
    def serving_cdns(self) -> list[Cdn]:
        """The distributions viewers go through (not those the site's records go around)."""
        return [c for c in self.cdns if c.serves]


def build_model(sources: list[AnalysisSource]) -> Model:
    """Read every source into one model, grouped by region."""
    resolver = Resolver(sources)
    model = Model(
        regions=[],
        dns=[],
        hosted_zones=0,
        health_checks=0,
        stacks=[s.name for s in sources],
        sources=list(sources),
    )
    for source in sources:
        model.notes.extend(f"{source.name}: {note}" for note in source.transform_notes)
        _Reader(resolver, source, model).read()
    _link_global_clusters(resolver, sources, model)
    _link_global_roles(model)
    _link_cdn_routes(model)
    for region in model.regions:
        if region.region is None:
            region.inferred = _region_of_az_names(region.azs())
    model.regions.sort(key=lambda r: r.label)
    return model


class _Reader:
    def __init__(self, resolver: Resolver, source: AnalysisSource, model: Model) -> None:
        self.r = resolver
        self.s = source
        self.model = model
        self.region = model.region(None if source.region_assumed else source.region)

    def read(self) -> None:
        members: dict[str, list[tuple[str, dict[str, Any]]]] = {}
        for logical_id, resource in self.s.resources.items():
            if not isinstance(resource, dict):
                continue
            created = self.r.created(self.s, resource)
            if created is False:
                continue
            if isinstance(created, Unknown):
                self.model.notes.append(
                    f"{self.s.name}/{logical_id}: {created}; counted as created"
                )
            rtype = resource.get("Type")
            props = resource.get("Properties") or {}
            if not isinstance(props, dict):
                continue
            try:
                if rtype == ASG:
                    self._asg(logical_id, props)
                    self.region.fleets[-1].quorum = quorum_cluster(resource)
                elif rtype == INSTANCE:
                    self._instance(logical_id, props)
                elif rtype in (ELBV2, ELB):
                    self._load_balancer(logical_id, rtype, props)
                elif rtype == DB_CLUSTER:
                    self._cluster(logical_id, props)
                elif rtype == DB_INSTANCE:
                    cluster = props.get("DBClusterIdentifier")
                    target = self.r.value(self.s, cluster) if cluster is not None else None
                    if isinstance(target, ResourceRef):
                        members.setdefault(target.logical_id, []).append((logical_id, props))
                    elif cluster is not None:
                        self.model.notes.append(
                            f"{self.s.name}/{logical_id}: member of a cluster outside the "
                            "analysed templates; not modelled"
                        )
                    else:
                        self._rds_instance(logical_id, props)
                elif rtype in (CACHE_GROUP, CACHE_CLUSTER):
                    self._cache(logical_id, rtype, props)
                elif rtype == DISTRIBUTION:
                    self._distribution(logical_id, props)
                elif rtype == NAT_GATEWAY:
                    self._nat(logical_id, props)
                elif rtype == ROUTE:
                    self._route(logical_id, props)
                elif rtype == RECORD_SET:
                    self._record(logical_id, props)
                elif rtype == RECORD_SET_GROUP:
                    for i, record in enumerate(props.get("RecordSets") or []):
                        if isinstance(record, dict):
                            self._record(f"{logical_id}[{i}]", {**props, **record})
                elif rtype == HOSTED_ZONE:
                    self.model.hosted_zones += 1
                elif rtype == HEALTH_CHECK:
                    self.model.health_checks += 1
                elif rtype in UNMODELLED:
                    self.region.unmodelled.append((self.s.name, logical_id, UNMODELLED[rtype]))
            except (TypeError, ValueError, AttributeError, KeyError, IndexError) as error:
                self.model.notes.append(
                    f"{self.s.name}/{logical_id}: properties not understood "
                    f"({type(error).__name__}: {error}); not modelled"
                )
        self._attach_members(members)
        self._rds_replicas()

    # -- helpers --------------------------------------------------------------------------------
    def _where(self, logical_id: str) -> str:
        return f"{self.s.name}/{logical_id}"

    def _int(self, expr: Any, what: str, notes: list[str]) -> int | None:
        if expr is None:
            return None
        value = self.r.value(self.s, expr)
        try:
            return int(str(value))
        except ValueError:
            notes.append(f"{what} not known before deploy ({value})")
            return None

    def _az_value(self, value: Any) -> Az | Unknown:
        return placement_of.as_az(value, self.s.region)

    def subnet_az(self, item: Any) -> tuple[str, Az | Unknown]:
        """(subnet label, its AZ) for a resolved subnet reference."""
        return placement_of.subnet_az(self.r.evaluator(self.s), item)

    def subnets(self, expr: Any, placement: Placement) -> list[tuple[str, Az | None]]:
        value = self.r.value(self.s, expr)
        items = value if isinstance(value, list) else [value]
        found: list[tuple[str, Az | None]] = []
        for item in items:
            if item is None:
                continue
            label, az = self.subnet_az(item)
            if isinstance(az, Unknown):
                placement.unknown.append(str(az))
                found.append((label, None))
            else:
                placement.add(az)
                found.append((label, az))
        return found

    def az_names(self, expr: Any, placement: Placement) -> None:
        value = self.r.value(self.s, expr)
        if isinstance(value, RegionAzs):
            for assumed in assumed_region_azs(value.region):
                placement.add(assumed)
            placement.assumed.append(
                f"Fn::GetAZs of a template with no region: counted as {REGION_AZS_ASSUMED} AZs "
                "(AWS regions open with at least 3)"
            )
            return
        items = value if isinstance(value, list) else [value]
        for item in items:
            az = self._az_value(item)
            if isinstance(az, Unknown):
                placement.unknown.append(str(az))
            else:
                placement.add(az)

    # -- compute ----------------------------------------------------------------------------------
    def _asg(self, logical_id: str, props: dict[str, Any]) -> None:
        placement = Placement()
        if "VPCZoneIdentifier" in props:
            self.subnets(props["VPCZoneIdentifier"], placement)
        elif "AvailabilityZones" in props:
            self.az_names(props["AvailabilityZones"], placement)
        else:
            placement.unknown.append("no VPCZoneIdentifier or AvailabilityZones")
        notes: list[str] = []
        fleet = Fleet(
            name=logical_id,
            stack=self.s.name,
            region=self.s.region,
            kind="asg",
            placement=placement,
            min_size=self._int(props.get("MinSize"), "MinSize", notes),
            max_size=self._int(props.get("MaxSize"), "MaxSize", notes),
            desired=self._int(props.get("DesiredCapacity"), "DesiredCapacity", notes),
            instance_type=self._asg_instance_type(props, notes),
            notes=notes,
        )
        self.region.fleets.append(fleet)

    def _asg_instance_type(self, props: dict[str, Any], notes: list[str]) -> str | None:
        spec = props.get("LaunchTemplate")
        mixed = props.get("MixedInstancesPolicy")
        if isinstance(mixed, dict):
            lts = (mixed.get("LaunchTemplate") or {}).get("LaunchTemplateSpecification")
            spec = lts or spec
            overrides = (mixed.get("LaunchTemplate") or {}).get("Overrides") or []
            if overrides:
                notes.append(
                    "mixed instances policy: capacity read from the launch template's type"
                )
        if isinstance(spec, dict):
            ref = self.r.value(
                self.s, spec.get("LaunchTemplateId") or spec.get("LaunchTemplateName")
            )
            if isinstance(ref, ResourceRef):
                owner = self.r.sources[ref.source]
                data = (owner.resources[ref.logical_id].get("Properties") or {}).get(
                    "LaunchTemplateData"
                ) or {}
                return self._text(owner, data.get("InstanceType"), "instance type", notes)
        config = props.get("LaunchConfigurationName")
        if config is not None:
            ref = self.r.value(self.s, config)
            if isinstance(ref, ResourceRef):
                owner = self.r.sources[ref.source]
                lc = owner.resources[ref.logical_id].get("Properties") or {}
                return self._text(owner, lc.get("InstanceType"), "instance type", notes)
        notes.append("instance type not found in the template")
        return None

    def _text(self, owner: AnalysisSource, expr: Any, what: str, notes: list[str]) -> str | None:
        if expr is None:
            notes.append(f"{what} not set")
            return None
        value = self.r.value(owner, expr)
        if isinstance(value, str):
            return value
        notes.append(f"{what} not known before deploy ({value})")
        return None

    def _instance(self, logical_id: str, props: dict[str, Any]) -> None:
        placement = Placement()
        if "SubnetId" in props:
            self.subnets(props["SubnetId"], placement)
        elif props.get("NetworkInterfaces"):
            nic = props["NetworkInterfaces"][0]
            if isinstance(nic, dict) and "SubnetId" in nic:
                self.subnets(nic["SubnetId"], placement)
        if not placement.azs and "AvailabilityZone" in props:
            placement.unknown.clear()
            self.az_names(props["AvailabilityZone"], placement)
        if not placement.azs and not placement.unknown:
            placement.unknown.append("no subnet or AvailabilityZone (AWS picks one)")
        notes: list[str] = []
        self.region.fleets.append(
            Fleet(
                name=logical_id,
                stack=self.s.name,
                region=self.s.region,
                kind="instance",
                placement=placement,
                min_size=1,
                max_size=1,
                desired=1,
                instance_type=self._text(
                    self.s, props.get("InstanceType", "m1.small"), "instance type", notes
                ),
                notes=notes,
            )
        )

    # -- load balancers -------------------------------------------------------------------------
    def _load_balancer(self, logical_id: str, rtype: str, props: dict[str, Any]) -> None:
        placement = Placement()
        if rtype == ELB:
            kind = "classic"
        else:
            kind_value = self.r.value(self.s, props.get("Type", "application"))
            kind = kind_value if isinstance(kind_value, str) else "application"
        if props.get("Subnets") is not None:
            self.subnets(props["Subnets"], placement)
        elif props.get("SubnetMappings"):
            for mapping in props["SubnetMappings"]:
                if isinstance(mapping, dict):
                    self.subnets(mapping.get("SubnetId"), placement)
        elif props.get("AvailabilityZones") is not None:
            self.az_names(props["AvailabilityZones"], placement)
        else:
            placement.unknown.append("no Subnets, SubnetMappings or AvailabilityZones")
        self.region.load_balancers.append(
            LoadBalancer(logical_id, self.s.name, self.s.region, kind, placement)
        )

    # -- databases ------------------------------------------------------------------------------
    def _cluster(self, logical_id: str, props: dict[str, Any]) -> None:
        engine = self.r.value(self.s, props.get("Engine", "aurora-mysql"))
        engine = engine if isinstance(engine, str) else "aurora"
        mode = self.r.value(self.s, props.get("EngineMode", "provisioned"))
        if not engine.startswith("aurora"):
            kind = "rds-cluster"  # Multi-AZ DB cluster: writer + two readable standbys
        elif mode == "serverless":
            kind = "aurora-serverless"
        else:
            kind = "aurora"
        db = Database(logical_id, self.s.name, self.s.region, kind, engine)
        if kind == "rds-cluster":
            db.multi_az = True
        if "GlobalClusterIdentifier" in props:
            ident = self.r.value(self.s, props["GlobalClusterIdentifier"])
            db.global_cluster = global_identity(self.r, ident)
            primary_like = any(
                k in props
                for k in ("MasterUsername", "ManageMasterUserPassword", "SnapshotIdentifier")
            )
            db.global_role = "primary" if primary_like else "secondary"
        self.region.databases.append(db)

    def _attach_members(self, members: dict[str, list[tuple[str, dict[str, Any]]]]) -> None:
        by_name = {db.name: db for db in self.region.databases if db.stack == self.s.name}
        for cluster_id, instances in members.items():
            db = by_name.get(cluster_id)
            if db is None:
                continue
            writer_index = next(
                (i for i, (name, _) in enumerate(instances) if "writer" in name.lower()), None
            )
            if writer_index is None:
                writer_index = 0
                if db.global_role != "secondary" and len(instances) > 1:
                    db.notes.append(
                        f"writer assumed to be {instances[0][0]}, the first instance: the "
                        "template does not say which instance Aurora makes the writer"
                    )
            for index, (name, props) in enumerate(instances):
                role = "writer" if index == writer_index else "reader"
                if db.global_role == "secondary":
                    role = "reader"
                az, unknown = self._member_az(props)
                db.members.append(DbMember(name, role, az, unknown))

    def _member_az(self, props: dict[str, Any]) -> tuple[Az | None, str | None]:
        if "AvailabilityZone" not in props:
            return None, "no AvailabilityZone: RDS picks one, possibly the same as another member's"
        az = self._az_value(self.r.value(self.s, props["AvailabilityZone"]))
        if isinstance(az, Unknown):
            return None, str(az)
        return az, None

    def _rds_instance(self, logical_id: str, props: dict[str, Any]) -> None:
        engine = self.r.value(self.s, props.get("Engine", "mysql"))
        engine = engine if isinstance(engine, str) else "?"
        source = props.get("SourceDBInstanceIdentifier")
        if source is not None:
            self._pending_replicas.append((logical_id, props))
            return
        db = Database(logical_id, self.s.name, self.s.region, "rds", engine)
        multi = self.r.value(self.s, props.get("MultiAZ", False))
        if isinstance(multi, Unknown):
            db.multi_az = None
            db.notes.append(f"MultiAZ not known before deploy ({multi}); counted as Single-AZ")
        else:
            db.multi_az = str(multi).lower() == "true"
        az, unknown = self._member_az(props)
        db.members.append(DbMember(logical_id, "writer", az, unknown))
        self.region.databases.append(db)

    @property
    def _pending_replicas(self) -> list[tuple[str, dict[str, Any]]]:
        if not hasattr(self, "_replicas"):
            self._replicas: list[tuple[str, dict[str, Any]]] = []
        return self._replicas

    def _rds_replicas(self) -> None:
        by_name = {db.name: db for db in self.region.databases if db.stack == self.s.name}
        for logical_id, props in self._pending_replicas:
            source = self.r.value(self.s, props["SourceDBInstanceIdentifier"])
            az, unknown = self._member_az(props)
            member = DbMember(logical_id, "replica", az, unknown)
            if isinstance(source, ResourceRef) and source.logical_id in by_name:
                by_name[source.logical_id].members.append(member)
                continue
            engine = self.r.value(self.s, props.get("Engine", "mysql"))
            db = Database(
                logical_id,
                self.s.name,
                self.s.region,
                "rds",
                engine if isinstance(engine, str) else "?",
                multi_az=str(self.r.value(self.s, props.get("MultiAZ", False))).lower() == "true",
                replica_of=_identity(source),
            )
            db.members.append(DbMember(logical_id, "writer", az, unknown))
            db.notes.append(
                f"read replica of {db.replica_of}: serves reads; writes need a manual promotion"
            )
            self.region.databases.append(db)

    # -- caches and CDN ---------------------------------------------------------------------
    def _flag(self, expr: Any, default: bool, what: str, notes: list[str]) -> bool:
        value = self.r.value(self.s, expr) if expr is not None else default
        if isinstance(value, Unknown):
            notes.append(f"{what} not known before deploy ({value}); counted as off")
            return False
        return str(value).lower() == "true"

    def _cache(self, logical_id: str, rtype: str, props: dict[str, Any]) -> None:
        notes: list[str] = []
        if rtype == CACHE_CLUSTER:
            engine = self.r.value(self.s, props.get("Engine", "redis"))
            count = self._int(props.get("NumCacheNodes", 1), "NumCacheNodes", notes) or 1
            azs_expr = props.get("PreferredAvailabilityZones") or props.get(
                "PreferredAvailabilityZone"
            )
            cache = Cache(logical_id, self.s.name, self.s.region, "cluster", notes=notes)
            if engine == "memcached":
                notes.append(
                    f"Memcached: {count} node(s), each holding a share of the keys; no "
                    "replication, so a lost node's keys are misses until refilled"
                )
        else:
            clusters = self._int(props.get("NumCacheClusters"), "NumCacheClusters", notes)
            if clusters is None:
                replicas = self._int(props.get("ReplicasPerNodeGroup", 0), "replicas", notes)
                clusters = 1 + (replicas or 0)
            count = clusters
            azs_expr = props.get("PreferredCacheClusterAZs")
            cache = Cache(logical_id, self.s.name, self.s.region, "replication-group", notes=notes)
            cache.automatic_failover = self._flag(
                props.get("AutomaticFailoverEnabled"), False, "AutomaticFailoverEnabled", notes
            )
            cache.multi_az = self._flag(props.get("MultiAZEnabled"), False, "MultiAZEnabled", notes)
        placement = Placement()
        azs: list[Az | None] = []
        if azs_expr is not None:
            value = self.r.value(self.s, azs_expr)
            for item in value if isinstance(value, list) else [value]:
                az = self._az_value(item)
                if isinstance(az, Unknown):
                    placement.unknown.append(str(az))
                    azs.append(None)
                else:
                    azs.append(az)
        azs = (azs + [None] * count)[:count]
        if any(a is None for a in azs):
            notes.append(
                "AZ of some nodes not set (ElastiCache picks them): counted as unknown; set "
                "PreferredCacheClusterAZs to prove the spread"
            )
        cache.nodes = azs
        self.region.caches.append(cache)

    def _distribution(self, logical_id: str, props: dict[str, Any]) -> None:
        config = props.get("DistributionConfig") or {}
        cdn = Cdn(logical_id, self.s.name)
        for origin in config.get("Origins") or []:
            if not isinstance(origin, dict):
                continue
            domain = self.r.value(self.s, origin.get("DomainName"))
            kind, target, region = "other", None, None
            if isinstance(domain, ResourceRef):
                owner = self.r.sources.get(domain.source)
                resource = (owner.resources.get(domain.logical_id) if owner else None) or {}
                rtype = resource.get("Type") if isinstance(resource, dict) else None
                target = f"{domain.source}/{domain.logical_id}"
                region = owner.region if owner else None
                kind = {ELBV2: "load-balancer", ELB: "load-balancer", S3_BUCKET: "s3"}.get(
                    str(rtype), "other"
                )
            elif "S3OriginConfig" in origin:
                kind = "s3"
            custom = origin.get("CustomOriginConfig") or {}
            found = CdnOrigin(str(origin.get("Id")), kind, target, region)
            if isinstance(domain, str):
                found.host = domain.rstrip(".").lower()
            notes: list[str] = []
            found.connection_timeout = float(
                self._int(origin.get("ConnectionTimeout", 10), "ConnectionTimeout", notes) or 10
            )
            found.connection_attempts = (
                self._int(origin.get("ConnectionAttempts", 3), "ConnectionAttempts", notes) or 3
            )
            found.read_timeout = float(
                self._int(custom.get("OriginReadTimeout", 30), "OriginReadTimeout", notes) or 30
            )
            cdn.origins[found.id] = found
        for group in (config.get("OriginGroups") or {}).get("Items") or []:
            if not isinstance(group, dict):
                continue
            members = [
                str(m.get("OriginId")) for m in (group.get("Members") or {}).get("Items") or []
            ]
            codes = (group.get("FailoverCriteria") or {}).get("StatusCodes") or {}
            cdn.groups[str(group.get("Id"))] = (
                members,
                [int(str(c)) for c in codes.get("Items") or []],
            )
        target = (config.get("DefaultCacheBehavior") or {}).get("TargetOriginId")
        cdn.target = str(target) if target is not None else None
        aliases = self.r.value(self.s, config.get("Aliases") or [])
        if isinstance(aliases, list):
            cdn.aliases = [a.rstrip(".").lower() for a in aliases if isinstance(a, str)]
        self.model.cdns.append(cdn)

    # -- network ------------------------------------------------------------------------------
    def _nat(self, logical_id: str, props: dict[str, Any]) -> None:
        if self.r.value(self.s, props.get("ConnectivityType", "public")) == "private":
            return
        placement = Placement()
        self.subnets(props.get("SubnetId"), placement)
        az = placement.azs[0] if placement.azs else None
        self.region.nats.append(
            Nat(logical_id, self.s.name, az, placement.unknown[0] if placement.unknown else None)
        )

    def _route(self, logical_id: str, props: dict[str, Any]) -> None:
        if props.get("DestinationCidrBlock") != "0.0.0.0/0" or "NatGatewayId" not in props:
            return
        nat = self.r.value(self.s, props["NatGatewayId"])
        table = self.r.value(self.s, props.get("RouteTableId"))
        if not isinstance(table, ResourceRef):
            return
        nat_name = nat.logical_id if isinstance(nat, ResourceRef) else None
        nat_az: Az | None = None
        if isinstance(nat, ResourceRef):
            owner = self.r.sources[nat.source]
            nat_props = (owner.resources.get(nat.logical_id) or {}).get("Properties") or {}
            placement = Placement()
            _Reader(self.r, owner, self.model).subnets(nat_props.get("SubnetId"), placement)
            nat_az = placement.azs[0] if placement.azs else None
        for resource in self.s.resources.values():
            if not isinstance(resource, dict) or resource.get("Type") != ROUTE_TABLE_ASSOCIATION:
                continue
            aprops = resource.get("Properties") or {}
            if self.r.value(self.s, aprops.get("RouteTableId")) != table:
                continue
            label, az = self.subnet_az(self.r.value(self.s, aprops.get("SubnetId")))
            self.region.routes.append(
                PrivateRoute(
                    subnet=label,
                    stack=self.s.name,
                    subnet_az=az if isinstance(az, Az) else None,
                    route_table=table.logical_id,
                    nat=nat_name,
                    nat_az=nat_az,
                )
            )

    # -- DNS ------------------------------------------------------------------------------------
    def _record(self, logical_id: str, props: dict[str, Any]) -> None:
        alias = props.get("AliasTarget") if isinstance(props.get("AliasTarget"), dict) else {}
        target_region = None
        target_name = None
        target_kind = None
        if alias:
            dns_name = self.r.value(self.s, alias.get("DNSName"))
            if isinstance(dns_name, ResourceRef):
                owner = self.r.sources.get(dns_name.source)
                target_region = owner.region if owner else None
                target_name = f"{dns_name.source}/{dns_name.logical_id}"
                resource = (owner.resources.get(dns_name.logical_id) if owner else None) or {}
                rtype = resource.get("Type") if isinstance(resource, dict) else None
                target_kind = {
                    DISTRIBUTION: "cdn",
                    ELBV2: "load-balancer",
                    ELB: "load-balancer",
                }.get(str(rtype))
            if self.r.value(self.s, alias.get("HostedZoneId")) == CLOUDFRONT_ZONE_ID:
                target_kind = "cdn"
        failover = self.r.value(self.s, props.get("Failover")) if "Failover" in props else None
        evaluate = (
            self.r.value(self.s, alias.get("EvaluateTargetHealth", False)) if alias else False
        )
        name = self.r.value(self.s, props.get("Name"))
        self.model.dns.append(
            DnsRecord(
                name=logical_id,
                stack=self.s.name,
                region=self.s.region,
                record_name=name if isinstance(name, str) else "?",
                failover=failover if isinstance(failover, str) else None,
                health_check="HealthCheckId" in props,
                evaluate_target_health=str(evaluate).lower() == "true",
                target_region=target_region or (self.s.region if alias else None),
                target=target_name,
                target_kind=target_kind,
            )
        )


def _link_cdn_routes(model: Model) -> None:
    """Follow the viewers' route through Route 53 to each distribution, and each origin's host
    name through Route 53 to the load balancers it reaches.

    A distribution is the entry point when a record aliases it; when the records of its own
    names (its Aliases) point at load balancers instead, viewers go around it and its origin
    failover protects nobody. An origin named by a host name the templates' records serve
    (``origin.shop.example.com``, failover-routed) reaches the PRIMARY record's load balancer
    while its health check passes, the SECONDARY's after."""
    by_name: dict[str, list[DnsRecord]] = {}
    for record in model.dns:
        by_name.setdefault(record.record_name.rstrip(".").lower(), []).append(record)
    for cdn in model.cdns:
        ours = f"{cdn.stack}/{cdn.name}"
        aliasing = [r for r in model.dns if r.target == ours]
        if not aliasing:
            # an alias to a CloudFront name the templates do not resolve (a literal)
            aliasing = [
                r
                for name in cdn.aliases
                for r in by_name.get(name, [])
                if r.target_kind == "cdn" and r.target is None
            ]
        around = [
            r
            for name in cdn.aliases
            for r in by_name.get(name, [])
            if r.target_kind == "load-balancer"
        ]
        if aliasing:
            cdn.entry = "fronted"
        elif around:
            cdn.entry = "bypassed"
            cdn.bypass = [f"{r.stack}/{r.name}" for r in around]
            model.notes.append(
                f"{ours}: viewers go around it ({', '.join(cdn.bypass)} send its name(s) "
                f"{', '.join(cdn.aliases)} to load balancers): its origin failover and WAF "
                "protect nobody, and it is not in the figures; alias the site's name to the "
                "distribution"
            )
        for origin in cdn.origins.values():
            records = by_name.get(origin.host or "", [])
            balancers = [r for r in records if r.target_kind == "load-balancer"]
            if origin.kind != "other" or not balancers:
                continue
            primary = [r for r in balancers if (r.failover or "").upper() == "PRIMARY"]
            first = (primary or balancers)[0]
            origin.kind = "load-balancer"
            origin.target = first.target
            origin.region = first.target_region
            routing = "failover" if primary else "alias"
            origin.via = f"Route 53 {routing} name {origin.host} ({first.stack}/{first.name})"


def quorum_clusters(region: RegionModel) -> dict[str, list[Fleet]]:
    """The member groups of every quorum cluster of ``region``, by cluster name."""
    clusters: dict[str, list[Fleet]] = {}
    for fleet in region.fleets:
        if fleet.quorum is not None:
            clusters.setdefault(fleet.quorum, []).append(fleet)
    return clusters


def members_left(members: list[Fleet], az: Az | None) -> list[Fleet]:
    """The members outside ``az``: a member of unknown placement counts as lost with it."""
    return [m for m in members if m.placement.azs and az not in m.placement.azs]


def quorum_cluster(resource: dict[str, Any]) -> str | None:
    """The cluster named in ``Metadata.hastack.quorum`` (set by the quorum component)."""
    meta = resource.get("Metadata")
    ours = meta.get("hastack") if isinstance(meta, dict) else None
    quorum = ours.get("quorum") if isinstance(ours, dict) else None
    cluster = quorum.get("cluster") if isinstance(quorum, dict) else None
    return cluster if isinstance(cluster, str) else None


def _region_of_az_names(azs: list[Az]) -> str | None:
    """``us-east-1`` when every AZ is an explicit name like ``us-east-1a`` of that region."""
    regions = set()
    for az in azs:
        match = re.fullmatch(r"([a-z]{2}(?:-gov)?-[a-z]+-\d)[a-z]", az.name)
        if not match:
            return None
        regions.add(match.group(1))
    return regions.pop() if len(regions) == 1 else None


def _identity(value: Any) -> str:
    """A key that names the same global cluster or instance from any stack."""
    if isinstance(value, ResourceRef):
        return f"{value.source}/{value.logical_id}"
    return str(value)


def global_identity(resolver: Resolver, value: Any) -> str:
    """The key of a global cluster: its literal name, else the stack/id of its resource."""
    if isinstance(value, ResourceRef):
        owner = resolver.sources.get(value.source)
        resource = owner.resources.get(value.logical_id) if owner else None
        if isinstance(resource, dict) and resource.get("Type") == GLOBAL_CLUSTER:
            name = (resource.get("Properties") or {}).get("GlobalClusterIdentifier")
            if isinstance(name, str):
                return name
    return _identity(value)


def _link_global_clusters(resolver: Resolver, sources: list[AnalysisSource], model: Model) -> None:
    """A GlobalCluster built around an existing cluster (SourceDBClusterIdentifier) makes that
    cluster the global primary, though the cluster itself names no global cluster."""
    databases = {(db.stack, db.name): db for r in model.regions for db in r.databases}
    for source in sources:
        for logical_id, resource in source.resources.items():
            if not isinstance(resource, dict) or resource.get("Type") != GLOBAL_CLUSTER:
                continue
            props = resource.get("Properties") or {}
            ident = global_identity(resolver, ResourceRef(source.name, logical_id))
            origin = resolver.value(source, props.get("SourceDBClusterIdentifier"))
            if isinstance(origin, ResourceRef):
                db = databases.get((origin.source, origin.logical_id))
                if db is not None:
                    db.global_cluster = ident
                    db.global_role = "primary"


def _link_global_roles(model: Model) -> None:
    """A GlobalCluster resource names its primary through SourceDBClusterIdentifier."""
    members = [db for r in model.regions for db in r.databases if db.global_cluster]
    groups: dict[str, list[Database]] = {}
    for db in members:
        groups.setdefault(db.global_cluster or "", []).append(db)
    for group in groups.values():
        if not any(db.global_role == "primary" for db in group) and group:
            group[0].global_role = "primary"
