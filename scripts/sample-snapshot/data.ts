import {
  ACCOUNT_ID,
  configurationItem,
  type RawConfigurationItem,
  SECONDARY_REGION,
  tagList,
} from './envelope';
import { EVIDENCE_KEY, PAYMENTS_DB_KEY } from './storage';

const keyArn = (keyId: string, region = 'us-east-1') => `arn:aws:kms:${region}:${ACCOUNT_ID}:key/${keyId}`;

function dynamoTable(options: {
  name: string;
  tableId: string;
  createdAt: string;
  items: number;
  kmsKey?: string;
  pitr: boolean;
  team: string;
}): RawConfigurationItem {
  const arn = `arn:aws:dynamodb:us-east-1:${ACCOUNT_ID}:table/${options.name}`;
  const created = Date.parse(options.createdAt);
  const tags = { team: options.team };
  return configurationItem({
    resourceType: 'AWS::DynamoDB::Table',
    resourceId: options.name,
    resourceName: options.name,
    arn,
    captureTime: '2026-11-20T14:22:31.604Z',
    createdAt: options.createdAt,
    tags,
    configuration: {
      attributeDefinitions: [
        { attributeName: 'pk', attributeType: 'S' },
        { attributeName: 'sk', attributeType: 'S' },
      ],
      tableName: options.name,
      keySchema: [
        { attributeName: 'pk', keyType: 'HASH' },
        { attributeName: 'sk', keyType: 'RANGE' },
      ],
      tableStatus: 'ACTIVE',
      creationDateTime: created,
      provisionedThroughput: { numberOfDecreasesToday: 0, readCapacityUnits: 0, writeCapacityUnits: 0 },
      tableSizeBytes: options.items * 240,
      itemCount: options.items,
      tableArn: arn,
      tableId: options.tableId,
      billingModeSummary: { billingMode: 'PAY_PER_REQUEST', lastUpdateToPayPerRequestDateTime: created },
      globalSecondaryIndexes: [],
      localSecondaryIndexes: [],
      replicas: [],
      tableClassSummary: { tableClass: 'STANDARD' },
      deletionProtectionEnabled: options.kmsKey !== undefined,
      // A table on the AWS owned key has no SSE description at all.
      ...(options.kmsKey === undefined
        ? {}
        : { ssedescription: { status: 'ENABLED', ssetype: 'KMS', kmsmasterKeyArn: keyArn(options.kmsKey) } }),
    },
    supplementaryConfiguration: {
      ContinuousBackupsDescription: options.pitr
        ? {
            continuousBackupsStatus: 'ENABLED',
            pointInTimeRecoveryDescription: {
              pointInTimeRecoveryStatus: 'ENABLED',
              earliestRestorableDateTime: 1760979729000,
              latestRestorableDateTime: 1763648529000,
              recoveryPeriodInDays: 35,
            },
          }
        : {
            continuousBackupsStatus: 'ENABLED',
            pointInTimeRecoveryDescription: { pointInTimeRecoveryStatus: 'DISABLED' },
          },
      Tags: tagList(tags),
    },
  });
}

function efsFileSystem(options: {
  id: string;
  name: string;
  kmsKey?: string;
  createdAt: string;
}): RawConfigurationItem {
  const arn = `arn:aws:elasticfilesystem:us-east-1:${ACCOUNT_ID}:file-system/${options.id}`;
  return configurationItem({
    resourceType: 'AWS::EFS::FileSystem',
    resourceId: options.id,
    resourceName: options.name,
    arn,
    captureTime: '2026-11-19T03:12:45.210Z',
    createdAt: options.createdAt,
    tags: { Name: options.name },
    configuration: {
      FileSystemId: options.id,
      Arn: arn,
      Encrypted: options.kmsKey !== undefined,
      PerformanceMode: 'generalPurpose',
      ThroughputMode: 'elastic',
      BackupPolicy: { Status: options.kmsKey !== undefined ? 'ENABLED' : 'DISABLED' },
      LifecyclePolicies: [
        { TransitionToIA: 'AFTER_30_DAYS' },
        { TransitionToPrimaryStorageClass: 'AFTER_1_ACCESS' },
      ],
      FileSystemTags: [{ Key: 'Name', Value: options.name }],
      FileSystemProtection: { ReplicationOverwriteProtection: 'ENABLED' },
      ...(options.kmsKey === undefined ? {} : { KmsKeyId: keyArn(options.kmsKey) }),
    },
  });
}

function snsTopic(options: { name: string; kmsMasterKeyId?: string; region?: string }): RawConfigurationItem {
  const region = options.region ?? 'us-east-1';
  const arn = `arn:aws:sns:${region}:${ACCOUNT_ID}:${options.name}`;
  return configurationItem({
    resourceType: 'AWS::SNS::Topic',
    resourceId: arn,
    resourceName: options.name,
    arn,
    region,
    captureTime: '2026-11-21T10:05:17.932Z',
    createdAt: null,
    configuration: {
      TopicArn: arn,
      DisplayName: options.name,
      Owner: ACCOUNT_ID,
      SubscriptionsConfirmed: '2',
      SubscriptionsPending: '0',
      SubscriptionsDeleted: '0',
      ...(options.kmsMasterKeyId === undefined ? {} : { KmsMasterKeyId: options.kmsMasterKeyId }),
    },
  });
}

function secret(options: {
  name: string;
  suffix: string;
  description: string;
  rotationDays?: number;
  createdAt: string;
  /** When the secret was last rotated (omitted: never). */
  lastRotated?: string;
  /** The day Secrets Manager last saw the secret read (it records dates only). */
  lastAccessed: string;
}): RawConfigurationItem {
  const arn = `arn:aws:secretsmanager:us-east-1:${ACCOUNT_ID}:secret:${options.name}-${options.suffix}`;
  const rotating = options.rotationDays !== undefined;
  return configurationItem({
    resourceType: 'AWS::SecretsManager::Secret',
    resourceId: arn,
    resourceName: options.name,
    arn,
    captureTime: '2026-11-22T09:41:02.118Z',
    createdAt: options.createdAt,
    configuration: {
      ARN: arn,
      Name: options.name,
      Description: options.description,
      KMSKeyId: keyArn(PAYMENTS_DB_KEY),
      RotationEnabled: rotating,
      Deleted: false,
      ...(rotating
        ? {
            RotationLambdaARN: `arn:aws:lambda:us-east-1:${ACCOUNT_ID}:function:SecretsManagerRDSPostgreSQLRotationSingleUser`,
            RotationRules: { AutomaticallyAfterDays: options.rotationDays },
            RotationOccurringAsScheduled: true,
          }
        : {}),
    },
    supplementaryConfiguration: {
      CreatedDate: options.createdAt,
      LastRotatedDate: options.lastRotated ?? null,
      LastAccessedDate: options.lastAccessed,
    },
  });
}

/** DynamoDB tables, EFS file systems, SNS topics and Secrets Manager secrets. */
export function dataResources(): RawConfigurationItem[] {
  return [
    dynamoTable({
      name: 'orders',
      tableId: '6c1f0a3e-2b7d-4e59-a814-93d2c5b7e0f1',
      createdAt: '2024-06-19T09:44:12.117Z',
      items: 201344,
      kmsKey: PAYMENTS_DB_KEY,
      pitr: true,
      team: 'payments',
    }),
    dynamoTable({
      name: 'web-sessions',
      tableId: '0e8d4b2a-91c7-4f36-b5a0-7d3e1c9f2a64',
      createdAt: '2022-03-08T16:20:41.930Z',
      items: 88412,
      pitr: false,
      team: 'web',
    }),
    efsFileSystem({
      id: 'fs-0c8e1f3a5b7d92e46',
      name: 'shared-media',
      kmsKey: PAYMENTS_DB_KEY,
      createdAt: '2025-05-12T11:07:33.000Z',
    }),
    efsFileSystem({
      id: 'fs-04b6d8f0a2c4e6a81',
      name: 'legacy-reports',
      createdAt: '2019-09-23T08:51:16.000Z',
    }),
    snsTopic({ name: 'vigil-compliance-alerts', kmsMasterKeyId: keyArn(EVIDENCE_KEY) }),
    snsTopic({ name: 'deploy-notifications', region: SECONDARY_REGION }),
    secret({
      name: 'prod/payments/postgres',
      suffix: 'Xk3Pq9',
      description: 'payments database master credentials',
      rotationDays: 30,
      createdAt: '2025-03-04T15:30:00.000Z',
      lastRotated: '2026-11-04T03:12:48.000Z',
      lastAccessed: '2026-11-22T00:00:00.000Z',
    }),
    secret({
      name: 'prod/partners/api-key',
      suffix: 'b7TzQ2',
      description: 'API key of the shipping partner',
      createdAt: '2023-08-17T12:02:55.000Z',
      lastAccessed: '2026-11-21T00:00:00.000Z',
    }),
  ];
}
