import {
  describeWorldOpenRule,
  openedPorts,
  type PortRange,
  parsePortRanges,
  permissionProtocol,
  rangesCover,
  recordsIngress,
  SECURITY_GROUP_TYPE,
  type SecurityGroupConfiguration,
  securityGroupId,
  type TransportProtocol,
  worldOpenIngress,
} from '#shared/resources/ec2';
import { RuleParameterError } from '#shared/rules/parameters';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

type Params = { authorizedTcpPorts: readonly string[]; authorizedUdpPorts: readonly string[] };

function authorizedRanges(entries: readonly string[], parameter: keyof Params): readonly PortRange[] {
  const parsed = parsePortRanges(entries);
  if (!parsed.ok) {
    throw new RuleParameterError(
      `rule vpc-sg-open-only-to-authorized-ports: ${parameter} entry "${parsed.entry}" is not a port or port range`,
      { context: { ruleId: 'vpc-sg-open-only-to-authorized-ports', parameter } },
    );
  }
  return parsed.ranges;
}

/**
 * Security groups that accept traffic from the whole internet (`0.0.0.0/0` or `::/0`) open only
 * authorized TCP and UDP ports: every such inbound rule's port range must lie within
 * `authorizedTcpPorts` (default `443`, as AWS's conformance packs set it; the managed rule has none) or `authorizedUdpPorts` (default none), and an all-traffic rule
 * (`-1`) never does. Groups without such a rule are NOT_APPLICABLE, as in the managed rule. Protocols
 * without ports (ICMP, ESP, …) are outside this rule's scope.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/vpc-sg-open-only-to-authorized-ports.html
 */
export const vpcSgOpenOnlyToAuthorizedPorts = {
  id: 'vpc-sg-open-only-to-authorized-ports',
  title: 'Security groups open to the internet allow only authorized ports',
  resourceTypes: [SECURITY_GROUP_TYPE],
  severity: 'high',
  managedRule: true,
  deviation:
    'AWS\'s page lists authorizedTcpPorts as optional with no default and says the rule "is NON_COMPLIANT if such security groups do not have ports specified in the rule parameters", so unset no port may be open to the internet; Vigil defaults authorizedTcpPorts to 443, the value AWS\'s Operational Best Practices conformance packs (SOC 2 included) pass, so a group open to the internet on TCP 443 only is COMPLIANT.',
  parameters: {
    authorizedTcpPorts: {
      type: 'string-list',
      default: ['443'],
      description: 'TCP ports and dash ranges that may be open to 0.0.0.0/0 or ::/0, e.g. "443,1020-1025".',
    },
    authorizedUdpPorts: {
      type: 'string-list',
      default: [],
      description: 'UDP ports and dash ranges that may be open to 0.0.0.0/0 or ::/0, e.g. "500,1020-1025".',
    },
  },
  rationale:
    'Every port reachable from the internet is attack surface; only ports the business has approved may be.',
  remediationAdvice:
    'Narrow the source of each listed rule to known CIDRs or security groups, or add the port to the authorized list if the exposure is approved (`aws ec2 revoke-security-group-ingress ...`).',
  evaluate(item, { parameters }) {
    const groupId = securityGroupId(item);
    const authorized: Record<TransportProtocol, readonly PortRange[]> = {
      tcp: authorizedRanges(parameters.authorizedTcpPorts, 'authorizedTcpPorts'),
      udp: authorizedRanges(parameters.authorizedUdpPorts, 'authorizedUdpPorts'),
    };
    if (!recordsIngress(item.configuration)) {
      return notApplicable(`The inbound rules of ${groupId} were not recorded.`);
    }
    const open = worldOpenIngress(item.configuration);
    if (open.length === 0) {
      return notApplicable(`No inbound rule of ${groupId} is open to 0.0.0.0/0 or ::/0.`);
    }
    const unauthorized = open.filter((rule) => {
      const protocol = permissionProtocol(rule.permission);
      if (protocol === 'all') return true;
      if (protocol !== 'tcp' && protocol !== 'udp') return false;
      const ports = openedPorts(rule.permission, protocol);
      return ports !== undefined && !rangesCover(authorized[protocol], ports);
    });
    if (unauthorized.length === 0) {
      return compliant(`Every inbound rule of ${groupId} open to the internet uses an authorized port.`);
    }
    const listed = unauthorized.slice(0, 3).map(describeWorldOpenRule).join('; ');
    const more = unauthorized.length > 3 ? `; and ${unauthorized.length - 3} more` : '';
    return nonCompliant(`Unauthorized ports open to the internet in ${groupId}: ${listed}${more}.`);
  },
} as const satisfies Rule<Params, SecurityGroupConfiguration>;
