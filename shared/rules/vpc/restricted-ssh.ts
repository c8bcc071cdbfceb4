import {
  describeWorldOpenRule,
  openedPorts,
  rangeIncludes,
  recordsIngress,
  SECURITY_GROUP_TYPE,
  type SecurityGroupConfiguration,
  securityGroupId,
  worldOpenIngress,
} from '#shared/resources/ec2';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

const SSH_PORT = 22;

/**
 * Security groups do not allow SSH (TCP 22) from the whole internet.
 * An inbound rule fails when its protocol is TCP or all traffic (`-1`), its port range includes 22, and a
 * source is `0.0.0.0/0` or `::/0` (any CIDR with prefix length 0). Sources that are other security groups,
 * prefix lists or narrower CIDRs are restricted, as in the managed rule.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/restricted-ssh.html
 */
export const restrictedSsh = {
  id: 'restricted-ssh',
  title: 'Security groups do not allow SSH from the whole internet',
  resourceTypes: [SECURITY_GROUP_TYPE],
  severity: 'high',
  managedRule: true,
  parameters: {},
  rationale: 'SSH open to the internet invites brute-force and exploit attempts on every attached instance.',
  remediationAdvice:
    'Remove the 0.0.0.0/0 and ::/0 sources for port 22 (`aws ec2 revoke-security-group-ingress --group-id <sg> --ip-permissions ...`) and reach instances through Session Manager or a VPN-restricted CIDR.',
  evaluate(item) {
    const groupId = securityGroupId(item);
    if (!recordsIngress(item.configuration)) {
      return notApplicable(`The inbound rules of ${groupId} were not recorded.`);
    }
    const findings = worldOpenIngress(item.configuration).filter((rule) => {
      const ports = openedPorts(rule.permission, 'tcp');
      return ports !== undefined && rangeIncludes(ports, SSH_PORT);
    });
    if (findings.length === 0) {
      return compliant(`No inbound rule of ${groupId} opens port ${SSH_PORT} to 0.0.0.0/0 or ::/0.`);
    }
    const listed = findings.slice(0, 3).map(describeWorldOpenRule).join('; ');
    const more = findings.length > 3 ? `; and ${findings.length - 3} more` : '';
    return nonCompliant(`Port ${SSH_PORT} open to the internet in ${groupId}: ${listed}${more}.`);
  },
} as const satisfies Rule<Record<string, never>, SecurityGroupConfiguration>;
