import { ACCOUNT } from './account';
import { ACM_CERTIFICATE } from './acm-certificate';
import { API_GATEWAY_STAGE } from './api-gateway-stage';
import { BACKUP_PLAN } from './backup-plan';
import { CLASSIC_LOAD_BALANCER } from './classic-load-balancer';
import { CLOUDFRONT_DISTRIBUTION } from './cloudfront-distribution';
import { DYNAMODB_TABLE } from './dynamodb-table';
import { EC2_FLOW_LOG } from './ec2-flow-log';
import { EC2_INSTANCE } from './ec2-instance';
import { EC2_INTERNET_GATEWAY } from './ec2-internet-gateway';
import { EC2_NETWORK_ACL } from './ec2-network-acl';
import { EC2_SECURITY_GROUP } from './ec2-security-group';
import { EC2_SUBNET } from './ec2-subnet';
import { EC2_VOLUME } from './ec2-volume';
import { EC2_VPC } from './ec2-vpc';
import { ECR_REPOSITORY } from './ecr-repository';
import { EFS_FILE_SYSTEM } from './efs-file-system';
import { EKS_CLUSTER } from './eks-cluster';
import { ELASTICACHE_CACHE_CLUSTER } from './elasticache-cache-cluster';
import { ELASTICACHE_REPLICATION_GROUP } from './elasticache-replication-group';
import { IAM_GROUP } from './iam-group';
import { IAM_POLICY } from './iam-policy';
import { IAM_USER } from './iam-user';
import { KINESIS_STREAM } from './kinesis-stream';
import { KMS_KEY } from './kms-key';
import { LAMBDA_FUNCTION } from './lambda-function';
import { LISTENER_V2 } from './listener-v2';
import { LOAD_BALANCER_V2 } from './load-balancer-v2';
import { LOG_GROUP } from './log-group';
import { OPENSEARCH_DOMAIN } from './opensearch-domain';
import { RDS_CLUSTER } from './rds-cluster';
import { RDS_CLUSTER_SNAPSHOT } from './rds-cluster-snapshot';
import { RDS_INSTANCE } from './rds-instance';
import { RDS_SNAPSHOT } from './rds-snapshot';
import { REDSHIFT_CLUSTER } from './redshift-cluster';
import type { DescribableType, DescribePermission } from './resource-type';
import { S3_ACCOUNT_PUBLIC_ACCESS_BLOCK } from './s3-account-public-access-block';
import { S3_BUCKET } from './s3-bucket';
import { SECRETSMANAGER_SECRET } from './secretsmanager-secret';
import { SNS_TOPIC } from './sns-topic';
import { SQS_QUEUE } from './sqs-queue';
import { TRAIL } from './trail';

/** Every resource type Vigil can describe, list and follow through CloudTrail without AWS Config. */
export const DESCRIBABLE: readonly DescribableType[] = [
  ACCOUNT,
  EC2_FLOW_LOG,
  ACM_CERTIFICATE,
  API_GATEWAY_STAGE,
  CLASSIC_LOAD_BALANCER,
  EC2_INSTANCE,
  EC2_SECURITY_GROUP,
  EC2_VOLUME,
  EC2_VPC,
  ECR_REPOSITORY,
  EKS_CLUSTER,
  IAM_POLICY,
  IAM_USER,
  BACKUP_PLAN,
  DYNAMODB_TABLE,
  EFS_FILE_SYSTEM,
  KMS_KEY,
  LAMBDA_FUNCTION,
  LISTENER_V2,
  LOAD_BALANCER_V2,
  LOG_GROUP,
  RDS_CLUSTER,
  RDS_CLUSTER_SNAPSHOT,
  RDS_INSTANCE,
  RDS_SNAPSHOT,
  S3_ACCOUNT_PUBLIC_ACCESS_BLOCK,
  S3_BUCKET,
  SECRETSMANAGER_SECRET,
  SNS_TOPIC,
  TRAIL,
  ELASTICACHE_REPLICATION_GROUP,
  ELASTICACHE_CACHE_CLUSTER,
  REDSHIFT_CLUSTER,
  OPENSEARCH_DOMAIN,
  CLOUDFRONT_DISTRIBUTION,
  KINESIS_STREAM,
  SQS_QUEUE,
  IAM_GROUP,
  EC2_NETWORK_ACL,
  EC2_SUBNET,
  EC2_INTERNET_GATEWAY,
];

/** The registered support of each type, by Config resource type. */
export const DESCRIBABLE_BY_TYPE: ReadonlyMap<string, DescribableType> = new Map(
  DESCRIBABLE.map((support) => [support.resourceType, support]),
);

/** Resource types Vigil can describe through the service APIs. */
export const DESCRIBABLE_TYPES: readonly string[] = DESCRIBABLE.map((support) => support.resourceType);

/** Every IAM action the describers and listers of `types` (all by default) call, as declared. */
export function describePermissions(
  types: readonly DescribableType[] = DESCRIBABLE,
): readonly DescribePermission[] {
  return types.flatMap((support) => support.permissions);
}
