"""Load balancer, fleet and DNS components, through the web-app blueprint's template."""

from __future__ import annotations

import pytest

from hastack.blueprints import HAWebApp
from hastack.components.compute import SSM_AMI_ARM, SSM_AMI_X86, is_graviton
from hastack.errors import OptionsError, UsageError
from tests.conftest import props, resources

CERT = "arn:aws:acm:us-east-1:123456789012:certificate/abc-123"


def body(**options) -> dict:
    return HAWebApp("web", **options).synth().body


def attributes(body: dict, logical_id: str, key: str = "LoadBalancerAttributes") -> dict:
    return {a["Key"]: a["Value"] for a in props(body, logical_id)[key]}


def test_https_listener_uses_tls12_policy_and_http_redirects() -> None:
    b = body(load_balancer={"certificate_arn": CERT})
    https = props(b, "HttpsListener")
    assert https["Protocol"] == "HTTPS" and https["Port"] == 443
    assert https["SslPolicy"] == "ELBSecurityPolicy-TLS13-1-2-2021-06"
    assert https["Certificates"] == [{"CertificateArn": CERT}]
    redirect = props(b, "HttpListener")["DefaultActions"][0]
    assert redirect["Type"] == "redirect"
    assert redirect["RedirectConfig"] == {
        "Protocol": "HTTPS",
        "Port": "443",
        "StatusCode": "HTTP_301",
    }


def test_without_a_certificate_the_listener_is_plain_http_forwarding() -> None:
    b = body()
    assert "HttpsListener" not in b["Resources"]
    assert props(b, "HttpListener")["DefaultActions"][0]["Type"] == "forward"
    ingress = props(b, "LoadBalancerSecurityGroup")["SecurityGroupIngress"]
    assert [(r["FromPort"], r["CidrIp"]) for r in ingress] == [(80, "0.0.0.0/0")]


def test_load_balancer_logs_drops_bad_headers_and_spans_public_subnets() -> None:
    b = body(load_balancer={"deletion_protection": True})
    attrs = attributes(b, "LoadBalancer")
    assert attrs["routing.http.drop_invalid_header_fields.enabled"] == "true"
    assert attrs["access_logs.s3.enabled"] == "true"
    assert attrs["access_logs.s3.bucket"] == {"Ref": "AccessLogsBucket"}
    assert attrs["deletion_protection.enabled"] == "true"
    assert props(b, "LoadBalancer")["Subnets"] == [{"Ref": f"PublicSubnet{i}"} for i in (1, 2, 3)]
    bucket = props(b, "AccessLogsBucket")
    rule = bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]
    assert rule["ServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"
    assert all(bucket["PublicAccessBlockConfiguration"].values())
    policy = props(b, "AccessLogsBucketPolicy")["PolicyDocument"]["Statement"][0]
    assert "127311923021" in str(policy["Principal"])  # the us-east-1 ELB account


def test_log_delivery_principal_is_the_service_in_regions_without_an_elb_account() -> None:
    b = HAWebApp("web", region="ap-southeast-5").synth().body
    statement = props(b, "AccessLogsBucketPolicy")["PolicyDocument"]["Statement"][0]
    assert statement["Principal"] == {"Service": "logdelivery.elasticloadbalancing.amazonaws.com"}


def test_target_group_health_check_and_draining_follow_the_options() -> None:
    b = body(
        load_balancer={
            "health_check_path": "/ready",
            "health_check_matcher": "200-299",
            "deregistration_delay": 45,
            "health_check_interval": 10,
        }
    )
    tg = props(b, "TargetGroup")
    assert tg["HealthCheckPath"] == "/ready" and tg["Matcher"] == {"HttpCode": "200-299"}
    assert tg["HealthCheckIntervalSeconds"] == 10
    assert attributes(b, "TargetGroup", "TargetGroupAttributes") == {
        "deregistration_delay.timeout_seconds": "45"
    }


def test_nlb_option_builds_a_network_load_balancer_with_cross_zone() -> None:
    b = body(load_balancer={"kind": "network"})
    assert props(b, "LoadBalancer")["Type"] == "network"
    assert attributes(b, "LoadBalancer")["load_balancing.cross_zone.enabled"] == "true"
    assert props(b, "TargetGroup")["Protocol"] == "TCP"
    assert "RequestScalingPolicy" not in b["Resources"]


def test_launch_template_is_locked_down() -> None:
    data = props(body(), "LaunchTemplate")["LaunchTemplateData"]
    assert data["MetadataOptions"]["HttpTokens"] == "required"
    ebs = data["BlockDeviceMappings"][0]["Ebs"]
    assert ebs["Encrypted"] is True and ebs["VolumeType"] == "gp3"
    assert data["NetworkInterfaces"][0]["AssociatePublicIpAddress"] is False
    assert data["ImageId"] == {"Ref": "ImageId"}
    script, variables = data["UserData"]["Fn::Base64"]["Fn::Sub"]
    assert "nginx" in script and "location = /health" in script
    assert variables == {"DatabaseHost": {"Fn::GetAtt": ["DatabaseCluster", "Endpoint.Address"]}}


def test_ami_parameter_matches_the_architecture_or_an_explicit_ami_is_used() -> None:
    assert is_graviton("m7g.large") and is_graviton("t4g.small") and not is_graviton("m6i.large")
    arm = HAWebApp("web", fleet={"instance_type": "c7g.large"}).synth().body
    assert arm["Parameters"]["ImageId"]["Default"] == SSM_AMI_ARM
    assert body()["Parameters"]["ImageId"]["Default"] == SSM_AMI_X86
    pinned = body(fleet={"ami_id": "ami-0123456789abcdef0"})
    assert "Parameters" not in pinned or "ImageId" not in pinned["Parameters"]
    assert (
        props(pinned, "LaunchTemplate")["LaunchTemplateData"]["ImageId"] == "ami-0123456789abcdef0"
    )


def test_instance_role_has_only_the_ssm_managed_policy() -> None:
    role = props(body(), "InstanceRole")
    assert role["ManagedPolicyArns"] == [
        {"Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/AmazonSSMManagedInstanceCore"}
    ]
    assert "Policies" not in role


def test_group_spans_private_subnets_with_elb_health_and_one_instance_per_az() -> None:
    b = body(network={"az_count": 4})
    asg = props(b, "AutoScalingGroup")
    assert asg["VPCZoneIdentifier"] == [{"Ref": f"PrivateSubnet{i}"} for i in (1, 2, 3, 4)]
    assert asg["HealthCheckType"] == "ELB" and asg["HealthCheckGracePeriod"] == 300
    assert (asg["MinSize"], asg["MaxSize"]) == ("4", "12")
    assert "DesiredCapacity" not in asg  # target tracking owns it
    update = b["Resources"]["AutoScalingGroup"]["UpdatePolicy"]["AutoScalingRollingUpdate"]
    assert update["MinInstancesInService"] == "4"
    cpu = props(b, "CpuScalingPolicy")["TargetTrackingConfiguration"]
    assert (
        cpu["PredefinedMetricSpecification"]["PredefinedMetricType"] == "ASGAverageCPUUtilization"
    )
    requests = props(b, "RequestScalingPolicy")["TargetTrackingConfiguration"]
    assert requests["PredefinedMetricSpecification"]["PredefinedMetricType"] == (
        "ALBRequestCountPerTarget"
    )


def test_instances_accept_only_the_load_balancer_and_reach_the_database_client_group() -> None:
    b = body()
    ingress = props(b, "InstanceSecurityGroup")["SecurityGroupIngress"]
    assert ingress == [
        {
            "Description": "From the load balancer",
            "FromPort": 80,
            "IpProtocol": "tcp",
            "ToPort": 80,
            "SourceSecurityGroupId": {"Ref": "LoadBalancerSecurityGroup"},
        }
    ]
    groups = props(b, "LaunchTemplate")["LaunchTemplateData"]["NetworkInterfaces"][0]["Groups"]
    assert {"Ref": "DatabaseClientSecurityGroup"} in groups


@pytest.mark.parametrize(
    ("fleet", "field"),
    [
        ({"min_size": 4, "max_size": 2}, "max_size"),
        ({"min_size": 4, "max_size": 4}, "max_size"),
        ({"instance_type": "huge"}, "instance_type"),
        ({"ami_id": "ami-xyz"}, "ami_id"),
    ],
)
def test_bad_fleet_options_name_the_field(fleet, field) -> None:
    with pytest.raises(OptionsError) as caught:
        HAWebApp("web", fleet=fleet)
    assert f"fleet.{field}" in {p[0] for p in caught.value.problems}


def test_user_data_templates_render_with_variables_and_fail_on_typos(tmp_path) -> None:
    good = tmp_path / "ud.sh.j2"
    good.write_text("#!/bin/sh\necho {{ app_name }} {{ greeting }} {{ app_port }}\n")
    b = body(
        app_name="shop",
        fleet={"user_data_template": str(good), "user_data_vars": {"greeting": "hi"}},
    )
    script = props(b, "LaunchTemplate")["LaunchTemplateData"]["UserData"]["Fn::Base64"]
    assert script == "#!/bin/sh\necho shop hi 80\n"
    bad = tmp_path / "bad.sh.j2"
    bad.write_text("echo {{ missing_var }}\n")
    with pytest.raises(UsageError, match="'missing_var' is undefined"):
        HAWebApp("web", fleet={"user_data_template": str(bad)}).synth()


def test_dns_creates_zone_and_alias_with_target_health_and_no_unused_health_check() -> None:
    b = body(load_balancer={"certificate_arn": CERT}, dns={"domain_name": "shop.example.com"})
    assert props(b, "HostedZone")["Name"] == "example.com"
    assert not [r for r in b["Resources"].values() if r["Type"] == "AWS::Route53::HealthCheck"]
    alias = props(b, "AliasRecord")
    assert alias["Name"] == "shop.example.com" and alias["AliasTarget"]["EvaluateTargetHealth"]
    assert b["Outputs"]["ApplicationUrl"]["Value"] == "https://shop.example.com/"


def test_failover_records_always_carry_the_health_check() -> None:
    b = body(
        dns={
            "domain_name": "shop.example.com",
            "hosted_zone_id": "Z0123456789ABC",
            "failover": "SECONDARY",
        }
    )
    record = props(b, "FailoverRecord")
    assert record["Failover"] == "SECONDARY"
    assert record["HealthCheckId"] == {"Ref": "LoadBalancerHealthCheck"}
    check = props(b, "LoadBalancerHealthCheck")["HealthCheckConfig"]
    assert check["ResourcePath"] == "/health/deep"  # the deep check: app and database
    assert record["HostedZoneId"] == "Z0123456789ABC"
    assert "HostedZone" not in b["Resources"]


def test_no_domain_means_no_dns_resources() -> None:
    assert not [r for r in body()["Resources"].values() if r["Type"].startswith("AWS::Route53")]


def test_dns_options_that_contradict_each_other_are_refused() -> None:
    with pytest.raises(OptionsError, match="dns.domain_name"):
        HAWebApp("web", dns={"failover": "PRIMARY"})
    with pytest.raises(OptionsError, match="a name inside zone other.org"):
        HAWebApp("web", dns={"domain_name": "shop.example.com", "zone_name": "other.org"})
    assert resources(body(dns={"domain_name": "example.com"}), "AWS::Route53::HostedZone")


def test_rendered_user_data_is_cached_by_content_and_variables(tmp_path, monkeypatch) -> None:
    import subprocess
    import sys

    from hastack.components.user_data import render_user_data

    monkeypatch.setenv("HASTACK_CACHE_DIR", str(tmp_path / "cache"))
    template = tmp_path / "ud.sh.j2"
    template.write_text("echo {{ app_name }}\n")
    assert render_user_data(template, {"app_name": "a"}) == "echo a\n"
    assert len(list((tmp_path / "cache" / "user-data").iterdir())) == 1
    assert render_user_data(template, {"app_name": "b"}) == "echo b\n"
    template.write_text("echo changed {{ app_name }}\n")
    assert render_user_data(template, {"app_name": "a"}) == "echo changed a\n"
    code = (
        "import sys\nfrom hastack.components.user_data import render_user_data\n"
        f"print(render_user_data({str(template)!r}, {{'app_name': 'a'}}), end='')\n"
        "print('jinja2' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "HASTACK_CACHE_DIR": str(tmp_path / "cache")},
        timeout=60,
    )
    assert result.stdout == "echo changed a\nFalse\n", result.stderr


def test_dual_stack_network_gets_a_dual_stack_load_balancer_and_aaaa_alias(cfn_lint) -> None:
    stack = HAWebApp(
        "web",
        network={"ipv6": True},
        load_balancer={"certificate_arn": CERT},
        dns={"domain_name": "shop.example.com"},
    ).synth()
    b = stack.body
    assert props(b, "LoadBalancer")["IpAddressType"] == "dualstack"
    ingress = props(b, "LoadBalancerSecurityGroup")["SecurityGroupIngress"]
    assert {(r["FromPort"], r.get("CidrIp"), r.get("CidrIpv6")) for r in ingress} == {
        (80, "0.0.0.0/0", None),
        (443, "0.0.0.0/0", None),
        (80, None, "::/0"),
        (443, None, "::/0"),
    }
    assert props(b, "AliasRecordIpv6")["Type"] == "AAAA"
    assert props(b, "AliasRecordIpv6")["AliasTarget"] == props(b, "AliasRecord")["AliasTarget"]
    assert cfn_lint(stack.to_json()) == []
    assert props(body(), "LoadBalancer")["IpAddressType"] == "ipv4"
    assert "AliasRecordIpv6" not in body(dns={"domain_name": "shop.example.com"})["Resources"]


def test_cross_field_load_balancer_problems_are_all_reported_at_once() -> None:
    with pytest.raises(OptionsError) as caught:
        HAWebApp(
            "w",
            load_balancer={
                "zonal_shift": False,
                "health_check_path": "/same",
                "deep_health_check_path": "/same",
            },
        )
    names = {problem[0] for problem in caught.value.problems}
    assert {"load_balancer.zonal_autoshift", "load_balancer.deep_health_check_path"} <= names
