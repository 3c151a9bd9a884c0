"""The HAProxy/NGINX tier examples: topology, user data, and a deploy on the local engine."""

from __future__ import annotations

import base64

import pytest

from hastack.core.app_loader import load_app
from tests.conftest import EXAMPLES, props, resources


def stack_of(example: str):
    (stack,) = load_app(str(EXAMPLES / example)).stacks
    return stack


@pytest.mark.parametrize(
    ("example", "kind"), [("haproxy_tier.py", "haproxy"), ("nginx_tier.py", "nginx")]
)
def test_the_example_puts_one_proxy_per_az_behind_an_nlb_in_front_of_the_fleet(example, kind):
    body = stack_of(example).body
    assert props(body, "LoadBalancer")["Type"] == "network"
    proxies, app = props(body, "ProxyAutoScalingGroup"), props(body, "AutoScalingGroup")
    assert proxies["MinSize"] == "3" and proxies["HealthCheckType"] == "ELB"
    assert proxies["TargetGroupARNs"] == [{"Ref": "TargetGroup"}]
    assert "TargetGroupARNs" not in app, "the proxies, not the NLB, send traffic to the app"
    ingress = props(body, "InstanceSecurityGroup")["SecurityGroupIngress"]
    assert ingress[0]["SourceSecurityGroupId"] == {"Ref": "ProxyInstanceSecurityGroup"}
    assert props(body, "TargetGroup")["HealthCheckPath"] == "/proxy-health"
    data = props(body, "ProxyLaunchTemplate")["LaunchTemplateData"]["UserData"]["Fn::Base64"]
    data = data["Fn::Sub"]  # cfn-signal needs the stack name and region
    assert "--resource 'ProxyAutoScalingGroup'" in data, "each fleet signals its own group"
    assert f"dnf install -y {kind}" in data
    assert "Name=tag:Name,Values=shop" in data, "backends are discovered, not hard-coded"
    role = props(body, "ProxyInstanceRole")["Policies"][0]["PolicyDocument"]["Statement"][0]
    assert role["Action"] == ["ec2:DescribeInstances"]
    assert len(resources(body, "AWS::AutoScaling::AutoScalingGroup")) == 2


@pytest.mark.parametrize("example", ["haproxy_tier.py", "nginx_tier.py"])
def test_the_example_deploys_on_the_local_engine_with_a_network_load_balancer(
    example, local_cloud, deploy
):
    (outputs,) = deploy(load_app(str(EXAMPLES / example))).values()
    assert outputs["LoadBalancerDnsName"]
    elbv2 = local_cloud.client("elbv2")
    (balancer,) = elbv2.describe_load_balancers(LoadBalancerArns=[outputs["LoadBalancerArn"]])[
        "LoadBalancers"
    ]
    assert balancer["Type"] == "network"
    (listener,) = elbv2.describe_listeners(LoadBalancerArn=balancer["LoadBalancerArn"])["Listeners"]
    assert listener["Protocol"] == "TCP"
    groups = local_cloud.client("autoscaling").describe_auto_scaling_groups()["AutoScalingGroups"]
    by_name = {g["AutoScalingGroupName"]: g for g in groups}
    proxy = by_name[outputs["ProxyAutoScalingGroupName"]]
    assert len(proxy["Instances"]) == 3 and proxy["HealthCheckType"] == "ELB"
    ec2 = local_cloud.client("ec2")
    template = ec2.describe_launch_template_versions(
        LaunchTemplateId=proxy["LaunchTemplate"]["LaunchTemplateId"]
    )["LaunchTemplateVersions"][0]
    script = base64.b64decode(template["LaunchTemplateData"]["UserData"]).decode()
    assert "hastack-proxy-discover" in script
