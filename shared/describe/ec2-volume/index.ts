import { VOLUME_TYPE } from '#shared/resources/ec2';
import { ec2TagTriggers } from '../ec2-tags';
import { type CloudTrailExtractor, type DescribableType, sameExtractor, stringAt } from '../resource-type';

/**
 * The volume a call names: `requestParameters.volumeId` (DeleteVolume, AttachVolume, DetachVolume),
 * `responseElements.volumeId` (CreateVolume), or, for ModifyVolume, which CloudTrail logs in the newer
 * wrapped shape, `requestParameters.ModifyVolumeRequest.VolumeId`.
 */
const volumeOfCall: CloudTrailExtractor = (record) => [
  [
    VOLUME_TYPE,
    stringAt(record.requestParameters, 'volumeId') ??
      stringAt(record.requestParameters, 'ModifyVolumeRequest', 'VolumeId') ??
      stringAt(record.responseElements, 'volumeId') ??
      stringAt(record.responseElements, 'ModifyVolumeResponse', 'volumeModification', 'volumeId'),
  ],
];

/**
 * EBS volumes: encryption, key and attachments. Root volumes created by `RunInstances` (and deleted by
 * `TerminateInstances`) are not named in those events; the sweep finds them.
 */
export const EC2_VOLUME: DescribableType = {
  resourceType: VOLUME_TYPE,
  services: ['ec2'],
  permissions: [
    {
      actions: ['ec2:DescribeVolumes'],
      resources: ['*'],
      reason: 'EC2 Describe* calls support no resource-level permissions; read-only.',
    },
  ],
  cloudTrail: {
    'ec2.amazonaws.com': {
      ...sameExtractor(
        ['CreateVolume', 'DeleteVolume', 'ModifyVolume', 'AttachVolume', 'DetachVolume'],
        volumeOfCall,
      ),
      ...ec2TagTriggers(VOLUME_TYPE, 'vol-'),
    },
  },
  describe: async (clients, ref) =>
    (await import('./describe')).describeVolume(await clients.client('ec2'), ref),
  list: async (clients, base) => (await import('./describe')).listVolumes(await clients.client('ec2'), base),
};
