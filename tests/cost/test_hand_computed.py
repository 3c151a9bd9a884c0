"""Totals that must match hand computations from the catalog's published prices, to the cent.

Prices used (us-east-1, Linux on-demand, catalog date 2025-06-01, from the AWS pricing pages
recorded in the catalog):
  EC2 t3.medium $0.0416/h; EBS gp3 $0.08/GB-month; public IPv4 $0.005/h;
  NAT gateway $0.045/h and $0.045/GB; ALB $0.0225/h and $0.008/LCU-hour;
  Aurora MySQL db.r6g.large $0.26/h; Aurora storage $0.10/GB-month, I/O $0.20/million;
  Route 53 hosted zone $0.50/month, queries $0.40/million, health check (AWS endpoint)
  $0.50/month plus $1.00 per optional feature (HTTPS); CloudWatch standard alarm $0.10/metric;
  data transfer out $0.09/GB, between AZs $0.01/GB each way ($0.02/GB);
  RDS MySQL db.m6g.large $0.152/h single-AZ, $0.304/h Multi-AZ; RDS gp3 $0.115/GB-month
  single-AZ, $0.23 Multi-AZ; Secrets Manager $0.40/secret-month. 730 hours per month.
"""

from __future__ import annotations

from decimal import Decimal

from hastack.cost.api import estimate
from tests.cost.conftest import FIXTURES


def _monthly(result, logical_id: str) -> Decimal:
    return result.resource(logical_id).monthly


def test_an_ha_web_stack_costs_what_the_hand_computation_gives_to_the_cent():
    result = estimate(str(FIXTURES / "ha_web.yaml"), usage=str(FIXTURES / "ha_web_usage.yaml"))

    # ALB: 730 h x $0.0225 + 2 LCU x 730 h x $0.008 + 2 public IPv4 x 730 h x $0.005
    alb = Decimal("16.425") + Decimal("11.68") + Decimal("7.30")
    assert _monthly(result, "LoadBalancer") == alb
    # ASG of 3 t3.medium: 3 x 730 x $0.0416 = 91.104; 3 x 20 GB gp3 x $0.08 = 4.80
    assert _monthly(result, "AutoScalingGroup") == Decimal("95.904")
    # Each NAT: 730 x $0.045 = 32.85 + 50 GB x $0.045 = 2.25; each EIP 730 x $0.005 = 3.65
    assert _monthly(result, "NatGateway1") == _monthly(result, "NatGateway2") == Decimal("35.10")
    assert _monthly(result, "NatEip1") == Decimal("3.65")
    # Aurora db.r6g.large: 730 x $0.26 = 189.80 for the writer and the reader
    assert _monthly(result, "DatabaseWriter") == Decimal("189.80")
    assert _monthly(result, "DatabaseReader1") == Decimal("189.80")
    # Cluster: 100 GB x $0.10 + 50 million I/O x $0.20
    assert _monthly(result, "DatabaseCluster") == Decimal("20.00")
    # Zone $0.50 + 2 million queries x $0.40; health check $0.50 + HTTPS $1.00
    assert _monthly(result, "HostedZone") == Decimal("1.30")
    assert _monthly(result, "LoadBalancerHealthCheck") == Decimal("1.50")
    assert _monthly(result, "DatabaseCpuAlarm") == Decimal("0.10")
    # 200 GB out x $0.09 + 100 GB across AZs x $0.02
    assert _monthly(result, "data_transfer") == Decimal("20.00")

    data = result.to_dict()
    assert data["total_monthly"] == 631.51
    assert data["total_monthly_fixed"] == 574.53
    assert data["total_monthly_usage"] == 56.98
    assert data["region"] == "us-east-1" and data["catalog_date"] == "2025-06-01"
    assert data["not_priced"] == []
    free = {f["logical_id"] for f in data["free"]}
    assert {"Vpc", "TargetGroup", "HttpsListener", "LaunchTemplate", "AliasRecord"} <= free


def test_an_rds_multi_az_primary_with_a_read_replica_matches_the_hand_computation():
    result = estimate(str(FIXTURES / "rds_multiaz.yaml"))

    primary = result.resource("DatabaseInstance")
    # Multi-AZ: 730 x $0.304 = 221.92; 100 GB gp3 x $0.23 = 23.00; managed secret $0.40
    assert [c.monthly for c in primary.components] == [
        Decimal("221.920"),
        Decimal("23.000"),
        Decimal("0.40"),
    ]
    assert "Multi-AZ" in primary.components[0].name
    replica = result.resource("DatabaseReplica1")
    # Replica: single-AZ, storage inherited: 730 x $0.152 = 110.96; 100 GB x $0.115 = 11.50
    assert [c.monthly for c in replica.components] == [Decimal("110.960"), Decimal("11.500")]
    assert "read replica" in replica.components[0].name
    assert result.to_dict()["total_monthly"] == 367.78
    assert result.total_monthly_usage == 0


def test_the_package_level_estimate_is_the_cost_api_and_gives_a_one_line_summary():
    import hastack

    result = hastack.estimate(str(FIXTURES / "rds_multiaz.yaml"))
    assert result.summary() == (
        "$367.78/month in us-east-1 (fixed $367.78, usage-based $0.00; catalog 2025-06-01)"
    )
