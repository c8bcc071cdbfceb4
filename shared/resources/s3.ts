/**
 * The parts of an `AWS::S3::Bucket` configuration item that Vigil's S3 rules read.
 *
 * AWS Config keeps almost every bucket setting in `supplementaryConfiguration`, one key per S3 API
 * (`BucketVersioningConfiguration`, `ServerSideEncryptionConfiguration`, `BucketPolicy`, …), with field
 * names in the camelCase of the AWS SDK for Java v1 beans (`status`, `sseAlgorithm`, `kmsMasterKeyID`,
 * `policyText`, `blockPublicAcls`, `destinationBucketName`, …). In the Config API shape every value is a
 * JSON string (the item normalizer parses one layer); `AccessControlList` is a JSON string even in
 * notifications, and double-encoded in the API shape. Readers here decode up to three layers and treat
 * an unreadable value as absent.
 *
 * @see https://github.com/awslabs/aws-config-resource-schema/blob/master/config/properties/resource-types/AWS::S3::Bucket.properties.json
 */
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { oncePerItem } from '#shared/config-item/once-per-item';
import { isTrue, numberOf, objectOf, objectsOf, stringOf } from '#shared/resources/json-values';
import type { InventoryKey } from '#shared/rules/inventory';

/** The `AWS::S3::Bucket` resource type. */
export const S3_BUCKET_TYPE = 'AWS::S3::Bucket';

/** Files a bucket under its resource id and its resource name (both are the bucket name in Config). */
export const bucketNameKey: InventoryKey = (item) =>
  item.resourceName === undefined || item.resourceName === item.resourceId
    ? item.resourceId
    : [item.resourceId, item.resourceName];

/** The `AWS::S3::AccountPublicAccessBlock` resource type (one per account, resource id = account id). */
export const S3_ACCOUNT_PUBLIC_ACCESS_BLOCK_TYPE = 'AWS::S3::AccountPublicAccessBlock';

/** `configuration` of an `AWS::S3::Bucket` item (ListBuckets shape). */
export type S3BucketConfiguration = {
  readonly name?: string;
  readonly creationDate?: string;
  readonly owner?: { readonly id?: string; readonly displayName?: string | null };
};

/** `configuration` of an `AWS::S3::AccountPublicAccessBlock` item. */
export type AccountPublicAccessBlockConfiguration = {
  readonly blockPublicAcls?: boolean;
  readonly ignorePublicAcls?: boolean;
  readonly blockPublicPolicy?: boolean;
  readonly restrictPublicBuckets?: boolean;
};

/** The four Block Public Access switches, absent ones as `false` (S3's own default for a missing setting). */
export interface PublicAccessBlock {
  readonly blockPublicAcls: boolean;
  readonly ignorePublicAcls: boolean;
  readonly blockPublicPolicy: boolean;
  readonly restrictPublicBuckets: boolean;
}

/** Names of the Block Public Access switches, in the order S3 documents them. */
export const PUBLIC_ACCESS_BLOCK_SETTINGS = [
  'blockPublicAcls',
  'ignorePublicAcls',
  'blockPublicPolicy',
  'restrictPublicBuckets',
] as const satisfies readonly (keyof PublicAccessBlock)[];

const MAX_JSON_LAYERS = 3;

/** Decodes a value that may be JSON text (possibly encoded more than once); non-JSON text stays as is. */
export function decodeJsonValue(value: unknown): unknown {
  let current = value;
  for (let layer = 0; layer < MAX_JSON_LAYERS && typeof current === 'string'; layer++) {
    const text = current.trim();
    if (!(text.startsWith('{') || text.startsWith('[') || text.startsWith('"'))) return current;
    try {
      current = JSON.parse(text) as unknown;
    } catch {
      return current;
    }
  }
  return current;
}

// Several rules read the same supplementary value of one bucket (the ACL and the policy for public read
// and public write, the policy for TLS-only too); items are immutable, so each value is read once per item.
const readSupplementary = oncePerItem((_item: ConfigurationItem) => new Map<string, unknown>());

/**
 * A supplementary value, decoded from its JSON text and read by the key's one reader; undefined when the
 * item records none (or not an object). Fields of the wrong type read as not recorded.
 */
function supplementary<T>(
  item: ConfigurationItem,
  key: string,
  read: (value: Readonly<Record<string, unknown>>) => T,
): T | undefined {
  const values = readSupplementary(item);
  if (values.has(key)) return values.get(key) as T | undefined;
  const object = objectOf(decodeJsonValue(item.supplementaryConfiguration[key]));
  const value = object === undefined ? undefined : read(object);
  values.set(key, value);
  return value;
}

/**
 * Whether the item records a supplementary key at all. AWS Config (and Vigil's describer) always record
 * `AccessControlList`, `BucketPolicy` (`policyText` null without a policy), `BucketLoggingConfiguration`
 * (`destinationBucketName` null when off) and `BucketVersioningConfiguration` (`status` Off), so one of
 * them missing means it was not collected. Keys for settings a bucket may lack
 * (`ServerSideEncryptionConfiguration`, `PublicAccessBlockConfiguration`, `BucketReplicationConfiguration`,
 * `ObjectLockConfiguration`) are left out when the bucket has no such setting.
 */
export function recordsSupplementary(item: ConfigurationItem, key: string): boolean {
  const value = item.supplementaryConfiguration[key];
  return value !== undefined && value !== null;
}

/** `BucketVersioningConfiguration`: `status` is `Off`, `Enabled` or `Suspended`. */
export interface BucketVersioning {
  readonly status: string | undefined;
  readonly mfaDeleteEnabled: boolean;
}

/** The bucket's versioning state; undefined when the item does not record it. */
export function bucketVersioning(item: ConfigurationItem): BucketVersioning | undefined {
  return supplementary(item, 'BucketVersioningConfiguration', (value) => ({
    status: stringOf(value.status),
    mfaDeleteEnabled: isTrue(value.isMfaDeleteEnabled),
  }));
}

/** One default-encryption rule of a bucket. */
export interface BucketEncryptionRule {
  /** `AES256` (SSE-S3), `aws:kms` (SSE-KMS) or `aws:kms:dsse` (DSSE-KMS). */
  readonly sseAlgorithm: string | undefined;
  /** Key id, key ARN, alias name or alias ARN; absent for SSE-KMS with the AWS managed key `aws/s3`. */
  readonly kmsMasterKeyId: string | undefined;
}

/** The bucket's default-encryption rules (`ServerSideEncryptionConfiguration.rules`); empty when none are recorded. */
export function bucketEncryptionRules(item: ConfigurationItem): readonly BucketEncryptionRule[] {
  return (
    supplementary(item, 'ServerSideEncryptionConfiguration', (value) =>
      objectsOf(value.rules).map((rule): BucketEncryptionRule => {
        const byDefault = objectOf(rule.applyServerSideEncryptionByDefault);
        return {
          sseAlgorithm: stringOf(byDefault?.sseAlgorithm),
          kmsMasterKeyId: stringOf(byDefault?.kmsMasterKeyID),
        };
      }),
    ) ?? []
  );
}

/** The bucket policy text (`BucketPolicy.policyText`), or undefined when the bucket has no policy. */
export function bucketPolicyText(item: ConfigurationItem): unknown {
  const text = supplementary(item, 'BucketPolicy', (value) => value.policyText);
  return text === null || text === '' ? undefined : text;
}

/** Reads a Block Public Access object (bucket supplementary value or account-level configuration). */
export function toPublicAccessBlock(value: unknown): PublicAccessBlock | undefined {
  const object = objectOf(decodeJsonValue(value));
  return object === undefined ? undefined : readPublicAccessBlock(object);
}

function readPublicAccessBlock(value: Readonly<Record<string, unknown>>): PublicAccessBlock {
  return {
    blockPublicAcls: isTrue(value.blockPublicAcls),
    ignorePublicAcls: isTrue(value.ignorePublicAcls),
    blockPublicPolicy: isTrue(value.blockPublicPolicy),
    restrictPublicBuckets: isTrue(value.restrictPublicBuckets),
  };
}

/** The bucket-level Block Public Access settings; undefined when the bucket has none. */
export function bucketPublicAccessBlock(item: ConfigurationItem): PublicAccessBlock | undefined {
  return supplementary(item, 'PublicAccessBlockConfiguration', readPublicAccessBlock);
}

/** The account-level Block Public Access settings of the bucket's account, from the inventory. */
export function accountPublicAccessBlock(
  items: readonly ConfigurationItem[],
  accountId: string,
): PublicAccessBlock | undefined {
  const item = items.find((candidate) => candidate.accountId === accountId);
  return item?.configuration ? toPublicAccessBlock(item.configuration) : undefined;
}

/** One replication rule of a bucket. */
export interface BucketReplicationRule {
  readonly id: string | undefined;
  /** `Enabled` or `Disabled`. */
  readonly status: string | undefined;
  readonly destinationBucketArn: string | undefined;
}

/** The bucket's replication rules (`BucketReplicationConfiguration.rules`); empty when none are recorded. */
export function bucketReplicationRules(item: ConfigurationItem): readonly BucketReplicationRule[] {
  return supplementary(item, 'BucketReplicationConfiguration', readReplicationRules) ?? [];
}

function readReplicationRules(value: Readonly<Record<string, unknown>>): readonly BucketReplicationRule[] {
  // The Java SDK v1 bean keeps rules in a map keyed by rule id; other writers use a list.
  const rules = objectOf(value.rules);
  const entries =
    rules === undefined
      ? objectsOf(value.rules).map((rule) => [stringOf(rule.id), rule] as const)
      : Object.entries(rules).flatMap(([id, entry]) => {
          const rule = objectOf(entry);
          return rule === undefined ? [] : [[stringOf(rule.id) ?? id, rule] as const];
        });
  return entries.map(([id, rule]) => {
    const destinationConfig = objectOf(rule.destinationConfig);
    const destination = objectOf(rule.destination);
    const bucket =
      stringOf(destinationConfig?.bucketARN) ??
      stringOf(destination?.bucketARN) ??
      stringOf(destination?.bucket);
    return { id, status: stringOf(rule.status), destinationBucketArn: bucket };
  });
}

/** The bucket's server access logging target; undefined when logging is off. */
export function bucketLoggingTarget(
  item: ConfigurationItem,
): { readonly bucket: string; readonly prefix: string } | undefined {
  return supplementary(item, 'BucketLoggingConfiguration', (value) => {
    const bucket = stringOf(value.destinationBucketName);
    return bucket === undefined || bucket === ''
      ? undefined
      : { bucket, prefix: stringOf(value.logFilePrefix) ?? '' };
  });
}

/** The bucket's Object Lock configuration. */
export interface BucketObjectLock {
  readonly enabled: boolean;
  /** `GOVERNANCE` or `COMPLIANCE` when a default retention is set. */
  readonly defaultMode: string | undefined;
  readonly defaultDays: number | undefined;
  readonly defaultYears: number | undefined;
}

/** The bucket's Object Lock configuration; undefined when the item records none. */
export function bucketObjectLock(item: ConfigurationItem): BucketObjectLock | undefined {
  return supplementary(item, 'ObjectLockConfiguration', (value) => {
    const retention = objectOf(objectOf(value.rule)?.defaultRetention);
    return {
      enabled: stringOf(value.objectLockEnabled)?.toLowerCase() === 'enabled',
      defaultMode: stringOf(retention?.mode),
      defaultDays: numberOf(retention?.days),
      defaultYears: numberOf(retention?.years),
    };
  });
}

/** The S3 predefined groups an ACL can grant to that make a bucket public. */
export type PublicAclGroup = 'AllUsers' | 'AuthenticatedUsers';

/** One grant of a bucket ACL to a public group. */
export interface PublicAclGrant {
  readonly group: PublicAclGroup;
  /** As Config writes it: `Read`, `Write`, `ReadAcp`, `WriteAcp` or `FullControl`. */
  readonly permission: string;
}

function publicGroupOf(grantee: unknown): PublicAclGroup | undefined {
  const object = objectOf(grantee);
  const names =
    typeof grantee === 'string'
      ? [grantee]
      : [object?.uri, object?.identifier, object?.id].filter((v): v is string => typeof v === 'string');
  for (const name of names) {
    // Config writes the group enum name (`AllUsers`); the S3 API uses the group URI.
    const last = name.split('/').pop() ?? name;
    if (last === 'AllUsers') return 'AllUsers';
    if (last === 'AuthenticatedUsers') return 'AuthenticatedUsers';
  }
  return undefined;
}

/** One grant of a bucket ACL, read once per item for every ACL rule. */
interface RecordedGrant {
  /** A group's last URI segment or name, or the canonical id or e-mail the grant names. */
  readonly grantee: string;
  readonly publicGroup: PublicAclGroup | undefined;
  readonly permission: string | undefined;
}

/** The bucket ACL: its owner's canonical id and every grant. */
interface RecordedAcl {
  readonly ownerId: string | undefined;
  readonly grants: readonly RecordedGrant[];
}

/** A grantee as a string: a group's last URI segment, or the canonical id or e-mail it names. */
function granteeName(grantee: unknown): string {
  if (typeof grantee === 'string') return grantee.split('/').pop() ?? grantee;
  const object = objectOf(grantee);
  const uri = stringOf(object?.uri);
  if (uri !== undefined) return uri.split('/').pop() ?? uri;
  return (
    stringOf(object?.id) ??
    stringOf(object?.identifier) ??
    stringOf(object?.emailAddress) ??
    'unknown grantee'
  );
}

function readAcl(value: Readonly<Record<string, unknown>>): RecordedAcl {
  return {
    ownerId: stringOf(objectOf(value.owner)?.id),
    grants: objectsOf(value.grantList).map((grant) => ({
      grantee: granteeName(grant.grantee),
      publicGroup: publicGroupOf(grant.grantee),
      permission: stringOf(grant.permission),
    })),
  };
}

/** The grants of the bucket ACL (`AccessControlList`) to AllUsers or AuthenticatedUsers. */
export function bucketPublicAclGrants(item: ConfigurationItem): readonly PublicAclGrant[] {
  const acl = supplementary(item, 'AccessControlList', readAcl);
  return (acl?.grants ?? []).flatMap((grant): PublicAclGrant[] =>
    grant.publicGroup !== undefined && grant.permission
      ? [{ group: grant.publicGroup, permission: grant.permission }]
      : [],
  );
}

/** One grant of a bucket ACL to anyone but the bucket owner, as a person reads it. */
export interface AclGrant {
  /** A canonical user id, a group name (`AllUsers`, `LogDelivery`, …) or an e-mail address. */
  readonly grantee: string;
  /** As Config writes it: `Read`, `Write`, `ReadAcp`, `WriteAcp` or `FullControl`. */
  readonly permission: string;
}

/**
 * The grants of the bucket ACL (`AccessControlList.grantList`) to anyone but the bucket owner; undefined
 * when the item records no ACL (Config and the describer always record one). A grant to the owner's own
 * canonical id is the one an ACL-free bucket keeps, and is left out.
 */
export function bucketAclGrantsToOthers(item: ConfigurationItem): readonly AclGrant[] | undefined {
  const acl = supplementary(item, 'AccessControlList', readAcl);
  if (acl === undefined) return undefined;
  return acl.grants.flatMap((grant): AclGrant[] =>
    acl.ownerId !== undefined && grant.grantee === acl.ownerId
      ? []
      : [{ grantee: grant.grantee, permission: grant.permission ?? 'unknown permission' }],
  );
}

/** The bucket's name: the resource name, `configuration.name`, or the resource id. */
export function bucketName(item: ConfigurationItem<S3BucketConfiguration>): string {
  return item.resourceName ?? item.configuration?.name ?? item.resourceId;
}

/** The AWS partition of a region: `aws-cn` for China, `aws-us-gov` for GovCloud, otherwise `aws`. */
export function partitionOfRegion(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

const BUCKET_ARN = /^arn:[a-z-]+:s3:::[^/*?]+$/;

/** The bucket's ARN: the item's when it is a bucket ARN, otherwise `arn:<partition>:s3:::<name>`. */
export function bucketArn(item: ConfigurationItem<S3BucketConfiguration>): string {
  if (item.arn !== undefined && BUCKET_ARN.test(item.arn)) return item.arn;
  return `arn:${partitionOfRegion(item.region)}:s3:::${bucketName(item)}`;
}

/** One event notification of a bucket: where it goes and which events it sends. */
export interface BucketNotification {
  readonly id: string;
  /** `TopicConfiguration`, `QueueConfiguration` or `LambdaConfiguration`. */
  readonly type: string | undefined;
  /** The SNS topic, SQS queue or Lambda function ARN. */
  readonly destinationArn: string | undefined;
  readonly events: readonly string[];
}

/**
 * The bucket's event notifications (`BucketNotificationConfiguration.configurations`, a map from the
 * notification id to `{ type, events, topicARN | queueARN | functionARN }`); undefined when the item does
 * not record the key, which Config always records (`configurations` empty without notifications).
 */
export function bucketNotifications(item: ConfigurationItem): readonly BucketNotification[] | undefined {
  return supplementary(item, 'BucketNotificationConfiguration', (value) => {
    const configurations = objectOf(value.configurations);
    if (configurations === undefined) return [];
    return Object.entries(configurations).flatMap(([id, raw]): BucketNotification[] => {
      const configuration = objectOf(raw);
      if (configuration === undefined) return [];
      const destination =
        stringOf(configuration.topicARN) ??
        stringOf(configuration.queueARN) ??
        stringOf(configuration.functionARN) ??
        stringOf(configuration.TopicArn) ??
        stringOf(configuration.QueueArn) ??
        stringOf(configuration.LambdaFunctionArn);
      const events = Array.isArray(configuration.events) ? configuration.events : configuration.Events;
      return [
        {
          id,
          type: stringOf(configuration.type),
          destinationArn: destination,
          events: Array.isArray(events) ? events.filter((event) => typeof event === 'string') : [],
        },
      ];
    });
  });
}

/** One lifecycle rule of a bucket, with the parts `s3-lifecycle-policy-check` compares. */
export interface BucketLifecycleRule {
  readonly id: string | undefined;
  /** `Enabled` or `Disabled`. */
  readonly status: string | undefined;
  /** The key prefix the rule is limited to (legacy `prefix`, or a prefix filter or operand); undefined for none. */
  readonly prefix: string | undefined;
  readonly expirationInDays: number | undefined;
  readonly transitions: readonly {
    readonly days: number | undefined;
    readonly storageClass: string | undefined;
  }[];
}

function lifecyclePrefix(rule: Readonly<Record<string, unknown>>): string | undefined {
  const legacy = stringOf(rule.prefix);
  if (legacy !== undefined && legacy !== '') return legacy;
  const predicate = objectOf(objectOf(rule.filter)?.predicate);
  const direct = stringOf(predicate?.prefix);
  if (direct !== undefined && direct !== '') return direct;
  const operand = objectsOf(predicate?.operands).find((entry) => stringOf(entry.prefix) !== undefined);
  const nested = stringOf(operand?.prefix);
  return nested === '' ? undefined : nested;
}

/**
 * The bucket's lifecycle rules (`BucketLifecycleConfiguration.rules`, in the Java SDK bean names Config
 * records: `status`, `expirationInDays`, `transitions[].days/storageClass`, `filter.predicate`); empty when
 * the key is absent, which is how Config records a bucket without a lifecycle configuration.
 */
export function bucketLifecycleRules(item: ConfigurationItem): readonly BucketLifecycleRule[] {
  return (
    supplementary(item, 'BucketLifecycleConfiguration', (value) =>
      objectsOf(value.rules).map(
        (rule): BucketLifecycleRule => ({
          id: stringOf(rule.id),
          status: stringOf(rule.status),
          prefix: lifecyclePrefix(rule),
          expirationInDays: numberOf(rule.expirationInDays),
          transitions: objectsOf(rule.transitions).map((transition) => ({
            days: numberOf(transition.days),
            storageClass: stringOf(transition.storageClass),
          })),
        }),
      ),
    ) ?? []
  );
}
