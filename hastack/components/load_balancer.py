"""Internet-facing load balancer in the public subnets of every AZ.

ALB by default (NLB as an option). With an ACM certificate: HTTPS on 443 with a TLS 1.2+ policy
and HTTP on 80 redirecting to it. Plain HTTP (no certificate) is an explicit opt-in,
``plain_http=True``: without either, synth warns ``hastack:load-balancer:plain-http``. Invalid
headers are dropped, access logs go to the encrypted log bucket, and the security group only
lets the listener ports in from the world and only the app port out, to the instances.

Behind CloudFront (``origin_header``): the HTTPS listener answers 403 by default and forwards
only requests carrying the distribution's secret origin header (a listener rule), plus the deep
health-check path, which Route 53's health checkers (they send no custom header) must reach.

Health: the target group probes the *shallow* path (``health_check_path``, is this instance
serving?) and never the database, so one database blip does not take every instance out of
service; Route 53's regional check probes the *deep* path (``deep_health_check_path``) through
the load balancer. Zonal shift is enabled, so an impaired AZ can be drained (by an operator or
by zonal autoshift) without a deploy.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from hastack.components.log_bucket import LogBucketHandle
from hastack.components.network import NetworkHandle
from hastack.core.options import Options, option
from hastack.core.records import Record

LOAD_BALANCER = "LoadBalancer"
LOAD_BALANCER_SECURITY_GROUP = "LoadBalancerSecurityGroup"
TARGET_GROUP = "TargetGroup"
HTTP_LISTENER = "HttpListener"
HTTPS_LISTENER = "HttpsListener"
ORIGIN_VERIFY_RULE = "OriginVerifyRule"
HEALTH_CHECK_RULE = "DeepHealthCheckRule"
ORIGIN_VERIFY_HEADER = "X-Origin-Verify"
"""The header CloudFront adds to every origin request; its value is a generated secret."""
TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06"
"""TLS 1.3 and 1.2 only: the ELB policy AWS recommends."""

PLAIN_HTTP_WARNING = "hastack:load-balancer:plain-http"
NO_AUTOSHIFT_WARNING = "hastack:load-balancer:no-autoshift"
CERTIFICATE_ARN_PATTERN = r"arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate/[A-Za-z0-9-]+"


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class LoadBalancerOptions(Options):
    """The load balancer: kind, certificate, health checks, zonal shift, timeouts."""

    kind: Literal["application", "network"] = option(
        "application", help="ALB (HTTP routing, header checks) or NLB (TCP/TLS, static IPs)."
    )
    certificate_arn: str | None = option(
        None,
        help="ACM certificate for HTTPS; without it the listener is HTTP only.",
        pattern=CERTIFICATE_ARN_PATTERN,
    )
    plain_http: bool = option(
        False, help="Serve plain HTTP when there is no certificate (say so explicitly)."
    )
    health_check_path: str = option(
        "/health",
        help="Shallow check the target group probes: is the instance serving (no dependencies).",
        pattern=r"/[^\s]*",
    )
    deep_health_check_path: str = option(
        "/health/deep",
        help="Deep check Route 53 probes: the app and its dependencies (database).",
        pattern=r"/[^\s]*",
    )
    zonal_shift: bool = option(
        True, help="Allow zonal shift (and autoshift) to drain an impaired AZ."
    )
    zonal_autoshift: bool = option(
        True,
        help="Let AWS shift traffic out of an AZ it sees impaired (ARC zonal autoshift), with "
        "weekly practice runs stopped by the load balancer's error alarms.",
    )
    health_check_matcher: str = option(
        "200", help="HTTP codes that mean healthy.", pattern=r"\d{3}([-,]\d{3})*"
    )
    health_check_interval: int = option(15, help="Seconds between probes.", ge=5, le=300)
    healthy_threshold: int = option(
        2, help="Probes in a row to mark a target healthy.", ge=2, le=10
    )
    unhealthy_threshold: int = option(
        3, help="Failed probes to mark a target unhealthy.", ge=2, le=10
    )
    deregistration_delay: int = option(
        30, help="Seconds to drain a target before removal.", ge=0, le=3600
    )
    idle_timeout: int = option(60, help="ALB idle connection timeout in seconds.", ge=1, le=4000)
    deletion_protection: bool = option(
        False, help="Refuse to delete the load balancer (turn on for production)."
    )

    def warnings(self) -> list[tuple[str, str]]:
        found = super().warnings()
        if not self.zonal_autoshift:
            found.append(
                (
                    NO_AUTOSHIFT_WARNING,
                    "zonal autoshift off: when an AZ is impaired, traffic keeps going there "
                    "until an operator starts a zonal shift",
                )
            )
        if self.certificate_arn is None and not self.plain_http:
            found.append(
                (
                    PLAIN_HTTP_WARNING,
                    "internet-facing load balancer without a certificate serves plain HTTP: "
                    "set load_balancer.certificate_arn, or load_balancer.plain_http=True if "
                    "that is intended",
                )
            )
        return found

    def check(self) -> list[tuple[str, object, str]]:
        problems: list[tuple[str, object, str]] = []
        if self.zonal_autoshift and not self.zonal_shift:
            problems.append(
                ("zonal_autoshift", True, "False when zonal_shift is False (it shifts zonally)")
            )
        if self.deep_health_check_path == self.health_check_path:
            problems.append(
                (
                    "deep_health_check_path",
                    self.deep_health_check_path,
                    "a path other than health_check_path (the deep check sees the database)",
                )
            )
        return problems


@dataclass(frozen=True, eq=False, repr=False)
class LoadBalancerHandle(Record):
    """What :func:`add_load_balancer` built, for the fleet, DNS and alarms behind it."""

    kind: str
    load_balancer_arn: Any
    dns_name: Any
    canonical_zone_id: Any
    full_name: Any
    target_group_arn: Any
    target_group_full_name: Any
    security_group_id: Any
    https: bool
    app_port: int
    dualstack: bool = False
    health_check_path: str = "/health"
    deep_health_check_path: str = "/health/deep"
    zonal_autoshift: bool = False

    @property
    def metric_namespace(self) -> str:
        return "AWS/ApplicationELB" if self.kind == "application" else "AWS/NetworkELB"


def add_load_balancer(
    t: Any,
    net: NetworkHandle,
    options: LoadBalancerOptions,
    *,
    logs: LogBucketHandle,
    app_port: int,
    origin_header: Any = None,
) -> LoadBalancerHandle:
    """The load balancer. ``origin_header`` (the secret value CloudFront sends in
    ``X-Origin-Verify``) locks an HTTPS ALB to its distribution: requests without it get 403
    (except the deep health check, which Route 53 cannot send it with)."""
    from troposphere import GetAtt, Ref
    from troposphere.ec2 import SecurityGroup, SecurityGroupRule
    from troposphere.elasticloadbalancingv2 import (
        Action,
        Certificate,
        Listener,
        LoadBalancer,
        LoadBalancerAttributes,
        Matcher,
        RedirectConfig,
        TargetGroup,
        TargetGroupAttribute,
    )

    alb = options.kind == "application"
    https = options.certificate_arn is not None
    listener_ports = [80, 443] if https else [80]
    sources: list[dict[str, str]] = [{"CidrIp": "0.0.0.0/0"}]
    if net.ipv6:
        sources.append({"CidrIpv6": "::/0"})
    t.add_resource(
        SecurityGroup(
            LOAD_BALANCER_SECURITY_GROUP,
            GroupDescription="Load balancer: listener ports from the internet",
            VpcId=net.vpc_id,
            SecurityGroupIngress=[
                SecurityGroupRule(
                    IpProtocol="tcp",
                    FromPort=port,
                    ToPort=port,
                    Description=f"{'HTTPS' if port == 443 else 'HTTP'} from the internet",
                    **source,
                )
                for port in listener_ports
                for source in sources
            ],
            SecurityGroupEgress=[
                SecurityGroupRule(
                    IpProtocol="tcp",
                    FromPort=app_port,
                    ToPort=app_port,
                    CidrIp=net.vpc_cidr,
                    Description="To the app port inside the VPC only",
                )
            ],
        )
    )

    attributes = [
        LoadBalancerAttributes(
            Key="deletion_protection.enabled", Value=str(options.deletion_protection).lower()
        ),
        LoadBalancerAttributes(Key="access_logs.s3.enabled", Value="true"),
        LoadBalancerAttributes(Key="access_logs.s3.bucket", Value=logs.bucket_name),
        LoadBalancerAttributes(Key="access_logs.s3.prefix", Value="load-balancer"),
        LoadBalancerAttributes(
            Key="zonal_shift.config.enabled", Value=str(options.zonal_shift).lower()
        ),
    ]
    if alb:
        attributes += [
            LoadBalancerAttributes(
                Key="routing.http.drop_invalid_header_fields.enabled", Value="true"
            ),
            LoadBalancerAttributes(
                Key="idle_timeout.timeout_seconds", Value=str(options.idle_timeout)
            ),
        ]
    else:
        attributes.append(
            LoadBalancerAttributes(Key="load_balancing.cross_zone.enabled", Value="true")
        )
    t.add_resource(
        LoadBalancer(
            LOAD_BALANCER,
            DependsOn=[logs.policy],
            Type=options.kind,
            Scheme="internet-facing",
            IpAddressType="dualstack" if net.ipv6 else "ipv4",
            Subnets=net.public_subnet_ids,
            SecurityGroups=[Ref(LOAD_BALANCER_SECURITY_GROUP)],
            LoadBalancerAttributes=attributes,
        )
    )

    target_group_props: dict[str, Any] = dict(
        Port=app_port,
        Protocol="HTTP" if alb else "TCP",
        VpcId=net.vpc_id,
        TargetType="instance",
        HealthCheckEnabled=True,
        HealthCheckProtocol="HTTP",
        HealthCheckPath=options.health_check_path,
        HealthCheckIntervalSeconds=options.health_check_interval,
        HealthyThresholdCount=options.healthy_threshold,
        UnhealthyThresholdCount=options.unhealthy_threshold,
        Matcher=Matcher(HttpCode=options.health_check_matcher),
        TargetGroupAttributes=[
            TargetGroupAttribute(
                Key="deregistration_delay.timeout_seconds", Value=str(options.deregistration_delay)
            )
        ],
    )
    if alb:
        target_group_props["HealthCheckTimeoutSeconds"] = min(5, options.health_check_interval - 1)
    t.add_resource(TargetGroup(TARGET_GROUP, **target_group_props))

    forward = [Action(Type="forward", TargetGroupArn=Ref(TARGET_GROUP))]
    locked = origin_header is not None and alb and https
    if https:
        t.add_resource(
            Listener(
                HTTPS_LISTENER,
                LoadBalancerArn=Ref(LOAD_BALANCER),
                Port=443,
                Protocol="HTTPS" if alb else "TLS",
                SslPolicy=TLS_POLICY,
                Certificates=[Certificate(CertificateArn=options.certificate_arn)],
                DefaultActions=_refuse() if locked else forward,
            )
        )
        if locked:
            _add_origin_rules(t, origin_header, options)
        if alb:
            redirect = [
                Action(
                    Type="redirect",
                    RedirectConfig=RedirectConfig(
                        Protocol="HTTPS", Port="443", StatusCode="HTTP_301"
                    ),
                )
            ]
            t.add_resource(
                Listener(
                    HTTP_LISTENER,
                    LoadBalancerArn=Ref(LOAD_BALANCER),
                    Port=80,
                    Protocol="HTTP",
                    DefaultActions=redirect,
                )
            )
    else:
        explicit = (
            {"hastack": {"suppress": {"W9608": "load_balancer.plain_http=True: chosen explicitly"}}}
            if options.plain_http
            else {}
        )
        t.add_resource(
            Listener(
                HTTP_LISTENER,
                **({"Metadata": explicit} if explicit else {}),
                LoadBalancerArn=Ref(LOAD_BALANCER),
                Port=80,
                Protocol="HTTP" if alb else "TCP",
                DefaultActions=forward,
            )
        )

    return LoadBalancerHandle(
        kind=options.kind,
        load_balancer_arn=Ref(LOAD_BALANCER),
        dns_name=GetAtt(LOAD_BALANCER, "DNSName"),
        canonical_zone_id=GetAtt(LOAD_BALANCER, "CanonicalHostedZoneID"),
        full_name=GetAtt(LOAD_BALANCER, "LoadBalancerFullName"),
        target_group_arn=Ref(TARGET_GROUP),
        target_group_full_name=GetAtt(TARGET_GROUP, "TargetGroupFullName"),
        security_group_id=Ref(LOAD_BALANCER_SECURITY_GROUP),
        https=https,
        dualstack=net.ipv6,
        app_port=app_port,
        health_check_path=options.health_check_path,
        zonal_autoshift=options.zonal_autoshift,
        deep_health_check_path=options.deep_health_check_path,
    )


def _refuse() -> list[Any]:
    from troposphere.elasticloadbalancingv2 import Action, FixedResponseConfig

    return [
        Action(
            Type="fixed-response",
            FixedResponseConfig=FixedResponseConfig(
                StatusCode="403",
                ContentType="text/plain",
                MessageBody="Forbidden: this origin serves its CloudFront distribution only",
            ),
        )
    ]


def _add_origin_rules(t: Any, origin_header: Any, options: LoadBalancerOptions) -> None:
    """Forward what the distribution sends (the secret header), and the deep health check.

    Route 53 health checkers send no custom headers, so the deep health-check path is forwarded
    without one, whatever the method (Route 53 documents none for its checks; a method its
    checkers do not use would fail every check, and DNS failover with it). That one path stays
    reachable around CloudFront and its WAF: it answers health, not content, but each call
    reaches the app and its database."""
    from troposphere import Ref
    from troposphere.elasticloadbalancingv2 import (
        Condition,
        HttpHeaderConfig,
        ListenerRule,
        ListenerRuleAction,
        PathPatternConfig,
    )

    forward = [ListenerRuleAction(Type="forward", TargetGroupArn=Ref(TARGET_GROUP))]

    t.add_resource(
        ListenerRule(
            ORIGIN_VERIFY_RULE,
            ListenerArn=Ref(HTTPS_LISTENER),
            Priority=1,
            Conditions=[
                Condition(
                    Field="http-header",
                    HttpHeaderConfig=HttpHeaderConfig(
                        HttpHeaderName=ORIGIN_VERIFY_HEADER, Values=[origin_header]
                    ),
                )
            ],
            Actions=forward,
        )
    )
    t.add_resource(
        ListenerRule(
            HEALTH_CHECK_RULE,
            ListenerArn=Ref(HTTPS_LISTENER),
            Priority=2,
            Conditions=[
                Condition(
                    Field="path-pattern",
                    PathPatternConfig=PathPatternConfig(Values=[options.deep_health_check_path]),
                ),
            ],
            Actions=forward,
        )
    )


def load_balancer_outputs(t: Any, lb: LoadBalancerHandle) -> None:
    from troposphere import Output, Sub

    t.add_output(
        Output(
            "LoadBalancerDnsName", Value=lb.dns_name, Description="DNS name of the load balancer"
        )
    )
    t.add_output(Output("LoadBalancerArn", Value=lb.load_balancer_arn))
    t.add_output(Output("LoadBalancerCanonicalHostedZoneId", Value=lb.canonical_zone_id))
    t.add_output(Output("TargetGroupArn", Value=lb.target_group_arn))
    scheme = "https" if lb.https else "http"
    t.add_output(
        Output(
            "LoadBalancerUrl",
            Value=Sub(f"{scheme}://${{DnsName}}", DnsName=lb.dns_name),
            Description="URL of the load balancer",
        )
    )
