import {
  DescribeKeyCommand,
  GetKeyRotationStatusCommand,
  type KeyMetadata,
  type KMSClient,
  ListResourceTagsCommand,
  paginateListKeys,
} from '@aws-sdk/client-kms';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { configObject, deletedItem, describedItem, errorNameOf, optionalRead } from '../config-shape';
import type { ResourceRef } from '../describer';

/**
 * An `AWS::KMS::Key` item: `configuration` is DescribeKey's KeyMetadata in camelCase, and
 * `supplementaryConfiguration.KeyRotationStatus` is GetKeyRotationStatus' boolean for customer managed
 * symmetric keys (absent where rotation does not apply).
 */
export async function describeKmsKey(client: KMSClient, ref: ResourceRef): Promise<ConfigurationItem> {
  let metadata: KeyMetadata | undefined;
  try {
    metadata = (await client.send(new DescribeKeyCommand({ KeyId: ref.lookupId }))).KeyMetadata;
  } catch (error) {
    if (errorNameOf(error) === 'NotFoundException') return deletedItem(ref);
    throw error;
  }
  if (metadata?.KeyId === undefined) return deletedItem(ref);
  const KeyId = metadata.KeyId;
  const rotates =
    metadata.KeyManager === 'CUSTOMER' &&
    (metadata.KeySpec ?? 'SYMMETRIC_DEFAULT') === 'SYMMETRIC_DEFAULT' &&
    metadata.KeyState !== 'PendingDeletion';
  const [rotation, tags] = await Promise.all([
    rotates
      ? optionalRead(
          () => client.send(new GetKeyRotationStatusCommand({ KeyId })),
          ['UnsupportedOperationException', 'KMSInvalidStateException'],
        )
      : Promise.resolve(undefined),
    metadata.KeyManager === 'CUSTOMER'
      ? optionalRead(() => client.send(new ListResourceTagsCommand({ KeyId })), ['KMSInvalidStateException'])
      : Promise.resolve(undefined),
  ]);
  const tagMap: Record<string, string> = {};
  for (const tag of tags?.Tags ?? []) if (tag.TagKey !== undefined) tagMap[tag.TagKey] = tag.TagValue ?? '';
  return describedItem(ref, {
    resourceId: KeyId,
    ...(metadata.Arn === undefined ? {} : { arn: metadata.Arn }),
    configuration: configObject(metadata),
    supplementaryConfiguration:
      rotation?.KeyRotationEnabled === undefined ? {} : { KeyRotationStatus: rotation.KeyRotationEnabled },
    tags: tagMap,
  });
}

/** Every KMS key of the region. */
export async function listKmsKeys(
  client: KMSClient,
  base: Omit<ResourceRef, 'lookupId' | 'resourceType'>,
): Promise<ResourceRef[]> {
  const refs: ResourceRef[] = [];
  for await (const page of paginateListKeys({ client }, {})) {
    for (const key of page.Keys ?? []) {
      if (key.KeyId) refs.push({ ...base, resourceType: 'AWS::KMS::Key', lookupId: key.KeyId });
    }
  }
  return refs;
}
