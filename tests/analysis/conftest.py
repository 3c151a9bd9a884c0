"""Template builders for the analysis tests: one regional web stack with every weakness a knob."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _ref(name: str) -> dict[str, str]:
    return {"Ref": name}


def build_template(
    *,
    azs: list[str] | None = None,
    nat: str = "per-az",
    min_size: int = 3,
    max_size: int = 9,
    instance_type: str = "c7g.large",
    lb_azs: list[int] | None = None,
    db: str | None = "aurora",
    writer_az: int | None = 0,
    reader_azs: list[int | None] | None = None,
    rds_multi_az: bool = True,
    failover: str | None = None,
    health_check: bool = True,
    global_role: str | None = None,
    global_id: str = "shop-global",
) -> dict[str, Any]:
    """A VPC web stack: subnets per AZ (explicit names or GetAZs), NAT, ALB, ASG, a database.

    ``azs`` None uses ``Select(i, GetAZs(""))`` for three AZs; ``nat`` is per-az, single or none;
    ``db`` is aurora, rds or None; ``failover`` PRIMARY/SECONDARY makes the record a failover
    record; ``global_role`` primary/secondary joins the Aurora cluster to a global cluster.
    """
    count = len(azs) if azs else 3
    az_expr = (lambda i: azs[i]) if azs else (lambda i: {"Fn::Select": [i, {"Fn::GetAZs": ""}]})
    res: dict[str, Any] = {
        "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}}
    }
    for i in range(count):
        n = i + 1
        for tier in ("Public", "Private", "Isolated"):
            res[f"{tier}Subnet{n}"] = {
                "Type": "AWS::EC2::Subnet",
                "Properties": {
                    "VpcId": _ref("Vpc"),
                    "CidrBlock": f"10.{n}.{('Public', 'Private', 'Isolated').index(tier)}.0/24",
                    "AvailabilityZone": az_expr(i),
                },
            }
        res[f"PrivateRouteTable{n}"] = {
            "Type": "AWS::EC2::RouteTable",
            "Properties": {"VpcId": _ref("Vpc")},
        }
        res[f"PrivateSubnet{n}RouteTableAssociation"] = {
            "Type": "AWS::EC2::SubnetRouteTableAssociation",
            "Properties": {
                "SubnetId": _ref(f"PrivateSubnet{n}"),
                "RouteTableId": _ref(f"PrivateRouteTable{n}"),
            },
        }
    nats = {"per-az": count, "single": 1, "none": 0}[nat]
    for i in range(nats):
        res[f"NatGateway{i + 1}"] = {
            "Type": "AWS::EC2::NatGateway",
            "Properties": {"SubnetId": _ref(f"PublicSubnet{i + 1}"), "AllocationId": "eipalloc-1"},
        }
    if nats:
        for i in range(count):
            res[f"PrivateDefaultRoute{i + 1}"] = {
                "Type": "AWS::EC2::Route",
                "Properties": {
                    "RouteTableId": _ref(f"PrivateRouteTable{i + 1}"),
                    "DestinationCidrBlock": "0.0.0.0/0",
                    "NatGatewayId": _ref(f"NatGateway{min(i, nats - 1) + 1}"),
                },
            }
    lb_subnets = lb_azs if lb_azs is not None else list(range(count))
    res["LoadBalancer"] = {
        "Type": "AWS::ElasticLoadBalancingV2::LoadBalancer",
        "Properties": {"Subnets": [_ref(f"PublicSubnet{i + 1}") for i in lb_subnets]},
    }
    res["LaunchTemplate"] = {
        "Type": "AWS::EC2::LaunchTemplate",
        "Properties": {
            "LaunchTemplateData": {"InstanceType": instance_type, "ImageId": "ami-12345678"}
        },
    }
    res["AutoScalingGroup"] = {
        "Type": "AWS::AutoScaling::AutoScalingGroup",
        "Properties": {
            "MinSize": str(min_size),
            "MaxSize": str(max_size),
            "VPCZoneIdentifier": [_ref(f"PrivateSubnet{i + 1}") for i in range(count)],
            "LaunchTemplate": {
                "LaunchTemplateId": _ref("LaunchTemplate"),
                "Version": {"Fn::GetAtt": ["LaunchTemplate", "LatestVersionNumber"]},
            },
        },
    }
    if db == "aurora":
        cluster: dict[str, Any] = {"Engine": "aurora-mysql"}
        if global_role != "secondary":
            cluster.update(MasterUsername="admin", ManageMasterUserPassword=True)
        if global_role:
            cluster["GlobalClusterIdentifier"] = global_id
        res["DatabaseCluster"] = {"Type": "AWS::RDS::DBCluster", "Properties": cluster}
        members = [("DatabaseWriter", writer_az)] + [
            (f"DatabaseReader{i + 1}", az)
            for i, az in enumerate(reader_azs if reader_azs is not None else [1])
        ]
        for name, az in members:
            member: dict[str, Any] = {
                "DBClusterIdentifier": _ref("DatabaseCluster"),
                "Engine": "aurora-mysql",
                "DBInstanceClass": "db.r6g.large",
            }
            if az is not None:
                member["AvailabilityZone"] = az_expr(az)
            res[name] = {"Type": "AWS::RDS::DBInstance", "Properties": member}
        if global_role == "primary":
            res["GlobalCluster"] = {
                "Type": "AWS::RDS::GlobalCluster",
                "Properties": {
                    "GlobalClusterIdentifier": global_id,
                    "SourceDBClusterIdentifier": _ref("DatabaseCluster"),
                },
            }
    elif db == "rds":
        props: dict[str, Any] = {
            "Engine": "mysql",
            "DBInstanceClass": "db.m6g.large",
            "MultiAZ": rds_multi_az,
        }
        if writer_az is not None and not rds_multi_az:
            props["AvailabilityZone"] = az_expr(writer_az)
        res["DatabaseInstance"] = {"Type": "AWS::RDS::DBInstance", "Properties": props}
    res["HealthCheck"] = {
        "Type": "AWS::Route53::HealthCheck",
        "Properties": {
            "HealthCheckConfig": {"Type": "HTTPS", "FullyQualifiedDomainName": "x.example.com"}
        },
    }
    record: dict[str, Any] = {
        "HostedZoneId": "Z123456789",
        "Name": "shop.example.com",
        "Type": "A",
        "AliasTarget": {
            "DNSName": {"Fn::GetAtt": ["LoadBalancer", "DNSName"]},
            "HostedZoneId": {"Fn::GetAtt": ["LoadBalancer", "CanonicalHostedZoneID"]},
            "EvaluateTargetHealth": False,
        },
    }
    if failover:
        record.update(Failover=failover, SetIdentifier=failover.lower())
        if health_check:
            record["HealthCheckId"] = _ref("HealthCheck")
    res["Record"] = {"Type": "AWS::Route53::RecordSet", "Properties": record}
    return {"AWSTemplateFormatVersion": "2010-09-09", "Resources": res}


@pytest.fixture
def template() -> Callable[..., dict[str, Any]]:
    return build_template


@pytest.fixture
def write_template(tmp_path: Path) -> Callable[..., Path]:
    def write(name: str, body: dict[str, Any]) -> Path:
        path = tmp_path / name
        path.write_text(json.dumps(body, indent=1))
        return path

    return write


@pytest.fixture
def fixture_path() -> Callable[[str], str]:
    return lambda name: str(FIXTURES / name)


class CliRun:
    """Exit code and output of one command run through the real click group."""

    def __init__(self, code: int, stdout: str, stderr: str) -> None:
        self.code = code
        self.stdout = stdout
        self.stderr = stderr


def run_cli(*args: str) -> CliRun:
    """Run ``hastack ARGS`` in-process, mapping errors to exit codes as the entry point does."""
    import click
    from click.testing import CliRunner

    from hastack.cli.main import cli
    from hastack.errors import HastackError

    result = CliRunner().invoke(cli, list(args), standalone_mode=False)
    error = result.exception
    if isinstance(error, HastackError):
        return CliRun(error.exit_code, result.stdout, result.stderr + str(error))
    if isinstance(error, click.ClickException):
        return CliRun(error.exit_code, result.stdout, result.stderr + error.format_message())
    if error is not None and not isinstance(error, SystemExit):
        raise error
    code = result.return_value if isinstance(result.return_value, int) else result.exit_code
    return CliRun(int(code), result.stdout, result.stderr)


@pytest.fixture
def hastack() -> Callable[..., CliRun]:
    return run_cli
