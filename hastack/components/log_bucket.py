"""An encrypted, private S3 bucket for load balancer access logs and VPC flow logs.

ELB access logs only support SSE-S3 (not KMS) encryption, so the bucket uses AES256. Write
access goes to the regional Elastic Load Balancing account (regions opened before August 2022)
or the log-delivery service principal (newer regions), and to the flow-log delivery service.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hastack.core.records import Record

LOG_BUCKET = "AccessLogsBucket"
LOG_BUCKET_POLICY = "AccessLogsBucketPolicy"
LOG_RETENTION_DAYS = 90

# https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html
ELB_ACCOUNT_IDS: dict[str, str] = {
    "us-east-1": "127311923021",
    "us-east-2": "033677994240",
    "us-west-1": "027434742980",
    "us-west-2": "797873946194",
    "af-south-1": "098369216593",
    "ap-east-1": "754344448648",
    "ap-southeast-3": "589379963580",
    "ap-south-1": "718504428378",
    "ap-northeast-3": "383597477331",
    "ap-northeast-2": "600734575887",
    "ap-southeast-1": "114774131450",
    "ap-southeast-2": "783225319266",
    "ap-northeast-1": "582318560864",
    "ca-central-1": "985666609251",
    "eu-central-1": "054676820928",
    "eu-west-1": "156460612806",
    "eu-west-2": "652711504416",
    "eu-south-1": "635631232127",
    "eu-west-3": "009996457667",
    "eu-north-1": "897822967062",
    "me-south-1": "076674570225",
    "sa-east-1": "507241528517",
}


@dataclass(frozen=True, eq=False, repr=False)
class LogBucketHandle(Record):
    """The access-log bucket, for the load balancer and the flow logs that write to it."""

    bucket_name: Any
    bucket_arn: Any
    policy: str = LOG_BUCKET_POLICY


def add_log_bucket(t: Any, region: str) -> LogBucketHandle:
    from awacs.aws import (
        Action,
        Allow,
        ArnLike,
        Bool,
        Condition,
        PolicyDocument,
        Principal,
        Statement,
        StringEquals,
    )
    from awacs.s3 import GetBucketAcl, PutObject
    from troposphere import GetAtt, Ref, Sub
    from troposphere.s3 import (
        Bucket,
        BucketEncryption,
        BucketPolicy,
        LifecycleConfiguration,
        LifecycleRule,
        OwnershipControls,
        OwnershipControlsRule,
        PublicAccessBlockConfiguration,
        ServerSideEncryptionByDefault,
        ServerSideEncryptionRule,
        VersioningConfiguration,
    )

    t.add_resource(
        Bucket(
            LOG_BUCKET,
            DeletionPolicy="Retain",
            UpdateReplacePolicy="Retain",
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
            OwnershipControls=OwnershipControls(
                Rules=[OwnershipControlsRule(ObjectOwnership="BucketOwnerEnforced")]
            ),
            VersioningConfiguration=VersioningConfiguration(Status="Enabled"),
            LifecycleConfiguration=LifecycleConfiguration(
                Rules=[
                    LifecycleRule(
                        Id="expire-logs",
                        Status="Enabled",
                        ExpirationInDays=LOG_RETENTION_DAYS,
                        NoncurrentVersionExpirationInDays=7,
                    )
                ]
            ),
        )
    )
    arn = GetAtt(LOG_BUCKET, "Arn")
    objects = Sub("${Arn}/*", Arn=arn)
    account = Ref("AWS::AccountId")
    elb_account = ELB_ACCOUNT_IDS.get(region)
    elb_principal = (
        Principal("AWS", Sub(f"arn:${{AWS::Partition}}:iam::{elb_account}:root"))
        if elb_account
        else Principal("Service", "logdelivery.elasticloadbalancing.amazonaws.com")
    )
    log_delivery = Principal("Service", "delivery.logs.amazonaws.com")  # VPC flow logs
    # Both keys, as the VPC flow logs guide recommends: the delivery service writes only for
    # this account's log sources (no confused deputy through another account's flow log).
    from_this_account = Condition(
        [
            StringEquals({"aws:SourceAccount": account}),
            ArnLike(
                {
                    "aws:SourceArn": Sub(
                        "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:*"
                    )
                }
            ),
        ]
    )
    policy = PolicyDocument(
        Version="2012-10-17",
        Statement=[
            Statement(
                Sid="LoadBalancerAccessLogs",
                Effect=Allow,
                Principal=elb_principal,
                Action=[PutObject],
                Resource=[objects],
            ),
            Statement(
                Sid="FlowLogsWrite",
                Effect=Allow,
                Principal=log_delivery,
                Action=[PutObject],
                Resource=[objects],
                Condition=from_this_account,
            ),
            Statement(
                Sid="FlowLogsAclCheck",
                Effect=Allow,
                Principal=log_delivery,
                Action=[GetBucketAcl],
                Resource=[arn],
                Condition=from_this_account,
            ),
            Statement(
                Sid="DenyInsecureTransport",
                Effect="Deny",
                Principal=Principal("*"),
                Action=[Action("s3", "*")],  # every action, not only the writers'
                Resource=[arn, objects],
                Condition=Condition(Bool({"aws:SecureTransport": "false"})),
            ),
        ],
    )
    t.add_resource(BucketPolicy(LOG_BUCKET_POLICY, Bucket=Ref(LOG_BUCKET), PolicyDocument=policy))
    return LogBucketHandle(bucket_name=Ref(LOG_BUCKET), bucket_arn=arn)
