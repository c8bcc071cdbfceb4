import { ACCOUNT_ID, configurationItem, type RawConfigurationItem, SECONDARY_REGION } from './envelope';

const CANONICAL_OWNER = '4df55416215956920d9d056aa8b99803a294ea221222bb668b55a8c6bca81094';

/** The customer-managed key that encrypts audit evidence (rotation on). */
export const EVIDENCE_KEY = '3f6b1c2e-8d4a-4b7e-9a51-0c2d7e4f9b13';
/** The customer-managed key of the payments database (rotation off). */
export const PAYMENTS_DB_KEY = 'a91d7e55-2c3b-4f68-b0e4-7d2f13c8a6e9';
const EU_KEY = 'mrk-7c1e9a3b5d2f4e6a8b0c2d4e6f8a0b1c';

function keyArn(keyId: string, region = 'us-east-1'): string {
  return `arn:aws:kms:${region}:${ACCOUNT_ID}:key/${keyId}`;
}

interface BucketOptions {
  readonly name: string;
  readonly region?: string;
  readonly createdAt: string;
  readonly captureTime: string;
  readonly tags: Record<string, string>;
  /** Grants beyond the owner's FullControl, e.g. `AllUsers` Read. */
  readonly publicGrants?: readonly ('Read' | 'Write')[];
  readonly policy?: readonly Record<string, unknown>[];
  readonly versioning: 'Enabled' | 'Suspended' | 'Off';
  readonly logTo?: string;
  readonly encryption?: { readonly algorithm: 'aws:kms' | 'AES256'; readonly keyId?: string };
  readonly publicAccessBlock?: boolean;
  readonly objectLockDays?: number;
  readonly replicateTo?: string;
  readonly website?: boolean;
  /** Versioning's MFA delete flag; `null` (the default) is how Config records it when never turned on. */
  readonly mfaDelete?: boolean;
  /** Lifecycle rules, recorded as `BucketLifecycleConfiguration` (omitted: the bucket has none). */
  readonly lifecycle?: readonly Record<string, unknown>[];
  /** Event notifications by name (omitted: none). */
  readonly notifications?: Record<string, Record<string, unknown>>;
}

function denyInsecureTransport(bucket: string): Record<string, unknown> {
  return {
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}

function bucket(options: BucketOptions): RawConfigurationItem {
  const arn = `arn:aws:s3:::${options.name}`;
  const block = options.publicAccessBlock ?? false;
  const supplementary: Record<string, unknown> = {
    // Config keeps the ACL as a JSON string even in snapshot files.
    AccessControlList: JSON.stringify({
      grantSet: null,
      grantList: [
        { grantee: { id: CANONICAL_OWNER, displayName: null }, permission: 'FullControl' },
        ...(options.publicGrants ?? []).map((permission) => ({ grantee: 'AllUsers', permission })),
      ],
      owner: { displayName: null, id: CANONICAL_OWNER },
      isRequesterCharged: false,
    }),
    BucketAccelerateConfiguration: { status: null, isRequesterCharged: false },
    BucketLoggingConfiguration: options.logTo
      ? { destinationBucketName: options.logTo, logFilePrefix: `s3/${options.name}/` }
      : { destinationBucketName: null, logFilePrefix: null },
    ...(options.lifecycle ? { BucketLifecycleConfiguration: { rules: options.lifecycle } } : {}),
    BucketNotificationConfiguration: { configurations: options.notifications ?? {} },
    ...(options.policy
      ? { BucketPolicy: { policyText: JSON.stringify({ Version: '2012-10-17', Statement: options.policy }) } }
      : {}),
    ...(options.replicateTo
      ? {
          BucketReplicationConfiguration: {
            roleARN: `arn:aws:iam::${ACCOUNT_ID}:role/s3-replication-${options.name}`,
            rules: {
              [`replicate-to-${SECONDARY_REGION}`]: {
                destinationConfig: {
                  bucketARN: `arn:aws:s3:::${options.replicateTo}`,
                  storageClass: 'STANDARD_IA',
                },
                prefix: '',
                status: 'Enabled',
              },
            },
          },
        }
      : {}),
    BucketTaggingConfiguration: { tagSets: [{ tags: options.tags }] },
    BucketVersioningConfiguration: {
      status: options.versioning,
      isMfaDeleteEnabled: options.mfaDelete ?? null,
    },
    ...(options.website
      ? {
          BucketWebsiteConfiguration: {
            indexDocumentSuffix: 'index.html',
            errorDocument: 'error.html',
            redirectAllRequestsTo: null,
            routingRules: [],
          },
        }
      : {}),
    IsRequesterPaysEnabled: false,
    ...(options.objectLockDays
      ? {
          ObjectLockConfiguration: {
            objectLockEnabled: 'Enabled',
            rule: { defaultRetention: { mode: 'COMPLIANCE', days: options.objectLockDays, years: null } },
          },
        }
      : {}),
    PublicAccessBlockConfiguration: {
      blockPublicAcls: block,
      ignorePublicAcls: block,
      blockPublicPolicy: block,
      restrictPublicBuckets: block,
    },
    ...(options.encryption
      ? {
          ServerSideEncryptionConfiguration: {
            rules: [
              {
                applyServerSideEncryptionByDefault: {
                  sseAlgorithm: options.encryption.algorithm,
                  kmsMasterKeyID: options.encryption.keyId ?? null,
                },
                bucketKeyEnabled: options.encryption.algorithm === 'aws:kms',
              },
            ],
          },
        }
      : {}),
  };
  return configurationItem({
    resourceType: 'AWS::S3::Bucket',
    resourceId: options.name,
    resourceName: options.name,
    arn,
    ...(options.region ? { region: options.region } : {}),
    captureTime: options.captureTime,
    createdAt: options.createdAt,
    tags: options.tags,
    configuration: {
      name: options.name,
      owner: { displayName: null, id: CANONICAL_OWNER },
      creationDate: options.createdAt,
    },
    supplementaryConfiguration: supplementary,
  });
}

function key(options: {
  id: string;
  region?: string;
  description: string;
  createdAt: string;
  team: string;
  rotation: boolean | null;
  manager?: 'CUSTOMER' | 'AWS';
  multiRegion?: boolean;
}): RawConfigurationItem {
  const arn = keyArn(options.id, options.region);
  return configurationItem({
    resourceType: 'AWS::KMS::Key',
    resourceId: options.id,
    arn,
    ...(options.region ? { region: options.region } : {}),
    captureTime: '2026-11-20T10:02:17.448Z',
    createdAt: options.createdAt,
    tags: options.manager === 'AWS' ? {} : { team: options.team },
    configuration: {
      awsaccountId: ACCOUNT_ID,
      keyId: options.id,
      arn,
      creationDate: options.createdAt,
      enabled: true,
      description: options.description,
      keyUsage: 'ENCRYPT_DECRYPT',
      keyState: 'Enabled',
      origin: 'AWS_KMS',
      keyManager: options.manager ?? 'CUSTOMER',
      customerMasterKeySpec: 'SYMMETRIC_DEFAULT',
      keySpec: 'SYMMETRIC_DEFAULT',
      encryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
      signingAlgorithms: [],
      multiRegion: options.multiRegion ?? false,
    },
    // Config records no rotation status; Vigil's describer adds it (absent for AWS managed keys).
    supplementaryConfiguration: options.rotation === null ? {} : { KeyRotationStatus: options.rotation },
  });
}

/** S3 buckets, the account-level public access block and KMS keys. */
export function storageResources(): RawConfigurationItem[] {
  const evidence = `acme-audit-evidence-${ACCOUNT_ID}`;
  const evidenceReplica = `acme-audit-evidence-replica-${ACCOUNT_ID}`;
  const accessLogs = `acme-access-logs-${ACCOUNT_ID}`;
  const invoices = `acme-invoices-archive-${ACCOUNT_ID}`;
  return [
    bucket({
      name: evidence,
      createdAt: '2025-03-02T14:05:11.000Z',
      captureTime: '2026-11-20T08:31:44.512Z',
      tags: { team: 'security', 'data-classification': 'confidential' },
      policy: [
        denyInsecureTransport(evidence),
        {
          Sid: 'AllowVigilWriter',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:role/vigil-evidence-writer` },
          Action: ['s3:PutObject', 's3:GetObject'],
          Resource: `arn:aws:s3:::${evidence}/*`,
        },
      ],
      versioning: 'Enabled',
      logTo: accessLogs,
      encryption: { algorithm: 'aws:kms', keyId: keyArn(EVIDENCE_KEY) },
      publicAccessBlock: true,
      objectLockDays: 400,
      replicateTo: evidenceReplica,
    }),
    bucket({
      name: evidenceReplica,
      region: SECONDARY_REGION,
      createdAt: '2025-03-02T14:07:40.000Z',
      captureTime: '2026-11-20T08:33:02.904Z',
      tags: { team: 'security', 'data-classification': 'confidential' },
      policy: [denyInsecureTransport(evidenceReplica)],
      versioning: 'Enabled',
      logTo: accessLogs,
      encryption: { algorithm: 'aws:kms', keyId: keyArn(EU_KEY, SECONDARY_REGION) },
      publicAccessBlock: true,
      objectLockDays: 400,
    }),
    bucket({
      name: accessLogs,
      createdAt: '2024-11-04T09:00:12.000Z',
      captureTime: '2026-11-20T08:31:50.101Z',
      tags: { team: 'security' },
      policy: [
        denyInsecureTransport(accessLogs),
        {
          Sid: 'S3ServerAccessLogsPolicy',
          Effect: 'Allow',
          Principal: { Service: 'logging.s3.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: `arn:aws:s3:::${accessLogs}/s3/*`,
          Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT_ID } },
        },
      ],
      versioning: 'Enabled',
      encryption: { algorithm: 'AES256' },
      publicAccessBlock: true,
    }),
    bucket({
      name: 'acme-partner-uploads',
      createdAt: '2018-02-27T10:44:03.000Z',
      captureTime: '2026-11-18T19:26:51.660Z',
      tags: { team: 'integrations' },
      publicGrants: ['Write'],
      policy: [
        {
          Sid: 'DenyHttpObjects',
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: 'arn:aws:s3:::acme-partner-uploads/*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ],
      versioning: 'Off',
    }),
    bucket({
      name: 'www.acme-example.com',
      createdAt: '2021-06-14T09:12:40.000Z',
      captureTime: '2026-11-19T11:47:20.034Z',
      tags: { team: 'marketing' },
      publicGrants: ['Read'],
      policy: [
        {
          Sid: 'PublicReadGetObject',
          Effect: 'Allow',
          Principal: '*',
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::www.acme-example.com/*',
        },
      ],
      versioning: 'Suspended',
      encryption: { algorithm: 'AES256' },
      website: true,
    }),
    // The invoice archive: versioned with MFA delete, tiered to Glacier and kept seven years, and every new
    // invoice announced to the settlement queue.
    bucket({
      name: invoices,
      createdAt: '2025-11-03T10:20:31.000Z',
      captureTime: '2026-11-21T15:08:12.730Z',
      tags: { team: 'payments', 'data-classification': 'confidential' },
      policy: [denyInsecureTransport(invoices)],
      versioning: 'Enabled',
      mfaDelete: true,
      logTo: accessLogs,
      encryption: { algorithm: 'aws:kms', keyId: keyArn(PAYMENTS_DB_KEY) },
      publicAccessBlock: true,
      lifecycle: [
        {
          id: 'invoices-to-glacier-then-expire',
          status: 'Enabled',
          filter: { predicate: { type: 'LifecyclePrefixPredicate', prefix: 'invoices/' } },
          expirationInDays: 2555,
          expiredObjectDeleteMarker: false,
          noncurrentVersionExpirationInDays: 90,
          noncurrentVersionTransitions: [],
          transitions: [
            { days: 90, storageClass: 'STANDARD_IA' },
            { days: 365, storageClass: 'GLACIER' },
          ],
          abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
          prefix: null,
        },
      ],
      notifications: {
        'invoice-landed': {
          events: ['s3:ObjectCreated:Put', 's3:ObjectCreated:CompleteMultipartUpload'],
          filter: { s3KeyFilter: { filterRules: [{ name: 'Prefix', value: 'invoices/' }] } },
          objectPrefixes: ['invoices/'],
          queueARN: `arn:aws:sqs:us-east-1:${ACCOUNT_ID}:payments-settlement`,
          type: 'QueueConfiguration',
        },
      },
    }),
    configurationItem({
      resourceType: 'AWS::S3::AccountPublicAccessBlock',
      resourceId: ACCOUNT_ID,
      captureTime: '2024-07-09T17:40:02.118Z',
      configuration: {
        blockPublicAcls: true,
        ignorePublicAcls: true,
        blockPublicPolicy: false,
        restrictPublicBuckets: false,
      },
    }),
    key({
      id: EVIDENCE_KEY,
      description: 'Vigil evidence bucket key',
      createdAt: '2025-03-02T13:58:20.000Z',
      team: 'security',
      rotation: true,
    }),
    key({
      id: PAYMENTS_DB_KEY,
      description: 'payments database key',
      createdAt: '2023-09-18T07:41:09.000Z',
      team: 'payments',
      rotation: false,
    }),
    key({
      id: '6e2b4d8f-1a3c-4e5f-8b7d-9c0e2f4a6b8d',
      description: 'Default key that protects my S3 objects when no other key is defined',
      createdAt: '2019-05-21T12:30:00.000Z',
      team: '',
      // AWS managed keys rotate every year; the describer reports that as enabled.
      rotation: true,
      manager: 'AWS',
    }),
    key({
      id: EU_KEY,
      region: SECONDARY_REGION,
      description: 'audit evidence replica key (eu-west-1)',
      createdAt: '2025-03-02T14:06:02.000Z',
      team: 'security',
      rotation: true,
      multiRegion: true,
    }),
  ];
}
