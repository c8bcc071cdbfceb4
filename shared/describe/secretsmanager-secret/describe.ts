import {
  DescribeSecretCommand,
  type DescribeSecretCommandOutput,
  paginateListSecrets,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import type { SecretSupplementary } from '#shared/resources/secretsmanager';
import { deletedItem, describedItem, errorNameOf, tagMap } from '../config-shape';
import type { ResourceRef } from '../describer';
import type { RefBase } from '../resource-type';
import { SECRET_TYPE } from './index';

/** Config's `RotationRules` (its names: `RotationScheduleExpression`, `RotationDuration`). */
function rotationRules(rules: DescribeSecretCommandOutput['RotationRules']): Record<string, unknown> {
  const recorded: Record<string, unknown> = {};
  if (rules?.AutomaticallyAfterDays !== undefined)
    recorded.AutomaticallyAfterDays = rules.AutomaticallyAfterDays;
  if (rules?.ScheduleExpression) recorded.RotationScheduleExpression = rules.ScheduleExpression;
  if (rules?.Duration) recorded.RotationDuration = rules.Duration;
  return recorded;
}

/** A DescribeSecret date as ISO text; `null` when Secrets Manager returned none. */
function iso(date: Date | undefined): string | null {
  return date === undefined ? null : date.toISOString();
}

/**
 * An `AWS::SecretsManager::Secret` item as AWS Config records it (DescribeSecret in Config's names: `ARN`,
 * `Name`, `Description`, `KMSKeyId` (null for the AWS managed key), `RotationEnabled`, `RotationLambdaARN`,
 * `RotationRules`, `Deleted`). The resource id is the secret ARN. Secrets Manager leaves `RotationEnabled`
 * out for a secret never configured to rotate, which Config records as `false`. Its creation, last rotation,
 * last access and next rotation dates go to Vigil supplementary keys (see `SecretSupplementary`).
 * @see https://github.com/awslabs/aws-config-resource-schema/blob/master/config/properties/resource-types/AWS::SecretsManager::Secret.properties.json
 */
export async function describeSecret(
  client: SecretsManagerClient,
  ref: ResourceRef,
): Promise<ConfigurationItem> {
  let secret: DescribeSecretCommandOutput;
  try {
    secret = await client.send(new DescribeSecretCommand({ SecretId: ref.lookupId }));
  } catch (error) {
    if (errorNameOf(error) === 'ResourceNotFoundException') {
      return deletedItem(ref, ref.resourceId ?? ref.lookupId);
    }
    throw error;
  }
  const arn = secret.ARN ?? ref.resourceId ?? ref.lookupId;
  const configuration: Record<string, unknown> = {
    ARN: arn,
    Name: secret.Name ?? null,
    Description: secret.Description ?? '',
    KMSKeyId: secret.KmsKeyId ?? null,
    RotationEnabled: secret.RotationEnabled ?? false,
    Deleted: secret.DeletedDate !== undefined,
  };
  if (secret.RotationLambdaARN) configuration.RotationLambdaARN = secret.RotationLambdaARN;
  const rules = rotationRules(secret.RotationRules);
  if (Object.keys(rules).length > 0) configuration.RotationRules = rules;
  return describedItem(ref, {
    resourceId: arn,
    ...(secret.Name === undefined ? {} : { resourceName: secret.Name }),
    arn,
    configuration,
    supplementaryConfiguration: {
      CreatedDate: iso(secret.CreatedDate),
      LastRotatedDate: iso(secret.LastRotatedDate),
      LastAccessedDate: iso(secret.LastAccessedDate),
      NextRotationDate: iso(secret.NextRotationDate),
    } satisfies SecretSupplementary,
    tags: tagMap(secret.Tags),
  });
}

/** Every secret of the region not scheduled for deletion (ListSecrets' default). */
export async function listSecrets(client: SecretsManagerClient, base: RefBase): Promise<ResourceRef[]> {
  const refs: ResourceRef[] = [];
  for await (const page of paginateListSecrets({ client }, {})) {
    for (const secret of page.SecretList ?? []) {
      if (secret.ARN) {
        refs.push({ ...base, resourceType: SECRET_TYPE, lookupId: secret.ARN, resourceId: secret.ARN });
      }
    }
  }
  return refs;
}
