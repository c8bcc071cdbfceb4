import type { IpPermission as SdkIpPermission } from '@aws-sdk/client-ec2';
import {
  type IpPermission,
  openedPorts,
  rangeIncludes,
  SECURITY_GROUP_TYPE,
  type SecurityGroupConfiguration,
  securityGroupId,
  worldOpenIngress,
} from '#shared/resources/ec2';
import { nothingToDo, planCalls, type Remediation, refuse } from './remediation';

const SSH_PORT = 22;

/**
 * The permission to revoke for one offending inbound rule: the rule's exact protocol and ports, with only
 * its whole-internet sources (EC2 matches revoked permissions exactly, so other sources of the same rule
 * stay). Protocol `-1` (all traffic) carries no ports.
 */
export function worldOpenPart(permission: IpPermission, sources: readonly string[]): SdkIpPermission {
  const protocol = (permission.ipProtocol ?? '-1').trim().toLowerCase();
  const ipv4 = sources.filter((cidr) => !cidr.includes(':'));
  const ipv6 = sources.filter((cidr) => cidr.includes(':'));
  const from = permission.fromPort;
  const to = permission.toPort;
  const ports =
    protocol === '-1' ||
    protocol === 'all' ||
    from === undefined ||
    from === null ||
    to === undefined ||
    to === null
      ? {}
      : { FromPort: from, ToPort: to };
  return {
    IpProtocol: protocol === 'all' ? '-1' : protocol,
    ...ports,
    ...(ipv4.length === 0 ? {} : { IpRanges: ipv4.map((cidr) => ({ CidrIp: cidr })) }),
    ...(ipv6.length === 0 ? {} : { Ipv6Ranges: ipv6.map((cidr) => ({ CidrIpv6: cidr })) }),
  };
}

/**
 * Revokes exactly the inbound permissions that open TCP port 22 to `0.0.0.0/0` or `::/0`
 * (`RevokeSecurityGroupIngress`): for each offending rule, its whole-internet sources on its own protocol
 * and port range. Other rules, and other sources of the same rule, stay. An offending rule that covers
 * more than port 22 (a range, or all traffic) is revoked whole for those sources, because EC2 cannot
 * revoke part of a range. The group is never deleted; re-adding the rule undoes the change.
 */
export const restrictedSshRemediation = {
  ruleId: 'restricted-ssh',
  title: 'Revoke inbound rules that open SSH (TCP 22) to 0.0.0.0/0 or ::/0',
  resourceTypes: [SECURITY_GROUP_TYPE],
  permissions: ['ec2:RevokeSecurityGroupIngress'],
  verification: 'immediate',
  plan(item) {
    const groupId = securityGroupId(item);
    const offending = worldOpenIngress(item.configuration).filter((rule) => {
      const ports = openedPorts(rule.permission, 'tcp');
      return ports !== undefined && rangeIncludes(ports, SSH_PORT);
    });
    const [first, ...rest] = offending;
    if (first === undefined) {
      return nothingToDo(`No inbound rule of ${groupId} opens port ${SSH_PORT} to the internet.`);
    }
    if (!groupId.startsWith('sg-')) return refuse(`Security group id ${groupId} is not recorded.`);
    const permissions = [first, ...rest].map((rule) => worldOpenPart(rule.permission, rule.sources));
    const described = [first, ...rest]
      .map(
        (rule) =>
          `${rule.permission.ipProtocol ?? '-1'} ${rule.permission.fromPort ?? 'all'}-${rule.permission.toPort ?? 'all'} from ${rule.sources.join(', ')}`,
      )
      .join('; ');
    return planCalls({
      service: 'ec2',
      operation: 'RevokeSecurityGroupIngress',
      input: { GroupId: groupId, IpPermissions: permissions },
      description: `Revoke ${permissions.length} inbound permission(s) of ${groupId} open to the internet on port ${SSH_PORT}: ${described}`,
    });
  },
} as const satisfies Remediation<Record<string, never>, SecurityGroupConfiguration>;
