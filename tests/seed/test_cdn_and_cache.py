"""CloudFront with origin failover over the active/passive app, and the replicated cache."""

from __future__ import annotations

import pytest

from hastack.core.app_loader import load_app
from tests.conftest import EXAMPLES, props, resources


def cdn_stack():
    stacks = {s.name: s for s in load_app(str(EXAMPLES / "cdn.py")).order()}
    return stacks, stacks["cdn-shop-dev-cdn"]


def test_the_distribution_fails_over_from_the_primary_to_the_secondary_load_balancer() -> None:
    stacks, edge = cdn_stack()
    order = list(stacks)
    regions = [order.index(f"cdn-shop-dev-{r}") for r in ("us-east-1", "us-west-2")]
    edge_at = order.index("cdn-shop-dev-cdn")
    assert edge_at > max(regions), "the edge deploys after both regions"
    assert order.index("cdn-shop-dev-dns") > edge_at, "DNS aliases the site to the edge"
    config = props(edge.body, "Distribution")["DistributionConfig"]
    (group,) = config["OriginGroups"]["Items"]
    members = [m["OriginId"] for m in group["Members"]["Items"]]
    assert members == ["primary", "secondary"]
    assert group["FailoverCriteria"]["StatusCodes"]["Items"] == [500, 502, 503, 504]
    assert config["DefaultCacheBehavior"]["TargetOriginId"] == "failover"
    origins = {o["Id"]: o for o in config["Origins"]}
    assert origins["primary"]["DomainName"] == "origin.shop.example.com"
    assert origins["secondary"]["CustomOriginConfig"]["OriginProtocolPolicy"] == "https-only"
    assert config["ViewerCertificate"]["AcmCertificateArn"].startswith("arn:aws:acm:us-east-1:")
    assert config["WebACLId"] == {"Fn::GetAtt": ["CdnWebAcl", "Arn"]}
    assert {e["ErrorCode"] for e in config["CustomErrorResponses"]} == {502, 503, 504}
    # the primary origin is Route 53's failover name; the secondary the standby's load balancer
    # and the secret header the load balancers check comes from the primary region's secret
    assert set(edge.inputs) == {"SecondaryOriginDomainName", "OriginVerifySecretName"}
    for origin in ("primary", "secondary"):
        (header,) = origins[origin]["OriginCustomHeaders"]
        assert header["HeaderName"] == "X-Origin-Verify"


def test_without_a_secondary_the_sorry_page_is_the_failover_origin() -> None:
    from hastack.blueprints import CdnDistribution, HAWebApp

    web = HAWebApp("solo-web")
    body = CdnDistribution("solo-cdn", primary=web).synth().body
    config = props(body, "Distribution")["DistributionConfig"]
    members = [m["OriginId"] for m in config["OriginGroups"]["Items"][0]["Members"]["Items"]]
    assert members == ["primary", "sorry"]


def test_a_certificate_outside_us_east_1_is_refused() -> None:
    from hastack.components.cdn import CdnOptions
    from hastack.errors import OptionsError

    arn = "arn:aws:acm:eu-west-1:123456789012:certificate/abc"
    with pytest.raises(OptionsError, match="us-east-1"):
        CdnOptions.parse({"domain_names": ["shop.example.com"], "certificate_arn": arn})
    with pytest.raises(OptionsError, match="failover_status_codes"):
        CdnOptions.parse({"failover_status_codes": [501]})


def test_the_cdn_rules_flag_one_origin_plain_http_old_tls_and_a_foreign_certificate() -> None:
    from hastack.validate.api import validate
    from tests.validate.conftest import FIXTURES, pack_only

    findings = validate(str(FIXTURES / "bad/cdn/distribution.yaml"), use_cache=False).findings
    config = "Resources/Distribution/Properties/DistributionConfig"
    assert pack_only(findings) == [
        ("E9301", f"{config}/ViewerCertificate/AcmCertificateArn"),
        ("W9802", f"{config}/DefaultCacheBehavior/TargetOriginId"),
        ("W9803", f"{config}/DefaultCacheBehavior/ViewerProtocolPolicy"),
        ("W9803", f"{config}/ViewerCertificate"),
    ]


def test_the_edge_stack_is_priced_with_cloudfront_and_waf() -> None:
    from hastack.cost.api import estimate

    result = estimate(str(EXAMPLES / "cdn.py"))
    names = [c.name for c in result.resource("Distribution", "cdn-shop-dev-cdn").components]
    assert any(name.startswith("CloudFront data out, NA/Europe") for name in names)
    acl = result.resource("CdnWebAcl", "cdn-shop-dev-cdn")
    assert acl.monthly_fixed == 5 + 3  # $5 per web ACL, $1 for each of its 3 rules


def test_the_cache_spreads_a_primary_and_two_replicas_over_three_azs() -> None:
    (stack,) = load_app(str(EXAMPLES / "cache.py")).stacks
    group = props(stack.body, "CacheReplicationGroup")
    assert group["NumCacheClusters"] == 3
    azs = group["PreferredCacheClusterAZs"]
    assert len({str(az) for az in azs}) == 3, "primary and replicas in distinct AZs"
    assert group["MultiAZEnabled"] and group["AutomaticFailoverEnabled"]
    assert group["TransitEncryptionEnabled"] and group["AtRestEncryptionEnabled"]
    assert "resolve:secretsmanager" in group["AuthToken"]["Fn::Sub"]
    subnets = props(stack.body, "CacheSubnetGroup")["SubnetIds"]
    assert subnets == [{"Ref": f"IsolatedSubnet{i}"} for i in (1, 2, 3)]
    groups = props(stack.body, "LaunchTemplate")["LaunchTemplateData"]["NetworkInterfaces"][0]
    assert {"Ref": "CacheClientSecurityGroup"} in groups["Groups"]
    alarms = resources(stack.body, "AWS::CloudWatch::Alarm")
    assert {"CacheCpuAlarm", "CacheMemoryAlarm", "CacheReplicationLagAlarm"} <= set(alarms)
    assert stack.body["Resources"]["CacheReplicationGroup"]["DeletionPolicy"] == "Snapshot"


def test_the_cache_is_priced_per_node_hour_for_the_primary_and_both_replicas() -> None:
    from decimal import Decimal

    from hastack.cost.api import estimate

    (nodes,) = estimate(str(EXAMPLES / "cache.py")).resource("CacheReplicationGroup").components
    assert nodes.quantity == 3 * Decimal("730")


def test_the_cdn_example_deploys_on_the_local_engine(local_cloud, deploy) -> None:
    """No placeholders: the distribution, its origin access control and web ACL land in moto's
    CloudFront and WAFv2 backends as the stack declared them."""
    outputs = deploy(load_app(str(EXAMPLES / "cdn.py")))
    edge = outputs["cdn-shop-dev-cdn"]
    assert edge["DistributionDomainName"].endswith(".cloudfront.net")
    cloudfront = local_cloud.client("cloudfront")
    config = cloudfront.get_distribution(Id=edge["DistributionId"])["Distribution"][
        "DistributionConfig"
    ]
    origins = {o["Id"]: o["DomainName"] for o in config["Origins"]["Items"]}
    assert origins["primary"] == outputs["cdn-shop-dev-dns"]["OriginDomainName"]
    assert origins["secondary"] == outputs["cdn-shop-dev-us-west-2"]["LoadBalancerDnsName"]
    # viewers resolve the site to the distribution; the origin name fails over between the LBs
    route53 = local_cloud.client("route53")
    zone = outputs["cdn-shop-dev-dns"]["HostedZoneId"]
    records = route53.list_resource_record_sets(HostedZoneId=zone)["ResourceRecordSets"]
    aliases = {
        (r["Name"].rstrip("."), r["Type"], r.get("Failover")): r["AliasTarget"]["DNSName"]
        for r in records
        if "AliasTarget" in r
    }
    distribution = edge["DistributionDomainName"]
    assert {k: v.rstrip(".") for k, v in aliases.items()} == {
        ("shop.example.com", "A", None): distribution,
        ("shop.example.com", "AAAA", None): distribution,
        ("origin.shop.example.com", "A", "PRIMARY"): outputs["cdn-shop-dev-us-east-1"][
            "LoadBalancerDnsName"
        ],
        ("origin.shop.example.com", "A", "SECONDARY"): origins["secondary"],
    }
    (group,) = config["OriginGroups"]["Items"]
    assert group["FailoverCriteria"]["StatusCodes"]["Items"] == [500, 502, 503, 504]
    assert config["ViewerCertificate"]["ACMCertificateArn"].startswith("arn:aws:acm:us-east-1:")
    # moto's backends live as long as the process: other tests' objects may be listed too
    acls = local_cloud.client("wafv2").list_web_acls(Scope="CLOUDFRONT")["WebACLs"]
    assert config["WebACLId"] in [acl["ARN"] for acl in acls]
    controls = cloudfront.list_origin_access_controls()["OriginAccessControlList"]["Items"]
    assert ("cdn-shop-dev-cdn-sorry", "s3") in [
        (c["Name"], c["OriginAccessControlOriginType"]) for c in controls
    ]
    _origins_accept_only_the_distribution(local_cloud, outputs, config)


def _origins_accept_only_the_distribution(local_cloud, outputs, config) -> None:
    """Both load balancers refuse what lacks the header the distribution sends, whose value is
    the primary's secret, replicated to us-west-2 (and read there by name)."""
    name = outputs["cdn-shop-dev-us-east-1"]["OriginVerifySecretName"]
    value = local_cloud.client("secretsmanager").get_secret_value(SecretId=name)["SecretString"]
    replica = local_cloud.client("secretsmanager", region="us-west-2")
    assert replica.get_secret_value(SecretId=name)["SecretString"] == value
    assert len(value) == 32 and value.isalnum()
    for origin in config["Origins"]["Items"]:
        if origin["Id"] in ("primary", "secondary"):
            headers = origin["CustomHeaders"]["Items"]
            assert headers == [{"HeaderName": "X-Origin-Verify", "HeaderValue": value}]
    for region in ("us-east-1", "us-west-2"):
        elbv2 = local_cloud.client("elbv2", region=region)
        arn = outputs[f"cdn-shop-dev-{region}"]["LoadBalancerArn"]
        (https,) = [
            listener
            for listener in elbv2.describe_listeners(LoadBalancerArn=arn)["Listeners"]
            if listener["Port"] == 443
        ]
        (default,) = https["DefaultActions"]
        assert default["Type"] == "fixed-response"
        assert default["FixedResponseConfig"]["StatusCode"] == "403"
        rules = {
            r["Priority"]: r
            for r in elbv2.describe_rules(ListenerArn=https["ListenerArn"])["Rules"]
            if not r["IsDefault"]
        }
        header = rules["1"]["Conditions"][0]["HttpHeaderConfig"]
        assert (header["HttpHeaderName"], header["Values"]) == ("X-Origin-Verify", [value])
        assert rules["1"]["Actions"][0]["Type"] == "forward"
        paths = [c for c in rules["2"]["Conditions"] if c["Field"] == "path-pattern"]
        assert paths[0]["PathPatternConfig"]["Values"] == ["/health/deep"]


def test_the_cache_example_deploys_on_the_local_engine(local_cloud, deploy) -> None:
    """No placeholders: the replication group has a primary and two replicas in three AZs."""
    (outputs,) = deploy(load_app(str(EXAMPLES / "cache.py"))).values()
    groups = local_cloud.client("elasticache").describe_replication_groups()["ReplicationGroups"]
    (group,) = [
        g
        for g in groups
        if g["NodeGroups"][0]["PrimaryEndpoint"]["Address"] == outputs["CacheEndpoint"]
    ]
    assert outputs["CacheReaderEndpoint"].startswith("replica.")
    members = group["NodeGroups"][0]["NodeGroupMembers"]
    assert sorted(m["CurrentRole"] for m in members) == ["primary", "replica", "replica"]
    assert len({m["PreferredAvailabilityZone"] for m in members}) == 3
    assert group["MultiAZ"] == "enabled" and group["AutomaticFailover"] == "enabled"
    assert group["AuthTokenEnabled"] and group["TransitEncryptionEnabled"]


def test_elasticache_refuses_what_the_service_refuses(local_cloud, deploy) -> None:
    """A single node with automatic failover, and an AUTH token without TLS, fail the stack
    with ElastiCache's reasons, as they would on AWS."""
    from hastack.testing.cloud import DeployFailed

    template = {
        "Resources": {
            "Group": {
                "Type": "AWS::ElastiCache::ReplicationGroup",
                "Properties": {
                    "ReplicationGroupDescription": "one node",
                    "Engine": "valkey",
                    "CacheNodeType": "cache.t4g.micro",
                    "NumCacheClusters": 1,
                    "AutomaticFailoverEnabled": True,
                    "MultiAZEnabled": True,
                    "AuthToken": "a-token-long-enough-0123",
                },
            }
        }
    }
    with pytest.raises(DeployFailed) as failed:
        deploy(template)
    text = str(failed.value)
    assert "less than two cache clusters" in text
    assert "encryption in transit" in text


def test_a_cache_subnet_group_that_does_not_exist_is_refused(local_cloud, deploy) -> None:
    """ElastiCache answers CacheSubnetGroupNotFoundFault for a replication group naming a
    subnet group that does not exist, whether or not it also names preferred AZs."""
    from hastack.testing.cloud import DeployFailed

    template = {
        "Resources": {
            "Group": {
                "Type": "AWS::ElastiCache::ReplicationGroup",
                "Properties": {
                    "ReplicationGroupDescription": "nowhere",
                    "Engine": "valkey",
                    "CacheNodeType": "cache.t4g.micro",
                    "NumCacheClusters": 2,
                    "AutomaticFailoverEnabled": True,
                    "CacheSubnetGroupName": "no-such-group",
                },
            }
        }
    }
    with pytest.raises(DeployFailed) as failed:
        deploy(template)
    assert "CacheSubnetGroupNotFoundFault: no-such-group" in str(failed.value)
