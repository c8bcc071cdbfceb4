import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  type IpPermission,
} from '@aws-sdk/client-ec2';
import { SECURITY_GROUP_TYPE } from '#shared/resources/ec2';
import type { PairSeeder, SeededPair } from './pair';

/** One TCP port open to the whole IPv4 internet. */
function worldOpen(port: number): IpPermission {
  return { IpProtocol: 'tcp', FromPort: port, ToPort: port, IpRanges: [{ CidrIp: '0.0.0.0/0' }] };
}

/** CloudTrail's request shape of the same rules (EC2's query API nests lists as `{items: [...]}`). */
function worldOpenRequest(ports: readonly number[]): Record<string, unknown> {
  return {
    ipPermissions: {
      items: ports.map((port) => ({
        ipProtocol: 'tcp',
        fromPort: port,
        toPort: port,
        groups: {},
        ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] },
        ipv6Ranges: {},
        prefixListIds: {},
      })),
    },
  };
}

/**
 * Two security groups of the default VPC: one opening SSH (22) and RDP (3389) to 0.0.0.0/0, which fails
 * `restricted-ssh`, `restricted-common-ports` and `vpc-sg-open-only-to-authorized-ports` (443 is the only
 * authorized port by default); its twin opens only HTTPS (443) to the internet and passes all three.
 */
export const EC2_SECURITY_GROUP_SEEDER: PairSeeder = {
  resourceType: SECURITY_GROUP_TYPE,
  async seed(clients, { suffix }) {
    const ec2 = await clients.client('ec2');
    const events: SeededPair['events'][number][] = [];
    const groups: { groupId: string; ports: readonly number[] }[] = [];
    for (const [name, ports] of [
      [`vigil-admin-open-${suffix}`, [22, 3389]],
      [`vigil-web-${suffix}`, [443]],
    ] as const) {
      const description = `vigil estate ${name}`;
      const created = await ec2.send(
        new CreateSecurityGroupCommand({ GroupName: name, Description: description }),
      );
      const groupId = created.GroupId ?? '';
      await ec2.send(
        new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: ports.map(worldOpen) }),
      );
      groups.push({ groupId, ports });
      events.push(
        {
          eventSource: 'ec2.amazonaws.com',
          eventName: 'CreateSecurityGroup',
          requestParameters: { groupName: name, groupDescription: description },
          responseElements: { requestId: `req-${groupId}`, _return: true, groupId },
        },
        {
          eventSource: 'ec2.amazonaws.com',
          eventName: 'AuthorizeSecurityGroupIngress',
          requestParameters: { groupId, ...worldOpenRequest(ports) },
          responseElements: { requestId: `req-${groupId}-rules`, _return: true },
        },
      );
    }
    const [open, web] = groups;
    return {
      misconfigured: { resourceType: SECURITY_GROUP_TYPE, resourceId: open?.groupId ?? '' },
      compliant: { resourceType: SECURITY_GROUP_TYPE, resourceId: web?.groupId ?? '' },
      failingRules: ['restricted-ssh', 'restricted-common-ports', 'vpc-sg-open-only-to-authorized-ports'],
      events,
    };
  },
};
