import { S3_ACCOUNT_PUBLIC_ACCESS_BLOCK_TYPE } from '#shared/resources/s3';
import { type CloudTrailExtractor, type DescribableType, sameExtractor } from '../resource-type';

const accountSettings: CloudTrailExtractor = (record) => [
  [S3_ACCOUNT_PUBLIC_ACCESS_BLOCK_TYPE, record.recipientAccountId ?? 'self'],
];

/** The account-level S3 Block Public Access settings (S3 Control), one item per account. */
export const S3_ACCOUNT_PUBLIC_ACCESS_BLOCK: DescribableType = {
  resourceType: S3_ACCOUNT_PUBLIC_ACCESS_BLOCK_TYPE,
  services: ['s3control'],
  scope: 'account',
  permissions: [
    {
      // S3 Control's GetPublicAccessBlock is authorized as s3:GetAccountPublicAccessBlock.
      actions: ['s3:GetAccountPublicAccessBlock'],
      resources: ['*'],
      reason: 's3:GetAccountPublicAccessBlock supports no resource-level permissions; read-only.',
    },
  ],
  cloudTrail: {
    // S3 Control's account-level Block Public Access calls, as CloudTrail names them.
    's3.amazonaws.com': sameExtractor(
      ['PutAccountPublicAccessBlock', 'DeleteAccountPublicAccessBlock'],
      accountSettings,
    ),
  },
  describe: async (clients, ref) =>
    (await import('./describe')).describeAccountPublicAccessBlock(await clients.client('s3control'), ref),
  list: async (_clients, base) => [
    { ...base, resourceType: S3_ACCOUNT_PUBLIC_ACCESS_BLOCK_TYPE, lookupId: base.accountId },
  ],
};
