"""CloudFront and ElastiCache in the availability and resilience model: each figure moves the
right way when the template takes away the failover, the replicas or their spread."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from hastack.analysis.availability import estimate_availability
from hastack.analysis.resilience import check_resilience
from hastack.analysis.sources import load_sources
from hastack.analysis.topology import Model, build_model
from tests.conftest import EXAMPLES


def model_of(example: str, change: Callable[[dict[str, Any]], None] | None = None) -> Model:
    """The example's model, after ``change`` edited the resources of each of its stacks."""
    sources = load_sources(str(EXAMPLES / example))
    if change is not None:
        for source in sources:
            change(source.body["Resources"])
    return build_model(sources)


def cache_props(resources: dict[str, Any]) -> dict[str, Any]:
    return resources["CacheReplicationGroup"]["Properties"] if resources else {}


def edit_cache(**props: Any) -> Callable[[dict[str, Any]], None]:
    def change(resources: dict[str, Any]) -> None:
        group = cache_props(resources)
        for key, value in props.items():
            if value is None:
                group.pop(key, None)
            else:
                group[key] = value

    return change


def minutes(model: Model, mode: str, inputs: Any = None) -> float:
    report = estimate_availability(model, inputs=inputs)
    assert report.downtime_model is not None
    return report.downtime_model.mode(mode).minutes


def cache_check(model: Model, lost: str) -> Any:
    report = check_resilience(model)
    (scenario,) = [s for s in report.scenarios if s.kind == "az" and s.lost == lost]
    (check,) = [c for c in scenario.checks if c.part == "cache"]
    return check


# -- ElastiCache -------------------------------------------------------------------------------


def test_the_replicated_cache_fails_over_within_the_az_impairment() -> None:
    model = model_of("cache.py")
    (group,) = model.regions[0].caches
    assert [str(a) for a in group.nodes] == ["AZ-1", "AZ-2", "AZ-3"]
    assert group.automatic_failover and group.multi_az
    report = estimate_availability(model)
    (part,) = [p for r in report.regions for p in r.parts if p.tier == "cache"]
    assert part.sla == "elasticache-multi-az" and part.availability == 0.9999
    mode = report.downtime_model.mode("cache-node-failure")
    assert mode.contributions[0].recovery == 60  # the promotion, not a replacement
    check = cache_check(model, "AZ-1")
    assert check.status == "pass" and "promotes the replica in AZ-2" in check.detail


def test_without_automatic_failover_the_cache_is_down_for_the_whole_az_impairment() -> None:
    spread = model_of("cache.py")
    off = model_of("cache.py", edit_cache(AutomaticFailoverEnabled=False, MultiAZEnabled=False))
    assert minutes(off, "az-impairment") > minutes(spread, "az-impairment")
    assert minutes(off, "cache-node-failure") == pytest.approx(
        10 * minutes(spread, "cache-node-failure")
    )
    assert estimate_availability(off).availability < estimate_availability(spread).availability
    parts = [p for r in estimate_availability(off).regions for p in r.parts if p.tier == "cache"]
    assert parts[0].sla == "elasticache-single"
    check = cache_check(off, "AZ-1")
    assert check.status == "fail" and "automatic failover off" in check.detail


def test_replicas_in_the_primarys_az_or_no_replica_bind_the_cache_to_one_az() -> None:
    spread = model_of("cache.py")
    azs = {"Fn::Select": [0, {"Fn::GetAZs": ""}]}
    same = model_of("cache.py", edit_cache(PreferredCacheClusterAZs=[azs, azs, azs]))
    assert minutes(same, "az-impairment") > minutes(spread, "az-impairment")
    assert "every replica sits in the primary's AZ" in cache_check(same, "AZ-1").detail
    single = model_of(
        "cache.py",
        edit_cache(
            NumCacheClusters=1,
            PreferredCacheClusterAZs=[azs],
            AutomaticFailoverEnabled=False,
            MultiAZEnabled=False,
        ),
    )
    assert minutes(single, "az-impairment") > minutes(spread, "az-impairment")
    assert "one node, bound to its AZ" in cache_check(single, "AZ-1").detail
    assert cache_check(single, "AZ-2").status == "pass"


def test_nodes_whose_az_the_template_does_not_set_never_pass() -> None:
    unplaced = model_of("cache.py", edit_cache(PreferredCacheClusterAZs=None))
    check = cache_check(unplaced, "AZ-1")
    assert check.status == "fail" and "not set" in check.detail
    report = estimate_availability(unplaced)
    (part,) = [p for r in report.regions for p in r.parts if p.tier == "cache"]
    assert part.sla == "elasticache-single"


# -- CloudFront --------------------------------------------------------------------------------


def distribution(resources: dict[str, Any]) -> dict[str, Any] | None:
    found = resources.get("Distribution")
    return found["Properties"]["DistributionConfig"] if found else None


def region_check(model: Model, lost: str, part: str) -> Any:
    report = check_resilience(model)
    (scenario,) = [s for s in report.scenarios if s.kind == "region" and s.lost == lost]
    return next(c for c in scenario.checks if c.part == part)


def test_the_origin_group_carries_viewers_to_the_standby_region() -> None:
    model = model_of("cdn.py")
    (cdn,) = model.cdns
    assert [(o.id, o.region) for o in cdn.chain()] == [
        ("primary", "us-east-1"),
        ("secondary", "us-west-2"),
    ]
    assert cdn.failover_codes == [500, 502, 503, 504]
    check = region_check(model, "us-east-1", "cdn")
    assert check.status == "pass" and "10 s × 2 attempts" in check.detail
    report = estimate_availability(model)
    assert report.edge is not None and report.edge.sla == "cloudfront"
    (contribution,) = report.downtime_model.mode("region-impairment").contributions
    assert "CloudFront origin group" in contribution.why and contribution.detection == 0


def test_without_the_origin_group_a_region_loss_strands_the_viewers() -> None:
    """DNS failover records do not move a distribution's origin: with the primary load
    balancer as its only origin, viewers are lost for the whole regional event."""
    from hastack.analysis.failures import FailureInputs

    def single_origin(resources: dict[str, Any]) -> None:
        config = distribution(resources)
        if config is not None:
            config["DefaultCacheBehavior"]["TargetOriginId"] = "primary"

    grouped, single = model_of("cdn.py"), model_of("cdn.py", single_origin)
    reads = FailureInputs(write_share=0.2)  # the writer's promotion costs writes either way
    assert minutes(single, "region-impairment", reads) == pytest.approx(0.1 * 240)
    assert minutes(grouped, "region-impairment", reads) < 0.2 * 0.1 * 240
    check = region_check(single, "us-east-1", "cdn")
    assert check.status == "fail" and "no origin group" in check.detail


def test_a_sorry_page_as_the_second_origin_is_no_region_failover() -> None:
    def to_sorry(resources: dict[str, Any]) -> None:
        config = distribution(resources)
        if config is not None:
            members = config["OriginGroups"]["Items"][0]["Members"]["Items"]
            members[1]["OriginId"] = "sorry"

    check = region_check(model_of("cdn.py", to_sorry), "us-east-1", "cdn")
    assert check.status == "fail" and "sorry page" in check.detail


def test_origin_timeouts_and_attempts_are_read_from_the_template() -> None:
    def quick(resources: dict[str, Any]) -> None:
        config = distribution(resources)
        if config is not None:
            config["Origins"][0]["ConnectionTimeout"] = 4
            config["Origins"][0]["ConnectionAttempts"] = 1

    (cdn,) = model_of("cdn.py", quick).cdns
    assert cdn.chain()[0].give_up_seconds == 4
    assert "4 s × 1 attempts" in region_check(model_of("cdn.py", quick), "us-east-1", "cdn").detail


def test_the_distribution_is_in_series_and_has_an_impairment_mode_of_its_own() -> None:
    with_cdn = estimate_availability(model_of("cdn.py"))
    without = estimate_availability(model_of("multi_region.py"))
    assert with_cdn.sla_availability < without.sla_availability  # CloudFront's 99.9% SLA
    assert with_cdn.downtime_model.mode("edge-impairment").minutes == pytest.approx(0.1 * 60)
    assert without.downtime_model.mode("edge-impairment").minutes == 0


# -- the viewers' route: Route 53 → CloudFront → origin group → load balancers ----------------


def around_the_distribution(resources: dict[str, Any]) -> None:
    """The routing before the site's name aliased the distribution: the failover records
    claim the site's name for the load balancers, and no record aliases CloudFront."""
    if "AliasRecord" in resources:
        del resources["AliasRecord"], resources["AliasRecordIpv6"]
        for name in ("PrimaryOriginRecord", "SecondaryOriginRecord"):
            resources[name]["Properties"]["Name"] = "shop.example.com"


def test_the_site_name_leads_through_cloudfront_and_the_failover_name_to_the_regions() -> None:
    model = model_of("cdn.py")
    (cdn,) = model.cdns
    assert cdn.entry == "fronted" and cdn.serves
    (site,) = [r for r in model.dns if r.name == "AliasRecord"]
    assert site.target_kind == "cdn" and site.target == f"{cdn.stack}/{cdn.name}"
    primary, secondary = cdn.chain()[:2]
    # the primary origin is a host name: Route 53's failover record leads to the primary LB
    assert (primary.host, primary.kind, primary.region) == (
        "origin.shop.example.com",
        "load-balancer",
        "us-east-1",
    )
    assert primary.via is not None and "failover name origin.shop.example.com" in primary.via
    assert (secondary.kind, secondary.region) == ("load-balancer", "us-west-2")


def test_viewers_routed_around_the_distribution_get_dns_failover_and_no_cloudfront() -> None:
    """The direction: when the site's records send viewers to the load balancers, CloudFront
    is neither in the serving path (SLA, its own impairment) nor what moves them in a region
    loss; Route 53's failover does, minutes later, and the report says the CDN is bypassed."""
    through, around = model_of("cdn.py"), model_of("cdn.py", around_the_distribution)
    (bypassed,) = around.cdns
    assert bypassed.entry == "bypassed" and not bypassed.serves
    assert any("viewers go around it" in note for note in around.notes)
    via_cdn, via_dns = estimate_availability(through), estimate_availability(around)
    assert via_cdn.edge is not None and via_dns.edge is None
    assert via_dns.sla_availability > via_cdn.sla_availability
    assert via_dns.downtime_model.mode("edge-impairment").minutes == 0
    assert via_cdn.downtime_model.mode("edge-impairment").minutes > 0
    (per_request,) = via_cdn.downtime_model.mode("region-impairment").contributions
    (by_dns,) = via_dns.downtime_model.mode("region-impairment").contributions
    assert per_request.detection == 0 and by_dns.detection > 0
    assert "Route 53 health check" in by_dns.why and "CloudFront" not in by_dns.why
    check = region_check(around, "us-east-1", "cdn")
    assert check.status == "warn" and "origin group moves nobody" in check.detail
    assert region_check(through, "us-east-1", "cdn").status == "pass"


def test_one_region_behind_its_distribution_is_fronted_and_without_the_alias_bypassed() -> None:
    """HAWebApp(cdn, dns): the alias is ``GetAtt Distribution.DomainName`` in the same stack."""
    from tests.blueprints.test_cdn_option import named_web

    (source,) = load_sources(named_web())
    (cdn,) = build_model([source]).cdns
    assert cdn.entry == "fronted"
    for suffix in ("", "Ipv6"):  # the records as they were: the site's name to the LB
        alias = source.body["Resources"][f"AliasRecord{suffix}"]["Properties"]["AliasTarget"]
        alias["DNSName"] = {"Fn::GetAtt": ["LoadBalancer", "DNSName"]}
        alias["HostedZoneId"] = {"Fn::GetAtt": ["LoadBalancer", "CanonicalHostedZoneID"]}
    around = build_model([source])
    assert around.cdns[0].entry == "bypassed" and around.serving_cdns == []
    assert estimate_availability(around).edge is None
