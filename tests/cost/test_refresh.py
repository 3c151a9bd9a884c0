"""``hastack prices refresh`` against recorded Price List API shapes (botocore Stubber).

moto does not implement the pricing API; the responses below follow the real GetProducts shape:
PriceList entries are JSON strings holding ``product.attributes`` and
``terms.OnDemand.<offer>.priceDimensions.<rate>.pricePerUnit.USD``.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from click.testing import CliRunner

from hastack.cli.main import cli
from hastack.cost import refresh as refresh_module
from hastack.cost.catalog import CATALOG_PATH, parse_catalog
from hastack.cost.refresh import PriceRefreshError, refresh


def product(family: str, attrs: dict[str, str], usd: str, tiers: list[tuple[str, str]] = ()):
    """One PriceList entry as the API sends it: a JSON string."""
    dims = {
        f"SKU.TERM.{i}": {
            "unit": "Hrs",
            "beginRange": begin,
            "endRange": "Inf",
            "pricePerUnit": {"USD": price},
            "description": "",
            "appliesTo": [],
        }
        for i, (begin, price) in enumerate(tiers or [("0", usd)])
    }
    return json.dumps(
        {
            "product": {
                "productFamily": family,
                "sku": "SKU",
                "attributes": {"servicecode": "x", **attrs},
            },
            "serviceCode": "x",
            "terms": {
                "OnDemand": {
                    "SKU.TERM": {
                        "priceDimensions": dims,
                        "sku": "SKU",
                        "offerTermCode": "TERM",
                        "termAttributes": {},
                    }
                }
            },
            "version": "20250601",
            "publicationDate": "2025-06-01T00:00:00Z",
        }
    )


def filters(region: str | None, **terms: str):
    out = [{"Type": "TERM_MATCH", "Field": k, "Value": v} for k, v in terms.items()]
    if region:
        out.append({"Type": "TERM_MATCH", "Field": "regionCode", "Value": region})
    return out


EC2_FILTERS = {
    "productFamily": "Compute Instance",
    "operatingSystem": "Linux",
    "tenancy": "Shared",
    "preInstalledSw": "NA",
    "capacitystatus": "Used",
    "licenseModel": "No License required",
}


@pytest.fixture
def stubbed():
    import boto3
    from botocore.stub import Stubber

    client = boto3.client(
        "pricing",
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    with Stubber(client) as stubber:
        yield client, stubber
        stubber.assert_no_pending_responses()


def _expect(stubber, service_code, filter_list, price_list, next_token=None, token=None):
    params = {
        "ServiceCode": service_code,
        "Filters": filter_list,
        "FormatVersion": "aws_v1",
        "MaxResults": 100,
    }
    if token:
        params["NextToken"] = token
    response = {"FormatVersion": "aws_v1", "PriceList": price_list}
    if next_token:
        response["NextToken"] = next_token
    stubber.add_response("get_products", response, params)


def test_refresh_follows_pages_and_updates_only_the_requested_region_and_service(tmp_path, stubbed):
    client, stubber = stubbed
    f = filters("eu-west-1", **EC2_FILTERS)
    _expect(
        stubber,
        "AmazonEC2",
        f,
        [product("Compute Instance", {"instanceType": "t3.micro"}, "0.0118000000")],
        next_token="page2",
    )
    _expect(
        stubber,
        "AmazonEC2",
        f,
        [
            product("Compute Instance", {"instanceType": "m6i.large"}, "0.1110000000"),
            product("Compute Instance", {"instanceType": "x2iedn.32xlarge"}, "40.0"),
        ],
        token="page2",
    )
    out = tmp_path / "prices.json"
    path, report = refresh(["eu-west-1"], out, ["ec2"], client=client)

    catalog = parse_catalog(path.read_text())
    block = catalog.block("eu-west-1", "ec2")
    assert block["prices"]["t3.micro"] == Decimal("0.0118")
    assert block["prices"]["m6i.large"] == Decimal("0.111")
    assert "x2iedn.32xlarge" not in block["prices"]  # only keys the catalog carries
    assert block["basis"] == "price-list-api" and "ServiceCode AmazonEC2" in block["source"]
    assert catalog.date == block["date"]
    bundled = parse_catalog(CATALOG_PATH.read_text())
    assert (
        catalog.block("eu-west-1", "ec2")["prices"]["t3.nano"]
        == bundled.block("eu-west-1", "ec2")["prices"]["t3.nano"]
    )  # not returned: kept
    assert catalog.block("us-east-1", "ec2") == bundled.block("us-east-1", "ec2")
    assert report.updated["eu-west-1/ec2"] == ["m6i.large", "t3.micro"]
    assert "t3.nano" in report.missing["eu-west-1/ec2"]
    assert "2 prices refreshed" in report.lines()[0]


def test_rds_products_fill_the_single_and_multi_az_halves_of_a_price_pair(tmp_path, stubbed):
    client, stubber = stubbed
    _expect(
        stubber,
        "AmazonRDS",
        filters("us-east-1", productFamily="Database Instance"),
        [
            product(
                "Database Instance",
                {
                    "instanceType": "db.t3.micro",
                    "databaseEngine": "MySQL",
                    "deploymentOption": "Multi-AZ",
                },
                "0.0400000000",
            ),
            product(
                "Database Instance",
                {
                    "instanceType": "db.t3.micro",
                    "databaseEngine": "MySQL",
                    "deploymentOption": "Multi-AZ (readable standbys)",
                },
                "1",
            ),
        ],
    )
    _expect(
        stubber,
        "AmazonRDS",
        filters("us-east-1", productFamily="Database Storage"),
        [
            product(
                "Database Storage",
                {"volumeType": "General Purpose-GP3", "deploymentOption": "Single-AZ"},
                "0.1200000000",
            ),
        ],
    )
    _expect(stubber, "AmazonRDS", filters("us-east-1", productFamily="Provisioned IOPS"), [])
    path, _ = refresh(["us-east-1"], tmp_path / "p.json", ["rds"], client=client)
    prices = parse_catalog(path.read_text()).block("us-east-1", "rds")["prices"]
    assert prices["mysql:db.t3.micro"] == [Decimal("0.017"), Decimal("0.04")]
    assert prices["storage:gp3"] == [Decimal("0.12"), Decimal("0.23")]


def test_per_request_prices_are_scaled_to_the_catalog_unit_and_free_tiers_skipped(
    tmp_path, stubbed
):
    client, stubber = stubbed
    _expect(
        stubber,
        "AWSSecretsManager",
        filters("us-east-1"),
        [
            product("Secret", {"usagetype": "AWSSecretsManager-Secrets"}, "0.4100000000"),
            product(
                "API Request",
                {"usagetype": "AWSSecretsManager-APIRequest"},
                "",
                tiers=[("0", "0.0000000000"), ("10000", "0.0000060000")],
            ),
        ],
    )
    path, _ = refresh(["us-east-1"], tmp_path / "p.json", ["secretsmanager"], client=client)
    prices = parse_catalog(path.read_text()).block("us-east-1", "secretsmanager")["prices"]
    assert prices == {"secret": Decimal("0.41"), "api-10k": Decimal("0.06")}


def test_route53_is_refreshed_once_as_a_global_block_without_a_region_filter(tmp_path, stubbed):
    client, stubber = stubbed
    _expect(
        stubber,
        "AmazonRoute53",
        [],
        [
            product("DNS Zone", {"usagetype": "HostedZone"}, "0.5000000000"),
            product("DNS Health Check", {"usagetype": "Health-Check-NonAWS"}, "0.8000000000"),
        ],
    )
    path, report = refresh(
        ["us-east-1", "eu-west-1"], tmp_path / "p.json", ["route53"], client=client
    )
    catalog = parse_catalog(path.read_text())
    assert catalog.price("eu-west-1", "route53", "health-check-non-aws").value == Decimal("0.8")
    assert sorted(report.updated) == ["global/route53"]


def test_a_region_new_to_the_catalog_gets_only_the_prices_the_api_returned(tmp_path, stubbed):
    client, stubber = stubbed
    _expect(
        stubber,
        "AWSELB",
        filters("ca-central-1"),
        [
            product("Load Balancer-Application", {"usagetype": "CAN1-LoadBalancerUsage"}, "0.0247"),
            product("Load Balancer-Application", {"usagetype": "CAN1-LCUUsage"}, "0.0088"),
        ],
    )
    path, _ = refresh(["ca-central-1"], tmp_path / "p.json", ["elb"], client=client)
    catalog = parse_catalog(path.read_text())
    assert catalog.block("ca-central-1", "elb")["prices"] == {
        "alb-hour": Decimal("0.0247"),
        "alb-lcu": Decimal("0.0088"),
    }


def test_an_api_failure_is_reported_in_one_line_with_exit_code_1(tmp_path, stubbed):
    client, stubber = stubbed
    stubber.add_client_error("get_products", "AccessDeniedException", "not authorized")
    with pytest.raises(PriceRefreshError, match="AmazonEC2, eu-west-1.*AccessDenied") as error:
        refresh(["eu-west-1"], tmp_path / "p.json", ["ec2"], client=client)
    assert error.value.exit_code == 1
    assert not (tmp_path / "p.json").exists()


def test_the_prices_refresh_command_writes_the_catalog_and_reports(tmp_path, stubbed, monkeypatch):
    client, stubber = stubbed
    _expect(
        stubber,
        "AmazonSNS",
        filters("eu-west-1"),
        [product("Message Delivery", {"usagetype": "EU-Requests-Tier1"}, "0.0000005000")],
    )
    monkeypatch.setattr(refresh_module, "_pricing_client", lambda: client)
    out = tmp_path / "prices.json"
    result = CliRunner().invoke(
        cli,
        ["prices", "refresh", "--region", "eu-west-1", "--service", "sns", "--output", str(out)],
    )
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.stdout
    assert "eu-west-1/sns: 1 prices refreshed" in result.stderr
    assert parse_catalog(out.read_text()).price(
        "eu-west-1", "sns", "requests-million"
    ).value == Decimal("0.5")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--region", "atlantis"], "not an AWS region name"),
        (["--service", "mainframe"], "--service mainframe: unknown"),
    ],
)
def test_bad_refresh_options_exit_2_before_any_api_call(
    args, message, tmp_path, monkeypatch, capsys
):
    from hastack.cli.main import main

    def no_client():
        raise AssertionError("no API call expected")

    monkeypatch.setattr(refresh_module, "_pricing_client", no_client)
    with pytest.raises(SystemExit) as exit_:
        main(["prices", "refresh", *args, "--output", str(tmp_path / "p.json")])
    assert exit_.value.code == 2 and message in capsys.readouterr().err


def test_prices_show_lists_each_block_with_its_date_and_source():
    result = CliRunner().invoke(cli, ["prices", "show", "--region", "eu-central-1"])
    assert result.exit_code == 0
    assert (
        "eu-central-1:" in result.stdout
        and "https://aws.amazon.com/ec2/pricing/on-demand/" in result.stdout
    )


def test_aurora_products_fill_the_standard_and_io_optimized_halves(tmp_path, stubbed):
    client, stubber = stubbed
    base = {"databaseEngine": "Aurora PostgreSQL", "deploymentOption": "Single-AZ"}
    _expect(
        stubber,
        "AmazonRDS",
        filters("us-west-2", productFamily="Database Instance"),
        [
            product(
                "Database Instance",
                {
                    **base,
                    "instanceType": "db.r6g.large",
                    "usagetype": "USW2-InstanceUsage:db.r6g.large",
                },
                "0.27",
            ),
            product(
                "Database Instance",
                {
                    **base,
                    "instanceType": "db.r6g.large",
                    "usagetype": "USW2-InstanceUsageIOOptimized:db.r6g.large",
                },
                "0.351",
            ),
        ],
    )
    _expect(
        stubber,
        "AmazonRDS",
        filters("us-west-2", productFamily="Database Storage"),
        [
            product(
                "Database Storage",
                {"volumeType": "General Purpose-Aurora", "usagetype": "USW2-Aurora:StorageUsage"},
                "0.11",
            ),
            product(
                "Database Storage",
                {
                    "volumeType": "General Purpose-Aurora",
                    "usagetype": "USW2-Aurora:IO-OptimizedStorageUsage",
                },
                "0.25",
            ),
        ],
    )
    _expect(
        stubber,
        "AmazonRDS",
        filters("us-west-2", productFamily="System Operation"),
        [
            product(
                "System Operation",
                {"group": "Aurora I/O Operation", "usagetype": "USW2-Aurora:StorageIOUsage"},
                "0.0000002",
            ),
        ],
    )
    path, _ = refresh(["us-west-2"], tmp_path / "p.json", ["aurora"], client=client)
    prices = parse_catalog(path.read_text()).block("us-west-2", "aurora")["prices"]
    assert prices["aurora-postgresql:db.r6g.large"] == [Decimal("0.27"), Decimal("0.351")]
    assert prices["storage"] == [Decimal("0.11"), Decimal("0.25")]
    assert prices["io"] == Decimal("0.2")


def test_data_transfer_is_filtered_by_the_source_region_and_inter_az_counts_both_ways(
    tmp_path, stubbed
):
    client, stubber = stubbed
    f = [{"Type": "TERM_MATCH", "Field": "fromRegionCode", "Value": "eu-west-1"}]
    _expect(
        stubber,
        "AWSDataTransfer",
        f,
        [
            product(
                "Data Transfer",
                {"transferType": "AWS Outbound"},
                "",
                tiers=[("0", "0.00"), ("100", "0.09"), ("10240", "0.085")],
            ),
            product("Data Transfer", {"transferType": "IntraRegion"}, "0.01"),
        ],
    )
    path, _ = refresh(["eu-west-1"], tmp_path / "p.json", ["transfer"], client=client)
    prices = parse_catalog(path.read_text()).block("eu-west-1", "transfer")["prices"]
    assert prices["internet-out-gb"] == Decimal("0.09")
    assert prices["inter-az-gb-each-direction"] == Decimal("0.01")
    assert "inter-az-gb" not in prices


def test_refresh_covers_the_usage_priced_services_with_their_price_list_shapes(tmp_path, stubbed):
    """Lambda, DynamoDB, Fargate and ElastiCache answers as GetProducts sends them: per-request
    prices become per-million rows, a free first tier is skipped, node types keep their names,
    and a refreshed row is no longer marked approximated."""
    client, stubber = stubbed
    region = "eu-central-1"
    _expect(
        stubber,
        "AWSLambda",
        filters(region),
        [
            product("Serverless", {"usagetype": "EUC1-Request"}, "0.0000002"),
            product("Serverless", {"usagetype": "EUC1-Lambda-GB-Second"}, "0.0000166667"),
            product("Serverless", {"usagetype": "EUC1-Lambda-GB-Second-ARM"}, "0.0000133334"),
        ],
    )
    _expect(
        stubber,
        "AmazonDynamoDB",
        filters(region),
        [
            product(
                "Amazon DynamoDB PayPerRequest Throughput",
                {"usagetype": "EUC1-WriteRequestUnits"},
                "0.000000763",
            ),
            product(
                "Database Storage",
                {"usagetype": "EUC1-TimedStorage-ByteHrs"},
                "",
                tiers=[("0", "0"), ("25", "0.306")],
            ),
        ],
    )
    _expect(
        stubber,
        "AmazonECS",
        filters(region),
        [
            product("Compute", {"usagetype": "EUC1-Fargate-vCPU-Hours:perCPU"}, "0.04656"),
            product("Compute", {"usagetype": "EUC1-Fargate-ARM-GB-Hours"}, "0.00409"),
        ],
    )
    _expect(
        stubber,
        "AmazonElastiCache",
        filters(region, productFamily="Cache Instance"),
        [product("Cache Instance", {"instanceType": "cache.t3.micro"}, "0.019")],
    )
    path, report = refresh(
        [region],
        tmp_path / "p.json",
        ["lambda", "dynamodb", "fargate", "elasticache"],
        client=client,
    )
    catalog = parse_catalog(path.read_text())
    assert catalog.price(region, "lambda", "requests-million").value == Decimal("0.2")
    assert catalog.price(region, "lambda", "arm64-gb-second").value == Decimal("0.0000133334")
    assert catalog.price(region, "dynamodb", "write-request-million").value == Decimal("0.763")
    assert catalog.price(region, "dynamodb", "storage-gb").value == Decimal("0.306")
    fargate = catalog.price(region, "fargate", "linux-x86_64-vcpu-hour")
    assert fargate.value == Decimal("0.04656") and fargate.basis == "price-list-api"
    assert catalog.price(region, "fargate", "windows-gb-hour").basis == "approximated"
    assert catalog.price(region, "elasticache", "cache.t3.micro").value == Decimal("0.019")
    assert f"{region}/fargate" in report.missing  # rows the answer lacked are reported
