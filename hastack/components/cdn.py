"""CloudFront in front of the app's load balancers, failing over between origins.

The default behaviour sends every request to an origin group: the primary region's load
balancer first, and on a connection failure, a timeout or one of ``failover_status_codes`` the
secondary region's load balancer (or, with no secondary, an S3 bucket holding a static "sorry"
page). Errors that reach the viewer anyway are answered with that sorry page
(``/sorry/index.html``, cached 10 s). Origins are reached over HTTPS only: the AllViewer
origin-request policy forwards the viewer's Host header, so CloudFront checks each load
balancer's certificate against the site's own name, which the load balancers' certificates
cover. Static paths (``/static/*`` by default) use the CachingOptimized policy; everything else
is not cached (CachingDisabled), so the app sees every dynamic request.

CloudFront reads viewer certificates from us-east-1 only, so ``certificate_arn`` is checked to
be there. A WAFv2 web ACL (AWS managed common and known-bad-inputs rules, a per-IP rate limit)
is created unless an existing one is given (it too must live in us-east-1), and standard
access logs go to a bucket of their own (CloudFront's standard logs need ACLs enabled).

The origins accept only the distribution: it adds an ``X-Origin-Verify`` header to every origin
request whose value is a secret generated in Secrets Manager (:func:`add_origin_secret`) and
resolved at deploy by a dynamic reference, and the load balancers forward only requests that
carry it (see :mod:`hastack.components.load_balancer`). A secret header works in every region
and partition; CloudFront's origin-facing managed prefix list would need its per-region id,
which CloudFormation cannot look up.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from hastack.components.load_balancer import ORIGIN_VERIFY_HEADER
from hastack.core.options import Options, option
from hastack.core.records import Record

DISTRIBUTION = "Distribution"
SORRY_BUCKET = "SorryPageBucket"
SORRY_BUCKET_POLICY = "SorryPageBucketPolicy"
SORRY_ACCESS = "SorryPageOriginAccess"
LOGS_BUCKET = "CdnLogsBucket"
WEB_ACL = "CdnWebAcl"
ORIGIN_SECRET = "OriginVerifySecret"
ORIGIN_SECRET_OUTPUT = "OriginVerifySecretName"
ORIGIN_SECRET_NAME = "${AWS::StackName}-origin-header-value"
"""Not ending in a hyphen and six characters: Secrets Manager appends those to the name in the
ARN, and a name that already ends that way can be taken for a partial ARN when resolved."""

CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6"
CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
ALL_VIEWER = "216adef6-5c7f-47e4-b989-5492eafa07d3"
"""AWS managed cache and origin-request policy ids (the same in every account)."""
SORRY_PATH = "/sorry/index.html"
FAILOVER_CODES = (403, 404, 416, 500, 502, 503, 504)
"""The status codes CloudFront accepts as failover criteria."""
US_EAST_1_CERTIFICATE = r"arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate/[A-Za-z0-9-]+"
WEB_ACL_PATTERN = r"arn:aws[a-z-]*:wafv2:us-east-1:\d{12}:global/webacl/[^\s]+"


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class CdnOptions(Options):
    """The CloudFront distribution: aliases, certificate, failover, caching, WAF, logging."""

    domain_names: list[str] = option(
        [], help="Aliases the distribution answers (e.g. shop.example.com); needs a certificate."
    )
    certificate_arn: str | None = option(
        None,
        help="ACM certificate in us-east-1 (CloudFront reads viewer certificates only there).",
    )
    failover_status_codes: list[int] = option(
        [500, 502, 503, 504], help="Origin responses that send the request to the failover origin."
    )
    static_paths: list[str] = option(
        ["/static/*"], help="Path patterns cached with CachingOptimized; the rest is not cached."
    )
    price_class: Literal["PriceClass_100", "PriceClass_200", "PriceClass_All"] = option(
        "PriceClass_100", help="Edge locations: 100 = North America and Europe (cheapest)."
    )
    waf: bool = option(
        True,
        help="Associate a WAFv2 web ACL: web_acl_arn, or one created with the distribution "
        "(CloudFormation creates CLOUDFRONT web ACLs in us-east-1 stacks only).",
    )
    web_acl_arn: str | None = option(
        None,
        help="Existing WAFv2 web ACL (CLOUDFRONT scope, us-east-1); default: one is created.",
        pattern=WEB_ACL_PATTERN,
    )
    rate_limit: int = option(
        2000, help="Requests per 5 minutes per client IP the created web ACL allows.", ge=100
    )
    origin_timeout: int = option(
        10, help="Seconds CloudFront waits for an origin before failing over.", ge=1, le=60
    )
    logging: bool = option(True, help="Standard access logs to a bucket of their own.")

    def check(self) -> list[tuple[str, object, str]]:
        import re

        problems: list[tuple[str, object, str]] = []
        if self.certificate_arn is not None and not re.fullmatch(
            US_EAST_1_CERTIFICATE, self.certificate_arn
        ):
            problems.append(
                (
                    "certificate_arn",
                    self.certificate_arn,
                    "an ACM certificate in us-east-1 (CloudFront reads certificates only there)",
                )
            )
        if self.domain_names and self.certificate_arn is None:
            problems.append(("certificate_arn", None, "a certificate for the domain_names"))
        if not self.waf and self.web_acl_arn is not None:
            problems.append(("web_acl_arn", self.web_acl_arn, "None when waf is False"))
        bad = [c for c in self.failover_status_codes if c not in FAILOVER_CODES]
        if bad or not self.failover_status_codes:
            problems.append(
                ("failover_status_codes", self.failover_status_codes, f"some of {FAILOVER_CODES}")
            )
        return problems


@dataclass(frozen=True, eq=False, repr=False)
class CdnHandle(Record):
    """What :func:`add_cdn` built: the distribution and its sorry-page bucket."""

    distribution_id: Any
    domain_name: Any
    sorry_bucket: Any


def add_origin_secret(t: Any, replica_regions: tuple[str, ...] = ()) -> Any:
    """The secret value of the origin header: generated by Secrets Manager (letters and digits,
    so no ALB condition wildcard), named after the stack so other regions' stacks can resolve
    their replica by name. Returns the dynamic reference to it."""
    from troposphere import Sub
    from troposphere.secretsmanager import GenerateSecretString, ReplicaRegion, Secret

    props: dict[str, Any] = dict(
        Name=Sub(ORIGIN_SECRET_NAME),
        Description="Value of the X-Origin-Verify header CloudFront sends to the load balancers",
        GenerateSecretString=GenerateSecretString(PasswordLength=32, ExcludePunctuation=True),
        # nothing to keep: a new value reaches both ends with the stacks that read it
        DeletionPolicy="Delete",
        UpdateReplacePolicy="Delete",
    )
    if replica_regions:
        props["ReplicaRegions"] = [ReplicaRegion(Region=region) for region in replica_regions]
    t.add_resource(Secret(ORIGIN_SECRET, **props))
    return Sub(f"{{{{resolve:secretsmanager:${{{ORIGIN_SECRET}}}:SecretString}}}}")


def origin_secret_reference(name: Any) -> Any:
    """The dynamic reference to the origin secret ``name`` (a parameter: another stack's)."""
    from troposphere import Sub

    return Sub("{{resolve:secretsmanager:${Name}:SecretString}}", Name=name)


def origin_secret_output(t: Any) -> None:
    from troposphere import Output, Sub

    t.add_output(
        Output(
            ORIGIN_SECRET_OUTPUT,
            Value=Sub(ORIGIN_SECRET_NAME),
            Description="Secret holding the origin header value (the distribution and the "
            "other region read it)",
        )
    )


def add_cdn(
    t: Any,
    options: CdnOptions,
    *,
    primary_origin: Any,
    secondary_origin: Any = None,
    origin_header: Any = None,
) -> CdnHandle:
    """The distribution over ``primary_origin`` (a host name) failing over to the secondary;
    ``origin_header``: the secret value it sends the load balancers in ``X-Origin-Verify``."""
    from troposphere import GetAtt, Ref, Sub
    from troposphere.cloudfront import (
        CacheBehavior,
        CustomErrorResponse,
        CustomOriginConfig,
        DefaultCacheBehavior,
        Distribution,
        DistributionConfig,
        Logging,
        Origin,
        OriginAccessControl,
        OriginAccessControlConfig,
        OriginCustomHeader,
        OriginGroup,
        OriginGroupFailoverCriteria,
        OriginGroupMember,
        OriginGroupMembers,
        OriginGroups,
        S3OriginConfig,
        StatusCodes,
        ViewerCertificate,
    )

    _add_sorry_bucket(t)
    t.add_resource(
        OriginAccessControl(
            SORRY_ACCESS,
            OriginAccessControlConfig=OriginAccessControlConfig(
                Name=Sub("${AWS::StackName}-sorry"),
                OriginAccessControlOriginType="s3",
                SigningBehavior="always",
                SigningProtocol="sigv4",
            ),
        )
    )

    headers: dict[str, Any] = {}
    if origin_header is not None:
        headers["OriginCustomHeaders"] = [
            OriginCustomHeader(HeaderName=ORIGIN_VERIFY_HEADER, HeaderValue=origin_header)
        ]

    def load_balancer(origin_id: str, host: Any) -> Origin:
        return Origin(
            **headers,
            Id=origin_id,
            DomainName=host,
            CustomOriginConfig=CustomOriginConfig(
                OriginProtocolPolicy="https-only",
                OriginSSLProtocols=["TLSv1.2"],
                OriginReadTimeout=options.origin_timeout,
                OriginKeepaliveTimeout=5,
            ),
            ConnectionAttempts=2,
            ConnectionTimeout=min(10, options.origin_timeout),
        )

    origins = [load_balancer("primary", primary_origin)]
    if secondary_origin is not None:
        origins.append(load_balancer("secondary", secondary_origin))
    origins.append(
        Origin(
            Id="sorry",
            DomainName=GetAtt(SORRY_BUCKET, "RegionalDomainName"),
            S3OriginConfig=S3OriginConfig(OriginAccessIdentity=""),
            OriginAccessControlId=GetAtt(SORRY_ACCESS, "Id"),
        )
    )
    fallback = "secondary" if secondary_origin is not None else "sorry"
    group = OriginGroup(
        Id="failover",
        FailoverCriteria=OriginGroupFailoverCriteria(
            StatusCodes=StatusCodes(
                Items=list(options.failover_status_codes),
                Quantity=len(options.failover_status_codes),
            )
        ),
        Members=OriginGroupMembers(
            Items=[OriginGroupMember(OriginId="primary"), OriginGroupMember(OriginId=fallback)],
            Quantity=2,
        ),
    )
    behaviors = [
        CacheBehavior(
            PathPattern="/sorry/*",
            TargetOriginId="sorry",
            ViewerProtocolPolicy="redirect-to-https",
            CachePolicyId=CACHING_OPTIMIZED,
            Compress=True,
        )
    ]
    behaviors += [
        CacheBehavior(
            PathPattern=path,
            TargetOriginId="failover",
            ViewerProtocolPolicy="redirect-to-https",
            CachePolicyId=CACHING_OPTIMIZED,
            OriginRequestPolicyId=ALL_VIEWER,
            Compress=True,
        )
        for path in options.static_paths
    ]
    config: dict[str, Any] = dict(
        Enabled=True,
        Comment=Sub("${AWS::StackName}: origin failover with a sorry page"),
        HttpVersion="http2and3",
        IPV6Enabled=True,
        PriceClass=options.price_class,
        Origins=origins,
        OriginGroups=OriginGroups(Items=[group], Quantity=1),
        DefaultCacheBehavior=DefaultCacheBehavior(
            TargetOriginId="failover",
            ViewerProtocolPolicy="redirect-to-https",
            CachePolicyId=CACHING_DISABLED,
            OriginRequestPolicyId=ALL_VIEWER,
            AllowedMethods=["GET", "HEAD", "OPTIONS"],
            Compress=True,
        ),
        CacheBehaviors=behaviors,
        CustomErrorResponses=[
            CustomErrorResponse(
                ErrorCode=code,
                ResponseCode=503,
                ResponsePagePath=SORRY_PATH,
                ErrorCachingMinTTL=10,
            )
            for code in (502, 503, 504)
        ],
    )
    if options.waf:
        config["WebACLId"] = options.web_acl_arn or GetAtt(WEB_ACL, "Arn")
    if options.certificate_arn is not None:
        config["Aliases"] = list(options.domain_names)
        config["ViewerCertificate"] = ViewerCertificate(
            AcmCertificateArn=options.certificate_arn,
            SslSupportMethod="sni-only",
            MinimumProtocolVersion="TLSv1.2_2021",
        )
    else:
        config["ViewerCertificate"] = ViewerCertificate(CloudFrontDefaultCertificate=True)
    if options.logging:
        _add_logs_bucket(t)
        config["Logging"] = Logging(
            Bucket=GetAtt(LOGS_BUCKET, "DomainName"), Prefix="cloudfront/", IncludeCookies=False
        )
    if options.waf and options.web_acl_arn is None:
        _add_web_acl(t, options.rate_limit)
    t.add_resource(Distribution(DISTRIBUTION, DistributionConfig=DistributionConfig(**config)))
    _allow_distribution(t)
    return CdnHandle(
        distribution_id=Ref(DISTRIBUTION),
        domain_name=GetAtt(DISTRIBUTION, "DomainName"),
        sorry_bucket=Ref(SORRY_BUCKET),
    )


def cdn_outputs(t: Any, cdn: CdnHandle) -> None:
    """The distribution's id and name, and the bucket the sorry page is uploaded to."""
    from troposphere import Output

    t.add_output(Output("DistributionId", Value=cdn.distribution_id))
    t.add_output(Output("DistributionDomainName", Value=cdn.domain_name))
    t.add_output(
        Output(
            "SorryPageBucketName",
            Value=cdn.sorry_bucket,
            Description="Upload sorry/index.html here: what viewers get when no origin answers",
        )
    )


def cdn_region_problems(
    options: CdnOptions, region: str, *, field: str = "cdn"
) -> list[tuple[str, object, str]]:
    """What cannot work for a distribution built in a stack of ``region``: CloudFormation
    creates a CLOUDFRONT-scope web ACL only in us-east-1 (the distribution itself, global, can
    be created from any region's stack)."""
    if options.waf and options.web_acl_arn is None and region != "us-east-1":
        return [
            (
                f"{field}.web_acl_arn",
                None,
                f"an existing CLOUDFRONT web ACL (this stack is in {region}; CloudFormation "
                "creates those only in us-east-1), or waf False",
            )
        ]
    return []


def https_origin_problems(
    options: CdnOptions,
    certificate_arn: str | None,
    *,
    field: str = "cdn",
    where: str = "",
    kind: str = "application",
) -> list[tuple[str, object, str]]:
    """The distribution reaches the load balancer over HTTPS with the viewer's Host header, so
    the load balancer needs a certificate and the distribution the site's name(s), which that
    certificate covers; with CloudFront's own name as Host the origin's certificate check
    fails (502 on every request). Only an ALB can check the secret origin header that keeps
    viewers from going around the distribution (an NLB sees no HTTP)."""
    problems: list[tuple[str, object, str]] = []
    if kind != "application":
        problems.append(
            (
                f"{where}load_balancer.kind",
                kind,
                "application: only an ALB can refuse requests that do not come through "
                "CloudFront (its secret origin header)",
            )
        )
    if certificate_arn is None:
        problems.append(
            (
                f"{where}load_balancer.certificate_arn",
                None,
                "a certificate: CloudFront reaches the load balancer over HTTPS only",
            )
        )
    if not options.domain_names:
        problems.append(
            (
                f"{field}.domain_names",
                [],
                "the site's name(s): the viewer's Host is forwarded to the load balancer, "
                "whose certificate must cover it",
            )
        )
    return problems


def _private_bucket(logical_id: str, **extra: Any) -> Any:
    from troposphere.s3 import (
        Bucket,
        BucketEncryption,
        LifecycleConfiguration,
        LifecycleRule,
        PublicAccessBlockConfiguration,
        ServerSideEncryptionByDefault,
        ServerSideEncryptionRule,
        VersioningConfiguration,
    )

    return Bucket(
        logical_id,
        BucketEncryption=BucketEncryption(
            ServerSideEncryptionConfiguration=[
                ServerSideEncryptionRule(
                    ServerSideEncryptionByDefault=ServerSideEncryptionByDefault(
                        SSEAlgorithm="AES256"
                    )
                )
            ]
        ),
        PublicAccessBlockConfiguration=PublicAccessBlockConfiguration(
            BlockPublicAcls=True,
            BlockPublicPolicy=True,
            IgnorePublicAcls=True,
            RestrictPublicBuckets=True,
        ),
        VersioningConfiguration=VersioningConfiguration(Status="Enabled"),
        LifecycleConfiguration=LifecycleConfiguration(
            Rules=[
                LifecycleRule(
                    Id="expire-old-versions", Status="Enabled", NoncurrentVersionExpirationInDays=30
                )
            ]
        ),
        DeletionPolicy="Retain",
        UpdateReplacePolicy="Retain",
        **extra,
    )


def _add_sorry_bucket(t: Any) -> None:
    t.add_resource(_private_bucket(SORRY_BUCKET))


def _add_logs_bucket(t: Any) -> None:
    from troposphere.s3 import OwnershipControls, OwnershipControlsRule

    t.add_resource(
        _private_bucket(
            LOGS_BUCKET,
            OwnershipControls=OwnershipControls(
                Rules=[OwnershipControlsRule(ObjectOwnership="BucketOwnerPreferred")]
            ),
        )
    )


def _allow_distribution(t: Any) -> None:
    """The sorry bucket lets only this distribution read it (origin access control)."""
    from troposphere import GetAtt, Ref, Sub
    from troposphere.s3 import BucketPolicy

    t.add_resource(
        BucketPolicy(
            SORRY_BUCKET_POLICY,
            Bucket=Ref(SORRY_BUCKET),
            PolicyDocument={
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Sid": "CloudFrontReadsTheSorryPage",
                        "Effect": "Allow",
                        "Principal": {"Service": "cloudfront.amazonaws.com"},
                        "Action": "s3:GetObject",
                        "Resource": Sub(f"${{{SORRY_BUCKET}.Arn}}/*"),
                        "Condition": {
                            "StringEquals": {
                                "AWS:SourceArn": Sub(
                                    "arn:${AWS::Partition}:cloudfront::${AWS::AccountId}:"
                                    f"distribution/${{{DISTRIBUTION}}}"
                                )
                            }
                        },
                    },
                    {
                        "Sid": "TlsOnly",
                        "Effect": "Deny",
                        "Principal": "*",
                        "Action": "s3:*",
                        "Resource": [
                            GetAtt(SORRY_BUCKET, "Arn"),
                            Sub(f"${{{SORRY_BUCKET}.Arn}}/*"),
                        ],
                        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                    },
                ],
            },
        )
    )


def _add_web_acl(t: Any, rate_limit: int) -> None:
    from troposphere.wafv2 import (
        AllowAction,
        BlockAction,
        DefaultAction,
        ManagedRuleGroupStatement,
        OverrideAction,
        RateBasedStatement,
        RuleAction,
        Statement,
        VisibilityConfig,
        WebACL,
        WebACLRule,
    )

    def visibility(name: str) -> VisibilityConfig:
        return VisibilityConfig(
            CloudWatchMetricsEnabled=True, MetricName=name, SampledRequestsEnabled=True
        )

    managed = [
        WebACLRule(
            Name=name,
            Priority=priority,
            OverrideAction=OverrideAction(**{"None": {}}),
            Statement=Statement(
                ManagedRuleGroupStatement=ManagedRuleGroupStatement(VendorName="AWS", Name=name)
            ),
            VisibilityConfig=visibility(name),
        )
        for priority, name in enumerate(
            ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"]
        )
    ]
    rate = WebACLRule(
        Name="RateLimitPerIp",
        Priority=len(managed),
        Action=RuleAction(Block=BlockAction()),
        Statement=Statement(
            RateBasedStatement=RateBasedStatement(Limit=rate_limit, AggregateKeyType="IP")
        ),
        VisibilityConfig=visibility("RateLimitPerIp"),
    )
    t.add_resource(
        WebACL(
            WEB_ACL,
            Scope="CLOUDFRONT",
            DefaultAction=DefaultAction(Allow=AllowAction()),
            Rules=[*managed, rate],
            VisibilityConfig=visibility("CdnWebAcl"),
        )
    )
