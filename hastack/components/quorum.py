"""A consensus cluster (etcd) of 3 or 5 members over 3 AZs, each member keeping its identity.

A member is an Auto Scaling group of one in one AZ's private subnet, plus what outlives its
instance: a fixed network interface (a stable private address, and the DNS name
``m<i>.<cluster>.<domain>`` in a private hosted zone pointing at it), an encrypted gp3 data
volume in the same AZ (its member id and data; snapshotted on delete and replacement), and
instance tags naming both. When the group replaces the instance, the new one attaches the
same interface and volume (``userdata/etcd.sh.j2``) and comes back as the same member, so the
cluster never has to remove a member and add a new one: the membership change that, done
wrong, is how quorum clusters lose their majority.

Members are spread round-robin over the AZs (3 → 1+1+1, 5 → 2+2+1), so no AZ holds half of
them. Client (2379) and peer (2380) traffic is TLS with client certificates from the cluster's
Secrets Manager secret; peers accept only members' security group, clients only the client
security group. Each member's group carries ``Metadata.hastack.quorum`` so the rules
(E9701-W9703) and the partition analysis find the cluster and its placement.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Literal

from hastack.components.compute import INSTANCE_TYPE_PATTERN, SSM_AMI_ARM, SSM_AMI_X86, is_graviton
from hastack.components.network import NetworkHandle
from hastack.components.user_data import DEFAULT_TEMPLATE, render_user_data
from hastack.core.options import Options, option
from hastack.core.records import Record

QUORUM_KEY = "quorum"
"""Under ``Metadata.hastack``: ``{"cluster": name, "member": "m1"}`` on each member's group."""
CLIENT_PORT, PEER_PORT = 2379, 2380

SECURITY_GROUP = "QuorumSecurityGroup"
CLIENT_SECURITY_GROUP = "QuorumClientSecurityGroup"
PEER_INGRESS = "QuorumPeerIngress"
CLIENT_INGRESS = "QuorumClientIngress"
ROLE = "QuorumRole"
INSTANCE_PROFILE = "QuorumInstanceProfile"
LAUNCH_TEMPLATE = "QuorumLaunchTemplate"
TLS_SECRET = "QuorumTlsSecret"
ZONE = "QuorumZone"
IMAGE_ID_PARAMETER = "QuorumImageId"

ETCD_TEMPLATE = DEFAULT_TEMPLATE.parent / "etcd.sh.j2"
SPREAD_REASON = (
    "a quorum member is a group of exactly one instance pinned to its AZ so it keeps its "
    "interface and volume; the cluster spans the AZs and the quorum rules check its majority"
)


def member_ids(index: int) -> dict[str, str]:
    """Logical IDs of member ``index`` (1-based)."""
    base = f"QuorumMember{index}"
    return {
        "group": f"{base}Group",
        "interface": f"{base}Interface",
        "volume": f"{base}Volume",
        "record": f"{base}Record",
    }


@dataclass(frozen=True, kw_only=True, eq=False, repr=False)
class QuorumOptions(Options):
    engine: Literal["etcd"] = option("etcd", help="Consensus engine (etcd, Raft).")
    cluster_name: str = option(
        "etcd",
        help="Cluster name: DNS label and etcd's cluster token.",
        pattern=r"[a-z][a-z0-9-]{0,30}",
    )
    members: int = option(3, help="Members: 3 survives one loss, 5 survives two.", choices=(3, 5))
    domain: str = option(
        "cluster.internal",
        help="Private hosted zone for the members' names (m1.<cluster>.<domain>).",
        pattern=r"[a-z0-9-]+(\.[a-z0-9-]+)+",
    )
    instance_type: str = option(
        "m6g.large", help="Member instance type.", pattern=INSTANCE_TYPE_PATTERN
    )
    volume_gb: int = option(50, help="Encrypted gp3 data volume per member.", ge=8, le=16384)
    volume_iops: int = option(
        3000, help="Data volume IOPS (etcd is fsync-bound).", ge=3000, le=16000
    )
    etcd_version: str = option("3.5.17", help="etcd release to install.", pattern=r"\d+\.\d+\.\d+")
    heartbeat_ms: int = option(100, help="Leader heartbeat interval.", ge=10, le=5000)
    election_timeout_ms: int = option(
        1000,
        help="Follower timeout before it calls an election (10 x heartbeat).",
        ge=100,
        le=50_000,
    )

    def check(self) -> list[tuple[str, object, str]]:
        if self.election_timeout_ms < 5 * self.heartbeat_ms:
            return [
                (
                    "election_timeout_ms",
                    self.election_timeout_ms,
                    f">= 5 x heartbeat_ms ({5 * self.heartbeat_ms})",
                )
            ]
        return []


def placement(members: int, az_count: int) -> list[int]:
    """The AZ index of each member, round-robin: 5 over 3 AZs is 2+2+1."""
    return [i % az_count for i in range(members)]


@dataclass(frozen=True, eq=False, repr=False)
class QuorumHandle(Record):
    client_security_group_id: Any
    endpoints: list[str]
    """``https://m<i>.<cluster>.<domain>:2379`` of every member."""
    tls_secret_arn: Any
    members_per_az: dict[int, int]


def add_quorum_cluster(t: Any, net: NetworkHandle, options: QuorumOptions) -> QuorumHandle:
    from awacs.aws import Allow, PolicyDocument, Principal, Statement
    from awacs.sts import AssumeRole
    from troposphere import Base64, GetAtt, Parameter, Ref, Sub, Tags
    from troposphere.autoscaling import AutoScalingGroup, LaunchTemplateSpecification
    from troposphere.autoscaling import Tag as AsgTag
    from troposphere.ec2 import (
        EBSBlockDevice,
        IamInstanceProfile,
        LaunchTemplate,
        LaunchTemplateBlockDeviceMapping,
        LaunchTemplateData,
        MetadataOptions,
        NetworkInterface,
        SecurityGroup,
        SecurityGroupIngress,
        SecurityGroupRule,
        Volume,
    )
    from troposphere.iam import InstanceProfile, Policy, Role
    from troposphere.policies import AutoScalingRollingUpdate, UpdatePolicy
    from troposphere.route53 import (
        HostedZone,
        HostedZoneConfiguration,
        HostedZoneVPCs,
        RecordSetType,
    )
    from troposphere.secretsmanager import GenerateSecretString, Secret

    cluster, domain = options.cluster_name, f"{options.cluster_name}.{options.domain}"
    names = [f"m{i + 1}" for i in range(options.members)]
    where = placement(options.members, net.az_count)

    t.add_resource(
        SecurityGroup(
            CLIENT_SECURITY_GROUP,
            GroupDescription=f"Clients of the {cluster} cluster: attach to reach it",
            VpcId=net.vpc_id,
            SecurityGroupEgress=[
                SecurityGroupRule(
                    IpProtocol="tcp", FromPort=CLIENT_PORT, ToPort=CLIENT_PORT,
                    CidrIp=net.vpc_cidr, Description="To the cluster's client port",
                )
            ],
        )
    )  # fmt: skip
    t.add_resource(
        SecurityGroup(
            SECURITY_GROUP,
            GroupDescription=f"Members of the {cluster} cluster",
            VpcId=net.vpc_id,
            SecurityGroupEgress=[
                SecurityGroupRule(
                    IpProtocol="tcp", FromPort=443, ToPort=443, CidrIp="0.0.0.0/0",
                    Description="HTTPS out (release, SSM, AWS APIs) via NAT",
                ),
                SecurityGroupRule(
                    IpProtocol="tcp", FromPort=PEER_PORT, ToPort=PEER_PORT,
                    CidrIp=net.vpc_cidr, Description="Peer traffic to the other members",
                ),
            ],
        )
    )  # fmt: skip
    t.add_resource(
        SecurityGroupIngress(
            PEER_INGRESS, GroupId=Ref(SECURITY_GROUP), SourceSecurityGroupId=Ref(SECURITY_GROUP),
            IpProtocol="tcp", FromPort=PEER_PORT, ToPort=PEER_PORT, Description="Peers (TLS)",
        )
    )  # fmt: skip
    t.add_resource(
        SecurityGroupIngress(
            CLIENT_INGRESS, GroupId=Ref(SECURITY_GROUP),
            SourceSecurityGroupId=Ref(CLIENT_SECURITY_GROUP), IpProtocol="tcp",
            FromPort=CLIENT_PORT, ToPort=CLIENT_PORT, Description="Clients (TLS)",
        )
    )  # fmt: skip
    t.add_resource(
        Secret(
            TLS_SECRET,
            Description=f"{cluster} TLS bundle: JSON with ca, cert and key (PEM); the "
            "certificate names every member. Members wait until it is filled.",
            DeletionPolicy="Retain",
            UpdateReplacePolicy="Retain",
            GenerateSecretString=GenerateSecretString(
                SecretStringTemplate='{"status": "fill with ca, cert, key"}',
                GenerateStringKey="placeholder",
            ),
        )
    )
    t.add_resource(
        HostedZone(
            ZONE,
            Name=domain,
            VPCs=[HostedZoneVPCs(VPCId=net.vpc_id, VPCRegion=Ref("AWS::Region"))],
            HostedZoneConfig=HostedZoneConfiguration(
                Comment=f"Member names of the {cluster} cluster"
            ),
        )
    )
    tagged = {"StringEquals": {"aws:ResourceTag/hastack:cluster": cluster}}
    t.add_resource(
        Role(
            ROLE,
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
            Policies=[
                Policy(
                    PolicyName="QuorumMemberIdentity",
                    PolicyDocument={
                        "Version": "2012-10-17",
                        "Statement": [
                            {
                                "Effect": "Allow",
                                "Action": ["ec2:AttachNetworkInterface", "ec2:AttachVolume"],
                                "Resource": "*",
                                "Condition": tagged,
                            },
                            {
                                "Effect": "Allow",
                                "Action": ["ec2:DescribeNetworkInterfaces"],
                                "Resource": "*",
                            },
                            {
                                "Effect": "Allow",
                                "Action": ["secretsmanager:GetSecretValue"],
                                "Resource": Ref(TLS_SECRET),
                            },
                        ],
                    },
                )
            ],
        )
    )
    t.add_resource(InstanceProfile(INSTANCE_PROFILE, Roles=[Ref(ROLE)]))
    t.add_parameter(
        Parameter(
            IMAGE_ID_PARAMETER,
            Type="AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>",
            Default=SSM_AMI_ARM if is_graviton(options.instance_type) else SSM_AMI_X86,
            Description="AMI for the members (public SSM parameter of Amazon Linux 2023)",
        )
    )
    initial = ",".join(f"{n}=https://{n}.{domain}:{PEER_PORT}" for n in names)
    user_data = render_user_data(
        ETCD_TEMPLATE,
        {
            "cluster": cluster,
            "domain": domain,
            "data_dir": "/var/lib/etcd",
            "etcd_version": options.etcd_version,
            "arch": "arm64" if is_graviton(options.instance_type) else "amd64",
            "client_port": CLIENT_PORT,
            "peer_port": PEER_PORT,
            "initial_cluster": initial,
            "heartbeat_ms": options.heartbeat_ms,
            "election_timeout_ms": options.election_timeout_ms,
        },
    )
    t.add_resource(
        LaunchTemplate(
            LAUNCH_TEMPLATE,
            LaunchTemplateData=LaunchTemplateData(
                ImageId=Ref(IMAGE_ID_PARAMETER),
                InstanceType=options.instance_type,
                IamInstanceProfile=IamInstanceProfile(Arn=GetAtt(INSTANCE_PROFILE, "Arn")),
                MetadataOptions=MetadataOptions(
                    HttpTokens="required",
                    HttpEndpoint="enabled",
                    HttpPutResponseHopLimit=1,
                    InstanceMetadataTags="enabled",
                ),
                BlockDeviceMappings=[
                    LaunchTemplateBlockDeviceMapping(
                        DeviceName="/dev/xvda",
                        Ebs=EBSBlockDevice(
                            VolumeType="gp3",
                            VolumeSize=20,
                            Encrypted=True,
                            DeleteOnTermination=True,
                        ),
                    )
                ],
                SecurityGroupIds=[Ref(SECURITY_GROUP)],
                UserData=Base64(user_data),
            ),
        )
    )
    counts: dict[int, int] = {}
    for index, (name, az_index) in enumerate(zip(names, where, strict=True), start=1):
        counts[az_index] = counts.get(az_index, 0) + 1
        ids = member_ids(index)
        subnet = net.private_subnet_ids[az_index]
        identity = Tags(
            {"hastack:cluster": cluster, "hastack:member": name, "Name": f"{cluster}-{name}"}
        )
        t.add_resource(
            NetworkInterface(
                ids["interface"],
                SubnetId=subnet,
                GroupSet=[Ref(SECURITY_GROUP)],
                Description=f"{cluster} member {name}: its fixed address",
                Tags=identity,
            )
        )
        t.add_resource(
            Volume(
                ids["volume"],
                AvailabilityZone=net.az(az_index),
                Size=options.volume_gb,
                VolumeType="gp3",
                Iops=options.volume_iops,
                Encrypted=True,
                Tags=identity,
                DeletionPolicy="Snapshot",
                UpdateReplacePolicy="Snapshot",
            )
        )
        t.add_resource(
            RecordSetType(
                ids["record"],
                HostedZoneId=Ref(ZONE),
                Name=f"{name}.{domain}",
                Type="A",
                TTL="60",
                ResourceRecords=[GetAtt(ids["interface"], "PrimaryPrivateIpAddress")],
            )
        )
        t.add_resource(
            AutoScalingGroup(
                ids["group"],
                VPCZoneIdentifier=[subnet],
                LaunchTemplate=LaunchTemplateSpecification(
                    LaunchTemplateId=Ref(LAUNCH_TEMPLATE),
                    Version=GetAtt(LAUNCH_TEMPLATE, "LatestVersionNumber"),
                ),
                MinSize="1",
                MaxSize="1",
                DesiredCapacity="1",
                HealthCheckType="EC2",
                HealthCheckGracePeriod=300,
                # One member at a time: CloudFormation updates a group only after the one it
                # depends on, and each group replaces its one instance, then pauses while the
                # member rejoins. Replacing every member at once would lose the quorum.
                UpdatePolicy=UpdatePolicy(
                    AutoScalingRollingUpdate=AutoScalingRollingUpdate(
                        MinInstancesInService="0", MaxBatchSize="1", PauseTime="PT3M"
                    )
                ),
                **({"DependsOn": [member_ids(index - 1)["group"]]} if index > 1 else {}),
                Tags=[
                    AsgTag("Name", f"{cluster}-{name}", True),
                    AsgTag("hastack:cluster", cluster, True),
                    AsgTag("hastack:member", name, True),
                    AsgTag("hastack:interface", Ref(ids["interface"]), True),
                    AsgTag("hastack:volume", Ref(ids["volume"]), True),
                    AsgTag("hastack:tls-secret", Ref(TLS_SECRET), True),
                ],
                Metadata={
                    "hastack": {
                        QUORUM_KEY: {"cluster": cluster, "member": name},
                        "suppress": {rule: SPREAD_REASON for rule in SUPPRESSED_RULES},
                    }
                },
            )
        )
    return QuorumHandle(
        client_security_group_id=Ref(CLIENT_SECURITY_GROUP),
        endpoints=[f"https://{n}.{domain}:{CLIENT_PORT}" for n in names],
        tls_secret_arn=Ref(TLS_SECRET),
        members_per_az=counts,
    )


@dataclass(frozen=True, eq=False, repr=False)
class QuorumClusterInfo(Record):
    """A quorum cluster as a synthesized template holds it: what a drill needs to rebuild it."""

    name: str
    members: int
    heartbeat_ms: int
    election_timeout_ms: int


TIMING_FLAGS = re.compile(r"--heartbeat-interval (\d+) --election-timeout (\d+)")


def quorum_clusters(body: dict[str, Any]) -> list[QuorumClusterInfo]:
    """Every quorum cluster of a synthesized template, from its members' ``Metadata`` and the
    etcd flags of its launch template (the defaults when the template carries none)."""
    members: dict[str, int] = {}
    timing = (100, 1000)
    for resource in body.get("Resources", {}).values():
        if not isinstance(resource, dict):
            continue
        meta = (resource.get("Metadata") or {}).get("hastack")
        quorum = meta.get(QUORUM_KEY) if isinstance(meta, dict) else None
        if isinstance(quorum, dict) and isinstance(quorum.get("cluster"), str):
            members[quorum["cluster"]] = members.get(quorum["cluster"], 0) + 1
        if resource.get("Type") == "AWS::EC2::LaunchTemplate":
            found = TIMING_FLAGS.search(json.dumps(resource.get("Properties")))
            if found:
                timing = (int(found.group(1)), int(found.group(2)))
    return [QuorumClusterInfo(name, n, *timing) for name, n in sorted(members.items())]


SUPPRESSED_RULES = ("E9102", "W9106")
"""E9102 (an Auto Scaling group spans two AZs) and W9106 (a group can scale out) are right for
fleets and wrong for a member, which is exactly one instance staying in its AZ with its volume;
the cluster, not the group, spans the AZs, and it grows by members, not instances."""
