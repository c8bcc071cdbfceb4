import type { ACMClient } from '@aws-sdk/client-acm';
import type { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import type { BackupClient } from '@aws-sdk/client-backup';
import type { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { ECRClient } from '@aws-sdk/client-ecr';
import type { EFSClient } from '@aws-sdk/client-efs';
import type { EKSClient } from '@aws-sdk/client-eks';
import type { ElasticLoadBalancingClient } from '@aws-sdk/client-elastic-load-balancing';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import type { GuardDutyClient } from '@aws-sdk/client-guardduty';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { OpenSearchClient } from '@aws-sdk/client-opensearch';
import type { RDSClient } from '@aws-sdk/client-rds';
import type { RedshiftClient } from '@aws-sdk/client-redshift';
import type { S3Client } from '@aws-sdk/client-s3';
import type { S3ControlClient } from '@aws-sdk/client-s3-control';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { STSClient } from '@aws-sdk/client-sts';
import type { WAFV2Client } from '@aws-sdk/client-wafv2';

/** The SDK client of each service a describer may call, by a short service name. */
export interface ServiceClientTypes {
  readonly acm: ACMClient;
  readonly apigateway: APIGatewayClient;
  readonly backup: BackupClient;
  readonly cloudfront: CloudFrontClient;
  readonly cloudtrail: CloudTrailClient;
  readonly dynamodb: DynamoDBClient;
  readonly ec2: EC2Client;
  readonly ecr: ECRClient;
  readonly efs: EFSClient;
  readonly eks: EKSClient;
  readonly elasticache: ElastiCacheClient;
  readonly elb: ElasticLoadBalancingClient;
  readonly elbv2: ElasticLoadBalancingV2Client;
  readonly guardduty: GuardDutyClient;
  readonly iam: IAMClient;
  readonly kinesis: KinesisClient;
  readonly kms: KMSClient;
  readonly lambda: LambdaClient;
  readonly logs: CloudWatchLogsClient;
  readonly opensearch: OpenSearchClient;
  readonly rds: RDSClient;
  readonly redshift: RedshiftClient;
  readonly s3: S3Client;
  readonly s3control: S3ControlClient;
  readonly secretsmanager: SecretsManagerClient;
  readonly securityhub: SecurityHubClient;
  readonly sns: SNSClient;
  readonly sqs: SQSClient;
  readonly sts: STSClient;
  readonly wafv2: WAFV2Client;
}

/** A short service name: a key of {@link ServiceClientTypes}. */
export type ServiceName = keyof ServiceClientTypes;

/**
 * The clients of one account and region, each created (and its SDK module imported) on first use, so an
 * evaluator only loads the services of the resources it really describes.
 */
export interface ServiceClients {
  client<N extends ServiceName>(service: N): Promise<ServiceClientTypes[N]>;
}
