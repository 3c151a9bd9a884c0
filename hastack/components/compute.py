"""Auto Scaling fleet across the private subnets of every AZ, behind the load balancer.

Instances: IMDSv2 only, encrypted gp3 root volume, no public IP, an instance profile with just
the SSM managed policy (shell access without SSH or open ports), AMI from the public SSM
parameter (Amazon Linux 2023, right architecture for the instance family) unless an AMI id is
given. The group uses the load balancer's health checks with a grace period and scales on CPU
and requests/target; the template never sets ``DesiredCapacity`` (target tracking owns it: a
template value would reset the fleet to it at every stack update, at peak too).

Static stability: the minimum is sized so that losing one AZ leaves the stated peak
(``peak_instances``) served without waiting for scaling: ``ceil(peak / (AZs - 1))`` per AZ.

Deploys are health-gated: each instance runs the user data, waits for its own shallow health
check, then signals CloudFormation (``cfn-signal``). Creation waits for ``min_size`` signals
(``CreationPolicy``); a rolling update replaces one AZ's share at a time, keeps ``min_size``
in service and waits for each batch's signals (``WaitOnResourceSignals``), so an instance that
never becomes healthy (a broken AMI or release) fails the update and CloudFormation rolls back
before the next batch.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from hastack.components.load_balancer import LoadBalancerHandle
from hastack.components.network import NetworkHandle
from hastack.components.user_data import render_user_data_sub
from hastack.core.options import Options, option
from hastack.core.records import Record

INSTANCE_ROLE = "InstanceRole"
INSTANCE_PROFILE = "InstanceProfile"
INSTANCE_SECURITY_GROUP = "InstanceSecurityGroup"
LAUNCH_TEMPLATE = "LaunchTemplate"
AUTO_SCALING_GROUP = "AutoScalingGroup"
CPU_SCALING_POLICY = "CpuScalingPolicy"
REQUEST_SCALING_POLICY = "RequestScalingPolicy"
IMAGE_ID_PARAMETER = "ImageId"

INSTANCE_TYPE_PATTERN = r"[a-z][a-z0-9]*\.(nano|micro|small|medium|large|\d*xlarge)"
AMI_PATTERN = r"ami-[0-9a-f]{8,17}"
SSM_AMI_X86 = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"
SSM_AMI_ARM = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64"
SIGNAL_TIMEOUT = "PT15M"
"""How long CloudFormation waits for an instance's success signal (boot, install, health)."""
PEAK_UNSTATED = "hastack:fleet:peak-unstated"
ROLLING_UPDATE_SUSPENDED = ["HealthCheck", "ReplaceUnhealthy", "AZRebalance", "AlarmNotification"]
"""Suspended during a rolling update so scaling and replacements do not fight the update."""


def is_graviton(instance_type: str) -> bool:
    """Graviton (arm64) families carry a ``g`` after the generation digit: t4g, m7g, c7g, r6g."""
    family = instance_type.split(".")[0]
    return bool(re.fullmatch(r"[a-z]+\d+g[a-z]*", family))


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class FleetOptions(Options):
    """The Auto Scaling fleet: instance type, sizes, stated peak, user data."""

    instance_type: str = option(
        "t3.medium", help="EC2 instance type.", pattern=INSTANCE_TYPE_PATTERN
    )
    min_size: int | None = option(
        None, help="Minimum instances; default one per AZ.", ge=1, le=1000
    )
    max_size: int | None = option(
        None, help="Maximum instances; default 3 x min_size.", ge=1, le=1000
    )
    peak_instances: int | None = option(
        None,
        help="Instances the planned peak needs; the minimum then keeps that many after one AZ "
        "is lost (static stability). Default: as many as the AZs minus one.",
        ge=1,
        le=1000,
    )
    ami_id: str | None = option(
        None,
        help="Explicit AMI; default the Amazon Linux 2023 public "
        "SSM parameter for the instance's architecture.",
        pattern=AMI_PATTERN,
    )
    app_port: int = option(80, help="Port the app listens on.", ge=1, le=65535)
    root_volume_gb: int = option(20, help="Encrypted gp3 root volume size.", ge=8, le=16384)
    health_check_grace_period: int = option(
        300, help="Seconds before ELB health counts.", ge=0, le=7200
    )
    cpu_target: float = option(50.0, help="Target average CPU % for scaling.", ge=10, le=90)
    requests_per_target: int = option(
        1000, help="Target ALB requests per instance per minute.", ge=1, le=1_000_000
    )
    user_data_template: str | None = option(
        None,
        help="jinja2 user data file; default installs nginx serving the app and the health path.",
    )
    user_data_vars: dict[str, Any] = option({}, help="Extra variables for the user data template.")

    def statically_stable_min(self, az_count: int) -> int:
        """Instances that leave ``peak_instances`` running after one of ``az_count`` AZs is lost."""
        peak = self.peak_instances if self.peak_instances is not None else az_count - 1
        return math.ceil(peak / max(1, az_count - 1)) * az_count

    def sizes(self, az_count: int) -> tuple[int, int]:
        """(min, max) with the defaults filled in from the AZ count and the stated peak."""
        minimum = (
            self.min_size if self.min_size is not None else self.statically_stable_min(az_count)
        )
        maximum = self.max_size if self.max_size is not None else max(3 * minimum, minimum + 1)
        return minimum, maximum

    def stability_summary(self, az_count: int) -> str:
        minimum, _ = self.sizes(az_count)
        survivors = minimum - math.ceil(minimum / az_count)
        peak = self.peak_instances if self.peak_instances is not None else az_count - 1
        verdict = "carries" if survivors >= peak else "does NOT carry"
        return (
            f"static stability: {minimum} instances over {az_count} AZs; after losing one AZ "
            f"{survivors} remain, which {verdict} the peak of {peak} without scaling"
        )

    def warnings(self) -> list[tuple[str, str]]:
        found = super().warnings()
        if self.peak_instances is None:
            found.append(
                (
                    PEAK_UNSTATED,
                    "fleet.peak_instances not stated: sized so the AZs minus one instances "
                    "survive an AZ loss; state the peak to size the minimum for it",
                )
            )
        return found

    def check(self) -> list[tuple[str, object, str]]:
        problems: list[tuple[str, object, str]] = []
        lo, hi = self.sizes(2)
        if self.min_size is not None and self.max_size is not None and hi <= lo:
            problems.append(
                ("max_size", hi, f"> min_size ({lo}): a rolling update launches above the minimum")
            )
        return problems


@dataclass(frozen=True, eq=False, repr=False)
class FleetFront(Record):
    """What a fleet sits behind when that is not a load balancer target group.

    A self-managed proxy tier finds its servers itself, so the fleet has no target group; its
    instances let the app port in from ``security_group_id`` and the group replaces instances
    on EC2 status checks (an ELB check needs a target group). The app instances serve the
    shallow and deep health paths all the same (the proxy checks ``health_check_path``).
    """

    kind: str
    security_group_id: Any
    target_group_arn: Any = None
    health_check_path: str = "/health"
    deep_health_check_path: str = "/health/deep"


@dataclass(frozen=True, eq=False, repr=False)
class FleetHandle(Record):
    """What :func:`add_fleet` built, for the alarms and the synth summary."""

    group_name: Any
    security_group_id: Any
    min_size: int
    max_size: int
    stability: str = ""
    """One line for the synth summary: capacity left after losing one AZ vs the stated peak."""


def add_fleet(
    t: Any,
    net: NetworkHandle,
    lb: LoadBalancerHandle | FleetFront,
    options: FleetOptions,
    *,
    app_name: str,
    extra_security_groups: tuple[Any, ...] = (),
    prefix: str = "",
    policies: tuple[Any, ...] = (),
    database: tuple[Any, int] | None = None,
    egress: tuple[Any, ...] = (),
) -> FleetHandle:
    """The launch template, group and scaling policies; ``prefix`` names a second fleet's IDs.

    ``policies`` are inline IAM policies added to the instance role (the SSM policy is always
    there); ``database`` (endpoint, port) is what the deep health check probes; ``egress`` are
    more rules for the group's own ``SecurityGroupEgress`` (a separate egress resource on a
    group that lists its egress rules reads as drift on that group in CloudFormation).
    """
    from awacs.aws import Allow, PolicyDocument, Principal, Statement
    from awacs.sts import AssumeRole
    from troposphere import Base64, GetAtt, Join, Parameter, Ref, Sub, Tags
    from troposphere.autoscaling import (
        AutoScalingGroup,
        LaunchTemplateSpecification,
        MetricsCollection,
        PredefinedMetricSpecification,
        ScalingPolicy,
        TargetTrackingConfiguration,
    )
    from troposphere.autoscaling import (
        Tags as AsgTags,
    )
    from troposphere.ec2 import (
        EBSBlockDevice,
        IamInstanceProfile,
        LaunchTemplate,
        LaunchTemplateBlockDeviceMapping,
        LaunchTemplateData,
        MetadataOptions,
        Monitoring,
        NetworkInterfaces,
        SecurityGroup,
        SecurityGroupRule,
        TagSpecifications,
    )
    from troposphere.iam import InstanceProfile, Role
    from troposphere.policies import (
        AutoScalingCreationPolicy,
        AutoScalingRollingUpdate,
        CreationPolicy,
        ResourceSignal,
        UpdatePolicy,
    )

    minimum, maximum = options.sizes(net.az_count)
    role_id, profile_id = prefix + INSTANCE_ROLE, prefix + INSTANCE_PROFILE
    group_sg_id, template_id = prefix + INSTANCE_SECURITY_GROUP, prefix + LAUNCH_TEMPLATE
    asg_id, image_parameter = prefix + AUTO_SCALING_GROUP, prefix + IMAGE_ID_PARAMETER
    cpu_policy_id, request_policy_id = prefix + CPU_SCALING_POLICY, prefix + REQUEST_SCALING_POLICY
    load_balanced = lb.target_group_arn is not None

    t.add_resource(
        Role(
            role_id,
            AssumeRolePolicyDocument=PolicyDocument(
                Version="2012-10-17",
                Statement=[
                    Statement(
                        Effect=Allow,
                        Principal=Principal("Service", "ec2.amazonaws.com"),
                        Action=[AssumeRole],
                    )
                ],
            ),
            ManagedPolicyArns=[
                Sub("arn:${AWS::Partition}:iam::aws:policy/AmazonSSMManagedInstanceCore")
            ],
            **({"Policies": list(policies)} if policies else {}),
        )
    )
    t.add_resource(InstanceProfile(profile_id, Roles=[Ref(role_id)]))
    t.add_resource(
        SecurityGroup(
            group_sg_id,
            GroupDescription="App instances: the app port from the load balancer only",
            VpcId=net.vpc_id,
            SecurityGroupIngress=[
                SecurityGroupRule(
                    IpProtocol="tcp",
                    FromPort=options.app_port,
                    ToPort=options.app_port,
                    SourceSecurityGroupId=lb.security_group_id,
                    Description="From the load balancer",
                )
            ],
            SecurityGroupEgress=[
                SecurityGroupRule(
                    IpProtocol="tcp",
                    FromPort=443,
                    ToPort=443,
                    CidrIp="0.0.0.0/0",
                    Description="HTTPS out (packages, SSM, AWS APIs) via NAT",
                ),
                *(
                    [
                        SecurityGroupRule(
                            IpProtocol="tcp",
                            FromPort=443,
                            ToPort=443,
                            CidrIpv6="::/0",
                            Description="HTTPS out over IPv6 (egress-only gateway)",
                        )
                    ]
                    if net.ipv6
                    else []
                ),
                *egress,
            ],
        )
    )

    if options.ami_id:
        image_id: Any = options.ami_id
    else:
        t.add_parameter(
            Parameter(
                image_parameter,
                Type="AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>",
                Default=SSM_AMI_ARM if is_graviton(options.instance_type) else SSM_AMI_X86,
                Description="AMI for the fleet (public SSM parameter of Amazon Linux 2023)",
            )
        )
        image_id = Ref(image_parameter)

    variables = {
        "app_name": app_name,
        "app_port": options.app_port,
        "health_path": lb.health_check_path,
        "deep_health_path": lb.deep_health_check_path,
        "signal_resource": asg_id,
        **options.user_data_vars,
    }
    user_data = render_user_data_sub(
        options.user_data_template,
        variables,
        database=database,
    )
    t.add_resource(
        LaunchTemplate(
            template_id,
            LaunchTemplateData=LaunchTemplateData(
                ImageId=image_id,
                InstanceType=options.instance_type,
                IamInstanceProfile=IamInstanceProfile(Arn=GetAtt(profile_id, "Arn")),
                MetadataOptions=MetadataOptions(
                    HttpTokens="required", HttpEndpoint="enabled", HttpPutResponseHopLimit=1
                ),
                BlockDeviceMappings=[
                    LaunchTemplateBlockDeviceMapping(
                        DeviceName="/dev/xvda",
                        Ebs=EBSBlockDevice(
                            VolumeType="gp3",
                            VolumeSize=options.root_volume_gb,
                            Encrypted=True,
                            DeleteOnTermination=True,
                        ),
                    )
                ],
                NetworkInterfaces=[
                    NetworkInterfaces(
                        DeviceIndex=0,
                        AssociatePublicIpAddress=False,
                        DeleteOnTermination=True,
                        Groups=[Ref(group_sg_id), *extra_security_groups],
                    )
                ],
                Monitoring=Monitoring(Enabled=True),
                UserData=Base64(user_data),
                TagSpecifications=[
                    TagSpecifications(ResourceType="volume", Tags=Tags(Name=app_name))
                ],
            ),
        )
    )
    t.add_resource(
        AutoScalingGroup(
            asg_id,
            VPCZoneIdentifier=net.private_subnet_ids,
            LaunchTemplate=LaunchTemplateSpecification(
                LaunchTemplateId=Ref(template_id),
                Version=GetAtt(template_id, "LatestVersionNumber"),
            ),
            MinSize=str(minimum),
            MaxSize=str(maximum),
            HealthCheckType="ELB" if load_balanced else "EC2",
            **({"TargetGroupARNs": [lb.target_group_arn]} if load_balanced else {}),
            HealthCheckGracePeriod=options.health_check_grace_period,
            MetricsCollection=[MetricsCollection(Granularity="1Minute")],
            Tags=AsgTags(Name=app_name),
            CreationPolicy=CreationPolicy(
                AutoScalingCreationPolicy=AutoScalingCreationPolicy(
                    MinSuccessfulInstancesPercent=100
                ),
                ResourceSignal=ResourceSignal(Count=minimum, Timeout=SIGNAL_TIMEOUT),
            ),
            UpdatePolicy=UpdatePolicy(
                AutoScalingRollingUpdate=AutoScalingRollingUpdate(
                    MinInstancesInService=str(minimum),
                    MaxBatchSize=str(max(1, minimum // net.az_count)),
                    MinSuccessfulInstancesPercent=100,
                    PauseTime=SIGNAL_TIMEOUT,
                    WaitOnResourceSignals=True,
                    SuspendProcesses=ROLLING_UPDATE_SUSPENDED,
                )
            ),
        )
    )
    t.add_resource(
        ScalingPolicy(
            cpu_policy_id,
            AutoScalingGroupName=Ref(asg_id),
            PolicyType="TargetTrackingScaling",
            TargetTrackingConfiguration=TargetTrackingConfiguration(
                PredefinedMetricSpecification=PredefinedMetricSpecification(
                    PredefinedMetricType="ASGAverageCPUUtilization"
                ),
                TargetValue=options.cpu_target,
            ),
        )
    )
    if isinstance(lb, LoadBalancerHandle) and lb.kind == "application":
        t.add_resource(
            ScalingPolicy(
                request_policy_id,
                AutoScalingGroupName=Ref(asg_id),
                PolicyType="TargetTrackingScaling",
                TargetTrackingConfiguration=TargetTrackingConfiguration(
                    PredefinedMetricSpecification=PredefinedMetricSpecification(
                        PredefinedMetricType="ALBRequestCountPerTarget",
                        ResourceLabel=Join("/", [lb.full_name, lb.target_group_full_name]),
                    ),
                    TargetValue=float(options.requests_per_target),
                ),
            )
        )
    return FleetHandle(
        group_name=Ref(asg_id),
        security_group_id=Ref(group_sg_id),
        min_size=minimum,
        max_size=maximum,
        stability=options.stability_summary(net.az_count),
    )
