"""The traffic model: usage figures derived from requests per second, the file still winning."""

from __future__ import annotations

from decimal import Decimal

import pytest

from hastack.cost.api import estimate
from hastack.cost.traffic import Traffic, alb_lcus, nlb_lcus, usage_from_traffic
from hastack.errors import UsageError
from tests.cost.conftest import FIXTURES

D = Decimal
SECONDS = D(730 * 3600)


def test_alb_lcus_are_the_largest_billed_dimension():
    # 100 req/s of 1 KB in and 99 KB out: 100 x 100,000 B x 2,628,000 s / 2^30 = 24,475.1 GiB
    # a month, 33.53 GiB an hour > 4 new connections/s / 25 and 100 active / 3,000.
    traffic = Traffic(requests_per_second=D(100), request_bytes=D(1000), response_bytes=D(99000))
    gib_per_hour = D(100) * D(100_000) * SECONDS / D(2**30) / 730
    assert alb_lcus(traffic) == gib_per_hour
    # Few bytes, many connections: 250 new connections/s -> 10 LCU
    chatty = Traffic(
        requests_per_second=D(1),
        request_bytes=D(1),
        response_bytes=D(1),
        new_connections_per_second=D(250),
    )
    assert alb_lcus(chatty) == D(10)
    assert nlb_lcus(chatty) == D(250) / 800


def test_usage_is_derived_per_resource_type_and_for_data_transfer():
    traffic = Traffic(
        requests_per_second=D(10),
        request_bytes=D(1024),
        response_bytes=D(4096),
        write_share=D("0.25"),
    )
    usage = usage_from_traffic(
        traffic,
        {
            "Fn": "AWS::Lambda::Function",
            "Table": "AWS::DynamoDB::Table",
            "Nat": "AWS::EC2::NatGateway",
            "Vpc": "AWS::EC2::VPC",
        },
    )
    requests = D(10) * SECONDS
    assert usage["Fn"]["requests_millions"] == requests / 1_000_000
    # writes: 25% x 1 WRU (1 KB); reads: 75% x 1 RRU (4 KB) halved (eventually consistent)
    assert usage["Table"]["writes_millions"] == requests * D("0.25") / 1_000_000
    assert usage["Table"]["reads_millions"] == requests * D("0.75") / 2 / 1_000_000
    gib = requests * (1024 + 4096) / D(2**30)
    assert usage["Nat"]["gb_processed"] == gib * D("0.1")
    assert usage["data_transfer"]["inter_az_gb"] == gib / 2  # two AZs: half the bytes cross
    assert "Vpc" not in usage


def test_the_usage_file_traffic_entry_drives_the_estimate_and_its_own_figures_win(tmp_path):
    usage = tmp_path / "usage.yaml"
    usage.write_text(
        "traffic: {requests_per_second: 20, availability_zones: 3}\nFileSystem: {storage_gb: 50}\n"
    )
    result = estimate(str(FIXTURES / "apps" / "fargate_alb_efs.yaml"), usage=str(usage))
    lcu = next(c for c in result.resource("LoadBalancer").components if "capacity" in c.name)
    traffic = Traffic(requests_per_second=D(20), availability_zones=3)
    assert lcu.quantity == alb_lcus(traffic) * 730
    storage = result.resource("FileSystem").components[0]
    assert storage.quantity == D(50)


def test_an_unknown_traffic_key_is_a_usage_error():
    with pytest.raises(UsageError, match="traffic.rps: unknown"):
        Traffic.from_mapping({"rps": 5})


CDN_EXAMPLE = FIXTURES.parents[2] / "examples" / "cdn.py"


def _data_out(result) -> tuple[Decimal, Decimal]:
    """(GB out to the internet at the regions, GB out of CloudFront) of an estimate."""
    internet = next(
        c.quantity
        for c in result.resource("data_transfer").components
        if c.name == "data transfer out to the internet"
    )
    edge = next(
        c.quantity
        for c in result.resource("Distribution").components
        if c.name.startswith("CloudFront data out")
    )
    return internet, edge


def test_behind_cloudfront_the_default_usage_counts_data_out_once():
    # Viewers' bytes leave AWS at CloudFront (priced there); origin-to-CloudFront is free, so
    # the regions' internet data out must not count the same 100 GB again.
    result = estimate(str(CDN_EXAMPLE))
    internet, edge = _data_out(result)
    assert (internet, edge) == (D(0), D(100))
    notes = [a.message for a in result.assumptions if a.logical_id == "data_transfer"]
    assert any("behind CloudFront" in note for note in notes), notes


def test_a_given_internet_out_figure_still_wins_behind_cloudfront(tmp_path):
    usage = tmp_path / "usage.yaml"
    usage.write_text("data_transfer: {internet_out_gb: 7}\n")
    internet, edge = _data_out(estimate(str(CDN_EXAMPLE), usage=str(usage)))
    assert (internet, edge) == (D(7), D(100))


def test_the_traffic_model_counts_data_out_once_when_the_distribution_is_its_own_stack(tmp_path):
    # The distribution's stack is priced between the regions' and the DNS/failover stacks: the
    # regions' internet data out is zero whichever stack's resources come last.
    usage = tmp_path / "usage.yaml"
    usage.write_text("traffic: {requests_per_second: 10}\n")
    result = estimate(str(CDN_EXAMPLE), usage=str(usage))
    internet, edge = _data_out(result)
    traffic = Traffic(requests_per_second=D(10))
    assert internet == D(0)
    assert edge == traffic.gb_out
    # inter-AZ bytes are only what misses the edge cache (20% by default)
    inter_az = next(c for c in result.resource("data_transfer").components if "AZs" in c.name)
    lb_gb = (traffic.gb_in + traffic.gb_out) * (1 - traffic.cache_hit_ratio)
    assert inter_az.quantity == lb_gb / 2 * 2  # two AZs: half cross; billed on both sides
