import { type CloudTrailExtractor, type DescribableType, sameExtractor, stringAt } from '../resource-type';

/** AWS Config's type of a Secrets Manager secret. */
export const SECRET_TYPE = 'AWS::SecretsManager::Secret';

/**
 * The secret a call touched: by the ARN the response names (Secrets Manager logged it as `aRN` before
 * February 2024), else by the `secretId` (name or ARN) or, for `CreateSecret`, the `name` of the request.
 * Config's id of a secret is its ARN, so a known ARN also becomes the ref's resource id.
 */
const secretInCall: CloudTrailExtractor = (record) => {
  const arn = stringAt(record.responseElements, 'arn') ?? stringAt(record.responseElements, 'aRN');
  const id = stringAt(record.requestParameters, 'secretId');
  const lookupId = arn ?? id ?? stringAt(record.requestParameters, 'name');
  const resourceId = arn ?? (id?.startsWith('arn:') ? id : undefined);
  return [resourceId === undefined ? [SECRET_TYPE, lookupId] : [SECRET_TYPE, lookupId, resourceId]];
};

/**
 * Secrets Manager secrets: rotation (enabled, function, schedule), KMS key, deletion mark.
 * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/cloudtrail_log_entries.html
 */
export const SECRETSMANAGER_SECRET: DescribableType = {
  resourceType: SECRET_TYPE,
  services: ['secretsmanager'],
  permissions: [
    {
      actions: ['secretsmanager:ListSecrets'],
      resources: ['*'],
      reason:
        'secretsmanager:ListSecrets supports no resource-level permissions; it returns no secret values.',
    },
    {
      actions: ['secretsmanager:DescribeSecret'],
      resources: ['arn:{partition}:secretsmanager:{region}:{account}:secret:*'],
      reason:
        'Vigil judges every secret of this account and region; DescribeSecret returns metadata, never the ' +
        'secret value.',
    },
  ],
  cloudTrail: {
    'secretsmanager.amazonaws.com': sameExtractor(
      [
        'CreateSecret',
        'UpdateSecret',
        'RotateSecret',
        'CancelRotateSecret',
        'DeleteSecret',
        'RestoreSecret',
        'PutResourcePolicy',
        'DeleteResourcePolicy',
        'TagResource',
        'UntagResource',
      ],
      secretInCall,
    ),
  },
  describe: async (clients, ref) =>
    (await import('./describe')).describeSecret(await clients.client('secretsmanager'), ref),
  list: async (clients, base) =>
    (await import('./describe')).listSecrets(await clients.client('secretsmanager'), base),
};
