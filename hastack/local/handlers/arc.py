"""ARC zonal autoshift: moto has no ARC zonal shift service, so the engine checks what AWS
checks at create (the load balancer exists, zonal shift is enabled on it, the outcome alarms
exist) and keeps the configuration on the resource only; nothing shifts traffic locally."""

from __future__ import annotations

from typing import Any

from hastack.local.errors import ResourceFailure
from hastack.local.handlers.base import Context, Handler, Live, register


@register
class ZonalAutoshiftConfigurationHandler(Handler):
    type = "AWS::ARCZonalShift::ZonalAutoshiftConfiguration"
    replace_on = ("ResourceIdentifier",)
    emulates = (
        "checked (load balancer with zonal shift enabled, outcome alarms exist) and kept by "
        "the engine; moto has no ARC zonal shift, nothing shifts locally"
    )

    def create(self, ctx: Context, props: dict[str, Any]) -> Live:
        self._check(ctx, props)
        return Live(physical_id=str(props["ResourceIdentifier"]))

    def update(self, ctx: Context, live: Live, old: dict[str, Any], new: dict[str, Any]) -> Live:
        self._check(ctx, new)
        return live

    def delete(self, ctx: Context, live: Live, props: dict[str, Any]) -> None:
        """Nothing is kept outside the resource."""

    def _check(self, ctx: Context, props: dict[str, Any]) -> None:
        arn = str(props.get("ResourceIdentifier"))
        elbv2 = ctx.backend("elbv2")
        balancer = elbv2.load_balancers.get(arn)
        if balancer is None:
            raise ResourceFailure(f"ResourceIdentifier {arn} is not a load balancer")
        attributes = elbv2.describe_load_balancer_attributes(arn)
        if str(attributes.get("zonal_shift.config.enabled")).lower() != "true":
            raise ResourceFailure(
                f"zonal shift is not enabled on {arn} (zonal_shift.config.enabled)"
            )
        practice = props.get("PracticeRunConfiguration") or {}
        if props.get("ZonalAutoshiftStatus") == "ENABLED" and not practice.get("OutcomeAlarms"):
            raise ResourceFailure("zonal autoshift needs a practice run with outcome alarms")
        names = {a.alarm_arn for a in ctx.backend("cloudwatch").describe_alarms()}
        for alarm in practice.get("OutcomeAlarms", []) + practice.get("BlockingAlarms", []):
            if alarm.get("AlarmIdentifier") not in names:
                raise ResourceFailure(f"alarm {alarm.get('AlarmIdentifier')} does not exist")
