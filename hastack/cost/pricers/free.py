"""Resource types that cost nothing by themselves.

They are listed as free in every estimate, with the reason, so a reader sees they were
considered; anything that is neither here nor in a pricer is listed as not priced, never counted
as $0.
"""

from __future__ import annotations

FREE_TYPES: dict[str, str] = {
    "AWS::ARCZonalShift::ZonalAutoshiftConfiguration": (
        "ARC zonal shift and zonal autoshift (practice runs included) have no charge"
    ),
    "AWS::ApiGateway::Account": "configuration",
    "AWS::ApiGateway::ApiKey": "configuration",
    "AWS::ApiGateway::Authorizer": "authorizers cost nothing; the function they call is priced",
    "AWS::ApiGateway::BasePathMapping": "configuration",
    "AWS::ApiGateway::Deployment": "deployments cost nothing; the API bills its requests",
    "AWS::ApiGateway::GatewayResponse": "configuration",
    "AWS::ApiGateway::Method": "methods cost nothing; the API bills its requests",
    "AWS::ApiGateway::Model": "configuration",
    "AWS::ApiGateway::RequestValidator": "configuration",
    "AWS::ApiGateway::Resource": "resources cost nothing; the API bills its requests",
    "AWS::ApiGateway::UsagePlan": "configuration",
    "AWS::ApiGateway::UsagePlanKey": "configuration",
    "AWS::ApiGatewayV2::Authorizer": "configuration",
    "AWS::ApiGatewayV2::Deployment": "configuration",
    "AWS::ApiGatewayV2::Integration": "configuration",
    "AWS::ApiGatewayV2::Route": "routes cost nothing; the API bills its requests",
    "AWS::ApiGatewayV2::Stage": "stages cost nothing; the API bills its requests",
    "AWS::ApplicationAutoScaling::ScalableTarget": "Application Auto Scaling is free",
    "AWS::ApplicationAutoScaling::ScalingPolicy": "Application Auto Scaling is free",
    "AWS::AutoScaling::LaunchConfiguration": (
        "configuration of a group whose instances are priced on the group"
    ),
    "AWS::AutoScaling::LifecycleHook": (
        "configuration of a group whose instances are priced on the group"
    ),
    "AWS::AutoScaling::ScalingPolicy": (
        "configuration of a group whose instances are priced on the group"
    ),
    "AWS::AutoScaling::ScheduledAction": (
        "configuration of a group whose instances are priced on the group"
    ),
    "AWS::AutoScaling::WarmPool": (
        "configuration of a group whose instances are priced on the group"
    ),
    "AWS::Backup::BackupPlan": "plans cost nothing; the vault bills stored backups",
    "AWS::Backup::BackupSelection": "selections cost nothing; the vault bills stored backups",
    "AWS::CertificateManager::Certificate": "public ACM certificates are free",
    "AWS::CloudFormation::Macro": "CloudFormation is free; the macro's Lambda function is priced",
    "AWS::CloudFormation::WaitCondition": "CloudFormation bookkeeping",
    "AWS::CloudFormation::WaitConditionHandle": "CloudFormation bookkeeping",
    "AWS::CloudFront::CachePolicy": "configuration of a distribution",
    "AWS::CloudFront::CloudFrontOriginAccessIdentity": "configuration of a distribution",
    "AWS::CloudFront::OriginAccessControl": "configuration of a distribution",
    "AWS::CloudFront::OriginRequestPolicy": "configuration of a distribution",
    "AWS::CloudFront::ResponseHeadersPolicy": "configuration of a distribution",
    "AWS::CodeCommit::Repository": "the first 5 active users are free; repositories cost nothing",
    "AWS::Cognito::UserPoolClient": "configuration of a user pool",
    "AWS::Cognito::UserPoolDomain": "configuration of a user pool",
    "AWS::Config::DeliveryChannel": "configuration; the recorder bills configuration items",
    "AWS::DMS::Endpoint": "endpoints cost nothing; the replication instance is billed",
    "AWS::DMS::ReplicationSubnetGroup": "configuration",
    "AWS::DMS::ReplicationTask": "tasks cost nothing; the replication instance is billed",
    "AWS::DocDB::DBClusterParameterGroup": "configuration",
    "AWS::DocDB::DBSubnetGroup": "configuration",
    "AWS::EC2::ClientVpnAuthorizationRule": "configuration of a Client VPN endpoint",
    "AWS::EC2::ClientVpnRoute": "configuration of a Client VPN endpoint",
    "AWS::EC2::DHCPOptions": (
        "VPC plumbing costs nothing; traffic through it is priced as data transfer"
    ),
    "AWS::EC2::EIPAssociation": (
        "VPC plumbing costs nothing; traffic through it is priced as data transfer"
    ),
    "AWS::EC2::EgressOnlyInternetGateway": (
        "VPC plumbing costs nothing; traffic through it is priced as data transfer"
    ),
    "AWS::EC2::InternetGateway": (
        "VPC plumbing costs nothing; traffic through it is priced as data transfer"
    ),
    "AWS::EC2::KeyPair": (
        "VPC plumbing costs nothing; traffic through it is priced as data transfer"
    ),
    "AWS::EC2::LaunchTemplate": "a template; the instances launched from it are priced",
    "AWS::EC2::NetworkAcl": (
        "VPC plumbing costs nothing; traffic through it is priced as data transfer"
    ),
    "AWS::EC2::NetworkAclEntry": (
        "VPC plumbing costs nothing; traffic through it is priced as data transfer"
    ),
    "AWS::EC2::NetworkInterface": (
        "an interface costs nothing; a public IPv4 on it is priced on its EIP"
    ),
    "AWS::EC2::NetworkInterfaceAttachment": (
        "VPC plumbing costs nothing; traffic through it is priced as data transfer"
    ),
    "AWS::EC2::PlacementGroup": (
        "VPC plumbing costs nothing; traffic through it is priced as data transfer"
    ),
    "AWS::EC2::PrefixList": (
        "VPC plumbing costs nothing; traffic through it is priced as data transfer"
    ),
    "AWS::EC2::Route": "VPC plumbing costs nothing; traffic through it is priced as data transfer",
    "AWS::EC2::RouteTable": (
        "VPC plumbing costs nothing; traffic through it is priced as data transfer"
    ),
    "AWS::EC2::SecurityGroup": (
        "VPC plumbing costs nothing; traffic through it is priced as data transfer"
    ),
    "AWS::EC2::SecurityGroupEgress": (
        "VPC plumbing costs nothing; traffic through it is priced as data transfer"
    ),
    "AWS::EC2::SecurityGroupIngress": (
        "VPC plumbing costs nothing; traffic through it is priced as data transfer"
    ),
    "AWS::EC2::Subnet": "VPC plumbing costs nothing; traffic through it is priced as data transfer",
    "AWS::EC2::SubnetCidrBlock": (
        "VPC plumbing costs nothing; traffic through it is priced as data transfer"
    ),
    "AWS::EC2::SubnetNetworkAclAssociation": (
        "VPC plumbing costs nothing; traffic through it is priced as data transfer"
    ),
    "AWS::EC2::SubnetRouteTableAssociation": (
        "VPC plumbing costs nothing; traffic through it is priced as data transfer"
    ),
    "AWS::EC2::TransitGateway": "the gateway costs nothing; its attachments are priced",
    "AWS::EC2::TransitGatewayRoute": "routing configuration",
    "AWS::EC2::TransitGatewayRouteTable": "routing configuration",
    "AWS::EC2::VPC": "VPC plumbing costs nothing; traffic through it is priced as data transfer",
    "AWS::EC2::VPCCidrBlock": (
        "VPC plumbing costs nothing; traffic through it is priced as data transfer"
    ),
    "AWS::EC2::VPCDHCPOptionsAssociation": (
        "VPC plumbing costs nothing; traffic through it is priced as data transfer"
    ),
    "AWS::EC2::VPCEndpointService": (
        "the service owner pays nothing; consumers' endpoints are priced"
    ),
    "AWS::EC2::VPCEndpointServicePermissions": "configuration",
    "AWS::EC2::VPCGatewayAttachment": (
        "VPC plumbing costs nothing; traffic through it is priced as data transfer"
    ),
    "AWS::EC2::VPCPeeringConnection": (
        "peering costs nothing; cross-AZ/region traffic is data transfer"
    ),
    "AWS::EC2::VolumeAttachment": (
        "VPC plumbing costs nothing; traffic through it is priced as data transfer"
    ),
    "AWS::ECS::CapacityProvider": "configuration; the group's instances are priced",
    "AWS::ECS::Cluster": "a cluster costs nothing; its services (Fargate) or instances are priced",
    "AWS::ECS::ClusterCapacityProviderAssociations": "configuration",
    "AWS::ECS::TaskDefinition": "a definition; the service or task that runs it is priced",
    "AWS::EFS::AccessPoint": "access points cost nothing; the file system is priced",
    "AWS::EFS::MountTarget": (
        "mount targets cost nothing; the file system bills storage and throughput"
    ),
    "AWS::ElastiCache::ParameterGroup": "configuration of a cache priced on its nodes",
    "AWS::ElastiCache::SecurityGroup": "configuration",
    "AWS::ElastiCache::SubnetGroup": "configuration of a cache priced on its nodes",
    "AWS::ElasticLoadBalancingV2::Listener": (
        "configuration of a load balancer priced on the load balancer"
    ),
    "AWS::ElasticLoadBalancingV2::ListenerCertificate": (
        "configuration of a load balancer priced on the load balancer"
    ),
    "AWS::ElasticLoadBalancingV2::ListenerRule": (
        "configuration of a load balancer priced on the load balancer"
    ),
    "AWS::ElasticLoadBalancingV2::TargetGroup": (
        "configuration of a load balancer priced on the load balancer"
    ),
    "AWS::Events::EventBusPolicy": "configuration of a bus",
    "AWS::Events::Rule": (
        "rules cost nothing; AWS service and scheduled events are free, custom events are"
        " priced on their bus"
    ),
    "AWS::Greengrass::CoreDefinition": (
        "Greengrass v1 definitions are free; devices are billed per month when active"
    ),
    "AWS::Greengrass::CoreDefinitionVersion": "configuration",
    "AWS::Greengrass::FunctionDefinition": "configuration",
    "AWS::Greengrass::SubscriptionDefinition": "configuration",
    "AWS::IAM::AccessKey": "IAM is free",
    "AWS::IAM::Group": "IAM is free",
    "AWS::IAM::InstanceProfile": "IAM is free",
    "AWS::IAM::ManagedPolicy": "IAM is free",
    "AWS::IAM::OIDCProvider": "IAM is free",
    "AWS::IAM::Policy": "IAM is free",
    "AWS::IAM::Role": "IAM is free",
    "AWS::IAM::RolePolicy": "IAM is free",
    "AWS::IAM::ServiceLinkedRole": "IAM is free",
    "AWS::IAM::User": "IAM is free",
    "AWS::IAM::UserToGroupAddition": "IAM is free",
    "AWS::IoT::Policy": "IoT policies are free",
    "AWS::IoT::PolicyPrincipalAttachment": "configuration",
    "AWS::IoT::Thing": "the registry is free; IoT Core bills messages and connectivity",
    "AWS::IoT::ThingPrincipalAttachment": "configuration",
    "AWS::KMS::Alias": "aliases cost nothing; the key is priced",
    "AWS::Lambda::EventInvokeConfig": "configuration",
    "AWS::Lambda::EventSourceMapping": (
        "mappings cost nothing; the function's invocations are priced"
    ),
    "AWS::Lambda::LayerVersion": "layers cost nothing beyond code storage",
    "AWS::Lambda::LayerVersionPermission": "configuration",
    "AWS::Lambda::Permission": "permissions cost nothing; the function is priced",
    "AWS::Lambda::Url": "function URLs cost nothing; invocations are priced on the function",
    "AWS::Logs::LogStream": "streams cost nothing; the log group is priced",
    "AWS::Logs::MetricFilter": "filters cost nothing; the log group is priced",
    "AWS::Logs::QueryDefinition": (
        "a saved query costs nothing; Logs Insights bills the GB scanned when one runs"
    ),
    "AWS::Logs::ResourcePolicy": "configuration",
    "AWS::Logs::SubscriptionFilter": "filters cost nothing; the destination is priced",
    "AWS::Neptune::DBClusterParameterGroup": "configuration",
    "AWS::Neptune::DBParameterGroup": "configuration",
    "AWS::Neptune::DBSubnetGroup": "configuration",
    "AWS::RDS::DBClusterParameterGroup": "configuration of a database priced on its instances",
    "AWS::RDS::DBParameterGroup": "configuration of a database priced on its instances",
    "AWS::RDS::DBSecurityGroup": "configuration of a database priced on its instances",
    "AWS::RDS::DBSubnetGroup": "configuration of a database priced on its instances",
    "AWS::RDS::EventSubscription": (
        "subscriptions cost nothing; SNS deliveries are priced on the topic"
    ),
    "AWS::RDS::OptionGroup": "configuration of a database priced on its instances",
    "AWS::Route53::DNSSEC": "DNSSEC signing is free",
    "AWS::Route53::KeySigningKey": "DNSSEC signing keys cost nothing (the KMS key is priced)",
    "AWS::Route53::RecordSet": "records cost nothing; queries are priced on the hosted zone",
    "AWS::Route53::RecordSetGroup": "records cost nothing; queries are priced on the hosted zone",
    "AWS::S3::BucketPolicy": "configuration of a bucket priced on the bucket",
    "AWS::SNS::Subscription": "configuration of a topic priced on the topic",
    "AWS::SNS::TopicInlinePolicy": "configuration of a topic priced on the topic",
    "AWS::SNS::TopicPolicy": "configuration of a topic priced on the topic",
    "AWS::SQS::QueuePolicy": "configuration of a queue priced on the queue",
    "AWS::SSM::Association": "State Manager associations are free",
    "AWS::SSM::Document": "documents are free",
    "AWS::SSM::MaintenanceWindow": "maintenance windows are free",
    "AWS::SSM::MaintenanceWindowTarget": "maintenance windows are free",
    "AWS::SSM::MaintenanceWindowTask": "maintenance windows are free",
    "AWS::SSM::Parameter": "standard parameters are free",
    "AWS::SecretsManager::ResourcePolicy": "configuration of a secret priced on the secret",
    "AWS::SecretsManager::SecretTargetAttachment": "configuration of a secret priced on the secret",
    "AWS::ServiceCatalog::Portfolio": "portfolios are free",
    "AWS::ServiceCatalog::PortfolioProductAssociation": "portfolios are free",
    "AWS::ServiceCatalog::PortfolioShare": "portfolios are free",
    "AWS::ServiceCatalog::TagOption": "Service Catalog portfolios and tag options are free",
    "AWS::ServiceCatalog::TagOptionAssociation": "Service Catalog configuration is free",
    "AWS::WAFRegional::WebACLAssociation": "the web ACL is priced",
    "AWS::WAFv2::WebACLAssociation": "the web ACL is priced",
}
