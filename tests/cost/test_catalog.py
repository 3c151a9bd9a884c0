"""The bundled catalog: every required region, service and family, each price dated and sourced."""

from __future__ import annotations

from decimal import Decimal

import pytest

from hastack.cost.catalog import load_catalog
from hastack.errors import UsageError

REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2"]
SERVICES = [
    "ec2",
    "ebs",
    "vpc",
    "elb",
    "rds",
    "aurora",
    "cloudwatch",
    "sns",
    "secretsmanager",
    "kms",
    "s3",
    "transfer",
]
FAMILIES = ["t3", "t4g", "m6i", "m7g", "c6i", "c7g", "r6g"]


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.mark.parametrize("region", REGIONS)
def test_each_required_region_has_every_service_with_a_source_and_a_date(catalog, region):
    for service in SERVICES:
        block = catalog.block(region, service)
        assert block["source"].startswith(("https://aws.amazon.com/", "AWS Price List API"))
        assert len(block["date"]) == 10 and block["prices"]
        first = catalog.keys(region, service)[0]
        pair = isinstance(block["prices"][first], list)
        price = catalog.price(region, service, first, 0 if pair else None)
        assert price.source == block["source"] and price.date == block["date"]


@pytest.mark.parametrize("region", REGIONS)
def test_the_blueprint_families_are_priced_up_to_xlarge(catalog, region):
    for family in FAMILIES:
        assert catalog.has(region, "ec2", f"{family}.large")
        assert catalog.has(region, "ec2", f"{family}.xlarge")


@pytest.mark.parametrize("region", REGIONS)
def test_rds_multi_az_prices_are_double_the_single_az_ones(catalog, region):
    for key in catalog.keys(region, "rds"):
        if key.startswith(("mysql:", "postgres:", "storage:")):
            single, multi = catalog.block(region, "rds")["prices"][key]
            assert multi == 2 * single, key


def test_every_price_is_a_positive_decimal(catalog):
    for region in REGIONS:
        for service in SERVICES:
            for value in catalog.block(region, service)["prices"].values():
                for v in value if isinstance(value, list) else [value]:
                    assert isinstance(v, Decimal) and v > 0


def test_route53_and_health_check_options_are_global_prices(catalog):
    price = catalog.price("ap-southeast-2", "route53", "health-check-feature-non-aws")
    assert price.value == Decimal("2.00") and price.region == "global"


def test_an_unknown_region_names_the_regions_the_catalog_knows(catalog):
    with pytest.raises(UsageError, match="known regions: ap-southeast-2, eu-central-1"):
        catalog.check_region("mars-north-1")
