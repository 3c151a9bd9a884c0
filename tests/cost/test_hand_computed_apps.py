"""Three common applications priced by hand from published list prices, to the cent.

Prices used (us-east-1, catalog date 2025-06-01; each from the pricing page named in its
catalog block):
  Lambda (https://aws.amazon.com/lambda/pricing/): $0.20 per million requests; Arm duration
  $0.0000133334 per GB-second.
  API Gateway (https://aws.amazon.com/api-gateway/pricing/): REST API $3.50 per million requests.
  DynamoDB (https://aws.amazon.com/dynamodb/pricing/): on-demand $0.625 per million write request
  units, $0.125 per million read request units; storage $0.25 per GB-month.
  Fargate (https://aws.amazon.com/fargate/pricing/): Linux/x86 $0.04048 per vCPU-hour and
  $0.004445 per GB-hour.
  Elastic Load Balancing (https://aws.amazon.com/elasticloadbalancing/pricing/): ALB $0.0225 per
  hour, $0.008 per LCU-hour; public IPv4 (https://aws.amazon.com/vpc/pricing/) $0.005 per hour.
  EFS (https://aws.amazon.com/efs/pricing/): Standard $0.30 per GB-month; Elastic throughput
  $0.03 per GB read, $0.06 per GB written.
  Data transfer (https://aws.amazon.com/ec2/pricing/on-demand/#Data_Transfer): out to the
  internet $0.09 per GB; between AZs $0.01 per GB in each direction.
  CloudFront (https://aws.amazon.com/cloudfront/pricing/): United States/Europe $0.085 per GB
  out (first 10 TB), $0.0100 per 10,000 HTTPS requests.
  S3 (https://aws.amazon.com/s3/pricing/): Standard $0.023 per GB-month, $0.005 per 1,000 PUT
  requests, $0.0004 per 1,000 GET requests.
A month is 730 hours.
"""

from __future__ import annotations

from decimal import Decimal

from hastack.cost.api import estimate
from hastack.cost.model import cents
from tests.cost.conftest import FIXTURES

APPS = FIXTURES / "apps"
D = Decimal


def test_a_sam_lambda_api_gateway_dynamodb_app_costs_the_hand_computation():
    result = estimate(
        str(APPS / "serverless_api.yaml"), usage=str(APPS / "serverless_api_usage.yaml")
    )
    # 5M requests x $0.20 + 5M x 0.2 s x 0.5 GB = 500,000 GB-s x $0.0000133334 (arm64, Globals)
    assert result.resource("OrdersFunction").monthly == D("1.00") + D("6.6667")
    # SAM's implicit REST API: 5M x $3.50
    assert result.resource("ServerlessRestApi").monthly == D("17.50")
    # SimpleTable is on-demand: 1M WRU x $0.625 + 4M RRU x $0.125 + 2 GB x $0.25
    assert result.resource("OrdersTable").monthly == D("0.625") + D("0.50") + D("0.50")
    assert cents(result.total_monthly) == D("26.79")
    free = {f.logical_id for f in result.free}
    assert {"OrdersFunctionRole", "OrdersFunctionCreateOrderPermission"} <= free
    assert result.not_priced == []


def test_an_ecs_fargate_service_behind_an_alb_with_efs_costs_the_hand_computation():
    result = estimate(
        str(APPS / "fargate_alb_efs.yaml"), usage=str(APPS / "fargate_alb_efs_usage.yaml")
    )
    # 2 tasks x 0.5 vCPU x 730 h x $0.04048 + 2 x 1 GB x 730 h x $0.004445
    assert result.resource("Service").monthly == D("29.5504") + D("6.4897")
    # 730 h x $0.0225 + 2 LCU x 730 h x $0.008 + 2 public IPv4 (one per AZ) x 730 h x $0.005
    assert result.resource("LoadBalancer").monthly == D("16.425") + D("11.68") + D("7.30")
    # 50 GB x $0.30 + 100 GB read x $0.03 + 20 GB written x $0.06
    assert result.resource("FileSystem").monthly == D("15.00") + D("3.00") + D("1.20")
    # 100 GB out x $0.09 + 50 GB crossing AZs, billed out and in: 100 x $0.01
    assert result.resource("data_transfer").monthly == D("9.00") + D("1.00")
    assert cents(result.total_monthly) == D("100.65")
    free = {f.logical_id: f.reason for f in result.free}
    assert {"Cluster", "TaskDefinition", "MountTargetA", "MountTargetB"} <= set(free)
    assert "file system" in free["MountTargetA"]
    assert result.not_priced == []


def test_a_cloudfront_and_s3_site_costs_the_hand_computation():
    result = estimate(
        str(APPS / "cloudfront_s3_site.yaml"), usage=str(APPS / "cloudfront_s3_site_usage.yaml")
    )
    # PriceClass_100: 500 GB x $0.085 + 10M requests = 1,000 x 10K x $0.0100
    assert result.resource("Distribution").monthly == D("42.50") + D("10.00")
    # 20 GB x $0.023 + 1K PUT x $0.005 + 100K GET x $0.0004
    assert result.resource("SiteBucket").monthly == D("0.46") + D("0.005") + D("0.04")
    assert cents(result.total_monthly) == D("53.01")
    components = result.resource("Distribution").components
    assert all(c.source == "https://aws.amazon.com/cloudfront/pricing/" for c in components)
    assert result.not_priced == []
