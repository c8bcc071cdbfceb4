import {
  DescribeVolumesCommand,
  type EC2Client,
  paginateDescribeVolumes,
  type Volume,
} from '@aws-sdk/client-ec2';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { VOLUME_TYPE } from '#shared/resources/ec2';
import { partitionOfRegion } from '#shared/resources/s3';
import { configObject, deletedItem, describedItem, errorNameOf, tagMap } from '../config-shape';
import type { ResourceRef } from '../describer';
import type { RefBase } from '../resource-type';

const NOT_FOUND: readonly string[] = ['InvalidVolume.NotFound', 'InvalidVolumeID.Malformed'];

/**
 * An `AWS::EC2::Volume` item (DescribeVolumes in Config's camelCase: `encrypted`, `kmsKeyId`, `state`,
 * `attachments[].instanceId/state`). A volume in state `deleted` is reported deleted.
 */
export async function describeVolume(client: EC2Client, ref: ResourceRef): Promise<ConfigurationItem> {
  let volume: Volume | undefined;
  try {
    const response = await client.send(new DescribeVolumesCommand({ VolumeIds: [ref.lookupId] }));
    volume = response.Volumes?.[0];
  } catch (error) {
    if (NOT_FOUND.includes(errorNameOf(error))) return deletedItem(ref);
    throw error;
  }
  if (volume === undefined || volume.State === 'deleted') return deletedItem(ref);
  const volumeId = volume.VolumeId ?? ref.lookupId;
  return describedItem(ref, {
    resourceId: volumeId,
    arn: `arn:${partitionOfRegion(ref.region)}:ec2:${ref.region}:${ref.accountId}:volume/${volumeId}`,
    configuration: configObject(volume),
    tags: tagMap(volume.Tags),
  });
}

/** Every volume of the region that is not deleted. */
export async function listVolumes(client: EC2Client, base: RefBase): Promise<ResourceRef[]> {
  const refs: ResourceRef[] = [];
  for await (const page of paginateDescribeVolumes({ client }, {})) {
    for (const volume of page.Volumes ?? []) {
      if (volume.VolumeId && volume.State !== 'deleted') {
        refs.push({ ...base, resourceType: VOLUME_TYPE, lookupId: volume.VolumeId });
      }
    }
  }
  return refs;
}
