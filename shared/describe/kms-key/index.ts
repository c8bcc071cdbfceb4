import { KMS_KEY_TYPE } from '#shared/resources/kms';
import { type DescribableType, sameExtractor, stringAt } from '../resource-type';

/** KMS keys with their rotation status and tags. */
export const KMS_KEY: DescribableType = {
  resourceType: KMS_KEY_TYPE,
  services: ['kms'],
  permissions: [
    {
      actions: ['kms:ListKeys'],
      resources: ['*'],
      reason: 'kms:ListKeys supports no resource-level permissions; it lists key ids only.',
    },
    {
      actions: ['kms:DescribeKey', 'kms:GetKeyRotationStatus', 'kms:ListResourceTags'],
      resources: ['arn:{partition}:kms:{region}:{account}:key/*'],
      reason:
        'Vigil judges every KMS key of this account and region; metadata reads only, no cryptographic use.',
    },
  ],
  cloudTrail: {
    'kms.amazonaws.com': sameExtractor(
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
      ],
      (record) => [
        [
          KMS_KEY_TYPE,
          stringAt(record.responseElements, 'keyMetadata', 'keyId') ??
            stringAt(record.requestParameters, 'keyId') ??
            stringAt(record.responseElements, 'keyId'),
        ],
      ],
    ),
  },
  describe: async (clients, ref) =>
    (await import('./describe')).describeKmsKey(await clients.client('kms'), ref),
  list: async (clients, base) => (await import('./describe')).listKmsKeys(await clients.client('kms'), base),
};
