import { randomInt } from 'node:crypto';
import { CreateSubnetCommand, CreateVpcCommand, ModifySubnetAttributeCommand } from '@aws-sdk/client-ec2';
import { SUBNET_TYPE } from '#shared/resources/ec2';
import type { PairSeeder } from './pair';

/**
 * Two subnets of a new VPC: one made to give every instance a public IPv4 address, which fails
 * `subnet-auto-assign-public-ip-disabled`, and its twin left as EC2 creates non-default subnets (no public
 * addresses).
 */
export const EC2_SUBNET_SEEDER: PairSeeder = {
  resourceType: SUBNET_TYPE,
  async seed(clients) {
    const ec2 = await clients.client('ec2');
    const prefix = `10.${randomInt(0, 256)}`;
    const cidrBlock = `${prefix}.0.0/16`;
    const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: cidrBlock }));
    const vpcId = vpc.Vpc?.VpcId ?? '';
    const subnetIds: string[] = [];
    const events: {
      eventSource: string;
      eventName: string;
      requestParameters: Record<string, unknown>;
      responseElements: Record<string, unknown> | null;
    }[] = [
      {
        eventSource: 'ec2.amazonaws.com',
        eventName: 'CreateVpc',
        requestParameters: { cidrBlock, instanceTenancy: 'default' },
        responseElements: { vpc: { vpcId, state: 'pending', cidrBlock, isDefault: false } },
      },
    ];
    for (const third of [1, 2]) {
      const subnetCidr = `${prefix}.${third}.0/24`;
      const subnet = await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: subnetCidr }));
      const subnetId = subnet.Subnet?.SubnetId ?? '';
      subnetIds.push(subnetId);
      events.push({
        eventSource: 'ec2.amazonaws.com',
        eventName: 'CreateSubnet',
        requestParameters: { vpcId, cidrBlock: subnetCidr },
        responseElements: { subnet: { subnetId, vpcId, cidrBlock: subnetCidr, state: 'pending' } },
      });
    }
    const [publicSubnet = '', privateSubnet = ''] = subnetIds;
    await ec2.send(
      new ModifySubnetAttributeCommand({ SubnetId: publicSubnet, MapPublicIpOnLaunch: { Value: true } }),
    );
    events.push({
      eventSource: 'ec2.amazonaws.com',
      eventName: 'ModifySubnetAttribute',
      requestParameters: { subnetId: publicSubnet, mapPublicIpOnLaunch: { value: true } },
      responseElements: { _return: true },
    });
    return {
      misconfigured: { resourceType: SUBNET_TYPE, resourceId: publicSubnet },
      compliant: { resourceType: SUBNET_TYPE, resourceId: privateSubnet },
      failingRules: ['subnet-auto-assign-public-ip-disabled'],
      events,
    };
  },
};
