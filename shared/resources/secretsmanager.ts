import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { InvalidConfigurationItemError } from '#shared/config-item/errors';

/** AWS Config's type of a Secrets Manager secret. */
export const SECRET_RESOURCE_TYPE = 'AWS::SecretsManager::Secret';

/**
 * `configuration` of an `AWS::SecretsManager::Secret` item (`DescribeSecret` names; Config also writes
 * the schedule as `RotationRules.RotationScheduleExpression`, and computes `RotationOccurringAsScheduled`).
 * @see https://github.com/awslabs/aws-config-resource-schema/blob/master/config/properties/resource-types/AWS::SecretsManager::Secret.properties.json
 */
export type SecretConfiguration = {
  readonly Name?: string;
  readonly ARN?: string;
  /** The key that encrypts the secret; `null` for the AWS managed key `aws/secretsmanager`. */
  readonly KMSKeyId?: string | null;
  readonly RotationEnabled?: boolean;
  readonly RotationLambdaARN?: string;
  /** Config's verdict that the last scheduled rotation happened; Vigil's describer does not write it. */
  readonly RotationOccurringAsScheduled?: boolean;
  readonly Deleted?: boolean;
  readonly RotationRules?: {
    readonly AutomaticallyAfterDays?: number | null;
    readonly ScheduleExpression?: string | null;
    readonly RotationScheduleExpression?: string | null;
    readonly Duration?: string | null;
  } | null;
};

/**
 * Vigil supplementary keys of a secret's item, from `DescribeSecret` (AWS Config records none of them):
 * ISO timestamps, `null` when Secrets Manager returns none (never rotated, never accessed, no next
 * rotation). An absent key means "not collected". `LastAccessedDate` is a date only: Secrets Manager
 * rounds the last access down to midnight UTC.
 */
export type SecretSupplementary = {
  readonly CreatedDate?: string | null;
  readonly LastRotatedDate?: string | null;
  readonly LastAccessedDate?: string | null;
  readonly NextRotationDate?: string | null;
};

/** A timestamp key of `SecretSupplementary`. */
export type SecretDateKey = keyof SecretSupplementary;

/**
 * One of the secret's supplementary timestamps: a Date, `null` when Secrets Manager has none, `undefined`
 * when not collected.
 * @throws InvalidConfigurationItemError when the key holds something other than a timestamp or null.
 */
export function secretDate(item: ConfigurationItem, key: SecretDateKey): Date | null | undefined {
  const value = item.supplementaryConfiguration[key];
  if (value === undefined) return undefined;
  if (value === null) return null;
  const date = typeof value === 'string' || typeof value === 'number' ? new Date(value) : undefined;
  if (date === undefined || Number.isNaN(date.getTime())) {
    throw new InvalidConfigurationItemError(
      `${item.resourceType} ${item.resourceId}: supplementaryConfiguration.${key}: expected a timestamp or null, got ${JSON.stringify(value)}`,
      { context: { resourceType: item.resourceType, resourceId: item.resourceId, key } },
    );
  }
  return date;
}

/** The name a verdict calls a secret by. */
export function secretName(item: ConfigurationItem<SecretConfiguration>): string {
  return item.configuration?.Name ?? item.resourceName ?? item.resourceId;
}
