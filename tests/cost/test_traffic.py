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
