"""Deletes: failures keep the stack, every resource type is removed, Snapshot deletion policy."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from moto.cloudformation import models as cfn_models
from moto.cloudformation import parsing
from moto.cloudformation.exceptions import ValidationError

from hastack.deploy.local.compat.patches._common import (
    _once,
    _reason,
)
from hastack.deploy.local.compat.patches.events import _report_delete_failures


def _find_stack(backend: Any, name_or_id: str) -> Any:
    if name_or_id in backend.stacks:
        return backend.stacks[name_or_id]
    for stack in backend.stacks.values():
        if stack.name == name_or_id:
            return stack
    return None


@_once("deletes")
def failed_deletes_keep_the_stack() -> None:
    """moto: a failing resource delete makes DeleteStack error and the stack vanishes from
    ``list_stacks``. AWS: DeleteStack succeeds, the stack ends DELETE_FAILED with a reason."""
    backend_class = cfn_models.CloudFormationBackend
    original = backend_class.delete_stack

    def delete_stack(self: Any, name_or_stack_id: str) -> None:
        stack = _find_stack(self, name_or_stack_id)
        if stack is None:
            return original(self, name_or_stack_id)
        if stack.enable_termination_protection:
            raise ValidationError(
                stack.name,
                message=f"Stack [{stack.name}] cannot be deleted while TerminationProtection "
                "is enabled",
            )
        try:
            original(self, stack.stack_id)
        except Exception as error:  # noqa: BLE001 - keep the stack, as AWS does
            self.deleted_stacks.pop(stack.stack_id, None)
            self.stacks[stack.stack_id] = stack
            _report_delete_failures(stack)
            stack.status = "DELETE_FAILED"
            stack._add_stack_event("DELETE_FAILED", resource_status_reason=_reason(error))

    backend_class.delete_stack = delete_stack


@_once("route_tables")
def route_tables_can_be_deleted() -> None:
    """moto: RouteTable, Route and SubnetRouteTableAssociation have no delete, so the VPC's
    delete fails and so does every stack with a VPC. AWS: they are deleted in order."""
    from moto.ec2.models import ec2_backends
    from moto.ec2.models.route_tables import Route, RouteTable
    from moto.ec2.models.subnets import SubnetRouteTableAssociation

    def delete_route_table(self: Any, account_id: str, region_name: str) -> None:
        backend = ec2_backends[account_id][region_name]
        if self.id not in backend.route_tables:
            return
        for association_id in list(self._associations):
            backend.disassociate_route_table(association_id)
        backend.delete_route_table(self.id)

    def delete_route(self: Any, account_id: str, region_name: str) -> None:
        backend = ec2_backends[account_id][region_name]
        table = self.route_table
        if table.id in backend.route_tables and self.id in table.routes:
            del table.routes[self.id]

    def delete_association(self: Any, account_id: str, region_name: str) -> None:
        backend = ec2_backends[account_id][region_name]
        for table in backend.route_tables.values():
            for association_id, subnet_id in list(table._associations.items()):
                if subnet_id == self.subnet_id and table.id == self.route_table_id:
                    backend.disassociate_route_table(association_id)

    _add_deletes(
        (
            (RouteTable, delete_route_table),
            (Route, delete_route),
            (SubnetRouteTableAssociation, delete_association),
        )
    )


@_once("leftovers")
def leftovers_are_deleted() -> None:
    """moto: several types have no delete, so after DeleteStack the hosted zone, health check,
    NAT gateways, Elastic IPs, internet gateway, target group, listeners and flow log were still
    listed. AWS: a deleted stack leaves nothing (except ``DeletionPolicy: Retain``)."""
    from moto.ec2.models import ec2_backends
    from moto.ec2.models.elastic_ip_addresses import ElasticAddress
    from moto.ec2.models.flow_logs import FlowLogs
    from moto.ec2.models.internet_gateways import InternetGateway
    from moto.ec2.models.nat_gateways import NatGateway
    from moto.ec2.models.vpn_gateway import VPCGatewayAttachment
    from moto.elbv2.models import FakeListener, FakeTargetGroup, elbv2_backends
    from moto.route53.models import FakeZone, HealthCheck, route53_backends

    def ec2(account_id: str, region_name: str) -> Any:
        return ec2_backends[account_id][region_name]

    def delete_nat(self: Any, account_id: str, region_name: str) -> None:
        ec2(account_id, region_name).delete_nat_gateway(self.id)

    def release_eip(self: Any, account_id: str, region_name: str) -> None:
        backend = ec2(account_id, region_name)
        if self.allocation_id and backend.address_by_allocation([self.allocation_id]):
            backend.release_address(allocation_id=self.allocation_id)

    def delete_gateway(self: Any, account_id: str, region_name: str) -> None:
        backend = ec2(account_id, region_name)
        if self.id in backend.internet_gateways:
            backend.delete_internet_gateway(self.id)

    def detach_gateway(self: Any, account_id: str, region_name: str) -> None:
        backend = ec2(account_id, region_name)
        gateway = backend.internet_gateways.get(self.gateway_id)
        if gateway is not None and gateway.vpc is not None:
            backend.detach_internet_gateway(self.gateway_id, self.vpc_id)

    def delete_flow_log(self: Any, account_id: str, region_name: str) -> None:
        ec2(account_id, region_name).delete_flow_logs([self.id])

    def delete_target_group(self: Any, account_id: str, region_name: str) -> None:
        backend = elbv2_backends[account_id][region_name]
        if self.arn in backend.target_groups:
            backend.delete_target_group(self.arn)

    def delete_listener(self: Any, account_id: str, region_name: str) -> None:
        backend = elbv2_backends[account_id][region_name]
        if any(self.arn in lb.listeners for lb in backend.load_balancers.values()):
            backend.delete_listener(self.arn)  # deleting the load balancer already removed it

    def delete_zone(self: Any, account_id: str, region_name: str) -> None:
        backend = route53_backends[account_id]["aws"]
        if self.resource_id in backend.zones:
            backend.delete_hosted_zone(self.resource_id)

    def delete_health_check(self: Any, account_id: str, region_name: str) -> None:
        route53_backends[account_id]["aws"].delete_health_check(self.id)

    _add_deletes(
        (
            (NatGateway, delete_nat),
            (ElasticAddress, release_eip),
            (InternetGateway, delete_gateway),
            (VPCGatewayAttachment, detach_gateway),
            (FlowLogs, delete_flow_log),
            (FakeTargetGroup, delete_target_group),
            (FakeListener, delete_listener),
            (FakeZone, delete_zone),
            (HealthCheck, delete_health_check),
        )
    )


def _add_deletes(pairs: Iterable[tuple[type, Callable[..., None]]]) -> None:
    """Give each moto model the delete handler it lacks; one moto already has stays."""
    for model, delete in pairs:
        if not hasattr(model, "delete"):
            model.delete = delete


@_once("snapshot_policy")
def snapshot_deletion_policy() -> None:
    """moto: ``DeletionPolicy: Snapshot`` was ignored (the data was simply gone). AWS: a final
    snapshot of the cluster or standalone instance is taken before it is deleted."""
    from moto.rds.models import rds_backends

    from hastack.deploy.local.compat.rds import DBClusterHandler, DBInstanceHandler

    original = parsing.ResourceMap._delete_resource

    def _delete_resource(self: Any, parsed_resource: Any, resource_json: dict) -> None:
        if resource_json.get("DeletionPolicy") == "Snapshot":
            _final_snapshot(parsed_resource, rds_backends, DBClusterHandler, DBInstanceHandler)
        original(self, parsed_resource, resource_json)

    parsing.ResourceMap._delete_resource = _delete_resource


def _final_snapshot(
    resource: Any, rds_backends: Any, cluster_type: type, instance_type: type
) -> None:
    if not isinstance(resource, cluster_type | instance_type):
        return
    backend = rds_backends[resource.account_id][resource.region_name]
    if isinstance(resource, cluster_type):
        cluster_id = resource.resource.db_cluster_identifier
        name = f"{cluster_id}-final-snapshot"
        cluster = backend.clusters.get(cluster_id)
        if cluster is None or cluster.deletion_protection or name in backend.cluster_snapshots:
            return  # the delete itself fails (protection) or already snapshotted (a retry)
        backend.create_db_cluster_snapshot(cluster_id, name)
        return
    database = backend.databases.get(resource.resource.db_instance_identifier)
    if database is None or database.db_cluster_identifier or database.deletion_protection:
        return  # Aurora members are covered by their cluster's snapshot
    name = f"{database.db_instance_identifier}-final-snapshot"
    if name not in backend.database_snapshots:
        backend.create_db_snapshot(database.db_instance_identifier, name)
