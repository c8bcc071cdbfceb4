import {
  describeWorldOpenRule,
  openedPorts,
  parsePortRanges,
  rangeIncludes,
  recordsIngress,
  SECURITY_GROUP_TYPE,
  type SecurityGroupConfiguration,
  securityGroupId,
  worldOpenIngress,
} from '#shared/resources/ec2';
import { RuleParameterError } from '#shared/rules/parameters';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

type Params = {
  blockedPort1: number;
  blockedPort2: number;
  blockedPort3: number;
  blockedPort4: number;
  blockedPort5: number;
  blockedPorts: readonly string[];
};

function blockedPortsOf(parameters: Params): readonly number[] {
  const single = [
    parameters.blockedPort1,
    parameters.blockedPort2,
    parameters.blockedPort3,
    parameters.blockedPort4,
    parameters.blockedPort5,
  ];
  for (const port of single) {
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new RuleParameterError(`rule restricted-common-ports: ${port} is not a TCP port`, {
        context: { ruleId: 'restricted-common-ports' },
      });
    }
  }
  const listed = parsePortRanges(parameters.blockedPorts);
  if (!listed.ok) {
    throw new RuleParameterError(
      `rule restricted-common-ports: blockedPorts entry "${listed.entry}" is not a port`,
      {
        context: { ruleId: 'restricted-common-ports', parameter: 'blockedPorts' },
      },
    );
  }
  const fromList = listed.ranges.flatMap((range) =>
    Array.from({ length: range.to - range.from + 1 }, (_, offset) => range.from + offset),
  );
  return [...new Set([...single, ...fromList])].sort((a, b) => a - b);
}

function formatPorts(ports: readonly number[]): string {
  return ports.length <= 8
    ? ports.join(', ')
    : `${ports.slice(0, 8).join(', ')} and ${ports.length - 8} more`;
}

/**
 * Security groups do not allow unrestricted inbound TCP traffic (from `0.0.0.0/0` or `::/0`) to the
 * blocked ports: `blockedPort1`…`blockedPort5` (defaults 20, 21, 3389, 3306, 4333) plus the optional
 * comma-separated `blockedPorts`. A rule counts when its protocol is TCP or all traffic and its port range
 * includes a blocked port.
 * The managed rule speaks of security groups "in use"; every group is judged here, because an unused open
 * group can be attached at any moment (the safer reading).
 * @see https://docs.aws.amazon.com/config/latest/developerguide/restricted-common-ports.html
 */
export const restrictedCommonPorts = {
  id: 'restricted-common-ports',
  title: 'Security groups do not expose FTP, RDP or database ports to the whole internet',
  resourceTypes: [SECURITY_GROUP_TYPE],
  severity: 'high',
  managedRule: true,
  deviation:
    'AWS\'s page "Checks if the security groups in use do not allow unrestricted incoming Transmission Control Protocol (TCP) traffic to specified ports"; Vigil judges every security group, in use or not, because an unused open group can be attached at any moment.',
  parameters: {
    blockedPort1: { type: 'number', default: 20, description: 'Blocked TCP port (FTP data).' },
    blockedPort2: { type: 'number', default: 21, description: 'Blocked TCP port (FTP control).' },
    blockedPort3: { type: 'number', default: 3389, description: 'Blocked TCP port (RDP).' },
    blockedPort4: { type: 'number', default: 3306, description: 'Blocked TCP port (MySQL).' },
    blockedPort5: { type: 'number', default: 4333, description: 'Blocked TCP port (mSQL).' },
    blockedPorts: {
      type: 'string-list',
      default: [],
      description: 'More blocked TCP ports, comma-separated (ranges such as 5432-5433 accepted).',
    },
  },
  rationale:
    'File transfer, remote desktop and database ports reachable from anywhere are prime targets for attackers.',
  remediationAdvice:
    'Remove the 0.0.0.0/0 and ::/0 sources for these ports (`aws ec2 revoke-security-group-ingress`) and allow only known CIDRs or security groups.',
  evaluate(item, { parameters }) {
    const groupId = securityGroupId(item);
    const blocked = blockedPortsOf(parameters);
    if (!recordsIngress(item.configuration)) {
      return notApplicable(`The inbound rules of ${groupId} were not recorded.`);
    }
    const findings = worldOpenIngress(item.configuration).flatMap((rule) => {
      const ports = openedPorts(rule.permission, 'tcp');
      if (ports === undefined) return [];
      const hit = blocked.filter((port) => rangeIncludes(ports, port));
      return hit.length === 0 ? [] : [{ rule, hit }];
    });
    if (findings.length === 0) {
      return compliant(
        `No inbound rule of ${groupId} opens TCP ${formatPorts(blocked)} to 0.0.0.0/0 or ::/0.`,
      );
    }
    const listed = findings
      .slice(0, 3)
      .map(({ rule, hit }) => `${formatPorts(hit)} via ${describeWorldOpenRule(rule)}`)
      .join('; ');
    const more = findings.length > 3 ? `; and ${findings.length - 3} more rules` : '';
    return nonCompliant(`Blocked TCP ports open to the internet in ${groupId}: ${listed}${more}.`);
  },
} as const satisfies Rule<Params, SecurityGroupConfiguration>;
