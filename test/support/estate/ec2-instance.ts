import { INSTANCE_TYPE } from '#shared/resources/ec2';
import { launchInstance } from './ec2-launch';
import type { PairSeeder } from './pair';

/**
 * Two instances in a default subnet: one answering IMDSv1 (`httpTokens: optional`) with a public IPv4
 * address, which fails `ec2-imdsv2-check` and `ec2-instance-no-public-ip`; its twin requires IMDSv2 tokens
 * and has no public address. Both root volumes are encrypted, so the estate's volume rules see neither.
 */
export const EC2_INSTANCE_SEEDER: PairSeeder = {
  resourceType: INSTANCE_TYPE,
  async seed(clients) {
    const ec2 = await clients.client('ec2');
    const exposed = await launchInstance(ec2, { httpTokens: 'optional', publicIp: true });
    const hardened = await launchInstance(ec2, { httpTokens: 'required', publicIp: false });
    return {
      misconfigured: { resourceType: INSTANCE_TYPE, resourceId: exposed.instanceId },
      compliant: { resourceType: INSTANCE_TYPE, resourceId: hardened.instanceId },
      failingRules: ['ec2-imdsv2-check', 'ec2-instance-no-public-ip'],
      events: [exposed.event, hardened.event],
    };
  },
};
