import { ACCOUNT_ID, configurationItem, type RawConfigurationItem, SECONDARY_REGION } from './envelope';

const TRAIL_LOG_GROUP = `aws-cloudtrail-logs-${ACCOUNT_ID}`;
const TRAIL_KEY = `arn:aws:kms:us-east-1:${ACCOUNT_ID}:key/3f1c7d2e-8a4b-4c1e-9d5f-2b6a7e8c9d01`;

function trail(options: {
  name: string;
  bucket: string;
  multiRegion: boolean;
  validation: boolean;
  cloudWatch: boolean;
  encrypted: boolean;
}): RawConfigurationItem {
  const arn = `arn:aws:cloudtrail:us-east-1:${ACCOUNT_ID}:trail/${options.name}`;
  return configurationItem({
    resourceType: 'AWS::CloudTrail::Trail',
    resourceId: options.name,
    resourceName: options.name,
    arn,
    captureTime: '2026-11-20T09:14:02.118Z',
    relationships: [
      { resourceType: 'AWS::S3::Bucket', resourceName: options.bucket, name: 'Is associated with S3Bucket' },
    ],
    configuration: {
      name: options.name,
      s3BucketName: options.bucket,
      s3KeyPrefix: null,
      snsTopicName: null,
      snsTopicARN: null,
      includeGlobalServiceEvents: options.multiRegion,
      isMultiRegionTrail: options.multiRegion,
      homeRegion: 'us-east-1',
      trailARN: arn,
      logFileValidationEnabled: options.validation,
      cloudWatchLogsLogGroupArn: options.cloudWatch
        ? `arn:aws:logs:us-east-1:${ACCOUNT_ID}:log-group:${TRAIL_LOG_GROUP}:*`
        : null,
      cloudWatchLogsRoleArn: options.cloudWatch
        ? `arn:aws:iam::${ACCOUNT_ID}:role/CloudTrailToCloudWatchLogs`
        : null,
      kmsKeyId: options.encrypted ? TRAIL_KEY : null,
      hasCustomEventSelectors: false,
      hasInsightSelectors: false,
      isOrganizationTrail: false,
    },
    supplementaryConfiguration: {
      TrailStatus: {
        IsLogging: true,
        LatestDeliveryTime: '2026-11-20T09:10:41.000Z',
        StartLoggingTime: '2024-03-04T08:00:00.000Z',
        ...(options.cloudWatch ? { LatestCloudWatchLogsDeliveryTime: '2026-11-20T09:10:12.000Z' } : {}),
      },
      EventSelectors: [
        {
          ReadWriteType: 'All',
          IncludeManagementEvents: true,
          DataResources: [],
          ExcludeManagementEventSources: [],
        },
      ],
    },
  });
}

function logGroup(options: {
  name: string;
  region?: string;
  retentionDays?: number;
  kmsKey?: string;
  storedBytes: number;
  createdAt: number;
  team: string;
  deleted?: boolean;
}): RawConfigurationItem {
  const region = options.region ?? 'us-east-1';
  const arn = `arn:aws:logs:${region}:${ACCOUNT_ID}:log-group:${options.name}:*`;
  return configurationItem({
    resourceType: 'AWS::Logs::LogGroup',
    resourceId: options.name,
    resourceName: options.name,
    arn,
    region,
    captureTime: options.deleted ? '2026-11-21T15:02:44.730Z' : '2026-11-20T09:14:02.118Z',
    tags: { team: options.team },
    ...(options.deleted ? { status: 'ResourceDeleted' as const } : {}),
    configuration: {
      logGroupName: options.name,
      creationTime: options.createdAt,
      ...(options.retentionDays === undefined ? {} : { retentionInDays: options.retentionDays }),
      metricFilterCount: 0,
      arn,
      storedBytes: options.storedBytes,
      ...(options.kmsKey ? { kmsKeyId: options.kmsKey } : {}),
      logGroupClass: 'STANDARD',
      logGroupArn: arn.slice(0, -2),
    },
  });
}

/** CloudTrail trails, CloudWatch log groups and the account pseudo-resource. */
export function loggingResources(): RawConfigurationItem[] {
  return [
    trail({
      name: 'management-events',
      bucket: `acme-cloudtrail-logs-${ACCOUNT_ID}`,
      multiRegion: true,
      validation: true,
      cloudWatch: true,
      encrypted: true,
    }),
    trail({
      name: 'payments-dev-trail',
      bucket: 'payments-dev-trail-logs',
      multiRegion: false,
      validation: false,
      cloudWatch: false,
      encrypted: false,
    }),
    logGroup({
      name: TRAIL_LOG_GROUP,
      retentionDays: 731,
      kmsKey: TRAIL_KEY,
      storedBytes: 48318382080,
      createdAt: 1709539200000,
      team: 'security',
    }),
    logGroup({
      name: '/vpc/flow-logs/prod',
      retentionDays: 400,
      kmsKey: TRAIL_KEY,
      storedBytes: 734003200,
      createdAt: 1768213867000,
      team: 'platform',
    }),
    logGroup({
      name: '/aws/lambda/payments-api',
      retentionDays: 400,
      storedBytes: 1048576,
      createdAt: 1700000000000,
      team: 'payments',
    }),
    logGroup({
      name: '/aws/lambda/checkout-worker',
      retentionDays: 30,
      storedBytes: 52428800,
      createdAt: 1700000000000,
      team: 'payments',
    }),
    logGroup({
      name: '/ecs/legacy-batch',
      storedBytes: 9663676416,
      createdAt: 1640995200000,
      team: 'data-platform',
    }),
    logGroup({
      name: '/aws/lambda/nightly-export',
      retentionDays: 7,
      storedBytes: 0,
      createdAt: 1700000000000,
      team: 'analytics',
      deleted: true,
    }),
    logGroup({
      name: '/aws/lambda/payments-api-eu',
      region: SECONDARY_REGION,
      retentionDays: 14,
      storedBytes: 2097152,
      createdAt: 1735689600000,
      team: 'payments',
    }),
    configurationItem({
      resourceType: 'AWS::::Account',
      resourceId: ACCOUNT_ID,
      resourceName: ACCOUNT_ID,
      captureTime: '2026-11-23T06:00:00.000Z',
      configuration: {
        passwordPolicy: {
          MinimumPasswordLength: 8,
          RequireSymbols: false,
          RequireNumbers: true,
          RequireUppercaseCharacters: true,
          RequireLowercaseCharacters: true,
          AllowUsersToChangePassword: true,
          ExpirePasswords: false,
          PasswordReusePrevention: 5,
          HardExpiry: false,
        },
        accountSummary: {
          Users: 14,
          Groups: 4,
          Roles: 61,
          Policies: 22,
          MFADevices: 11,
          MFADevicesInUse: 11,
          AccountMFAEnabled: 1,
          AccountAccessKeysPresent: 0,
          AccountPasswordPresent: 1,
          AccountSigningCertificatesPresent: 0,
        },
        ebsEncryptionByDefault: false,
        guardDutyDetectors: [
          { detectorId: 'f2c4e6a8b0d2f4e6a8b0c2d4e6f8a0b2', status: 'ENABLED', administrator: null },
        ],
        securityHub: { enabled: true, hubArn: `arn:aws:securityhub:us-east-1:${ACCOUNT_ID}:hub/default` },
      },
      // Filled by Vigil's describer from DescribeSnapshots --restorable-by-user-ids all (none here).
      supplementaryConfiguration: { PublicEbsSnapshots: [] },
    }),
  ];
}
