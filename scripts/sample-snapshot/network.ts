import { ACCOUNT_ID, configurationItem, type RawConfigurationItem, tagList } from './envelope';

// The default flow log record format: literal `${field}` placeholders, built so no string holds `${`.
const FLOW_LOG_FORMAT = [
  'version',
  'account-id',
  'interface-id',
  'srcaddr',
  'dstaddr',
  'srcport',
  'dstport',
  'protocol',
  'packets',
  'bytes',
  'start',
  'end',
  'action',
  'log-status',
]
  .map((field) => `$${'{'}${field}}`)
  .join(' ');

/** The production VPC, where the payments workloads run. */
export const PROD_VPC = 'vpc-0f1e2d3c4b5a69788';
/** The analytics VPC, created by hand years ago and never given flow logs. */
export const DATA_VPC = 'vpc-0c3d5e7f9a1b2c4d6';

function vpc(id: string, name: string, cidr: string, isDefault: boolean): RawConfigurationItem {
  const tags: Record<string, string> = name ? { Name: name } : {};
  const suffix = id.slice(4);
  return configurationItem({
    resourceType: 'AWS::EC2::VPC',
    resourceId: id,
    resourceName: name,
    arn: `arn:aws:ec2:us-east-1:${ACCOUNT_ID}:vpc/${id}`,
    captureTime: '2026-11-19T07:12:40.511Z',
    tags,
    relationships: [
      { resourceType: 'AWS::EC2::NetworkAcl', resourceId: `acl-${suffix}`, name: 'Contains NetworkAcl' },
      { resourceType: 'AWS::EC2::RouteTable', resourceId: `rtb-${suffix}`, name: 'Contains RouteTable' },
      { resourceType: 'AWS::EC2::SecurityGroup', resourceId: `sg-${suffix}`, name: 'Contains SecurityGroup' },
    ],
    configuration: {
      cidrBlock: cidr,
      dhcpOptionsId: 'dopt-0a1b2c3d4e5f6a7b8',
      state: 'available',
      vpcId: id,
      ownerId: ACCOUNT_ID,
      instanceTenancy: 'default',
      ipv6CidrBlockAssociationSet: [],
      cidrBlockAssociationSet: [
        {
          associationId: `vpc-cidr-assoc-${suffix}`,
          cidrBlock: cidr,
          cidrBlockState: { state: 'associated' },
        },
      ],
      isDefault,
      tags: tagList(tags),
    },
  });
}

function securityGroup(options: {
  id: string;
  name: string;
  description: string;
  vpcId: string;
  ingress: Record<string, unknown>[];
  egress?: Record<string, unknown>[];
  tags?: Record<string, string>;
}): RawConfigurationItem {
  const tags = options.tags ?? (options.name === 'default' ? {} : { Name: options.name });
  return configurationItem({
    resourceType: 'AWS::EC2::SecurityGroup',
    resourceId: options.id,
    resourceName: options.name,
    arn: `arn:aws:ec2:us-east-1:${ACCOUNT_ID}:security-group/${options.id}`,
    captureTime: '2026-11-19T16:22:08.417Z',
    tags,
    relationships: [
      { resourceType: 'AWS::EC2::VPC', resourceId: options.vpcId, name: 'Is contained in Vpc' },
    ],
    configuration: {
      description: options.description,
      groupName: options.name,
      ipPermissions: options.ingress,
      ownerId: ACCOUNT_ID,
      groupId: options.id,
      ipPermissionsEgress: options.egress ?? [allTrafficTo('0.0.0.0/0')],
      tags: tagList(tags),
      vpcId: options.vpcId,
    },
  });
}

function tcp(port: number, cidrs: string[], ipv6: string[] = []): Record<string, unknown> {
  return {
    ipProtocol: 'tcp',
    fromPort: port,
    toPort: port,
    ipv6Ranges: ipv6.map((cidrIpv6) => ({ cidrIpv6 })),
    prefixListIds: [],
    userIdGroupPairs: [],
    ipv4Ranges: cidrs.map((cidrIp) => ({ cidrIp })),
    ipRanges: cidrs,
  };
}

function allTrafficTo(cidr: string): Record<string, unknown> {
  return {
    ipProtocol: '-1',
    ipv6Ranges: [],
    prefixListIds: [],
    userIdGroupPairs: [],
    ipv4Ranges: [{ cidrIp: cidr }],
    ipRanges: [cidr],
  };
}

function fromGroup(port: number, groupId: string): Record<string, unknown> {
  return {
    ipProtocol: 'tcp',
    fromPort: port,
    toPort: port,
    ipv6Ranges: [],
    prefixListIds: [],
    userIdGroupPairs: [{ groupId, userId: ACCOUNT_ID }],
    ipv4Ranges: [],
    ipRanges: [],
  };
}

/** VPCs, their flow logs and security groups. */
export function networkResources(): RawConfigurationItem[] {
  return [
    vpc(PROD_VPC, 'prod', '10.20.0.0/16', false),
    configurationItem({
      resourceType: 'AWS::EC2::FlowLog',
      resourceId: 'fl-0a1b2c3d4e5f60718',
      arn: `arn:aws:ec2:us-east-1:${ACCOUNT_ID}:vpc-flow-log/fl-0a1b2c3d4e5f60718`,
      captureTime: '2026-11-19T07:12:42.118Z',
      relationships: [
        { resourceType: 'AWS::EC2::VPC', resourceId: PROD_VPC, name: 'Is associated with Vpc' },
      ],
      configuration: {
        creationTime: '2026-01-12T10:31:07.000Z',
        deliverLogsPermissionArn: `arn:aws:iam::${ACCOUNT_ID}:role/vpc-flow-logs-delivery`,
        deliverLogsStatus: 'SUCCESS',
        flowLogId: 'fl-0a1b2c3d4e5f60718',
        flowLogStatus: 'ACTIVE',
        resourceId: PROD_VPC,
        trafficType: 'ALL',
        logDestinationType: 'cloud-watch-logs',
        logDestination: `arn:aws:logs:us-east-1:${ACCOUNT_ID}:log-group:/vpc/flow-logs/prod`,
        logFormat: FLOW_LOG_FORMAT,
        maxAggregationInterval: 600,
        tags: [],
        logGroupName: '/vpc/flow-logs/prod',
      },
    }),
    vpc(DATA_VPC, 'data-platform', '10.40.0.0/16', false),
    securityGroup({
      id: 'sg-0f5a7b9c1d3e5f7a9',
      name: 'default',
      description: 'default VPC security group',
      vpcId: PROD_VPC,
      ingress: [],
      egress: [],
    }),
    securityGroup({
      id: 'sg-0e6b8c0d2f4a6b8c0',
      name: 'default',
      description: 'default VPC security group',
      vpcId: DATA_VPC,
      ingress: [
        {
          ipProtocol: '-1',
          ipv6Ranges: [],
          prefixListIds: [],
          userIdGroupPairs: [{ groupId: 'sg-0e6b8c0d2f4a6b8c0', userId: ACCOUNT_ID }],
          ipv4Ranges: [],
          ipRanges: [],
        },
      ],
    }),
    securityGroup({
      id: 'sg-0a1b2c3d4e5f60718',
      name: 'bastion-ssh',
      description: 'SSH bastion (legacy)',
      vpcId: PROD_VPC,
      ingress: [tcp(22, ['0.0.0.0/0'])],
    }),
    securityGroup({
      id: 'sg-0c2d4e6f8a0b1c3d5',
      name: 'payments-alb',
      description: 'Public HTTPS for the payments ALB',
      vpcId: PROD_VPC,
      tags: { Name: 'payments-alb', team: 'payments' },
      ingress: [tcp(443, ['0.0.0.0/0'], ['::/0'])],
    }),
    securityGroup({
      id: 'sg-0b7e6d5c4a3f2e1d0',
      name: 'payments-api',
      description: 'payments API instances, reachable from the ALB and the VPN range',
      vpcId: PROD_VPC,
      tags: { Name: 'payments-api', team: 'payments' },
      ingress: [fromGroup(8443, 'sg-0c2d4e6f8a0b1c3d5'), tcp(22, ['10.20.0.0/16'])],
    }),
    securityGroup({
      id: 'sg-0d9c8b7a6f5e4d3c2',
      name: 'analytics-rdp',
      description: 'Windows analytics workstation',
      vpcId: DATA_VPC,
      tags: { Name: 'analytics-rdp', team: 'analytics' },
      ingress: [tcp(3389, [], ['::/0']), tcp(3306, ['0.0.0.0/0'])],
    }),
  ];
}
