import { AttachVolumeCommand, CreateVolumeCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { VOLUME_TYPE } from '#shared/resources/ec2';
import { launchInstance, type SeededEvent } from './ec2-launch';
import type { PairSeeder } from './pair';

/** Creates a volume, attaches it to the instance, and returns its id and the two calls as CloudTrail logs them. */
async function attachedVolume(
  ec2: EC2Client,
  options: {
    readonly instanceId: string;
    readonly zone: string;
    readonly device: string;
    readonly encrypted: boolean;
  },
): Promise<{ readonly volumeId: string; readonly events: readonly SeededEvent[] }> {
  const created = await ec2.send(
    new CreateVolumeCommand({
      AvailabilityZone: options.zone,
      Size: 8,
      VolumeType: 'gp3',
      Encrypted: options.encrypted,
    }),
  );
  const volumeId = created.VolumeId ?? '';
  await ec2.send(
    new AttachVolumeCommand({ VolumeId: volumeId, InstanceId: options.instanceId, Device: options.device }),
  );
  return {
    volumeId,
    events: [
      {
        eventSource: 'ec2.amazonaws.com',
        eventName: 'CreateVolume',
        requestParameters: { size: 8, zone: options.zone, volumeType: 'gp3', encrypted: options.encrypted },
        responseElements: {
          requestId: `req-${volumeId}`,
          volumeId,
          size: '8',
          zone: options.zone,
          status: 'creating',
          volumeType: 'gp3',
          encrypted: options.encrypted,
          ...(created.KmsKeyId === undefined ? {} : { kmsKeyId: created.KmsKeyId }),
        },
      },
      {
        eventSource: 'ec2.amazonaws.com',
        eventName: 'AttachVolume',
        requestParameters: { volumeId, instanceId: options.instanceId, device: options.device },
        responseElements: {
          requestId: `req-${volumeId}-attach`,
          volumeId,
          instanceId: options.instanceId,
          device: options.device,
          status: 'attaching',
          deleteOnTermination: false,
        },
      },
    ],
  };
}

/**
 * Two data volumes attached to one hardened instance (IMDSv2, no public address, encrypted root): an
 * unencrypted one, which fails `encrypted-volumes`, and its encrypted twin (the account's default EBS key).
 */
export const EC2_VOLUME_SEEDER: PairSeeder = {
  resourceType: VOLUME_TYPE,
  async seed(clients) {
    const ec2 = await clients.client('ec2');
    const host = await launchInstance(ec2, { httpTokens: 'required', publicIp: false });
    const plain = await attachedVolume(ec2, {
      instanceId: host.instanceId,
      zone: host.availabilityZone,
      device: '/dev/sdf',
      encrypted: false,
    });
    const sealed = await attachedVolume(ec2, {
      instanceId: host.instanceId,
      zone: host.availabilityZone,
      device: '/dev/sdg',
      encrypted: true,
    });
    return {
      misconfigured: { resourceType: VOLUME_TYPE, resourceId: plain.volumeId },
      compliant: { resourceType: VOLUME_TYPE, resourceId: sealed.volumeId },
      failingRules: ['encrypted-volumes'],
      events: [host.event, ...plain.events, ...sealed.events],
      motoGaps: [
        'ec2-volume-inuse-check is not seeded: both volumes of this pair stay attached so that the ' +
          'unencrypted one fails encrypted-volumes, which judges attached volumes; its unattached case is ' +
          'the unencrypted-available fixture in the unit tests.',
      ],
    };
  },
};
