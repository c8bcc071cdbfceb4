import {
  formatPortRange,
  isWholeInternet,
  NETWORK_ACL_TYPE,
  type NetworkAclConfiguration,
  type NetworkAclEntry,
  networkAclEntryPorts,
  networkAclIdOf,
  rangeIncludes,
} from '#shared/resources/ec2';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/** The remote administration ports: SSH and RDP. */
const ADMIN_PORTS = [22, 3389] as const;

/** The admin ports an inbound allow entry opens to the whole internet over TCP or UDP; none otherwise. */
function openAdminPorts(entry: NetworkAclEntry): readonly number[] {
  if (entry.egress === true || entry.ruleAction?.toLowerCase() !== 'allow') return [];
  const sources = [entry.cidrBlock, entry.ipv6CidrBlock].filter(
    (cidr): cidr is string => typeof cidr === 'string' && isWholeInternet(cidr),
  );
  if (sources.length === 0) return [];
  const ranges = [networkAclEntryPorts(entry, 'tcp'), networkAclEntryPorts(entry, 'udp')];
  return ADMIN_PORTS.filter((port) =>
    ranges.some((range) => range !== undefined && rangeIncludes(range, port)),
  );
}

/** `rule 100 (all traffic from 0.0.0.0/0)` or `rule 120 (tcp 22 from ::/0)`. */
function describeEntry(entry: NetworkAclEntry): string {
  const source = [entry.cidrBlock, entry.ipv6CidrBlock].filter((cidr) => typeof cidr === 'string').join(', ');
  const tcp = networkAclEntryPorts(entry, 'tcp');
  const udp = networkAclEntryPorts(entry, 'udp');
  const traffic =
    tcp !== undefined && udp !== undefined && tcp.from === 0 && tcp.to === 65535
      ? 'all traffic'
      : `${tcp !== undefined ? 'tcp' : 'udp'} ${formatPortRange(tcp ?? udp ?? { from: 0, to: 65535 })}`;
  return `rule ${entry.ruleNumber ?? '?'} (${traffic} from ${source})`;
}

/**
 * Network ACLs have no inbound allow entry that opens SSH (22) or RDP (3389) over TCP or UDP to the whole
 * internet (`0.0.0.0/0` or `::/0`); entries with protocol `-1` open every port. Deny entries and outbound
 * entries never fail. An ACL whose entries were not recorded (EC2 and Config always record them, the
 * default deny entries included) is NOT_APPLICABLE.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/nacl-no-unrestricted-ssh-rdp.html
 */
export const naclNoUnrestrictedSshRdp = {
  id: 'nacl-no-unrestricted-ssh-rdp',
  title: 'Network ACLs do not open SSH or RDP to the internet',
  resourceTypes: [NETWORK_ACL_TYPE],
  severity: 'high',
  managedRule: true,
  parameters: {},
  rationale:
    'A network ACL that lets the whole internet reach SSH or RDP leaves every instance in its subnets one security-group mistake from a brute-force attack.',
  remediationAdvice:
    'Replace the entry with one limited to your administration network, or add a lower-numbered deny: `aws ec2 replace-network-acl-entry --network-acl-id <acl> --ingress --rule-number <n> --protocol tcp --port-range From=22,To=22 --cidr-block <admin-cidr> --rule-action allow`.',
  evaluate(item) {
    const id = networkAclIdOf(item);
    const entries = item.configuration?.entries;
    if (!Array.isArray(entries)) return notApplicable(`The entries of network ACL ${id} were not recorded.`);
    const open = [...entries]
      .sort((a, b) => (a.ruleNumber ?? 0) - (b.ruleNumber ?? 0))
      .filter((entry) => openAdminPorts(entry).length > 0);
    if (open.length === 0) {
      return compliant(`Network ACL ${id} allows no inbound SSH or RDP from the whole internet.`);
    }
    return nonCompliant(
      `Network ACL ${id} allows SSH/RDP from the whole internet: ${open.map(describeEntry).join('; ')}.`,
    );
  },
} as const satisfies Rule<Record<string, never>, NetworkAclConfiguration>;
