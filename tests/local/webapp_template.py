"""A fixture template shaped like hastack's HA web application, built with troposphere.

It uses the same resource types, logical IDs and intrinsic functions as the web-app blueprint
(VPC over three AZs with a NAT gateway each, ALB with HTTP->HTTPS redirect, ASG with scaling
policies, Aurora MySQL writer + two readers with a managed master password, Route 53 zone,
health check and alias, SNS topic with alarms), so the emulator tests do not depend on the
blueprint's exact options.
"""

from __future__ import annotations

from typing import Any

from troposphere import (
    GetAtt,
    GetAZs,
    Join,
    Output,
    Parameter,
    Ref,
    Select,
    Tags,
    Template,
    ec2,
    iam,
    rds,
    route53,
    s3,
    secretsmanager,
    sns,
)
from troposphere import autoscaling as asg
from troposphere import certificatemanager as acm
from troposphere import cloudwatch as cw
from troposphere import elasticloadbalancingv2 as elb

AZS = 3
DOMAIN = "app.example.com"


def build_webapp_template(*, desired: int = 2, explicit_secret: bool = True) -> Template:
    t = Template(Description="HA web application (fixture)")
    t.add_parameter(Parameter("AlarmEmail", Type="String", Default="ops@example.com"))
    t.add_parameter(
        Parameter("ImageId", Type="String", Default="ami-12c6146b")  # moto's default AMI
    )
    _network(t)
    _load_balancer(t)
    _fleet(t, desired)
    _dns(t)
    _database(t, explicit_secret)
    _monitoring(t)
    return t


def build_webapp_body(**kwargs: Any) -> dict[str, Any]:
    return build_webapp_template(**kwargs).to_dict()


def _network(t: Template) -> None:
    t.add_resource(
        ec2.VPC(
            "Vpc",
            CidrBlock="10.0.0.0/16",
            EnableDnsHostnames=True,
            EnableDnsSupport=True,
            Tags=Tags(Name=Ref("AWS::StackName")),
        )
    )
    t.add_resource(ec2.InternetGateway("InternetGateway"))
    t.add_resource(
        ec2.VPCGatewayAttachment(
            "GatewayAttachment", VpcId=Ref("Vpc"), InternetGatewayId=Ref("InternetGateway")
        )
    )
    t.add_resource(ec2.RouteTable("PublicRouteTable", VpcId=Ref("Vpc")))
    t.add_resource(
        ec2.Route(
            "PublicDefaultRoute",
            DependsOn="GatewayAttachment",
            RouteTableId=Ref("PublicRouteTable"),
            DestinationCidrBlock="0.0.0.0/0",
            GatewayId=Ref("InternetGateway"),
        )
    )
    t.add_resource(ec2.RouteTable("IsolatedRouteTable", VpcId=Ref("Vpc")))
    for i in range(1, AZS + 1):
        az = Select(i - 1, GetAZs(""))
        for tier, base in (("Public", 0), ("Private", 10), ("Isolated", 20)):
            t.add_resource(
                ec2.Subnet(
                    f"{tier}Subnet{i}",
                    VpcId=Ref("Vpc"),
                    AvailabilityZone=az,
                    CidrBlock=f"10.0.{base + i}.0/24",
                    MapPublicIpOnLaunch=tier == "Public",
                )
            )
        t.add_resource(
            ec2.SubnetRouteTableAssociation(
                f"PublicSubnet{i}RouteTableAssociation",
                SubnetId=Ref(f"PublicSubnet{i}"),
                RouteTableId=Ref("PublicRouteTable"),
            )
        )
        t.add_resource(
            ec2.SubnetRouteTableAssociation(
                f"IsolatedSubnet{i}RouteTableAssociation",
                SubnetId=Ref(f"IsolatedSubnet{i}"),
                RouteTableId=Ref("IsolatedRouteTable"),
            )
        )
        t.add_resource(ec2.EIP(f"NatEip{i}", Domain="vpc", DependsOn="GatewayAttachment"))
        t.add_resource(
            ec2.NatGateway(
                f"NatGateway{i}",
                AllocationId=GetAtt(f"NatEip{i}", "AllocationId"),
                SubnetId=Ref(f"PublicSubnet{i}"),
            )
        )
        t.add_resource(ec2.RouteTable(f"PrivateRouteTable{i}", VpcId=Ref("Vpc")))
        t.add_resource(
            ec2.Route(
                f"PrivateDefaultRoute{i}",
                RouteTableId=Ref(f"PrivateRouteTable{i}"),
                DestinationCidrBlock="0.0.0.0/0",
                NatGatewayId=Ref(f"NatGateway{i}"),
            )
        )
        t.add_resource(
            ec2.SubnetRouteTableAssociation(
                f"PrivateSubnet{i}RouteTableAssociation",
                SubnetId=Ref(f"PrivateSubnet{i}"),
                RouteTableId=Ref(f"PrivateRouteTable{i}"),
            )
        )
    t.add_resource(
        s3.Bucket(
            "AccessLogsBucket",
            DeletionPolicy="Retain",
            BucketEncryption=s3.BucketEncryption(
                ServerSideEncryptionConfiguration=[
                    s3.ServerSideEncryptionRule(
                        ServerSideEncryptionByDefault=s3.ServerSideEncryptionByDefault(
                            SSEAlgorithm="AES256"
                        )
                    )
                ]
            ),
            PublicAccessBlockConfiguration=s3.PublicAccessBlockConfiguration(
                BlockPublicAcls=True,
                BlockPublicPolicy=True,
                IgnorePublicAcls=True,
                RestrictPublicBuckets=True,
            ),
            VersioningConfiguration=s3.VersioningConfiguration(Status="Enabled"),
        )
    )
    t.add_resource(
        s3.BucketPolicy(
            "AccessLogsBucketPolicy",
            Bucket=Ref("AccessLogsBucket"),
            PolicyDocument={
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Sid": "LoadBalancerAccessLogs",
                        "Effect": "Allow",
                        "Principal": {"AWS": "arn:aws:iam::127311923021:root"},
                        "Action": "s3:PutObject",
                        "Resource": Join("", [GetAtt("AccessLogsBucket", "Arn"), "/*"]),
                    }
                ],
            },
        )
    )
    t.add_resource(
        ec2.FlowLog(
            "FlowLog",
            ResourceId=Ref("Vpc"),
            ResourceType="VPC",
            TrafficType="ALL",
            LogDestinationType="s3",
            LogDestination=GetAtt("AccessLogsBucket", "Arn"),
        )
    )


def _subnets(tier: str) -> list[Ref]:
    return [Ref(f"{tier}Subnet{i}") for i in range(1, AZS + 1)]


def _load_balancer(t: Template) -> None:
    t.add_resource(
        ec2.SecurityGroup(
            "LoadBalancerSecurityGroup",
            GroupDescription="ALB",
            VpcId=Ref("Vpc"),
            SecurityGroupIngress=[
                ec2.SecurityGroupRule(
                    IpProtocol="tcp", FromPort=443, ToPort=443, CidrIp="0.0.0.0/0"
                ),
                ec2.SecurityGroupRule(IpProtocol="tcp", FromPort=80, ToPort=80, CidrIp="0.0.0.0/0"),
            ],
        )
    )
    t.add_resource(
        elb.LoadBalancer(
            "LoadBalancer",
            Scheme="internet-facing",
            Type="application",
            Subnets=_subnets("Public"),
            SecurityGroups=[Ref("LoadBalancerSecurityGroup")],
            DependsOn="AccessLogsBucketPolicy",
            LoadBalancerAttributes=[
                elb.LoadBalancerAttributes(Key="access_logs.s3.enabled", Value="true"),
                elb.LoadBalancerAttributes(
                    Key="access_logs.s3.bucket", Value=Ref("AccessLogsBucket")
                ),
                elb.LoadBalancerAttributes(
                    Key="routing.http.drop_invalid_header_fields.enabled", Value="true"
                ),
            ],
        )
    )
    t.add_resource(
        elb.TargetGroup(
            "TargetGroup",
            Port=80,
            Protocol="HTTP",
            VpcId=Ref("Vpc"),
            TargetType="instance",
            HealthCheckPath="/health",
            HealthCheckIntervalSeconds=15,
            HealthyThresholdCount=2,
            UnhealthyThresholdCount=3,
            Matcher=elb.Matcher(HttpCode="200"),
        )
    )
    t.add_resource(
        acm.Certificate(
            "Certificate",
            DomainName=DOMAIN,
            ValidationMethod="DNS",
            DomainValidationOptions=[
                acm.DomainValidationOption(DomainName=DOMAIN, HostedZoneId=Ref("HostedZone"))
            ],
        )
    )
    t.add_resource(
        elb.Listener(
            "HttpListener",
            LoadBalancerArn=Ref("LoadBalancer"),
            Port=80,
            Protocol="HTTP",
            DefaultActions=[
                elb.Action(
                    Type="redirect",
                    RedirectConfig=elb.RedirectConfig(
                        Protocol="HTTPS", Port="443", StatusCode="HTTP_301"
                    ),
                )
            ],
        )
    )
    t.add_resource(
        elb.Listener(
            "HttpsListener",
            LoadBalancerArn=Ref("LoadBalancer"),
            Port=443,
            Protocol="HTTPS",
            SslPolicy="ELBSecurityPolicy-TLS13-1-2-2021-06",
            Certificates=[elb.Certificate(CertificateArn=Ref("Certificate"))],
            DefaultActions=[elb.Action(Type="forward", TargetGroupArn=Ref("TargetGroup"))],
        )
    )


def _fleet(t: Template, desired: int) -> None:
    t.add_resource(
        iam.Role(
            "InstanceRole",
            AssumeRolePolicyDocument={
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"Service": "ec2.amazonaws.com"},
                        "Action": "sts:AssumeRole",
                    }
                ],
            },
            ManagedPolicyArns=["arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"],
        )
    )
    t.add_resource(iam.InstanceProfile("InstanceProfile", Roles=[Ref("InstanceRole")]))
    t.add_resource(
        ec2.SecurityGroup("InstanceSecurityGroup", GroupDescription="web", VpcId=Ref("Vpc"))
    )
    t.add_resource(
        ec2.SecurityGroupIngress(
            "InstanceIngressFromLoadBalancer",
            GroupId=Ref("InstanceSecurityGroup"),
            IpProtocol="tcp",
            FromPort=80,
            ToPort=80,
            SourceSecurityGroupId=Ref("LoadBalancerSecurityGroup"),
        )
    )
    t.add_resource(
        ec2.LaunchTemplate(
            "LaunchTemplate",
            LaunchTemplateData=ec2.LaunchTemplateData(
                ImageId=Ref("ImageId"),
                InstanceType="t3.small",
                IamInstanceProfile=ec2.IamInstanceProfile(Arn=GetAtt("InstanceProfile", "Arn")),
                SecurityGroupIds=[Ref("InstanceSecurityGroup")],
                MetadataOptions=ec2.MetadataOptions(HttpTokens="required"),
            ),
        )
    )
    t.add_resource(
        asg.AutoScalingGroup(
            "AutoScalingGroup",
            MinSize="2",
            MaxSize="6",
            DesiredCapacity=str(desired),
            VPCZoneIdentifier=_subnets("Private"),
            TargetGroupARNs=[Ref("TargetGroup")],
            HealthCheckType="ELB",
            HealthCheckGracePeriod=300,
            LaunchTemplate=asg.LaunchTemplateSpecification(
                LaunchTemplateId=Ref("LaunchTemplate"),
                Version=GetAtt("LaunchTemplate", "LatestVersionNumber"),
            ),
        )
    )
    t.add_resource(
        asg.ScalingPolicy(
            "CpuScalingPolicy",
            AutoScalingGroupName=Ref("AutoScalingGroup"),
            PolicyType="TargetTrackingScaling",
            TargetTrackingConfiguration=asg.TargetTrackingConfiguration(
                TargetValue=50.0,
                PredefinedMetricSpecification=asg.PredefinedMetricSpecification(
                    PredefinedMetricType="ASGAverageCPUUtilization"
                ),
            ),
        )
    )
    t.add_resource(
        asg.ScalingPolicy(
            "RequestScalingPolicy",
            AutoScalingGroupName=Ref("AutoScalingGroup"),
            PolicyType="TargetTrackingScaling",
            DependsOn="HttpsListener",
            TargetTrackingConfiguration=asg.TargetTrackingConfiguration(
                TargetValue=1000.0,
                PredefinedMetricSpecification=asg.PredefinedMetricSpecification(
                    PredefinedMetricType="ALBRequestCountPerTarget",
                    ResourceLabel=Join(
                        "/",
                        [
                            GetAtt("LoadBalancer", "LoadBalancerFullName"),
                            GetAtt("TargetGroup", "TargetGroupFullName"),
                        ],
                    ),
                ),
            ),
        )
    )


def _dns(t: Template) -> None:
    t.add_resource(route53.HostedZone("HostedZone", Name=DOMAIN))
    t.add_resource(
        route53.HealthCheck(
            "LoadBalancerHealthCheck",
            HealthCheckConfig=route53.HealthCheckConfig(
                Type="HTTPS",
                FullyQualifiedDomainName=GetAtt("LoadBalancer", "DNSName"),
                ResourcePath="/health",
                Port=443,
                RequestInterval=30,
                FailureThreshold=3,
            ),
        )
    )
    t.add_resource(
        route53.RecordSetType(
            "AliasRecord",
            HostedZoneId=Ref("HostedZone"),
            Name=DOMAIN,
            Type="A",
            AliasTarget=route53.AliasTarget(
                HostedZoneId=GetAtt("LoadBalancer", "CanonicalHostedZoneID"),
                DNSName=GetAtt("LoadBalancer", "DNSName"),
                EvaluateTargetHealth=True,
            ),
        )
    )


def _database(t: Template, explicit_secret: bool) -> None:
    t.add_resource(
        rds.DBSubnetGroup(
            "DatabaseSubnetGroup", DBSubnetGroupDescription="db", SubnetIds=_subnets("Isolated")
        )
    )
    t.add_resource(
        ec2.SecurityGroup("DatabaseSecurityGroup", GroupDescription="db", VpcId=Ref("Vpc"))
    )
    t.add_resource(
        ec2.SecurityGroupIngress(
            "WebToDatabaseCluster",
            GroupId=Ref("DatabaseSecurityGroup"),
            IpProtocol="tcp",
            FromPort=3306,
            ToPort=3306,
            SourceSecurityGroupId=Ref("InstanceSecurityGroup"),
        )
    )
    cluster: dict[str, Any] = dict(
        Engine="aurora-mysql",
        EngineVersion="8.0.mysql_aurora.3.05.2",
        DBSubnetGroupName=Ref("DatabaseSubnetGroup"),
        DatabaseName="app",
        VpcSecurityGroupIds=[Ref("DatabaseSecurityGroup")],
        StorageEncrypted=True,
        DeletionProtection=True,
        BackupRetentionPeriod=7,
        MasterUsername="admin",
        EnableCloudwatchLogsExports=["error", "slowquery"],
        DeletionPolicy="Snapshot",
        UpdateReplacePolicy="Snapshot",
    )
    if explicit_secret:
        t.add_resource(
            secretsmanager.Secret(
                "DatabaseSecret",
                Description="Aurora master credentials",
                GenerateSecretString=secretsmanager.GenerateSecretString(
                    SecretStringTemplate='{"username": "admin"}',
                    GenerateStringKey="password",
                    PasswordLength=32,
                    ExcludeCharacters='"@/\\',
                ),
            )
        )
        cluster["MasterUserPassword"] = Join(
            "", ["{{resolve:secretsmanager:", Ref("DatabaseSecret"), ":SecretString:password}}"]
        )
        t.add_resource(
            secretsmanager.SecretTargetAttachment(
                "DatabaseSecretAttachment",
                SecretId=Ref("DatabaseSecret"),
                TargetId=Ref("DatabaseCluster"),
                TargetType="AWS::RDS::DBCluster",
            )
        )
    else:
        cluster["ManageMasterUserPassword"] = True
    t.add_resource(rds.DBCluster("DatabaseCluster", **cluster))
    names = ["DatabaseWriter"] + [f"DatabaseReader{i}" for i in (1, 2)]
    for tier, name in enumerate(names):
        t.add_resource(
            rds.DBInstance(
                name,
                DBClusterIdentifier=Ref("DatabaseCluster"),
                Engine="aurora-mysql",
                DBInstanceClass="db.r6g.large",
                PromotionTier=tier,
                AvailabilityZone=Select(tier, GetAZs("")),
                PubliclyAccessible=False,
            )
        )


def _monitoring(t: Template) -> None:
    t.add_resource(sns.Topic("AlarmTopic", TopicName=Join("-", [Ref("AWS::StackName"), "alarms"])))
    t.add_resource(
        sns.SubscriptionResource(
            "AlarmEmailSubscription",
            TopicArn=Ref("AlarmTopic"),
            Protocol="email",
            Endpoint=Ref("AlarmEmail"),
        )
    )
    lb = GetAtt("LoadBalancer", "LoadBalancerFullName")
    tg = GetAtt("TargetGroup", "TargetGroupFullName")
    alarms = [
        (
            "LoadBalancer5xxAlarm",
            "AWS/ApplicationELB",
            "HTTPCode_ELB_5XX_Count",
            "Sum",
            10,
            [("LoadBalancer", lb)],
        ),
        (
            "UnhealthyHostsAlarm",
            "AWS/ApplicationELB",
            "UnHealthyHostCount",
            "Maximum",
            0,
            [("LoadBalancer", lb), ("TargetGroup", tg)],
        ),
        (
            "TargetResponseTimeAlarm",
            "AWS/ApplicationELB",
            "TargetResponseTime",
            "Average",
            1,
            [("LoadBalancer", lb)],
        ),
        (
            "DatabaseCpuAlarm",
            "AWS/RDS",
            "CPUUtilization",
            "Average",
            80,
            [("DBClusterIdentifier", Ref("DatabaseCluster"))],
        ),
        (
            "ReplicaLagAlarm",
            "AWS/RDS",
            "AuroraReplicaLagMaximum",
            "Maximum",
            1000,
            [("DBClusterIdentifier", Ref("DatabaseCluster"))],
        ),
        (
            "FreeStorageAlarm",
            "AWS/RDS",
            "FreeLocalStorage",
            "Minimum",
            5_000_000_000,
            [("DBInstanceIdentifier", Ref("DatabaseWriter"))],
        ),
    ]
    for name, namespace, metric, stat, threshold, dims in alarms:
        op = "LessThanThreshold" if name == "FreeStorageAlarm" else "GreaterThanThreshold"
        t.add_resource(
            cw.Alarm(
                name,
                AlarmDescription=f"{metric} out of range",
                Namespace=namespace,
                MetricName=metric,
                Statistic=stat,
                Period=60,
                EvaluationPeriods=5,
                DatapointsToAlarm=3,
                Threshold=threshold,
                ComparisonOperator=op,
                TreatMissingData="notBreaching",
                AlarmActions=[Ref("AlarmTopic")],
                OKActions=[Ref("AlarmTopic")],
                Dimensions=[cw.MetricDimension(Name=k, Value=v) for k, v in dims],
            )
        )
    t.add_output(Output("LoadBalancerDnsName", Value=GetAtt("LoadBalancer", "DNSName")))
    t.add_output(Output("Url", Value=Join("", ["https://", DOMAIN])))
    t.add_output(Output("HostedZoneId", Value=Ref("HostedZone")))
    t.add_output(Output("DatabaseEndpoint", Value=GetAtt("DatabaseCluster", "Endpoint.Address")))
    t.add_output(
        Output("DatabaseReaderEndpoint", Value=GetAtt("DatabaseCluster", "ReadEndpoint.Address"))
    )
    t.add_output(Output("DatabasePort", Value=GetAtt("DatabaseCluster", "Endpoint.Port")))
    t.add_output(Output("AlarmTopicArn", Value=Ref("AlarmTopic")))
    t.add_output(Output("VpcId", Value=Ref("Vpc")))
    t.add_output(Output("AutoScalingGroupName", Value=Ref("AutoScalingGroup")))
