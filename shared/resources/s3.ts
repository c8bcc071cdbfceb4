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
import { z } from 'zod';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
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

const booleanish = z
  .union([z.boolean(), z.string()])
  .nullish()
  .transform((value) => (typeof value === 'string' ? value.trim().toLowerCase() === 'true' : value === true));

const optionalString = z.string().nullish();

const VersioningSchema = z.looseObject({
  status: optionalString,
  isMfaDeleteEnabled: z.union([z.boolean(), z.string()]).nullish(),
});

const EncryptionSchema = z.looseObject({
  rules: z
    .array(
      z.looseObject({
        applyServerSideEncryptionByDefault: z
          .looseObject({ sseAlgorithm: optionalString, kmsMasterKeyID: optionalString })
          .nullish(),
        bucketKeyEnabled: z.boolean().nullish(),
      }),
    )
    .nullish(),
});

const PolicySchema = z.looseObject({ policyText: z.unknown().optional() });

const PublicAccessBlockSchema = z.looseObject({
  blockPublicAcls: booleanish,
  ignorePublicAcls: booleanish,
  blockPublicPolicy: booleanish,
  restrictPublicBuckets: booleanish,
});

const ReplicationRuleSchema = z.looseObject({
  id: optionalString,
  status: optionalString,
  prefix: optionalString,
  destinationConfig: z.looseObject({ bucketARN: optionalString, storageClass: optionalString }).nullish(),
  destination: z.looseObject({ bucketARN: optionalString, bucket: optionalString }).nullish(),
});

const ReplicationSchema = z.looseObject({
  roleARN: optionalString,
  // The Java SDK v1 bean keeps rules in a map keyed by rule id; other writers use a list.
  rules: z.union([z.array(ReplicationRuleSchema), z.record(z.string(), ReplicationRuleSchema)]).nullish(),
});

const LoggingSchema = z.looseObject({
  destinationBucketName: optionalString,
  logFilePrefix: optionalString,
});

const ObjectLockSchema = z.looseObject({
  objectLockEnabled: optionalString,
  rule: z
    .looseObject({
      defaultRetention: z
        .looseObject({ mode: optionalString, days: z.number().nullish(), years: z.number().nullish() })
        .nullish(),
    })
    .nullish(),
});

const GranteeSchema = z.union([
  z.string(),
  z.looseObject({
    id: optionalString,
    displayName: optionalString,
    uri: optionalString,
    identifier: optionalString,
    typeIdentifier: optionalString,
  }),
]);

const AclSchema = z.looseObject({
  grantList: z
    .array(z.looseObject({ grantee: GranteeSchema.nullish(), permission: optionalString }))
    .nullish(),
  owner: z.looseObject({ id: optionalString, displayName: optionalString }).nullish(),
});

// Several rules read the same supplementary value of one bucket (the ACL and the policy for public read
// and public write, the policy for TLS-only too); items are immutable, so each value is decoded once per item.
const decodedByItem = new WeakMap<ConfigurationItem, Map<string, unknown>>();

/** A supplementary value, decoded from its JSON text and checked with the key's (one) schema. */
function supplementary<T>(item: ConfigurationItem, key: string, schema: z.ZodType<T>): T | undefined {
  let decoded = decodedByItem.get(item);
  if (decoded === undefined) {
    decoded = new Map();
    decodedByItem.set(item, decoded);
  } else if (decoded.has(key)) {
    return decoded.get(key) as T | undefined;
  }
  const raw = decodeJsonValue(item.supplementaryConfiguration[key]);
  const parsed = raw === undefined || raw === null ? undefined : schema.safeParse(raw);
  const value = parsed?.success ? parsed.data : undefined;
  decoded.set(key, value);
  return value;
}

/** `BucketVersioningConfiguration`: `status` is `Off`, `Enabled` or `Suspended`. */
export interface BucketVersioning {
  readonly status: string | undefined;
  readonly mfaDeleteEnabled: boolean;
}

/** The bucket's versioning state; undefined when the item does not record it. */
export function bucketVersioning(item: ConfigurationItem): BucketVersioning | undefined {
  const value = supplementary(item, 'BucketVersioningConfiguration', VersioningSchema);
  if (value === undefined) return undefined;
  const mfa = value.isMfaDeleteEnabled;
  return {
    status: value.status ?? undefined,
    mfaDeleteEnabled: mfa === true || (typeof mfa === 'string' && mfa.toLowerCase() === 'true'),
  };
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
  const value = supplementary(item, 'ServerSideEncryptionConfiguration', EncryptionSchema);
  return (value?.rules ?? []).map((rule) => ({
    sseAlgorithm: rule.applyServerSideEncryptionByDefault?.sseAlgorithm ?? undefined,
    kmsMasterKeyId: rule.applyServerSideEncryptionByDefault?.kmsMasterKeyID ?? undefined,
  }));
}

/** The bucket policy text (`BucketPolicy.policyText`), or undefined when the bucket has no policy. */
export function bucketPolicyText(item: ConfigurationItem): unknown {
  const value = supplementary(item, 'BucketPolicy', PolicySchema);
  const text = value?.policyText;
  return text === null || text === '' ? undefined : text;
}

/** Reads a Block Public Access object (bucket supplementary value or account-level configuration). */
export function toPublicAccessBlock(value: unknown): PublicAccessBlock | undefined {
  const raw = decodeJsonValue(value);
  if (raw === undefined || raw === null) return undefined;
  const parsed = PublicAccessBlockSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

/** The bucket-level Block Public Access settings; undefined when the bucket has none. */
export function bucketPublicAccessBlock(item: ConfigurationItem): PublicAccessBlock | undefined {
  return supplementary(item, 'PublicAccessBlockConfiguration', PublicAccessBlockSchema);
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
  const value = supplementary(item, 'BucketReplicationConfiguration', ReplicationSchema);
  const rules = value?.rules;
  if (!rules) return [];
  const entries = Array.isArray(rules)
    ? rules.map((rule) => [rule.id ?? undefined, rule] as const)
    : Object.entries(rules).map(([id, rule]) => [rule.id ?? id, rule] as const);
  return entries.map(([id, rule]) => {
    const bucket =
      rule.destinationConfig?.bucketARN ?? rule.destination?.bucketARN ?? rule.destination?.bucket;
    return { id, status: rule.status ?? undefined, destinationBucketArn: bucket ?? undefined };
  });
}

/** The bucket's server access logging target; undefined when logging is off. */
export function bucketLoggingTarget(
  item: ConfigurationItem,
): { readonly bucket: string; readonly prefix: string } | undefined {
  const value = supplementary(item, 'BucketLoggingConfiguration', LoggingSchema);
  const bucket = value?.destinationBucketName;
  if (bucket === undefined || bucket === null || bucket === '') return undefined;
  return { bucket, prefix: value?.logFilePrefix ?? '' };
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
  const value = supplementary(item, 'ObjectLockConfiguration', ObjectLockSchema);
  if (value === undefined) return undefined;
  const retention = value.rule?.defaultRetention;
  return {
    enabled: value.objectLockEnabled?.toLowerCase() === 'enabled',
    defaultMode: retention?.mode ?? undefined,
    defaultDays: retention?.days ?? undefined,
    defaultYears: retention?.years ?? undefined,
  };
}

/** The S3 predefined groups an ACL can grant to that make a bucket public. */
export type PublicAclGroup = 'AllUsers' | 'AuthenticatedUsers';

/** One grant of a bucket ACL to a public group. */
export interface PublicAclGrant {
  readonly group: PublicAclGroup;
  /** As Config writes it: `Read`, `Write`, `ReadAcp`, `WriteAcp` or `FullControl`. */
  readonly permission: string;
}

function publicGroupOf(
  grantee: z.infer<typeof GranteeSchema> | null | undefined,
): PublicAclGroup | undefined {
  if (grantee === undefined || grantee === null) return undefined;
  const names =
    typeof grantee === 'string'
      ? [grantee]
      : [grantee.uri, grantee.identifier, grantee.id].filter((v): v is string => typeof v === 'string');
  for (const name of names) {
    // Config writes the group enum name (`AllUsers`); the S3 API uses the group URI.
    const last = name.split('/').pop() ?? name;
    if (last === 'AllUsers') return 'AllUsers';
    if (last === 'AuthenticatedUsers') return 'AuthenticatedUsers';
  }
  return undefined;
}

/** The grants of the bucket ACL (`AccessControlList`) to AllUsers or AuthenticatedUsers. */
export function bucketPublicAclGrants(item: ConfigurationItem): readonly PublicAclGrant[] {
  const value = supplementary(item, 'AccessControlList', AclSchema);
  const grants: PublicAclGrant[] = [];
  for (const grant of value?.grantList ?? []) {
    const group = publicGroupOf(grant.grantee);
    if (group !== undefined && grant.permission) grants.push({ group, permission: grant.permission });
  }
  return grants;
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
