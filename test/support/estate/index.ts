import { ACCOUNT_SEEDER } from './account';
import { ACM_CERTIFICATE_SEEDER } from './acm-certificate';
import { API_GATEWAY_STAGE_SEEDER } from './api-gateway-stage';
import { BACKUP_PLAN_SEEDER } from './backup-plan';
import { CLASSIC_LOAD_BALANCER_SEEDER } from './classic-load-balancer';
import { CLOUDFRONT_DISTRIBUTION_SEEDER } from './cloudfront-distribution';
import { DYNAMODB_TABLE_SEEDER } from './dynamodb-table';
import { EC2_INSTANCE_SEEDER } from './ec2-instance';
import { EC2_INTERNET_GATEWAY_SEEDER } from './ec2-internet-gateway';
import { EC2_NETWORK_ACL_SEEDER } from './ec2-network-acl';
import { EC2_SECURITY_GROUP_SEEDER } from './ec2-security-group';
import { EC2_SUBNET_SEEDER } from './ec2-subnet';
import { EC2_VOLUME_SEEDER } from './ec2-volume';
import { EC2_VPC_SEEDER } from './ec2-vpc';
import { ECR_REPOSITORY_SEEDER } from './ecr-repository';
import { EFS_FILE_SYSTEM_SEEDER } from './efs-file-system';
import { EKS_CLUSTER_SEEDER } from './eks-cluster';
import { ELASTICACHE_CACHE_CLUSTER_SEEDER } from './elasticache-cache-cluster';
import { ELASTICACHE_REPLICATION_GROUP_SEEDER } from './elasticache-replication-group';
import { IAM_GROUP_SEEDER } from './iam-group';
import { IAM_POLICY_SEEDER } from './iam-policy';
import { IAM_USER_SEEDER } from './iam-user';
import { KINESIS_STREAM_SEEDER } from './kinesis-stream';
import { KMS_KEY_SEEDER } from './kms-key';
import { LAMBDA_FUNCTION_SEEDER } from './lambda-function';
import { LOAD_BALANCER_V2_SEEDER } from './load-balancer-v2';
import { LOG_GROUP_SEEDER } from './log-group';
import { OPENSEARCH_DOMAIN_SEEDER } from './opensearch-domain';
import type { PairSeeder } from './pair';
import { RDS_CLUSTER_SEEDER } from './rds-cluster';
import { RDS_CLUSTER_SNAPSHOT_SEEDER } from './rds-cluster-snapshot';
import { RDS_INSTANCE_SEEDER } from './rds-instance';
import { RDS_SNAPSHOT_SEEDER } from './rds-snapshot';
import { REDSHIFT_CLUSTER_SEEDER } from './redshift-cluster';
import { S3_ACCOUNT_PUBLIC_ACCESS_BLOCK_SEEDER } from './s3-account-public-access-block';
import { S3_BUCKET_SEEDER } from './s3-bucket';
import { SECRETSMANAGER_SECRET_SEEDER } from './secretsmanager-secret';
import { SNS_TOPIC_SEEDER } from './sns-topic';
import { SQS_QUEUE_SEEDER } from './sqs-queue';
import { TRAIL_SEEDER } from './trail';

/**
 * One seeder per describable resource type (`./<type>.ts`): the all-types integration test seeds every one
 * of them in one moto account and proves the describe sweep, the CloudTrail path and `vigil scan --live`
 * each find every misconfigured resource and flag no compliant twin.
 */
export const PAIR_SEEDERS: readonly PairSeeder[] = [
  EC2_INSTANCE_SEEDER,
  EC2_SECURITY_GROUP_SEEDER,
  EC2_VOLUME_SEEDER,
  EC2_VPC_SEEDER,
  ECR_REPOSITORY_SEEDER,
  EKS_CLUSTER_SEEDER,
  KMS_KEY_SEEDER,
  LAMBDA_FUNCTION_SEEDER,
  LOG_GROUP_SEEDER,
  S3_BUCKET_SEEDER,
  SECRETSMANAGER_SECRET_SEEDER,
  SNS_TOPIC_SEEDER,
  TRAIL_SEEDER,
  ACM_CERTIFICATE_SEEDER,
  API_GATEWAY_STAGE_SEEDER,
  CLASSIC_LOAD_BALANCER_SEEDER,
  LOAD_BALANCER_V2_SEEDER,
  ACCOUNT_SEEDER,
  IAM_POLICY_SEEDER,
  IAM_USER_SEEDER,
  S3_ACCOUNT_PUBLIC_ACCESS_BLOCK_SEEDER,
  BACKUP_PLAN_SEEDER,
  DYNAMODB_TABLE_SEEDER,
  EFS_FILE_SYSTEM_SEEDER,
  RDS_CLUSTER_SEEDER,
  RDS_CLUSTER_SNAPSHOT_SEEDER,
  RDS_INSTANCE_SEEDER,
  RDS_SNAPSHOT_SEEDER,
  ELASTICACHE_REPLICATION_GROUP_SEEDER,
  ELASTICACHE_CACHE_CLUSTER_SEEDER,
  REDSHIFT_CLUSTER_SEEDER,
  OPENSEARCH_DOMAIN_SEEDER,
  CLOUDFRONT_DISTRIBUTION_SEEDER,
  KINESIS_STREAM_SEEDER,
  SQS_QUEUE_SEEDER,
  IAM_GROUP_SEEDER,
  EC2_NETWORK_ACL_SEEDER,
  EC2_SUBNET_SEEDER,
  EC2_INTERNET_GATEWAY_SEEDER,
];
