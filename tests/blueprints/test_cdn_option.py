"""The CDN option of the web blueprints and of the active/passive blueprint: the same CDN
component as CdnDistribution, its checks reported with the blueprint's other options."""

from __future__ import annotations

import re

import pytest

from hastack.errors import OptionsError
from tests.conftest import props

CERT = "arn:aws:acm:{region}:123456789012:certificate/11111111-2222-3333-4444-555555555555"
ACL = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/shop/0123abcd"
SITE = {"domain_names": ["shop.example.com"], "certificate_arn": CERT.format(region="us-east-1")}


def web(region: str = "us-east-1", **cdn: object):
    from hastack.blueprints import HAWebApp

    return HAWebApp(
        "shop",
        region=region,
        load_balancer={"certificate_arn": CERT.format(region=region)},
        cdn={**SITE, **cdn},
    )


def test_the_web_app_puts_its_load_balancer_behind_cloudfront() -> None:
    body = web(failover_status_codes=[502, 503]).synth().body
    config = props(body, "Distribution")["DistributionConfig"]
    origins = {o["Id"]: o["DomainName"] for o in config["Origins"]}
    assert origins["primary"] == {"Fn::GetAtt": ["LoadBalancer", "DNSName"]}
    (group,) = config["OriginGroups"]["Items"]
    assert [m["OriginId"] for m in group["Members"]["Items"]] == ["primary", "sorry"]
    assert group["FailoverCriteria"]["StatusCodes"]["Items"] == [502, 503]
    assert config["WebACLId"] == {"Fn::GetAtt": ["CdnWebAcl", "Arn"]}
    assert config["Logging"]["Bucket"] == {"Fn::GetAtt": ["CdnLogsBucket", "DomainName"]}
    assert config["Aliases"] == ["shop.example.com"]
    assert {"DistributionId", "DistributionDomainName", "SorryPageBucketName"} <= set(
        body["Outputs"]
    )


def test_outside_us_east_1_the_web_acl_must_exist_or_waf_be_off() -> None:
    with pytest.raises(OptionsError) as refused:
        web("eu-west-1")
    assert "cdn.web_acl_arn" in str(refused.value) and "us-east-1" in str(refused.value)
    body = web("eu-west-1", web_acl_arn=ACL).synth().body
    assert props(body, "Distribution")["DistributionConfig"]["WebACLId"] == ACL
    assert "CdnWebAcl" not in body["Resources"]
    off = web("eu-west-1", waf=False).synth().body
    assert "WebACLId" not in props(off, "Distribution")["DistributionConfig"]
    assert "CdnWebAcl" not in off["Resources"]


def test_bad_cdn_fields_are_reported_together() -> None:
    from hastack.blueprints import HAWebApp

    with pytest.raises(OptionsError) as refused:
        HAWebApp(
            "shop",
            cdn={
                "certificate_arn": CERT.format(region="eu-west-1"),
                "failover_status_codes": [501],
                "waf": False,
                "web_acl_arn": ACL,
            },
        )
    fields = [field for field, _value, _allowed in refused.value.problems]
    assert fields == [
        "cdn.certificate_arn",
        "cdn.web_acl_arn",
        "cdn.failover_status_codes",
    ]
    with pytest.raises(OptionsError) as refused:
        HAWebApp("shop", cdn={})
    fields = [field for field, _value, _allowed in refused.value.problems]
    assert fields == ["load_balancer.certificate_arn", "cdn.domain_names"]


def pair(**kwargs: object):
    from hastack.blueprints import ActivePassiveWebApp

    options = {
        "primary_region": "us-east-1",
        "secondary_region": "us-west-2",
        "domain_name": "shop.example.com",
        "load_balancer": {"certificate_arn": CERT.format(region="us-east-1")},
        "secondary": {"load_balancer": {"certificate_arn": CERT.format(region="us-west-2")}},
        "cdn": {"certificate_arn": CERT.format(region="us-east-1")},
    }
    return ActivePassiveWebApp("shop", **{**options, **kwargs})


def test_the_active_passive_app_fails_its_origin_over_to_the_standby_region() -> None:
    stacks = {s.name: s for s in pair().stacks()}
    edge = stacks["shop-cdn"]
    assert edge.region == "us-east-1"
    assert set(edge.inputs) == {"SecondaryOriginDomainName", "OriginVerifySecretName"}
    config = props(edge.body, "Distribution")["DistributionConfig"]
    origins = {o["Id"]: o["DomainName"] for o in config["Origins"]}
    assert origins["primary"] == "origin.shop.example.com"  # Route 53's failover name
    assert origins["secondary"] == {"Ref": "SecondaryOriginDomainName"}
    (group,) = config["OriginGroups"]["Items"]
    assert [m["OriginId"] for m in group["Members"]["Items"]] == ["primary", "secondary"]
    assert config["Aliases"] == ["shop.example.com"]
    for name in ("shop-us-east-1", "shop-us-west-2"):
        assert "Distribution" not in stacks[name].body["Resources"]


def records_of(body: dict) -> dict[str, dict]:
    return {
        name: resource["Properties"]
        for name, resource in body["Resources"].items()
        if resource["Type"] == "AWS::Route53::RecordSet"
    }


def test_the_site_name_aliases_the_distribution_and_the_failover_records_name_its_origin() -> None:
    """Viewers resolve the site's name to CloudFront, never to a load balancer; Route 53's
    failover (health checks, the runbook's fencing) picks the region behind the origin name."""
    app = pair()
    order = [b.name for b in app.blueprints()]
    assert order.index("shop-cdn") < order.index("shop-dns")  # the alias reads its name
    dns = app.dns.synth()
    assert dns.inputs["DistributionDomainName"].stack == "shop-cdn"
    records = records_of(dns.body)
    site = {n: r for n, r in records.items() if r["Name"] == "shop.example.com"}
    assert {n: r["Type"] for n, r in site.items()} == {
        "AliasRecord": "A",
        "AliasRecordIpv6": "AAAA",
    }
    for record in site.values():
        assert record["AliasTarget"] == {
            "HostedZoneId": "Z2FDTNDATAQYW2",
            "DNSName": {"Ref": "DistributionDomainName"},
            "EvaluateTargetHealth": False,
        }
        assert "Failover" not in record
    origin = {n: r for n, r in records.items() if r["Name"] == "origin.shop.example.com"}
    assert {n: (r["Failover"], r["HealthCheckId"]["Ref"]) for n, r in origin.items()} == {
        "PrimaryOriginRecord": ("PRIMARY", "PrimaryHealthCheck"),
        "SecondaryOriginRecord": ("SECONDARY", "SecondaryHealthCheck"),
    }
    assert set(records) == set(site) | set(origin)
    assert dns.body["Outputs"]["OriginDomainName"]["Value"] == "origin.shop.example.com"
    # the runbook still reads (and fences) the primary's health check
    assert app.failover is not None
    assert app.failover.synth().inputs["PrimaryHealthCheckId"].stack == "shop-dns"


def test_without_a_cdn_the_site_name_still_fails_over_between_the_load_balancers() -> None:
    records = records_of(pair(cdn=None).dns.synth().body)
    assert {n: (r["Name"], r["Failover"]) for n, r in records.items()} == {
        "PrimaryRecord": ("shop.example.com", "PRIMARY"),
        "SecondaryRecord": ("shop.example.com", "SECONDARY"),
    }


def named_web(**dns: object):
    """The web app behind its distribution, with the site's name in an existing zone."""
    from hastack.blueprints import HAWebApp

    return HAWebApp(
        "shop",
        load_balancer={"certificate_arn": CERT.format(region="us-east-1")},
        dns={"domain_name": "shop.example.com", "hosted_zone_id": "Z0123456789ABC", **dns},
        cdn=SITE,
    )


def test_the_web_app_aliases_its_name_to_its_distribution() -> None:
    from hastack.blueprints import HAWebApp

    app = named_web
    records = records_of(app().synth().body)
    assert set(records) == {"AliasRecord", "AliasRecordIpv6"}
    for record in records.values():
        assert record["AliasTarget"]["HostedZoneId"] == "Z2FDTNDATAQYW2"
        assert record["AliasTarget"]["DNSName"] == {"Fn::GetAtt": ["Distribution", "DomainName"]}
    with pytest.raises(OptionsError) as refused:
        app(failover="PRIMARY")
    assert [p[0] for p in refused.value.problems] == ["dns.failover"]
    with pytest.raises(OptionsError) as refused:
        HAWebApp(
            "shop",
            load_balancer={"certificate_arn": CERT.format(region="us-east-1")},
            dns={"domain_name": "www.example.com"},
            cdn=SITE,
        )
    assert [p[0] for p in refused.value.problems] == ["cdn.domain_names"]


def test_the_active_passive_cdn_needs_both_regions_certificates() -> None:
    with pytest.raises(OptionsError) as refused:
        pair(load_balancer={}, secondary={})
    fields = [field for field, _value, _allowed in refused.value.problems]
    assert fields == [
        "load_balancer.certificate_arn",
        "secondary region: load_balancer.certificate_arn",
    ]
    with pytest.raises(OptionsError, match="cdn.failover_status_codes"):
        pair(cdn={"failover_status_codes": [200]})


def test_without_the_option_nothing_changes() -> None:
    from hastack.blueprints import HAWebApp

    plain = HAWebApp("shop").synth().body
    assert "Distribution" not in plain["Resources"]
    assert [b.name for b in pair(cdn=None).blueprints()] == [
        "shop-us-east-1",
        "shop-us-west-2",
        "shop-dns",
        "shop-failover",
    ]


def test_the_web_app_with_its_distribution_deploys_on_the_local_engine(local_cloud, deploy):
    outputs = deploy(web())
    config = local_cloud.client("cloudfront").get_distribution(Id=outputs["DistributionId"])[
        "Distribution"
    ]["DistributionConfig"]
    origins = {o["Id"]: o["DomainName"] for o in config["Origins"]["Items"]}
    assert origins["primary"] == outputs["LoadBalancerDnsName"]
    assert origins["sorry"].startswith(outputs["SorryPageBucketName"])


def test_the_origin_name_is_a_host_name_in_the_zone_the_dns_stack_serves() -> None:
    from hastack.blueprints import CdnDistribution, FailoverDns

    app = pair(cdn=None)
    with pytest.raises(OptionsError, match="primary_origin_name"):
        CdnDistribution("e", primary=app.primary, primary_origin_name="not a name")

    def dns(origin: str | None) -> FailoverDns:
        edge = CdnDistribution(
            "e", primary=app.primary, secondary=app.secondary, primary_origin_name=origin, cdn=SITE
        )
        return FailoverDns(
            "d",
            primary=app.primary,
            secondary=app.secondary,
            cdn=edge,
            dns={"domain_name": "shop.example.com"},
        )

    with pytest.raises(OptionsError) as refused:
        dns(None)  # its primary origin would be the load balancer, which no record serves
    assert [p[0] for p in refused.value.problems] == ["cdn"]
    with pytest.raises(OptionsError) as refused:
        dns("origin.example.org")
    assert [p[0] for p in refused.value.problems] == ["cdn.primary_origin_name"]
    assert dns("edge-origin.example.com").synth().outputs  # any name inside example.com


def _https_listener(body: dict) -> tuple[dict, dict[int, dict]]:
    """The HTTPS listener's properties and its rules by priority."""
    rules = {
        r["Properties"]["Priority"]: r["Properties"]
        for r in body["Resources"].values()
        if r["Type"] == "AWS::ElasticLoadBalancingV2::ListenerRule"
    }
    return props(body, "HttpsListener"), rules


def test_the_web_apps_load_balancer_serves_only_its_distribution() -> None:
    """The listener answers 403 unless the request carries the header CloudFront adds, whose
    value is the stack's generated secret; the deep health check Route 53 probes (no custom
    header possible) is forwarded without it. Without a cdn, every request is forwarded."""
    body = web().synth().body
    listener, rules = _https_listener(body)
    (default,) = listener["DefaultActions"]
    assert (default["Type"], default["FixedResponseConfig"]["StatusCode"]) == (
        "fixed-response",
        "403",
    )
    secret = props(body, "OriginVerifySecret")["GenerateSecretString"]
    assert secret == {"PasswordLength": 32, "ExcludePunctuation": True}
    value = {"Fn::Sub": "{{resolve:secretsmanager:${OriginVerifySecret}:SecretString}}"}
    (header,) = rules[1]["Conditions"]
    assert header["HttpHeaderConfig"] == {"HttpHeaderName": "X-Origin-Verify", "Values": [value]}
    paths = [
        c["PathPatternConfig"]["Values"] for c in rules[2]["Conditions"] if "PathPatternConfig" in c
    ]
    assert paths == [["/health/deep"]]
    assert [c["Field"] for c in rules[2]["Conditions"]] == ["path-pattern"]  # any method
    for rule in rules.values():
        assert rule["Actions"] == [{"TargetGroupArn": {"Ref": "TargetGroup"}, "Type": "forward"}]
    config = props(body, "Distribution")["DistributionConfig"]
    lb_origins = [o for o in config["Origins"] if "CustomOriginConfig" in o]
    assert [o["OriginCustomHeaders"] for o in lb_origins] == [
        [{"HeaderName": "X-Origin-Verify", "HeaderValue": value}]
    ]
    plain_listener, plain_rules = _https_listener(web_without_cdn().synth().body)
    assert plain_listener["DefaultActions"][0]["Type"] == "forward" and not plain_rules


def web_without_cdn(**load_balancer: object):
    from hastack.blueprints import HAWebApp

    certificate = {"certificate_arn": CERT.format(region="us-east-1")}
    return HAWebApp("shop", load_balancer={**certificate, **load_balancer})


def test_the_pair_shares_one_secret_replicated_to_the_standby_and_the_edge() -> None:
    """The primary generates the secret and replicates it where it is read: the standby
    region's listener and the distribution's stack (us-east-1) resolve it by the name the
    primary outputs. A primary outside us-east-1 replicates it there too."""
    stacks = {s.name: s for s in pair().stacks()}
    primary, secondary, edge = (stacks[n] for n in ("shop-us-east-1", "shop-us-west-2", "shop-cdn"))
    replicas = props(primary.body, "OriginVerifySecret")["ReplicaRegions"]
    assert replicas == [{"Region": "us-west-2"}]
    # read by name in the other regions: a name ending in "-" + 6 characters reads as a
    # partial ARN (Secrets Manager appends those in ARNs)
    name = props(primary.body, "OriginVerifySecret")["Name"]["Fn::Sub"]
    assert name == primary.body["Outputs"]["OriginVerifySecretName"]["Value"]["Fn::Sub"]
    assert not re.search(r"-[^-]{6}$", name), name
    assert "OriginVerifySecretName" in primary.body["Outputs"]
    by_name = {
        "Fn::Sub": [
            "{{resolve:secretsmanager:${Name}:SecretString}}",
            {"Name": {"Ref": "OriginVerifySecretName"}},
        ]
    }
    assert "OriginVerifySecret" not in secondary.body["Resources"]
    _listener, rules = _https_listener(secondary.body)
    assert rules[1]["Conditions"][0]["HttpHeaderConfig"]["Values"] == [by_name]
    config = props(edge.body, "Distribution")["DistributionConfig"]
    headers = {
        o["Id"]: o["OriginCustomHeaders"] for o in config["Origins"] if "CustomOriginConfig" in o
    }
    assert headers == {
        origin: [{"HeaderName": "X-Origin-Verify", "HeaderValue": by_name}]
        for origin in ("primary", "secondary")
    }
    west = pair(
        primary_region="eu-west-1",
        load_balancer={"certificate_arn": CERT.format(region="eu-west-1")},
    )
    west = {s.name: s for s in west.stacks()}
    replicas = props(west["shop-eu-west-1"].body, "OriginVerifySecret")["ReplicaRegions"]
    assert replicas == [{"Region": "us-west-2"}, {"Region": "us-east-1"}]


def test_a_network_load_balancer_cannot_sit_behind_the_distribution() -> None:
    """An NLB sees no HTTP header: it cannot refuse requests that go around CloudFront."""
    from hastack.blueprints import HAWebApp

    certificate = CERT.format(region="us-east-1")
    with pytest.raises(OptionsError, match="load_balancer.kind") as refused:
        HAWebApp(
            "shop", load_balancer={"kind": "network", "certificate_arn": certificate}, cdn=SITE
        )
    assert "only an ALB" in str(refused.value)
    with pytest.raises(OptionsError, match="secondary region: load_balancer.kind"):
        pair(secondary={"load_balancer": {"kind": "network", "certificate_arn": certificate}})
