"""Resource types that cost nothing by themselves.

They are listed as free in every estimate, with the reason, so a reader sees they were
considered; anything that is neither here nor in a pricer is listed as not priced, never counted
as $0.
"""

from __future__ import annotations

from hastack.template import types

FREE_TYPES: dict[str, str] = {
    types.ARCZONALSHIFT_ZONAL_AUTOSHIFT_CONFIGURATION: (
        "ARC zonal shift and zonal autoshift (practice runs included) have no charge"
    ),
    types.APIGATEWAY_ACCOUNT: "configuration",
    types.APIGATEWAY_API_KEY: "configuration",
    types.APIGATEWAY_AUTHORIZER: "authorizers cost nothing; the function they call is priced",
    types.APIGATEWAY_BASE_PATH_MAPPING: "configuration",
    types.APIGATEWAY_DEPLOYMENT: "deployments cost nothing; the API bills its requests",
    types.APIGATEWAY_GATEWAY_RESPONSE: "configuration",
    types.APIGATEWAY_METHOD: "methods cost nothing; the API bills its requests",
    types.APIGATEWAY_MODEL: "configuration",
    types.APIGATEWAY_REQUEST_VALIDATOR: "configuration",
    types.APIGATEWAY_RESOURCE: "resources cost nothing; the API bills its requests",
    types.APIGATEWAY_USAGE_PLAN: "configuration",
    types.APIGATEWAY_USAGE_PLAN_KEY: "configuration",
    types.APIGATEWAYV2_AUTHORIZER: "configuration",
    types.APIGATEWAYV2_DEPLOYMENT: "configuration",
    types.APIGATEWAYV2_INTEGRATION: "configuration",
    types.APIGATEWAYV2_ROUTE: "routes cost nothing; the API bills its requests",
    types.APIGATEWAYV2_STAGE: "stages cost nothing; the API bills its requests",
    types.APPLICATIONAUTOSCALING_SCALABLE_TARGET: "Application Auto Scaling is free",
    types.APPLICATIONAUTOSCALING_SCALING_POLICY: "Application Auto Scaling is free",
    types.AUTOSCALING_LAUNCH_CONFIGURATION: (
        "configuration of a group whose instances are priced on the group"
    ),
    types.AUTOSCALING_LIFECYCLE_HOOK: (
        "configuration of a group whose instances are priced on the group"
    ),
    types.AUTOSCALING_SCALING_POLICY: (
        "configuration of a group whose instances are priced on the group"
    ),
    types.AUTOSCALING_SCHEDULED_ACTION: (
        "configuration of a group whose instances are priced on the group"
    ),
    types.AUTOSCALING_WARM_POOL: (
        "configuration of a group whose instances are priced on the group"
    ),
    types.BACKUP_BACKUP_PLAN: "plans cost nothing; the vault bills stored backups",
    types.BACKUP_BACKUP_SELECTION: "selections cost nothing; the vault bills stored backups",
    types.CERTIFICATEMANAGER_CERTIFICATE: "public ACM certificates are free",
    types.CLOUDFORMATION_MACRO: "CloudFormation is free; the macro's Lambda function is priced",
    types.CLOUDFORMATION_WAIT_CONDITION: "CloudFormation bookkeeping",
    types.CLOUDFORMATION_WAIT_CONDITION_HANDLE: "CloudFormation bookkeeping",
    types.CLOUDFRONT_CACHE_POLICY: "configuration of a distribution",
    types.CLOUDFRONT_CLOUD_FRONT_ORIGIN_ACCESS_IDENTITY: "configuration of a distribution",
    types.CLOUDFRONT_ORIGIN_ACCESS_CONTROL: "configuration of a distribution",
    types.CLOUDFRONT_ORIGIN_REQUEST_POLICY: "configuration of a distribution",
    types.CLOUDFRONT_RESPONSE_HEADERS_POLICY: "configuration of a distribution",
    types.CODECOMMIT_REPOSITORY: "the first 5 active users are free; repositories cost nothing",
    types.COGNITO_USER_POOL_CLIENT: "configuration of a user pool",
    types.COGNITO_USER_POOL_DOMAIN: "configuration of a user pool",
    types.CONFIG_DELIVERY_CHANNEL: "configuration; the recorder bills configuration items",
    types.DMS_ENDPOINT: "endpoints cost nothing; the replication instance is billed",
    types.DMS_REPLICATION_SUBNET_GROUP: "configuration",
    types.DMS_REPLICATION_TASK: "tasks cost nothing; the replication instance is billed",
    types.DOCDB_DB_CLUSTER_PARAMETER_GROUP: "configuration",
    types.DOCDB_DB_SUBNET_GROUP: "configuration",
    types.EC2_CLIENT_VPN_AUTHORIZATION_RULE: "configuration of a Client VPN endpoint",
    types.EC2_CLIENT_VPN_ROUTE: "configuration of a Client VPN endpoint",
    types.EC2_DHCP_OPTIONS: (
        "VPC plumbing costs nothing; traffic through it is priced as data transfer"
    ),
    types.EC2_EIP_ASSOCIATION: (
        "VPC plumbing costs nothing; traffic through it is priced as data transfer"
    ),
    types.EC2_EGRESS_ONLY_INTERNET_GATEWAY: (
        "VPC plumbing costs nothing; traffic through it is priced as data transfer"
    ),
    types.EC2_INTERNET_GATEWAY: (
        "VPC plumbing costs nothing; traffic through it is priced as data transfer"
    ),
    types.EC2_KEY_PAIR: (
        "VPC plumbing costs nothing; traffic through it is priced as data transfer"
    ),
    types.EC2_LAUNCH_TEMPLATE: "a template; the instances launched from it are priced",
    types.EC2_NETWORK_ACL: (
        "VPC plumbing costs nothing; traffic through it is priced as data transfer"
    ),
    types.EC2_NETWORK_ACL_ENTRY: (
        "VPC plumbing costs nothing; traffic through it is priced as data transfer"
    ),
    types.EC2_NETWORK_INTERFACE: (
        "an interface costs nothing; a public IPv4 on it is priced on its EIP"
    ),
    types.EC2_NETWORK_INTERFACE_ATTACHMENT: (
        "VPC plumbing costs nothing; traffic through it is priced as data transfer"
    ),
    types.EC2_PLACEMENT_GROUP: (
        "VPC plumbing costs nothing; traffic through it is priced as data transfer"
    ),
    types.EC2_PREFIX_LIST: (
        "VPC plumbing costs nothing; traffic through it is priced as data transfer"
    ),
    types.EC2_ROUTE: "VPC plumbing costs nothing; traffic through it is priced as data transfer",
    types.EC2_ROUTE_TABLE: (
        "VPC plumbing costs nothing; traffic through it is priced as data transfer"
    ),
    types.EC2_SECURITY_GROUP: (
        "VPC plumbing costs nothing; traffic through it is priced as data transfer"
    ),
    types.EC2_SECURITY_GROUP_EGRESS: (
        "VPC plumbing costs nothing; traffic through it is priced as data transfer"
    ),
    types.EC2_SECURITY_GROUP_INGRESS: (
        "VPC plumbing costs nothing; traffic through it is priced as data transfer"
    ),
    types.EC2_SUBNET: "VPC plumbing costs nothing; traffic through it is priced as data transfer",
    types.EC2_SUBNET_CIDR_BLOCK: (
        "VPC plumbing costs nothing; traffic through it is priced as data transfer"
    ),
    types.EC2_SUBNET_NETWORK_ACL_ASSOCIATION: (
        "VPC plumbing costs nothing; traffic through it is priced as data transfer"
    ),
    types.EC2_SUBNET_ROUTE_TABLE_ASSOCIATION: (
        "VPC plumbing costs nothing; traffic through it is priced as data transfer"
    ),
    types.EC2_TRANSIT_GATEWAY: "the gateway costs nothing; its attachments are priced",
    types.EC2_TRANSIT_GATEWAY_ROUTE: "routing configuration",
    types.EC2_TRANSIT_GATEWAY_ROUTE_TABLE: "routing configuration",
    types.EC2_VPC: "VPC plumbing costs nothing; traffic through it is priced as data transfer",
    types.EC2_VPC_CIDR_BLOCK: (
        "VPC plumbing costs nothing; traffic through it is priced as data transfer"
    ),
    types.EC2_VPCDHCP_OPTIONS_ASSOCIATION: (
        "VPC plumbing costs nothing; traffic through it is priced as data transfer"
    ),
    types.EC2_VPC_ENDPOINT_SERVICE: (
        "the service owner pays nothing; consumers' endpoints are priced"
    ),
    types.EC2_VPC_ENDPOINT_SERVICE_PERMISSIONS: "configuration",
    types.EC2_VPC_GATEWAY_ATTACHMENT: (
        "VPC plumbing costs nothing; traffic through it is priced as data transfer"
    ),
    types.EC2_VPC_PEERING_CONNECTION: (
        "peering costs nothing; cross-AZ/region traffic is data transfer"
    ),
    types.EC2_VOLUME_ATTACHMENT: (
        "VPC plumbing costs nothing; traffic through it is priced as data transfer"
    ),
    types.ECS_CAPACITY_PROVIDER: "configuration; the group's instances are priced",
    types.ECS_CLUSTER: "a cluster costs nothing; its services (Fargate) or instances are priced",
    types.ECS_CLUSTER_CAPACITY_PROVIDER_ASSOCIATIONS: "configuration",
    types.ECS_TASK_DEFINITION: "a definition; the service or task that runs it is priced",
    types.EFS_ACCESS_POINT: "access points cost nothing; the file system is priced",
    types.EFS_MOUNT_TARGET: (
        "mount targets cost nothing; the file system bills storage and throughput"
    ),
    types.ELASTICACHE_PARAMETER_GROUP: "configuration of a cache priced on its nodes",
    types.ELASTICACHE_SECURITY_GROUP: "configuration",
    types.ELASTICACHE_SUBNET_GROUP: "configuration of a cache priced on its nodes",
    types.ELBV2_LISTENER: ("configuration of a load balancer priced on the load balancer"),
    types.ELBV2_LISTENER_CERTIFICATE: (
        "configuration of a load balancer priced on the load balancer"
    ),
    types.ELBV2_LISTENER_RULE: ("configuration of a load balancer priced on the load balancer"),
    types.ELBV2_TARGET_GROUP: ("configuration of a load balancer priced on the load balancer"),
    types.EVENTS_EVENT_BUS_POLICY: "configuration of a bus",
    types.EVENTS_RULE: (
        "rules cost nothing; AWS service and scheduled events are free, custom events are"
        " priced on their bus"
    ),
    types.GREENGRASS_CORE_DEFINITION: (
        "Greengrass v1 definitions are free; devices are billed per month when active"
    ),
    types.GREENGRASS_CORE_DEFINITION_VERSION: "configuration",
    types.GREENGRASS_FUNCTION_DEFINITION: "configuration",
    types.GREENGRASS_SUBSCRIPTION_DEFINITION: "configuration",
    types.IAM_ACCESS_KEY: "IAM is free",
    types.IAM_GROUP: "IAM is free",
    types.IAM_INSTANCE_PROFILE: "IAM is free",
    types.IAM_MANAGED_POLICY: "IAM is free",
    types.IAM_OIDC_PROVIDER: "IAM is free",
    types.IAM_POLICY: "IAM is free",
    types.IAM_ROLE: "IAM is free",
    types.IAM_ROLE_POLICY: "IAM is free",
    types.IAM_SERVICE_LINKED_ROLE: "IAM is free",
    types.IAM_USER: "IAM is free",
    types.IAM_USER_TO_GROUP_ADDITION: "IAM is free",
    types.IOT_POLICY: "IoT policies are free",
    types.IOT_POLICY_PRINCIPAL_ATTACHMENT: "configuration",
    types.IOT_THING: "the registry is free; IoT Core bills messages and connectivity",
    types.IOT_THING_PRINCIPAL_ATTACHMENT: "configuration",
    types.KMS_ALIAS: "aliases cost nothing; the key is priced",
    types.LAMBDA_EVENT_INVOKE_CONFIG: "configuration",
    types.LAMBDA_EVENT_SOURCE_MAPPING: (
        "mappings cost nothing; the function's invocations are priced"
    ),
    types.LAMBDA_LAYER_VERSION: "layers cost nothing beyond code storage",
    types.LAMBDA_LAYER_VERSION_PERMISSION: "configuration",
    types.LAMBDA_PERMISSION: "permissions cost nothing; the function is priced",
    types.LAMBDA_URL: "function URLs cost nothing; invocations are priced on the function",
    types.LOGS_LOG_STREAM: "streams cost nothing; the log group is priced",
    types.LOGS_METRIC_FILTER: "filters cost nothing; the log group is priced",
    types.LOGS_QUERY_DEFINITION: (
        "a saved query costs nothing; Logs Insights bills the GB scanned when one runs"
    ),
    types.LOGS_RESOURCE_POLICY: "configuration",
    types.LOGS_SUBSCRIPTION_FILTER: "filters cost nothing; the destination is priced",
    types.NEPTUNE_DB_CLUSTER_PARAMETER_GROUP: "configuration",
    types.NEPTUNE_DB_PARAMETER_GROUP: "configuration",
    types.NEPTUNE_DB_SUBNET_GROUP: "configuration",
    types.RDS_DB_CLUSTER_PARAMETER_GROUP: "configuration of a database priced on its instances",
    types.RDS_DB_PARAMETER_GROUP: "configuration of a database priced on its instances",
    types.RDS_DB_SECURITY_GROUP: "configuration of a database priced on its instances",
    types.RDS_DB_SUBNET_GROUP: "configuration of a database priced on its instances",
    types.RDS_EVENT_SUBSCRIPTION: (
        "subscriptions cost nothing; SNS deliveries are priced on the topic"
    ),
    types.RDS_OPTION_GROUP: "configuration of a database priced on its instances",
    types.ROUTE53_DNSSEC: "DNSSEC signing is free",
    types.ROUTE53_KEY_SIGNING_KEY: "DNSSEC signing keys cost nothing (the KMS key is priced)",
    types.ROUTE53_RECORD_SET: "records cost nothing; queries are priced on the hosted zone",
    types.ROUTE53_RECORD_SET_GROUP: "records cost nothing; queries are priced on the hosted zone",
    types.S3_BUCKET_POLICY: "configuration of a bucket priced on the bucket",
    types.SNS_SUBSCRIPTION: "configuration of a topic priced on the topic",
    types.SNS_TOPIC_INLINE_POLICY: "configuration of a topic priced on the topic",
    types.SNS_TOPIC_POLICY: "configuration of a topic priced on the topic",
    types.SQS_QUEUE_POLICY: "configuration of a queue priced on the queue",
    types.SSM_ASSOCIATION: "State Manager associations are free",
    types.SSM_DOCUMENT: "documents are free",
    types.SSM_MAINTENANCE_WINDOW: "maintenance windows are free",
    types.SSM_MAINTENANCE_WINDOW_TARGET: "maintenance windows are free",
    types.SSM_MAINTENANCE_WINDOW_TASK: "maintenance windows are free",
    types.SSM_PARAMETER: "standard parameters are free",
    types.SECRETSMANAGER_RESOURCE_POLICY: "configuration of a secret priced on the secret",
    types.SECRETSMANAGER_ROTATION_SCHEDULE: (
        "rotation has no charge of its own: the secret and the rotation function are priced"
    ),
    types.SECRETSMANAGER_SECRET_TARGET_ATTACHMENT: "configuration of a secret priced on the secret",
    types.SERVICECATALOG_PORTFOLIO: "portfolios are free",
    types.SERVICECATALOG_PORTFOLIO_PRODUCT_ASSOCIATION: "portfolios are free",
    types.SERVICECATALOG_PORTFOLIO_SHARE: "portfolios are free",
    types.SERVICECATALOG_TAG_OPTION: "Service Catalog portfolios and tag options are free",
    types.SERVICECATALOG_TAG_OPTION_ASSOCIATION: "Service Catalog configuration is free",
    types.WAFREGIONAL_WEB_ACL_ASSOCIATION: "the web ACL is priced",
    types.WAFV2_WEB_ACL_ASSOCIATION: "the web ACL is priced",
}
