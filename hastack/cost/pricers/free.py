"""Resource types that cost nothing by themselves.

They are listed as free in every estimate so a reader sees they were considered; anything that
is neither here nor in a pricer is listed as not priced, never counted as $0.
"""

from __future__ import annotations

FREE_TYPES = frozenset({
    "AWS::EC2::VPC", "AWS::EC2::Subnet", "AWS::EC2::SecurityGroup",
    "AWS::EC2::SecurityGroupIngress", "AWS::EC2::SecurityGroupEgress", "AWS::EC2::RouteTable",
    "AWS::EC2::Route", "AWS::EC2::SubnetRouteTableAssociation", "AWS::EC2::InternetGateway",
    "AWS::EC2::VPCGatewayAttachment", "AWS::EC2::EgressOnlyInternetGateway",
    "AWS::EC2::NetworkAcl", "AWS::EC2::NetworkAclEntry", "AWS::EC2::SubnetNetworkAclAssociation",
    "AWS::EC2::VPCCidrBlock", "AWS::EC2::SubnetCidrBlock", "AWS::EC2::DHCPOptions",
    "AWS::EC2::VPCDHCPOptionsAssociation", "AWS::EC2::EIPAssociation", "AWS::EC2::KeyPair",
    "AWS::EC2::LaunchTemplate", "AWS::EC2::NetworkInterfaceAttachment",
    "AWS::EC2::VolumeAttachment", "AWS::EC2::PlacementGroup", "AWS::EC2::PrefixList",
    "AWS::AutoScaling::LaunchConfiguration", "AWS::AutoScaling::ScalingPolicy",
    "AWS::AutoScaling::ScheduledAction", "AWS::AutoScaling::LifecycleHook",
    "AWS::AutoScaling::WarmPool",
    "AWS::ElasticLoadBalancingV2::TargetGroup", "AWS::ElasticLoadBalancingV2::Listener",
    "AWS::ElasticLoadBalancingV2::ListenerRule", "AWS::ElasticLoadBalancingV2::ListenerCertificate",
    "AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::InstanceProfile",
    "AWS::IAM::User", "AWS::IAM::Group", "AWS::IAM::UserToGroupAddition", "AWS::IAM::AccessKey",
    "AWS::IAM::ServiceLinkedRole", "AWS::IAM::RolePolicy",
    "AWS::RDS::DBSubnetGroup", "AWS::RDS::DBParameterGroup", "AWS::RDS::DBClusterParameterGroup",
    "AWS::RDS::OptionGroup", "AWS::RDS::DBSecurityGroup",
    "AWS::Route53::RecordSet", "AWS::Route53::RecordSetGroup",
    "AWS::SNS::Subscription", "AWS::SNS::TopicPolicy", "AWS::SNS::TopicInlinePolicy",
    "AWS::SQS::QueuePolicy", "AWS::S3::BucketPolicy",
    "AWS::KMS::Alias", "AWS::SecretsManager::SecretTargetAttachment",
    "AWS::SecretsManager::ResourcePolicy",
    "AWS::Logs::MetricFilter", "AWS::Logs::SubscriptionFilter",
    "AWS::CertificateManager::Certificate", "AWS::SSM::Parameter",
    "AWS::CloudFormation::WaitCondition", "AWS::CloudFormation::WaitConditionHandle",
    "AWS::Lambda::Permission",
})
