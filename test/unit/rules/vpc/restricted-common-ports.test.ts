import { describe, expect, it } from 'vitest';
import { RuleEngine } from '#shared/rules/engine';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { restrictedCommonPorts as rule } from '#shared/rules/vpc/restricted-common-ports';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const TYPE = 'AWS::EC2::SecurityGroup';
const base = () => loadFixture(TYPE, 'web-https-only');

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
  };
}

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes a group exposing only HTTPS to the internet', () => {
    expect(evaluateFixture(rule, base())).toEqual({
      compliance: 'COMPLIANT',
      annotation:
        'No inbound rule of sg-0c2d4e6f8a0b1c3d5 opens TCP 20, 21, 3306, 3389, 4333 to 0.0.0.0/0 or ::/0.',
    });
  });

  it('fails RDP open to ::/0 even though its IPv4 source is narrow', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'rdp-open-ipv6'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'Blocked TCP ports open to the internet in sg-0d3e5f7a9b1c2d4e6: 3389 via inbound rule 1 (tcp 3389) from ::/0.',
    });
  });

  it('fails all traffic from anywhere and lists every blocked port', () => {
    const verdict = evaluateFixture(rule, loadFixture(TYPE, 'all-traffic-open'));
    expect(verdict.compliance).toBe('NON_COMPLIANT');
    expect(verdict.annotation).toContain('20, 21, 3306, 3389, 4333 via inbound rule 1 (all traffic)');
  });

  it('gives no verdict on a group whose inbound rules were not recorded, instead of passing it', () => {
    const verdict = evaluateFixture(rule, withConfiguration(base(), { ipPermissions: undefined }));
    expect(verdict.compliance).toBe('NOT_APPLICABLE');
    expect(verdict.annotation).toContain('were not recorded');
  });

  it('passes SSH open to the world, which is restricted-ssh’s concern', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'ssh-open-to-world')).compliance).toBe('COMPLIANT');
  });

  it.each([
    [
      'a range 3300-3400 covering MySQL and RDP',
      'NON_COMPLIANT',
      ingress('tcp', [3300, 3400], ['0.0.0.0/0']),
    ],
    ['FTP 20-21', 'NON_COMPLIANT', ingress('tcp', [20, 21], ['0.0.0.0/0'])],
    ['every TCP port 0-65535', 'NON_COMPLIANT', ingress('tcp', [0, 65535], ['0.0.0.0/0'])],
    ['protocol -1 with -1 ports from ::/0', 'NON_COMPLIANT', ingress('-1', [-1, -1], [], ['::/0'])],
    ['TCP 1024-3305, just below MySQL', 'COMPLIANT', ingress('tcp', [1024, 3305], ['0.0.0.0/0'])],
    [
      'RDP from the IPv6 documentation prefix',
      'COMPLIANT',
      ingress('tcp', [3389, 3389], [], ['2001:db8::/32']),
    ],
    ['port 4333', 'NON_COMPLIANT', ingress('6', [4333, 4333], [], ['::/0'])],
    ['UDP 3389 (the rule is about TCP)', 'COMPLIANT', ingress('udp', [3389, 3389], ['0.0.0.0/0'])],
    ['MySQL from a private CIDR', 'COMPLIANT', ingress('tcp', [3306, 3306], ['10.0.0.0/8'])],
    ['TCP 22-25', 'COMPLIANT', ingress('tcp', [22, 25], ['0.0.0.0/0'])],
  ] as const)('judges %s as %s', (_label, expected, permission) => {
    const fixture = withConfiguration(base(), { ipPermissions: [permission] });
    expect(evaluateFixture(rule, fixture).compliance).toBe(expected);
  });

  it('honours blockedPort overrides passed as strings', () => {
    const fixture = withConfiguration(base(), {
      ipPermissions: [ingress('tcp', [3389, 3389], ['0.0.0.0/0'])],
    });
    const verdict = evaluateFixture(rule, fixture, { parameters: { blockedPort3: '5900' } });
    expect(verdict.compliance).toBe('COMPLIANT');
  });

  it('adds the ports and ranges of the blockedPorts list', () => {
    const fixture = withConfiguration(base(), {
      ipPermissions: [ingress('tcp', [5432, 5432], ['0.0.0.0/0'])],
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('COMPLIANT');
    const verdict = evaluateFixture(rule, fixture, { parameters: { blockedPorts: '1433, 5430-5439' } });
    expect(verdict.compliance).toBe('NON_COMPLIANT');
    expect(verdict.annotation).toContain('5432 via inbound rule 1');
  });

  it('keeps annotations short when a wide blockedPorts range is hit', () => {
    const fixture = withConfiguration(base(), { ipPermissions: [ingress('-1', undefined, ['0.0.0.0/0'])] });
    const verdict = evaluateFixture(rule, fixture, { parameters: { blockedPorts: '1-1024' } });
    expect(verdict.annotation.length).toBeLessThanOrEqual(256);
    expect(verdict.annotation).toContain('more');
  });

  it.each([
    ['a non-numeric blockedPorts entry', { blockedPorts: 'ssh' }],
    ['a port above 65535', { blockedPort1: '70000' }],
  ])('turns %s into an ERROR evaluation through the engine', (_label, overrides) => {
    const [evaluation] = new RuleEngine([rule], { [rule.id]: overrides }).evaluate(base().item, {
      now: new Date('2026-11-23T12:00:00Z'),
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('ERROR');
  });

  it('reports a deleted group as NOT_APPLICABLE through the engine', () => {
    const [evaluation] = new RuleEngine([rule]).evaluate(loadFixture(TYPE, 'deleted').item, {
      now: new Date('2026-11-23T12:00:00Z'),
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('NOT_APPLICABLE');
  });
});
