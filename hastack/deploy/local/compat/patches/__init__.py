"""Small, idempotent patches that make moto 5.2's CloudFormation behave like AWS where a
deploy tool notices. Each patch says what moto does and what AWS does; ``apply()`` runs them
once, in an order that matters (later wrappers wrap earlier ones).

They wrap moto functions (never copy them), so a moto upgrade that changes a signature fails
the tests in ``tests/local/`` rather than silently misbehaving; pyproject pins the tested range.
"""

from __future__ import annotations

from hastack.deploy.local.compat.patches import (
    attributes,
    changesets,
    deletes,
    events,
    intrinsics,
    lifecycle,
    placement,
)
from hastack.deploy.local.compat.patches.intrinsics import availability_zones

__all__ = ["apply", "availability_zones"]


def apply() -> None:
    intrinsics.unsupported_types_get_placeholders()
    intrinsics.intrinsics_follow_the_region()
    attributes.load_balancer_attributes()
    attributes.subnet_group_ref_is_its_name()
    events.per_resource_events()
    lifecycle.failed_creates_roll_back()
    lifecycle.change_sets_behave_like_create_and_update()
    deletes.failed_deletes_keep_the_stack()
    lifecycle.noop_updates_are_refused()
    lifecycle.termination_protection()
    deletes.route_tables_can_be_deleted()
    lifecycle.outputs_of_failed_stacks()
    attributes.listener_certificates_need_not_exist()
    attributes.ingress_rules_have_an_id()
    attributes.subnet_attributes()
    changesets.diffs_ignore_empty_properties()
    deletes.leftovers_are_deleted()
    attributes.load_balancer_attributes_are_applied()
    deletes.snapshot_deletion_policy()
    changesets.change_sets_say_what_is_replaced()
    events.resource_statuses_come_from_events()
    placement.instances_spread_over_azs()
