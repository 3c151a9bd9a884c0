"""Pricers of the services billed by use, each checked against a hand computation.

us-east-1 prices, catalog 2025-06-01: Lambda provisioned concurrency x86 $0.0000041667 per
GB-second (https://aws.amazon.com/lambda/pricing/); interface endpoints $0.01 per AZ-hour and
$0.01 per GB (https://aws.amazon.com/privatelink/pricing/ via the VPC pricing page); DynamoDB
provisioned $0.00065 per WCU-hour, $0.00013 per RCU-hour, PITR $0.20 per GB-month; CloudFront
outside NA/Europe $0.120 per GB (approximated: Asia-Pacific rate); c4.large $0.100/h.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from hastack.cost.api import estimate
from hastack.cost.pricers import FREE_TYPES, PRICERS
from hastack.cost.render import render_markdown
from tests.conftest import ROOT
from tests.cost.conftest import template

D = Decimal
TYPES_LIST = ROOT.parent / "shared" / "corpus" / "resource-types.tsv"
UNPRICED_TOP_TYPES = {"AWS::CloudFormation::Stack"}
"""Of the 60 most used types, the only one neither priced nor free: a nested stack is priced
through its child template, when that is local or given (--nested)."""


def test_provisioned_concurrency_is_priced_on_the_alias_for_every_second():
    result = estimate(
        template(
            {
                "Fn": {"Type": "AWS::Lambda::Function", "Properties": {"MemorySize": 1024}},
                "Version": {
                    "Type": "AWS::Lambda::Version",
                    "Properties": {"FunctionName": {"Ref": "Fn"}},
                },
                "Live": {
                    "Type": "AWS::Lambda::Alias",
                    "Properties": {
                        "FunctionName": {"Ref": "Fn"},
                        "FunctionVersion": {"Fn::GetAtt": ["Version", "Version"]},
                        "ProvisionedConcurrencyConfig": {"ProvisionedConcurrentExecutions": 2},
                    },
                },
            }
        )
    )
    # 2 x 1 GB x 730 h x 3600 s = 5,256,000 GB-s x $0.0000041667
    assert result.resource("Live").monthly == D("5256000") * D("0.0000041667")
    assert {f.logical_id for f in result.free} == {"Version"}


def test_interface_endpoints_bill_each_az_and_gateway_endpoints_are_free():
    result = estimate(
        template(
            {
                "Ssm": {
                    "Type": "AWS::EC2::VPCEndpoint",
                    "Properties": {
                        "VpcEndpointType": "Interface",
                        "VpcId": "vpc-1",
                        "ServiceName": "com.amazonaws.us-east-1.ssm",
                        "SubnetIds": ["subnet-a", "subnet-b", "subnet-c"],
                    },
                },
                "S3": {
                    "Type": "AWS::EC2::VPCEndpoint",
                    "Properties": {"VpcId": "vpc-1", "ServiceName": "s3"},
                },
            }
        ),
        usage={"Ssm": {"gb_processed": 20}},
    )
    # 3 AZs x 730 h x $0.01 + 20 GB x $0.01
    assert result.resource("Ssm").monthly == D("21.90") + D("0.20")
    assert [f.reason for f in result.free if f.logical_id == "S3"] == [
        "gateway endpoints (S3, DynamoDB) cost nothing"
    ]


def test_a_provisioned_table_bills_capacity_of_table_and_indexes_and_pitr():
    result = estimate(
        template(
            {
                "Table": {
                    "Type": "AWS::DynamoDB::Table",
                    "Properties": {
                        "ProvisionedThroughput": {"ReadCapacityUnits": 10, "WriteCapacityUnits": 5},
                        "GlobalSecondaryIndexes": [
                            {
                                "IndexName": "i",
                                "ProvisionedThroughput": {
                                    "ReadCapacityUnits": 5,
                                    "WriteCapacityUnits": 5,
                                },
                            }
                        ],
                        "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True},
                    },
                }
            }
        ),
        usage={"Table": {"storage_gb": 10}},
    )
    # 10 WCU x 730 x $0.00065 + 15 RCU x 730 x $0.00013 + 10 GB x ($0.25 + $0.20)
    assert result.resource("Table").monthly == D("4.745") + D("1.4235") + D("2.50") + D("2.00")


def test_an_ecs_service_on_ec2_capacity_is_free_and_its_instances_are_priced_elsewhere():
    result = estimate(
        template(
            {
                "Task": {"Type": "AWS::ECS::TaskDefinition", "Properties": {}},
                "Service": {
                    "Type": "AWS::ECS::Service",
                    "Properties": {"LaunchType": "EC2", "TaskDefinition": {"Ref": "Task"}},
                },
                "Host": {"Type": "AWS::EC2::Instance", "Properties": {"InstanceType": "c4.large"}},
            }
        )
    )
    assert "EC2 capacity" in next(f.reason for f in result.free if f.logical_id == "Service")
    # c4.large 730 h x $0.100 (the 8 GB root volume is a component of its own)
    assert result.resource("Host").components[0].monthly == D("730") * D("0.100")


def test_cloudfront_all_edges_price_the_other_regions_share_at_their_rate():
    dist = {"Type": "AWS::CloudFront::Distribution", "Properties": {"DistributionConfig": {}}}
    usage = {"Cdn": {"data_out_gb": 100, "requests_10k": 0, "other_geo_share": "0.25"}}
    result = estimate(template({"Cdn": dist}), usage=usage)
    # 75 GB x $0.085 + 25 GB x $0.120
    assert result.resource("Cdn").monthly == D("6.375") + D("3.00")
    capped = {
        "Type": "AWS::CloudFront::Distribution",
        "Properties": {"DistributionConfig": {"PriceClass": "PriceClass_100"}},
    }
    assert estimate(template({"Cdn": capped}), usage=usage).resource("Cdn").monthly == D("8.50")


def test_the_most_used_types_are_priced_or_free_except_the_stated_ones():
    if not TYPES_LIST.is_file():
        pytest.skip("no resource-types list of the third-party corpus beside the repository")
    rows = [
        line.rstrip("\n").split("\t")
        for line in TYPES_LIST.read_text().splitlines()
        if line and not line.startswith("#")
    ]
    top = [rtype for _, _, rtype in rows[:60]]
    left = {t for t in top if t not in PRICERS and t not in FREE_TYPES}
    # SAM functions become AWS::Lambda::Function before pricing (hastack.template.transforms)
    assert left - {"AWS::Serverless::Function"} == UNPRICED_TOP_TYPES
    assert "AWS::Lambda::Function" in PRICERS


def test_governance_services_bill_their_usage_and_a_management_only_trail_is_free():
    result = estimate(
        template(
            {
                "Trail": {"Type": "AWS::CloudTrail::Trail", "Properties": {"IsLogging": True}},
                "DataTrail": {
                    "Type": "AWS::CloudTrail::Trail",
                    "Properties": {
                        "EventSelectors": [{"DataResources": [{"Type": "AWS::S3::Object"}]}]
                    },
                },
                "Rule": {"Type": "AWS::Config::ConfigRule", "Properties": {}},
                "Build": {
                    "Type": "AWS::CodeBuild::Project",
                    "Properties": {"Environment": {"ComputeType": "BUILD_GENERAL1_MEDIUM"}},
                },
            }
        ),
        usage={"DataTrail": {"data_events_100k": 30}, "Build": {"build_minutes": 600}},
    )
    # 3M data events = 30 x 100K x $0.10; 1,000 evaluations x $0.001; 600 min x $0.01
    assert result.resource("DataTrail").monthly == D("3.00")
    assert result.resource("Rule").monthly == D("1.000")
    assert result.resource("Build").monthly == D("6.00")
    assert "management events is free" in next(
        f.reason for f in result.free if f.logical_id == "Trail"
    )


def test_the_markdown_names_free_resources_with_only_their_own_reasons():
    result = estimate(
        template(
            {
                "Role": {"Type": "AWS::IAM::Role", "Properties": {}},
                "S3": {"Type": "AWS::EC2::VPCEndpoint", "Properties": {"ServiceName": "s3"}},
            }
        )
    )
    text = render_markdown(result)
    assert "`Role`," in text and "IAM is free" not in text
    assert "`S3` (gateway endpoints (S3, DynamoDB) cost nothing)" in text
    assert {f["reason"] for f in result.to_dict()["free"]} >= {"IAM is free"}
