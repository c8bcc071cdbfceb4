import { ACCOUNT_ID, configurationItem, type RawConfigurationItem, tagList } from './envelope';
import { PROD_VPC } from './network';

interface InstanceOptions {
  readonly id: string;
  readonly name: string;
  readonly team: string;
  readonly type: string;
  readonly arch: 'arm64' | 'x86_64';
  readonly privateIp: string;
  readonly publicIp?: string;
  readonly subnet: string;
  readonly group: { readonly id: string; readonly name: string };
  readonly eni: string;
  readonly volume: string;
  readonly httpTokens: 'required' | 'optional';
  readonly keyName?: string;
  /** When someone stopped it (omitted: running). */
  readonly stoppedAt?: string;
  /** Whether it runs with an instance profile (default true). */
  readonly instanceProfile?: boolean;
}

/** `2026-08-14 17:02:11`, the form EC2 writes into `stateTransitionReason`. */
function stopTime(iso: string): string {
  return iso.slice(0, 19).replace('T', ' ');
}

function instance(options: InstanceOptions): RawConfigurationItem {
  const tags = { Name: options.name, team: options.team };
  const privateDns = `ip-${options.privateIp.replaceAll('.', '-')}.ec2.internal`;
  const publicDns = options.publicIp
    ? `ec2-${options.publicIp.replaceAll('.', '-')}.compute-1.amazonaws.com`
    : '';
  const association = options.publicIp
    ? { ipOwnerId: 'amazon', publicDnsName: publicDns, publicIp: options.publicIp }
    : null;
  const groups = [{ groupName: options.group.name, groupId: options.group.id }];
  return configurationItem({
    resourceType: 'AWS::EC2::Instance',
    resourceId: options.id,
    arn: `arn:aws:ec2:us-east-1:${ACCOUNT_ID}:instance/${options.id}`,
    captureTime: '2026-11-20T08:41:17.562Z',
    createdAt: '2026-03-02T14:05:33.000Z',
    availabilityZone: 'us-east-1a',
    tags,
    relationships: [
      {
        resourceType: 'AWS::EC2::NetworkInterface',
        resourceId: options.eni,
        name: 'Contains NetworkInterface',
      },
      {
        resourceType: 'AWS::EC2::SecurityGroup',
        resourceId: options.group.id,
        name: 'Is associated with SecurityGroup',
      },
      { resourceType: 'AWS::EC2::Subnet', resourceId: options.subnet, name: 'Is contained in Subnet' },
      { resourceType: 'AWS::EC2::Volume', resourceId: options.volume, name: 'Is attached to Volume' },
      { resourceType: 'AWS::EC2::VPC', resourceId: PROD_VPC, name: 'Is contained in Vpc' },
    ],
    configuration: {
      amiLaunchIndex: 0,
      imageId: options.arch === 'arm64' ? 'ami-0c7217cdde317cfec' : 'ami-0fc5d935ebf8bc3bc',
      instanceId: options.id,
      instanceType: options.type,
      kernelId: null,
      keyName: options.keyName ?? null,
      launchTime: '2026-03-02T14:05:33.000Z',
      monitoring: { state: 'disabled' },
      placement: { availabilityZone: 'us-east-1a', groupName: '', tenancy: 'default' },
      platform: null,
      privateDnsName: privateDns,
      privateIpAddress: options.privateIp,
      productCodes: [],
      publicDnsName: publicDns,
      publicIpAddress: options.publicIp ?? null,
      state: options.stoppedAt ? { code: 80, name: 'stopped' } : { code: 16, name: 'running' },
      stateTransitionReason: options.stoppedAt ? `User initiated (${stopTime(options.stoppedAt)} GMT)` : '',
      subnetId: options.subnet,
      vpcId: PROD_VPC,
      architecture: options.arch,
      blockDeviceMappings: [
        {
          deviceName: '/dev/xvda',
          ebs: {
            attachTime: '2026-03-02T14:05:34.000Z',
            deleteOnTermination: true,
            status: 'attached',
            volumeId: options.volume,
          },
        },
      ],
      clientToken: 'terraform-20260302140531876500000001',
      ebsOptimized: true,
      enaSupport: true,
      hypervisor: 'xen',
      iamInstanceProfile:
        options.instanceProfile === false
          ? null
          : {
              arn: `arn:aws:iam::${ACCOUNT_ID}:instance-profile/${options.name}`,
              id: 'AIPAQEXAMPLE7ZQ3K2LMN',
            },
      networkInterfaces: [
        {
          association,
          attachment: {
            attachTime: '2026-03-02T14:05:33.000Z',
            attachmentId: `eni-attach-${options.eni.slice(4)}`,
            deleteOnTermination: true,
            deviceIndex: 0,
            status: 'attached',
            networkCardIndex: 0,
          },
          description: '',
          groups,
          ipv6Addresses: [],
          macAddress: '0e:3a:6f:21:9c:55',
          networkInterfaceId: options.eni,
          ownerId: ACCOUNT_ID,
          privateDnsName: privateDns,
          privateIpAddress: options.privateIp,
          privateIpAddresses: [
            { association, primary: true, privateDnsName: privateDns, privateIpAddress: options.privateIp },
          ],
          sourceDestCheck: true,
          status: 'in-use',
          subnetId: options.subnet,
          vpcId: PROD_VPC,
          interfaceType: 'interface',
        },
      ],
      rootDeviceName: '/dev/xvda',
      rootDeviceType: 'ebs',
      securityGroups: groups,
      sourceDestCheck: true,
      virtualizationType: 'hvm',
      cpuOptions: { coreCount: 2, threadsPerCore: 1 },
      capacityReservationSpecification: { capacityReservationPreference: 'open' },
      hibernationOptions: { configured: false },
      metadataOptions: {
        state: 'applied',
        httpTokens: options.httpTokens,
        httpPutResponseHopLimit: options.httpTokens === 'required' ? 2 : 1,
        httpEndpoint: 'enabled',
        httpProtocolIpv6: 'disabled',
        instanceMetadataTags: 'disabled',
      },
      enclaveOptions: { enabled: false },
      bootMode: options.arch === 'arm64' ? 'uefi' : 'legacy-bios',
      platformDetails: 'Linux/UNIX',
      usageOperation: 'RunInstances',
    },
  });
}

function volume(options: {
  id: string;
  name: string;
  size: number;
  encrypted: boolean;
  attachedTo?: string;
  captureTime: string;
}): RawConfigurationItem {
  const tags = { Name: options.name };
  return configurationItem({
    resourceType: 'AWS::EC2::Volume',
    resourceId: options.id,
    arn: `arn:aws:ec2:us-east-1:${ACCOUNT_ID}:volume/${options.id}`,
    captureTime: options.captureTime,
    createdAt: '2026-03-02T14:05:33.912Z',
    availabilityZone: 'us-east-1a',
    tags,
    relationships: options.attachedTo
      ? [
          {
            resourceType: 'AWS::EC2::Instance',
            resourceId: options.attachedTo,
            name: 'Is attached to Instance',
          },
        ]
      : [],
    configuration: {
      attachments: options.attachedTo
        ? [
            {
              attachTime: '2026-03-02T14:05:34.000Z',
              device: '/dev/xvda',
              instanceId: options.attachedTo,
              state: 'attached',
              volumeId: options.id,
              deleteOnTermination: true,
            },
          ]
        : [],
      availabilityZone: 'us-east-1a',
      createTime: '2026-03-02T14:05:33.912Z',
      encrypted: options.encrypted,
      size: options.size,
      snapshotId: '',
      state: options.attachedTo ? 'in-use' : 'available',
      volumeId: options.id,
      iops: 3000,
      tags: tagList(tags),
      volumeType: 'gp3',
      multiAttachEnabled: false,
      throughput: 125,
      ...(options.encrypted
        ? { kmsKeyId: `arn:aws:kms:us-east-1:${ACCOUNT_ID}:key/4f6c1a2e-8b3d-4e7f-9a10-2b3c4d5e6f70` }
        : {}),
    },
  });
}

/** EC2 instances and their volumes. */
export function computeResources(): RawConfigurationItem[] {
  return [
    instance({
      id: 'i-0a4f3c2b1d0e9f871',
      name: 'payments-api-1',
      team: 'payments',
      type: 'm6g.large',
      arch: 'arm64',
      privateIp: '10.20.1.37',
      subnet: 'subnet-0e9d8c7b6a5f4e3d2',
      group: { id: 'sg-0b7e6d5c4a3f2e1d0', name: 'payments-api' },
      eni: 'eni-0c1d2e3f4a5b6c7d8',
      volume: 'vol-0d2c4e6f8a0b1c3d5',
      httpTokens: 'required',
    }),
    volume({
      id: 'vol-0d2c4e6f8a0b1c3d5',
      name: 'payments-api-1-root',
      size: 50,
      encrypted: true,
      attachedTo: 'i-0a4f3c2b1d0e9f871',
      captureTime: '2026-11-19T09:40:21.650Z',
    }),
    instance({
      id: 'i-07e1d2c3b4a596870',
      name: 'legacy-reporting',
      team: 'analytics',
      type: 't3.medium',
      arch: 'x86_64',
      privateIp: '10.20.101.12',
      publicIp: '54.210.77.19',
      subnet: 'subnet-0a1b2c3d4e5f60789',
      group: { id: 'sg-0a1b2c3d4e5f60718', name: 'bastion-ssh' },
      eni: 'eni-0f9e8d7c6b5a40312',
      volume: 'vol-03f2e1d0c9b8a7654',
      httpTokens: 'optional',
      keyName: 'legacy-ops',
    }),
    volume({
      id: 'vol-03f2e1d0c9b8a7654',
      name: 'legacy-reporting-root',
      size: 30,
      encrypted: false,
      attachedTo: 'i-07e1d2c3b4a596870',
      captureTime: '2026-11-19T09:40:21.650Z',
    }),
    // A build agent someone stopped in August "for now", launched by hand without an instance profile.
    instance({
      id: 'i-0c6b5a4f3e2d1c0b9',
      name: 'build-agent-old',
      team: 'platform',
      type: 'c5.xlarge',
      arch: 'x86_64',
      privateIp: '10.20.1.84',
      subnet: 'subnet-0e9d8c7b6a5f4e3d2',
      group: { id: 'sg-0b7e6d5c4a3f2e1d0', name: 'payments-api' },
      eni: 'eni-0a2b4c6d8e0f1a3b5',
      volume: 'vol-0b1a2c3d4e5f60718',
      httpTokens: 'required',
      stoppedAt: '2026-08-14T17:02:11.000Z',
      instanceProfile: false,
    }),
    volume({
      id: 'vol-0b1a2c3d4e5f60718',
      name: 'build-agent-old-root',
      size: 100,
      encrypted: true,
      attachedTo: 'i-0c6b5a4f3e2d1c0b9',
      captureTime: '2026-11-19T09:40:21.650Z',
    }),
    volume({
      id: 'vol-0e4d3c2b1a0f9e8d7',
      name: 'old-export-scratch',
      size: 500,
      encrypted: false,
      captureTime: '2026-11-20T02:11:09.002Z',
    }),
  ];
}
