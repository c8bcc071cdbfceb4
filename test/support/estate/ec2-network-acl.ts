import { randomInt } from 'node:crypto';
import {
  CreateNetworkAclCommand,
  CreateNetworkAclEntryCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeNetworkAclsCommand,
  type EC2Client,
  ReplaceNetworkAclAssociationCommand,
} from '@aws-sdk/client-ec2';
import { NETWORK_ACL_TYPE } from '#shared/resources/ec2';
import type { SeededEvent } from './ec2-launch';
import type { PairSeeder } from './pair';

/** Creates a network ACL in the VPC with one inbound allow entry over TCP from anywhere. */
async function aclAllowing(
  ec2: EC2Client,
  vpcId: string,
  port: number,
): Promise<{ readonly aclId: string; readonly events: readonly SeededEvent[] }> {
  const created = await ec2.send(new CreateNetworkAclCommand({ VpcId: vpcId }));
  const aclId = created.NetworkAcl?.NetworkAclId ?? '';
  const entry = {
    NetworkAclId: aclId,
    RuleNumber: 100,
    Protocol: '6',
    RuleAction: 'allow' as const,
    Egress: false,
    CidrBlock: '0.0.0.0/0',
    PortRange: { From: port, To: port },
  };
  await ec2.send(new CreateNetworkAclEntryCommand(entry));
  return {
    aclId,
    events: [
      {
        eventSource: 'ec2.amazonaws.com',
        eventName: 'CreateNetworkAcl',
        requestParameters: { vpcId },
        responseElements: { networkAcl: { networkAclId: aclId, vpcId, default: false } },
      },
      {
        eventSource: 'ec2.amazonaws.com',
        eventName: 'CreateNetworkAclEntry',
        requestParameters: {
          networkAclId: aclId,
          ruleNumber: 100,
          egress: false,
          ruleAction: 'allow',
          icmpTypeCode: {},
          portRange: { from: port, to: port },
          aclProtocol: '6',
          cidrBlock: '0.0.0.0/0',
        },
        responseElements: { _return: true },
      },
    ],
  };
}

/**
 * Two custom network ACLs in a new VPC: one allowing SSH (tcp 22) from anywhere and associated with no
 * subnet, which fails `nacl-no-unrestricted-ssh-rdp` and `vpc-network-acl-unused-check`; its twin allows
 * only HTTPS from anywhere and takes over the VPC's one subnet from the default ACL.
 */
export const EC2_NETWORK_ACL_SEEDER: PairSeeder = {
  resourceType: NETWORK_ACL_TYPE,
  async seed(clients) {
    const ec2 = await clients.client('ec2');
    const cidrBlock = `10.${randomInt(0, 256)}.0.0/16`;
    const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: cidrBlock }));
    const vpcId = vpc.Vpc?.VpcId ?? '';
    const subnetCidr = cidrBlock.replace('.0.0/16', '.1.0/24');
    const subnet = await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: subnetCidr }));
    const subnetId = subnet.Subnet?.SubnetId ?? '';
    const open = await aclAllowing(ec2, vpcId, 22);
    const web = await aclAllowing(ec2, vpcId, 443);
    // A new subnet joins the VPC's default ACL; its association id is what moving it names.
    const current = await ec2.send(
      new DescribeNetworkAclsCommand({ Filters: [{ Name: 'association.subnet-id', Values: [subnetId] }] }),
    );
    const associationId =
      current.NetworkAcls?.[0]?.Associations?.find((association) => association.SubnetId === subnetId)
        ?.NetworkAclAssociationId ?? '';
    const moved = await ec2.send(
      new ReplaceNetworkAclAssociationCommand({ AssociationId: associationId, NetworkAclId: web.aclId }),
    );
    return {
      misconfigured: { resourceType: NETWORK_ACL_TYPE, resourceId: open.aclId },
      compliant: { resourceType: NETWORK_ACL_TYPE, resourceId: web.aclId },
      failingRules: ['nacl-no-unrestricted-ssh-rdp', 'vpc-network-acl-unused-check'],
      events: [
        {
          eventSource: 'ec2.amazonaws.com',
          eventName: 'CreateVpc',
          requestParameters: { cidrBlock, instanceTenancy: 'default' },
          responseElements: { vpc: { vpcId, state: 'pending', cidrBlock, isDefault: false } },
        },
        {
          eventSource: 'ec2.amazonaws.com',
          eventName: 'CreateSubnet',
          requestParameters: { vpcId, cidrBlock: subnetCidr },
          responseElements: { subnet: { subnetId, vpcId, cidrBlock: subnetCidr, state: 'pending' } },
        },
        ...open.events,
        ...web.events,
        {
          eventSource: 'ec2.amazonaws.com',
          eventName: 'ReplaceNetworkAclAssociation',
          requestParameters: { associationId, networkAclId: web.aclId },
          responseElements: { newAssociationId: moved.NewAssociationId ?? '' },
        },
      ],
      motoGaps: [
        'moto answers DescribeNetworkAcls for a deleted ACL with InvalidRouteTableID.NotFound (EC2: ' +
          'InvalidNetworkAclID.NotFound); the describer reads both as deleted.',
      ],
    };
  },
};
