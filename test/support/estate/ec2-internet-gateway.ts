import { randomInt } from 'node:crypto';
import {
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateVpcCommand,
} from '@aws-sdk/client-ec2';
import { INTERNET_GATEWAY_TYPE } from '#shared/resources/ec2';
import type { SeededEvent } from './ec2-launch';
import type { PairSeeder } from './pair';

/**
 * Two internet gateways: one attached to a new VPC that no `AuthorizedVpcIds` list names (the rule's
 * default authorizes none), which fails `internet-gateway-authorized-vpc-only`; its twin attached to nothing.
 */
export const EC2_INTERNET_GATEWAY_SEEDER: PairSeeder = {
  resourceType: INTERNET_GATEWAY_TYPE,
  async seed(clients) {
    const ec2 = await clients.client('ec2');
    const cidrBlock = `10.${randomInt(0, 256)}.0.0/16`;
    const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: cidrBlock }));
    const vpcId = vpc.Vpc?.VpcId ?? '';
    const events: SeededEvent[] = [
      {
        eventSource: 'ec2.amazonaws.com',
        eventName: 'CreateVpc',
        requestParameters: { cidrBlock, instanceTenancy: 'default' },
        responseElements: { vpc: { vpcId, state: 'pending', cidrBlock, isDefault: false } },
      },
    ];
    const gatewayIds: string[] = [];
    for (let index = 0; index < 2; index += 1) {
      const created = await ec2.send(new CreateInternetGatewayCommand({}));
      const internetGatewayId = created.InternetGateway?.InternetGatewayId ?? '';
      gatewayIds.push(internetGatewayId);
      events.push({
        eventSource: 'ec2.amazonaws.com',
        eventName: 'CreateInternetGateway',
        requestParameters: {},
        responseElements: { internetGateway: { internetGatewayId, attachmentSet: {} } },
      });
    }
    const [attached = '', spare = ''] = gatewayIds;
    await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: attached, VpcId: vpcId }));
    events.push({
      eventSource: 'ec2.amazonaws.com',
      eventName: 'AttachInternetGateway',
      requestParameters: { internetGatewayId: attached, vpcId },
      responseElements: { _return: true },
    });
    return {
      misconfigured: { resourceType: INTERNET_GATEWAY_TYPE, resourceId: attached },
      compliant: { resourceType: INTERNET_GATEWAY_TYPE, resourceId: spare },
      failingRules: ['internet-gateway-authorized-vpc-only'],
      events,
    };
  },
};
