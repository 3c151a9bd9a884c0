"""DNS failover: mark the primary's health check failing and show what Route 53 would answer.

The health check is *inverted* (``update-health-check --inverted``): on AWS that turns a passing
check into a failing one within a probe interval, without touching the application, and the
drill puts it back afterwards. The emulator stores the change but never evaluates health checks
(they always report success), so the answer is modelled from the failover records, the health
check settings and the reported probe results (:mod:`hastack.drills.dns_model`); the report says
which parts the emulator did and which the model did.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from hastack.drills.dns_model import FailoverRecord, HealthCheckState, failover_answer
from hastack.drills.inventory import DeployedResource, of_type
from hastack.drills.model import DrillResult, timed

NAME = "dns-failover"
HEALTH_CHECK_TYPE = "AWS::Route53::HealthCheck"


def run(target: Any, resources: Sequence[DeployedResource]) -> list[DrillResult]:
    checks = {r.physical_id: r for r in of_type(resources, HEALTH_CHECK_TYPE)}
    if not checks:
        return [
            DrillResult(NAME, "app", None, skipped_reason="the app has no Route 53 health check")
        ]
    route53 = target.client("route53")
    groups = _failover_groups(route53, set(checks))
    if not groups:
        return [
            DrillResult(
                NAME,
                "app",
                None,
                skipped_reason="the app has no PRIMARY/SECONDARY failover records with its "
                "health checks (a single-region app has nowhere to fail over to)",
            )
        ]
    results = []
    for (_, name, record_type), records in sorted(groups.items()):
        ordered = sorted(records, key=lambda r: r.role != "PRIMARY")
        subject = next(
            (checks[r.health_check_id] for r in ordered if r.health_check_id in checks), None
        )
        results.append(_drill_pair(route53, name, record_type, records, subject))
    return results


def _failover_groups(
    route53: Any, check_ids: set[str]
) -> dict[tuple[str, str, str], list[FailoverRecord]]:
    """Failover records that use one of the app's health checks, by (zone, name, type).

    Keyed by zone too: two zones may hold the same name (a public and a private zone, or
    two deployments of the same app), and each answers on its own.
    """
    groups: dict[tuple[str, str, str], list[FailoverRecord]] = defaultdict(list)
    for zone in _paged(route53, "list_hosted_zones", "HostedZones"):
        zone_id = zone["Id"].split("/")[-1]
        for record in _paged(
            route53, "list_resource_record_sets", "ResourceRecordSets", HostedZoneId=zone_id
        ):
            if "Failover" not in record:
                continue
            alias = record.get("AliasTarget") or {}
            recs = FailoverRecord(
                zone_id=zone_id,
                name=record["Name"].rstrip("."),
                type=record["Type"],
                role=record["Failover"],
                set_identifier=record.get("SetIdentifier", ""),
                target=(alias.get("DNSName") or "").rstrip(".")
                or ",".join(v["Value"] for v in record.get("ResourceRecords", [])),
                health_check_id=record.get("HealthCheckId"),
                evaluate_target_health=bool(alias.get("EvaluateTargetHealth")),
            )
            groups[(zone_id, recs.name, recs.type)].append(recs)
    return {
        key: recs
        for key, recs in groups.items()
        if any(r.health_check_id in check_ids for r in recs)
        and {r.role for r in recs} >= {"PRIMARY"}
    }


def _paged(client: Any, method: str, key: str, **kwargs: Any) -> list[dict[str, Any]]:
    if client.can_paginate(method):
        items: list[dict[str, Any]] = []
        for page in client.get_paginator(method).paginate(**kwargs):
            items.extend(page.get(key, []))
        return items
    return list(getattr(client, method)(**kwargs).get(key, []))


def _state(route53: Any, check_id: str) -> tuple[HealthCheckState, str]:
    config = route53.get_health_check(HealthCheckId=check_id)["HealthCheck"]["HealthCheckConfig"]
    observations = route53.get_health_check_status(HealthCheckId=check_id)[
        "HealthCheckObservations"
    ]
    reports = [o.get("StatusReport", {}).get("Status", "") for o in observations]
    probes_ok = bool(reports) and all(r.startswith("Success") for r in reports)
    state = HealthCheckState(
        probes_ok=probes_ok,
        inverted=bool(config.get("Inverted")),
        disabled=bool(config.get("Disabled")),
    )
    reported = reports[0].split(".")[0] if reports else "no observations"
    return state, reported


def _describe(
    route53: Any, records: list[FailoverRecord]
) -> tuple[dict[str, HealthCheckState], list[str]]:
    states: dict[str, HealthCheckState] = {}
    lines = []
    for record in sorted(records, key=lambda r: r.role != "PRIMARY"):
        if record.health_check_id is None:
            lines.append(f"{record.role} -> {record.target}: no health check (always healthy)")
            continue
        state, reported = _state(route53, record.health_check_id)
        states[record.health_check_id] = state
        lines.append(
            f"{record.role} -> {record.target}: health check {record.health_check_id} "
            f"probes '{reported}' (emulator), inverted {state.inverted}, "
            f"disabled {state.disabled} => {'healthy' if state.healthy else 'UNHEALTHY'} (model)"
        )
    return states, lines


@timed
def _drill_pair(
    route53: Any,
    name: str,
    record_type: str,
    records: list[FailoverRecord],
    subject: DeployedResource | None,
) -> DrillResult:
    result = DrillResult(
        NAME,
        subject.subject if subject else f"{name} {record_type}",
        subject.region if subject else None,
    )
    primary = next(r for r in records if r.role == "PRIMARY")
    secondary = next((r for r in records if r.role == "SECONDARY"), None)
    states, lines = _describe(route53, records)
    answer = failover_answer(records, states)
    result.before.extend(lines)
    result.before.append(f"{name} {record_type} answers {_target(answer)} (model)")
    if not result.check(
        f"{name} answers the PRIMARY ({primary.target}) before the drill", answer is primary
    ):
        return result
    if secondary is None:
        result.check(f"{name} has a SECONDARY record to fail over to", False)
        return result
    if primary.health_check_id is None:
        result.check("the PRIMARY record has a health check (else it never fails over)", False)
        return result
    check_id = primary.health_check_id
    route53.update_health_check(HealthCheckId=check_id, Inverted=True)
    result.actions.append(f"inverted the PRIMARY health check {check_id}: it now reports failure")
    try:
        stored = route53.get_health_check(HealthCheckId=check_id)["HealthCheck"]
        result.check(
            "the emulator stored the inverted health check",
            bool(stored["HealthCheckConfig"].get("Inverted")),
        )
        states, lines = _describe(route53, records)
        after = failover_answer(records, states)
        result.after.extend(lines)
        result.after.append(f"{name} {record_type} answers {_target(after)} (model)")
        result.check(
            f"{name} answers the SECONDARY ({secondary.target}) once the primary fails",
            after is secondary,
        )
    finally:
        route53.update_health_check(HealthCheckId=check_id, Inverted=False)
        result.actions.append(f"restored the PRIMARY health check {check_id}")
    result.notes.append(
        "the emulator never probes endpoints (every health check reports success); the DNS "
        "answers come from Route 53's failover rules applied to the stored records and checks"
    )
    if any(r.evaluate_target_health for r in records):
        result.notes.append(
            "EvaluateTargetHealth is on: on AWS an alias whose load balancer has no healthy "
            "targets fails over too; the emulator has no target health to evaluate"
        )
    return result


def _target(record: FailoverRecord | None) -> str:
    return "nothing" if record is None else f"{record.target} ({record.role})"
