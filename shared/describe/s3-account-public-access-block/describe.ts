import { GetPublicAccessBlockCommand, type S3ControlClient } from '@aws-sdk/client-s3-control';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { S3_ACCOUNT_PUBLIC_ACCESS_BLOCK_TYPE } from '#shared/resources/s3';
import { describedItem, optionalRead } from '../config-shape';
import type { ResourceRef } from '../describer';

/**
 * The account's S3 Block Public Access settings as Config records them: the four flags, each `false` when
 * the account has no configuration at all (S3 Control answers NoSuchPublicAccessBlockConfiguration).
 */
export async function describeAccountPublicAccessBlock(
  client: S3ControlClient,
  ref: ResourceRef,
): Promise<ConfigurationItem> {
  const response = await optionalRead(
    () => client.send(new GetPublicAccessBlockCommand({ AccountId: ref.accountId })),
    ['NoSuchPublicAccessBlockConfiguration'],
  );
  const settings = response?.PublicAccessBlockConfiguration;
  return describedItem(
    { ...ref, resourceType: S3_ACCOUNT_PUBLIC_ACCESS_BLOCK_TYPE },
    {
      resourceId: ref.accountId,
      configuration: {
        blockPublicAcls: settings?.BlockPublicAcls ?? false,
        ignorePublicAcls: settings?.IgnorePublicAcls ?? false,
        blockPublicPolicy: settings?.BlockPublicPolicy ?? false,
        restrictPublicBuckets: settings?.RestrictPublicBuckets ?? false,
      },
    },
  );
}
