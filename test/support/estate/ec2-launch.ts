import { DescribeSubnetsCommand, type EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import type { SeededPair } from './pair';

/** The image moto answers for in every region (an Amazon Linux AMI of its built-in catalog). */
const IMAGE_ID = 'ami-12c6146b';

/** One seeded CloudTrail call. */
export type SeededEvent = SeededPair['events'][number];

/** A launched instance, where it runs, and the `RunInstances` call as CloudTrail logs it. */
export interface LaunchedInstance {
  readonly instanceId: string;
  readonly availabilityZone: string;
  readonly event: SeededEvent;
}

/**
 * Launches one instance into a default subnet with the given metadata options and public-address choice;
 * its root volume is encrypted (with the account's default EBS key) unless `encryptedRoot` is false, and it
 * runs with `instanceProfileArn` when given.
 */
export async function launchInstance(
  ec2: EC2Client,
  options: {
    readonly httpTokens: 'optional' | 'required';
    readonly publicIp: boolean;
    readonly encryptedRoot?: boolean;
    /** An instance profile to launch the instance with; none when absent. */
    readonly instanceProfileArn?: string;
  },
): Promise<LaunchedInstance> {
  const subnets = await ec2.send(
    new DescribeSubnetsCommand({ Filters: [{ Name: 'default-for-az', Values: ['true'] }] }),
  );
  const subnet = subnets.Subnets?.[0];
  const subnetId = subnet?.SubnetId ?? '';
  const encrypted = options.encryptedRoot ?? true;
  const run = await ec2.send(
    new RunInstancesCommand({
      ImageId: IMAGE_ID,
      InstanceType: 't3.micro',
      MinCount: 1,
      MaxCount: 1,
      MetadataOptions: { HttpTokens: options.httpTokens, HttpEndpoint: 'enabled' },
      NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: subnetId, AssociatePublicIpAddress: options.publicIp }],
      BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 8, Encrypted: encrypted } }],
      ...(options.instanceProfileArn === undefined
        ? {}
        : { IamInstanceProfile: { Arn: options.instanceProfileArn } }),
    }),
  );
  const instance = run.Instances?.[0];
  const instanceId = instance?.InstanceId ?? '';
  return {
    instanceId,
    availabilityZone: instance?.Placement?.AvailabilityZone ?? subnet?.AvailabilityZone ?? '',
    event: {
      eventSource: 'ec2.amazonaws.com',
      eventName: 'RunInstances',
      requestParameters: {
        instancesSet: { items: [{ imageId: IMAGE_ID, minCount: 1, maxCount: 1 }] },
        instanceType: 't3.micro',
        blockDeviceMapping: {
          items: [{ deviceName: '/dev/xvda', ebs: { volumeSize: 8, encrypted } }],
        },
        networkInterfaceSet: {
          items: [{ deviceIndex: 0, subnetId, associatePublicIpAddress: options.publicIp }],
        },
        metadataOptions: { httpTokens: options.httpTokens, httpEndpoint: 'enabled' },
        ...(options.instanceProfileArn === undefined
          ? {}
          : { iamInstanceProfile: { arn: options.instanceProfileArn } }),
      },
      responseElements: {
        requestId: `req-${instanceId}`,
        reservationId: run.ReservationId,
        ownerId: run.OwnerId,
        groupSet: {},
        instancesSet: {
          items: [{ instanceId, imageId: IMAGE_ID, instanceState: { code: 0, name: 'pending' } }],
        },
      },
    },
  };
}
