/** The `AWS::KMS::Key` resource type. */
export const KMS_KEY_TYPE = 'AWS::KMS::Key';

/**
 * `configuration` of an `AWS::KMS::Key` item: the `DescribeKey` KeyMetadata in camelCase. Older items
 * carry only `customerMasterKeySpec`; newer ones `keySpec` as well.
 *
 * The item's `supplementaryConfiguration.KeyRotationStatus` (boolean, `GetKeyRotationStatus`
 * `KeyRotationEnabled`) is listed in AWS Config's resource schema but not filled for every key; Vigil's
 * describer fills it for customer managed keys, so rules read rotation from there.
 * @see https://github.com/awslabs/aws-config-resource-schema/blob/master/config/properties/resource-types/AWS::KMS::Key.properties.json
 */
export type KmsKeyConfiguration = {
  readonly keyId?: string;
  readonly arn?: string;
  /** `CUSTOMER` or `AWS`. */
  readonly keyManager?: string;
  /** `Enabled`, `Disabled`, `PendingDeletion`, `PendingImport`, `PendingReplicaDeletion`, `Unavailable`, … */
  readonly keyState?: string;
  /** `ENCRYPT_DECRYPT`, `SIGN_VERIFY`, `GENERATE_VERIFY_MAC`, `KEY_AGREEMENT`. */
  readonly keyUsage?: string;
  readonly keySpec?: string;
  readonly customerMasterKeySpec?: string;
  /** `AWS_KMS`, `EXTERNAL` (imported material), `AWS_CLOUDHSM`, `EXTERNAL_KEY_STORE`. */
  readonly origin?: string;
  readonly multiRegion?: boolean;
  readonly description?: string;
  /** When a key pending deletion will be deleted. */
  readonly deletionDate?: string;
};

/** Key states in which a key is about to disappear. */
export const KMS_PENDING_DELETION_STATES: readonly string[] = ['PendingDeletion', 'PendingReplicaDeletion'];

/** The key spec of a key, `SYMMETRIC_DEFAULT` when neither field is recorded (the only spec before 2019). */
export function kmsKeySpec(configuration: KmsKeyConfiguration): string {
  return configuration.keySpec ?? configuration.customerMasterKeySpec ?? 'SYMMETRIC_DEFAULT';
}

/** Reads a recorded boolean that may arrive as a string (`"true"`), undefined when absent or unreadable. */
export function recordedBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value.trim()))
    return value.trim().toLowerCase() === 'true';
  if (value !== null && typeof value === 'object' && 'keyRotationEnabled' in value) {
    return recordedBoolean((value as { keyRotationEnabled: unknown }).keyRotationEnabled);
  }
  return undefined;
}

/**
 * The canonical form of a KMS key reference: `key/<id>` for a key id or key ARN, `alias/<name>` for an
 * alias name or alias ARN. Other text is returned unchanged.
 */
export function canonicalKmsKeyReference(reference: string): string {
  const trimmed = reference.trim();
  const arn = /^arn:[^:]+:kms:[^:]*:[^:]*:((?:key|alias)\/.+)$/.exec(trimmed);
  if (arn?.[1] !== undefined) return arn[1];
  if (trimmed.startsWith('alias/')) return trimmed;
  if (/^(mrk-)?[0-9a-f]{8}-?[0-9a-f-]*$/i.test(trimmed)) return `key/${trimmed}`;
  return trimmed;
}

/** Whether two KMS key references (key id, key ARN, alias name or alias ARN) name the same key or alias. */
export function sameKmsKeyReference(a: string, b: string): boolean {
  return a.trim() === b.trim() || canonicalKmsKeyReference(a) === canonicalKmsKeyReference(b);
}

/** Whether a recorded key reference is one of `approved` (key ids, key ARNs, alias names or alias ARNs). */
export function isApprovedKmsKey(key: string, approved: readonly string[]): boolean {
  return approved.some((candidate) => sameKmsKeyReference(candidate, key));
}
