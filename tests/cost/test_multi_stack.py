"""Estimates across stacks: outputs fed to other stacks, regions, global databases."""

from __future__ import annotations

from decimal import Decimal

from hastack.core.stack import Stack
from hastack.cost.api import estimate

D = Decimal


def _stacks(producer_region: str = "us-east-1", consumer_region: str = "us-east-1"):
    from troposphere import GetAtt, Join, Output, Ref, Template
    from troposphere.ec2 import Subnet
    from troposphere.elasticloadbalancingv2 import LoadBalancer

    net = Template()
    subnets = [
        net.add_resource(Subnet(f"PublicSubnet{i}", VpcId="vpc-1", CidrBlock=f"10.0.{i}.0/24"))
        for i in (1, 2, 3)
    ]
    lb = net.add_resource(LoadBalancer("LoadBalancer", Subnets=[Ref(s) for s in subnets]))
    net.add_output(Output("PublicSubnetIds", Value=Join(",", [Ref(s) for s in subnets])))
    net.add_output(Output("LoadBalancerDns", Value=GetAtt(lb, "DNSName")))
    producer = Stack("network", net, region=producer_region)

    from troposphere.route53 import HealthCheck, HealthCheckConfig

    web = Template()
    consumer = Stack("web", web, region=consumer_region)
    ids = consumer.consume(
        "PublicSubnetIds", producer.output("PublicSubnetIds"), type="CommaDelimitedList"
    )
    dns = consumer.consume("LoadBalancerDns", producer.output("LoadBalancerDns"))
    web.add_resource(LoadBalancer("WebLoadBalancer", Subnets=ids))
    web.add_resource(
        HealthCheck(
            "Check",
            HealthCheckConfig=HealthCheckConfig(
                Type="HTTPS", FullyQualifiedDomainName=dns, RequestInterval=30
            ),
        )
    )
    return producer, consumer


def test_a_subnet_list_from_another_stacks_output_gives_the_number_of_azs():
    producer, consumer = _stacks()
    result = estimate([producer, consumer])
    web_lb = result.resource("WebLoadBalancer", "web")
    # three public IPv4 addresses, one per subnet of the producer's Join: 3 x 730 x $0.005
    assert web_lb.components[-1].quantity == 3 * 730
    assert result.to_dict()["resources"][0]["stack"] == "network"


def test_a_health_check_on_another_stacks_load_balancer_is_an_aws_endpoint():
    producer, consumer = _stacks()
    check = estimate([producer, consumer]).resource("Check", "web")
    assert check.monthly == D("0.50") + D("1.00")
    # priced alone, the endpoint is unknown: the non-AWS price ($0.75 + $2.00) and a note
    alone = estimate(consumer)
    assert alone.resource("Check").monthly == D("0.75") + D("2.00")
    assert any("non-AWS endpoint" in a.message for a in alone.assumptions)


def test_stacks_in_two_regions_are_priced_in_their_own_regions_with_inter_region_traffic():
    producer, consumer = _stacks("us-east-1", "eu-west-1")
    result = estimate([producer, consumer], usage={"data_transfer": {"inter_region_gb": 50}})
    assert result.region == "us-east-1, eu-west-1"
    # ALB hour: $0.0225 in us-east-1, $0.0252 in eu-west-1 (catalog 2025-06-01)
    assert result.resource("LoadBalancer", "network").components[0].unit_price == D("0.0225")
    assert result.resource("WebLoadBalancer", "web").components[0].unit_price == D("0.0252")
    transfer = result.resource("data_transfer")
    assert transfer.components[-1].name == "data transfer to other regions"
    assert transfer.components[-1].monthly == D("1.00")  # 50 GB x $0.02


def test_a_multi_region_estimate_without_inter_region_usage_says_it_is_not_counted():
    producer, consumer = _stacks("us-east-1", "us-west-2")
    result = estimate([producer, consumer])
    assert any(a.message.startswith("inter_region_gb not given") for a in result.assumptions)


def test_an_aurora_global_cluster_bills_replicated_writes():
    body = {
        "Resources": {
            "Global": {"Type": "AWS::RDS::GlobalCluster", "Properties": {"Engine": "aurora-mysql"}}
        }
    }
    result = estimate(body, usage={"Global": {"replicated_write_io_millions": 100}})
    assert result.resource("Global").monthly == D("20.00")  # 100 M x $0.20


def test_usage_entries_can_name_one_stack_of_an_app():
    import pytest

    from hastack.errors import UsageError

    producer, consumer = _stacks()
    result = estimate(
        [producer, consumer], usage={"web.WebLoadBalancer": {"lcu": 5}, "LoadBalancer": {"lcu": 2}}
    )
    # 5 x 730 x $0.008 and 2 x 730 x $0.008
    assert result.resource("WebLoadBalancer", "web").monthly_usage == D("29.200")
    assert result.resource("LoadBalancer", "network").monthly_usage == D("11.680")
    with pytest.raises(UsageError, match="shop.WebLoadBalancer: no resource"):
        estimate([producer, consumer], usage={"shop.WebLoadBalancer": {"lcu": 5}})


def test_templates_synthesized_to_a_folder_price_like_the_app_they_came_from(tmp_path):
    from hastack.core.app import App

    producer, consumer = _stacks()
    app = App("shop")
    app.add(producer)
    app.add(consumer)
    files = [str(p) for p in app.synth(tmp_path) if p.name != "manifest.json"]
    from_files = estimate(files)
    # names come from manifest.json, and the web stack's subnets follow the network's output
    assert from_files.stacks == ["network", "web"]
    web_lb = from_files.resource("WebLoadBalancer", "web")
    assert web_lb.components[-1].quantity == 3 * 730
    assert from_files.total_monthly == estimate([producer, consumer]).total_monthly
