import { describe, expect, it } from 'vitest';
import { RuleEngine } from '#shared/rules/engine';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { restrictedSsh as rule } from '#shared/rules/vpc/restricted-ssh';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const TYPE = 'AWS::EC2::SecurityGroup';
const base = () => loadFixture(TYPE, 'web-https-only');

/** An ingress rule in Config's shape. */
function ingress(
  ipProtocol: string,
  ports: [number, number] | undefined,
  v4: string[] = [],
  v6: string[] = [],
) {
  return {
    ipProtocol,
    ...(ports ? { fromPort: ports[0], toPort: ports[1] } : {}),
    ipv4Ranges: v4.map((cidrIp) => ({ cidrIp })),
    ipRanges: v4,
    ipv6Ranges: v6.map((cidrIpv6) => ({ cidrIpv6 })),
    prefixListIds: [],
    userIdGroupPairs: [],
  };
}

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes a group that allows SSH only from a private CIDR', () => {
    expect(evaluateFixture(rule, base())).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'No inbound rule of sg-0c2d4e6f8a0b1c3d5 opens port 22 to 0.0.0.0/0 or ::/0.',
    });
  });

  it('fails a group with port 22 open to 0.0.0.0/0 and names the rule', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'ssh-open-to-world'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'Port 22 open to the internet in sg-0a1b2c3d4e5f60718: inbound rule 1 (tcp 22) from 0.0.0.0/0.',
    });
  });

  it('fails all traffic (protocol -1) from anywhere, IPv4 and IPv6', () => {
    const verdict = evaluateFixture(rule, loadFixture(TYPE, 'all-traffic-open'));
    expect(verdict.compliance).toBe('NON_COMPLIANT');
    expect(verdict.annotation).toContain('inbound rule 1 (all traffic) from 0.0.0.0/0, ::/0');
  });

  it.each([
    ['a TCP range including 22', 'NON_COMPLIANT', ingress('tcp', [0, 1024], ['0.0.0.0/0'])],
    ['a TCP range ending at 22', 'NON_COMPLIANT', ingress('tcp', [20, 22], ['0.0.0.0/0'])],
    ['a TCP range starting after 22', 'COMPLIANT', ingress('tcp', [23, 1024], ['0.0.0.0/0'])],
    ['every TCP port 0-65535', 'NON_COMPLIANT', ingress('tcp', [0, 65535], ['0.0.0.0/0'])],
    ['every TCP port 0-65535 from ::/0 only', 'NON_COMPLIANT', ingress('tcp', [0, 65535], [], ['::/0'])],
    ['a TCP range starting at 22', 'NON_COMPLIANT', ingress('tcp', [22, 8080], ['0.0.0.0/0'])],
    ['a TCP range ending at 21', 'COMPLIANT', ingress('tcp', [0, 21], ['0.0.0.0/0'])],
    ['protocol -1 with no ports recorded', 'NON_COMPLIANT', ingress('-1', undefined, ['0.0.0.0/0'])],
    ['TCP with no ports recorded', 'NON_COMPLIANT', ingress('tcp', undefined, ['0.0.0.0/0'])],
    [
      'IPv6 ::/0 next to a narrow IPv4 source',
      'NON_COMPLIANT',
      ingress('tcp', [22, 22], ['10.0.0.0/8'], ['::/0']),
    ],
    ['protocol number 6 on 22', 'NON_COMPLIANT', ingress('6', [22, 22], ['0.0.0.0/0'])],
    ['protocol -1 with -1 ports', 'NON_COMPLIANT', ingress('-1', [-1, -1], ['0.0.0.0/0'])],
    ['IPv6 ::/0 only', 'NON_COMPLIANT', ingress('tcp', [22, 22], [], ['::/0'])],
    ['IPv6 documentation prefix', 'COMPLIANT', ingress('tcp', [22, 22], [], ['2001:db8::/32'])],
    ['UDP 22 from anywhere (not SSH)', 'COMPLIANT', ingress('udp', [22, 22], ['0.0.0.0/0'])],
    ['ICMP from anywhere', 'COMPLIANT', ingress('icmp', [-1, -1], ['0.0.0.0/0'])],
    ['a /1 half of the internet', 'COMPLIANT', ingress('tcp', [22, 22], ['0.0.0.0/1'])],
    ['a single host', 'COMPLIANT', ingress('tcp', [22, 22], ['198.51.100.7/32'])],
  ] as const)('judges %s as %s', (_label, expected, permission) => {
    const fixture = withConfiguration(base(), { ipPermissions: [permission] });
    expect(evaluateFixture(rule, fixture).compliance).toBe(expected);
  });

  it('reads the flattened ipRanges when ipv4Ranges is missing', () => {
    const fixture = withConfiguration(base(), {
      ipPermissions: [{ ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipRanges: ['0.0.0.0/0'] }],
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NON_COMPLIANT');
  });

  it('does not judge outbound rules', () => {
    const fixture = withConfiguration(base(), {
      ipPermissions: [],
      ipPermissionsEgress: [ingress('tcp', [22, 22], ['0.0.0.0/0'])],
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('COMPLIANT');
  });

  it.each([
    ['absent', undefined],
    ['null', null],
  ])('gives no verdict on a group whose ipPermissions are %s (not collected)', (_label, ipPermissions) => {
    const verdict = evaluateFixture(rule, withConfiguration(base(), { ipPermissions }));
    expect(verdict.compliance).toBe('NOT_APPLICABLE');
    expect(verdict.annotation).toMatch(/^The inbound rules of sg-\w+ were not recorded\.$/);
  });

  it('passes a group whose inbound rule list is recorded empty', () => {
    expect(evaluateFixture(rule, withConfiguration(base(), { ipPermissions: [] })).compliance).toBe(
      'COMPLIANT',
    );
  });

  it('lists at most three offending rules and counts the rest', () => {
    const open = ingress('tcp', [22, 22], ['0.0.0.0/0']);
    const fixture = withConfiguration(base(), { ipPermissions: [open, open, open, open, open] });
    const verdict = evaluateFixture(rule, fixture);
    expect(verdict.annotation).toContain('inbound rule 3');
    expect(verdict.annotation).not.toContain('inbound rule 4');
    expect(verdict.annotation).toContain('and 2 more');
  });

  it('reports a deleted group as NOT_APPLICABLE through the engine', () => {
    const [evaluation] = new RuleEngine([rule]).evaluate(loadFixture(TYPE, 'deleted').item, {
      now: new Date('2026-11-23T12:00:00Z'),
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('NOT_APPLICABLE');
  });
});
