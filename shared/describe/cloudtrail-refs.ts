import type { CloudTrailRecord } from '#shared/pipeline/events';
import { TRAIL_RESOURCE_TYPE } from '#shared/resources/cloudtrail';
import { S3_ACCOUNT_PUBLIC_ACCESS_BLOCK_TYPE } from '#shared/resources/s3';
import { ACCOUNT_RESOURCE_TYPE } from '#shared/rules/rule';
import type { ResourceRef } from './describer';

type Params = Readonly<Record<string, unknown>>;

/** Reads a string at a path of nested records; `undefined` when any step is missing or not a string. */
function stringAt(root: unknown, ...path: string[]): string | undefined {
  let current: unknown = root;
  for (const step of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Params)[step];
  }
  return typeof current === 'string' && current !== '' ? current : undefined;
}

/** EC2 item sets look like `{instancesSet: {items: [{instanceId}]}}`. */
function itemIds(root: unknown, setName: string, idName: string): string[] {
  if (root === null || typeof root !== 'object') return [];
  const set = (root as Params)[setName];
  if (set === null || typeof set !== 'object') return [];
  const items = (set as Params).items;
  if (!Array.isArray(items)) return [];
  return items.flatMap((entry) => {
    const id = stringAt(entry, idName);
    return id === undefined ? [] : [id];
  });
}

/** Which resources an API call touched: `(record) → [resourceType, lookupId, resourceId?][]`. */
type Extractor = (record: CloudTrailRecord) => readonly (readonly [string, string | undefined, string?])[];

const bucket: Extractor = (record) => [['AWS::S3::Bucket', stringAt(record.requestParameters, 'bucketName')]];

const securityGroup: Extractor = (record) => [
  [
    'AWS::EC2::SecurityGroup',
    stringAt(record.requestParameters, 'groupId') ?? stringAt(record.responseElements, 'groupId'),
  ],
];

const instancesInRequest: Extractor = (record) =>
  itemIds(record.requestParameters, 'instancesSet', 'instanceId').map(
    (id) => ['AWS::EC2::Instance', id] as const,
  );

const instanceInRequest: Extractor = (record) => [
  ['AWS::EC2::Instance', stringAt(record.requestParameters, 'instanceId')],
];

const kmsKey: Extractor = (record) => [
  [
    'AWS::KMS::Key',
    stringAt(record.responseElements, 'keyMetadata', 'keyId') ??
      stringAt(record.requestParameters, 'keyId') ??
      stringAt(record.responseElements, 'keyId'),
  ],
];

const logGroup: Extractor = (record) => [
  ['AWS::Logs::LogGroup', stringAt(record.requestParameters, 'logGroupName')],
];

const dbInstance: Extractor = (record) => [
  [
    'AWS::RDS::DBInstance',
    stringAt(record.requestParameters, 'dBInstanceIdentifier') ??
      stringAt(record.responseElements, 'dBInstanceIdentifier'),
    stringAt(record.responseElements, 'dbiResourceId'),
  ],
];

const account: Extractor = (record) => [[ACCOUNT_RESOURCE_TYPE, record.recipientAccountId ?? 'self']];

/** The account's S3 Block Public Access settings (S3 Control `PutPublicAccessBlock`), one item per account. */
const accountPublicAccessBlock: Extractor = (record) => [
  [S3_ACCOUNT_PUBLIC_ACCESS_BLOCK_TYPE, record.recipientAccountId ?? 'self'],
];

/**
 * A trail (by the name or ARN the call names) and the account item, whose multi-region trail rule reads
 * the trails.
 */
const trailAndAccount: Extractor = (record) => [
  [
    TRAIL_RESOURCE_TYPE,
    stringAt(record.requestParameters, 'name') ??
      stringAt(record.responseElements, 'trailARN') ??
      stringAt(record.requestParameters, 'trailName'),
  ],
  [ACCOUNT_RESOURCE_TYPE, record.recipientAccountId ?? 'self'],
];

/** Resource types with one item per account, whose resource id is the account id. */
const ACCOUNT_SCOPED_TYPES: readonly string[] = [ACCOUNT_RESOURCE_TYPE, S3_ACCOUNT_PUBLIC_ACCESS_BLOCK_TYPE];

/** The write API calls Vigil re-describes a resource for, per event source and event name. */
export const CLOUDTRAIL_EXTRACTORS: Readonly<Record<string, Readonly<Record<string, Extractor>>>> = {
  's3.amazonaws.com': {
    ...Object.fromEntries(
      [
        'CreateBucket',
        'DeleteBucket',
        'PutBucketVersioning',
        'PutBucketEncryption',
        'DeleteBucketEncryption',
        'PutBucketPolicy',
        'DeleteBucketPolicy',
        'PutBucketPublicAccessBlock',
        'DeleteBucketPublicAccessBlock',
        'PutBucketLogging',
        'PutBucketAcl',
        'PutBucketReplication',
        'DeleteBucketReplication',
        'PutObjectLockConfiguration',
        'PutBucketTagging',
        'DeleteBucketTagging',
      ].map((name) => [name, bucket]),
    ),
    // S3 Control's account-level Block Public Access calls, as CloudTrail names them.
    PutAccountPublicAccessBlock: accountPublicAccessBlock,
    DeleteAccountPublicAccessBlock: accountPublicAccessBlock,
  },
  'ec2.amazonaws.com': {
    ...Object.fromEntries(
      [
        'CreateSecurityGroup',
        'DeleteSecurityGroup',
        'AuthorizeSecurityGroupIngress',
        'AuthorizeSecurityGroupEgress',
        'RevokeSecurityGroupIngress',
        'RevokeSecurityGroupEgress',
        'ModifySecurityGroupRules',
        'UpdateSecurityGroupRuleDescriptionsIngress',
      ].map((name) => [name, securityGroup]),
    ),
    RunInstances: (record) =>
      itemIds(record.responseElements, 'instancesSet', 'instanceId').map(
        (id) => ['AWS::EC2::Instance', id] as const,
      ),
    TerminateInstances: instancesInRequest,
    StartInstances: instancesInRequest,
    StopInstances: instancesInRequest,
    ModifyInstanceAttribute: instanceInRequest,
    ModifyInstanceMetadataOptions: instanceInRequest,
    EnableEbsEncryptionByDefault: account,
    DisableEbsEncryptionByDefault: account,
  },
  'kms.amazonaws.com': Object.fromEntries(
    [
      'CreateKey',
      'EnableKeyRotation',
      'DisableKeyRotation',
      'ScheduleKeyDeletion',
      'CancelKeyDeletion',
      'EnableKey',
      'DisableKey',
      'PutKeyPolicy',
      'TagResource',
      'UntagResource',
    ].map((name) => [name, kmsKey]),
  ),
  'logs.amazonaws.com': Object.fromEntries(
    [
      'CreateLogGroup',
      'DeleteLogGroup',
      'PutRetentionPolicy',
      'DeleteRetentionPolicy',
      'AssociateKmsKey',
      'DisassociateKmsKey',
    ].map((name) => [name, logGroup]),
  ),
  'rds.amazonaws.com': Object.fromEntries(
    [
      'CreateDBInstance',
      'ModifyDBInstance',
      'DeleteDBInstance',
      'CreateDBInstanceReadReplica',
      'RestoreDBInstanceFromDBSnapshot',
    ].map((name) => [name, dbInstance]),
  ),
  'iam.amazonaws.com': Object.fromEntries(
    [
      'UpdateAccountPasswordPolicy',
      'DeleteAccountPasswordPolicy',
      'EnableMFADevice',
      'DeactivateMFADevice',
      'CreateAccessKey',
      'DeleteAccessKey',
      'CreateUser',
      'DeleteUser',
      'DeleteVirtualMFADevice',
    ].map((name) => [name, account]),
  ),
  'guardduty.amazonaws.com': Object.fromEntries(
    [
      'CreateDetector',
      'DeleteDetector',
      'UpdateDetector',
      'AcceptAdministratorInvitation',
      'AcceptInvitation',
      'DisassociateFromAdministratorAccount',
      'DisassociateFromMasterAccount',
    ].map((name) => [name, account]),
  ),
  'cloudtrail.amazonaws.com': Object.fromEntries(
    ['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging', 'PutEventSelectors'].map(
      (name) => [name, trailAndAccount],
    ),
  ),
  'securityhub.amazonaws.com': Object.fromEntries(
    ['EnableSecurityHub', 'DisableSecurityHub'].map((name) => [name, account]),
  ),
};

/** The EventBridge `source` values whose CloudTrail events Vigil listens to (for the CDK rule pattern). */
export const CLOUDTRAIL_SOURCES: readonly string[] = Object.keys(CLOUDTRAIL_EXTRACTORS).map(
  (eventSource) => `aws.${eventSource.split('.')[0]}`,
);

/** The event names Vigil reacts to, for an EventBridge `detail.eventName` filter. */
export const CLOUDTRAIL_EVENT_NAMES: readonly string[] = [
  ...new Set(Object.values(CLOUDTRAIL_EXTRACTORS).flatMap((byName) => Object.keys(byName))),
].sort();

/**
 * The resources a write API call touched, as refs to describe; empty for calls Vigil does not cover.
 * IAM is global: its events report `us-east-1`, and the account item is built for the event's region.
 * Account-scoped items (`AWS::::Account`, `AWS::S3::AccountPublicAccessBlock`) take the account id as id.
 */
export function refsFromCloudTrail(record: CloudTrailRecord, accountId: string): ResourceRef[] {
  const extractor = CLOUDTRAIL_EXTRACTORS[record.eventSource]?.[record.eventName];
  if (extractor === undefined) return [];
  const captureTime = new Date(record.eventTime).toISOString();
  const seen = new Set<string>();
  const refs: ResourceRef[] = [];
  for (const [resourceType, lookupId, resourceId] of extractor(record)) {
    const id = ACCOUNT_SCOPED_TYPES.includes(resourceType) ? accountId : lookupId;
    if (id === undefined || seen.has(`${resourceType}|${id}`)) continue;
    seen.add(`${resourceType}|${id}`);
    refs.push({
      accountId,
      region: record.awsRegion,
      resourceType,
      lookupId: id,
      ...(resourceId === undefined ? {} : { resourceId }),
      captureTime,
    });
  }
  return refs;
}
