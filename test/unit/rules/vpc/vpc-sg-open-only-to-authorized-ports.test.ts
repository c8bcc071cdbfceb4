import { describe, expect, it } from 'vitest';
import { RuleEngine } from '#shared/rules/engine';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { vpcSgOpenOnlyToAuthorizedPorts as rule } from '#shared/rules/vpc/vpc-sg-open-only-to-authorized-ports';
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
  it('passes a group whose only internet-facing port is 443 (the default authorization)', () => {
    expect(evaluateFixture(rule, base())).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'Every inbound rule of sg-0c2d4e6f8a0b1c3d5 open to the internet uses an authorized port.',
    });
  });

  it('fails a group that also opens SSH to the internet and names that rule only', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'ssh-open-to-world'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'Unauthorized ports open to the internet in sg-0a1b2c3d4e5f60718: inbound rule 1 (tcp 22) from 0.0.0.0/0.',
    });
  });

  it('fails all traffic from anywhere whatever is authorized', () => {
    const fixture = loadFixture(TYPE, 'all-traffic-open');
    const verdict = evaluateFixture(rule, fixture, { parameters: { authorizedTcpPorts: '0-65535' } });
    expect(verdict.compliance).toBe('NON_COMPLIANT');
    expect(verdict.annotation).toContain('(all traffic)');
  });

  it('says the inbound rules were not recorded rather than that none faces the internet', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'internal-only'), { ipPermissions: null });
    expect(evaluateFixture(rule, fixture)).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation: 'The inbound rules of sg-0b7e6d5c4a3f2e1d0 were not recorded.',
    });
  });

  it('is NOT_APPLICABLE to a group with no internet-facing inbound rule', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'internal-only'))).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation: 'No inbound rule of sg-0b7e6d5c4a3f2e1d0 is open to 0.0.0.0/0 or ::/0.',
    });
  });

  it.each([
    [
      'TCP 1020-1025 within "443,1020-1025"',
      'COMPLIANT',
      ingress('tcp', [1020, 1025], ['0.0.0.0/0']),
      '443,1020-1025',
      '',
    ],
    [
      'TCP 1020-1026 beyond "443,1020-1025"',
      'NON_COMPLIANT',
      ingress('tcp', [1020, 1026], ['0.0.0.0/0']),
      '443,1020-1025',
      '',
    ],
    [
      'TCP 80-443 across two adjacent ranges',
      'COMPLIANT',
      ingress('tcp', [80, 443], ['0.0.0.0/0']),
      '80-200,201-443',
      '',
    ],
    [
      'UDP 500 with UDP 500 authorized',
      'COMPLIANT',
      ingress('udp', [500, 500], [], ['::/0']),
      '443',
      '500,4500',
    ],
    [
      'UDP 443 with only TCP 443 authorized',
      'NON_COMPLIANT',
      ingress('udp', [443, 443], ['0.0.0.0/0']),
      '443',
      '',
    ],
    ['ICMP from anywhere (no ports)', 'COMPLIANT', ingress('icmp', [-1, -1], ['0.0.0.0/0']), '443', ''],
  ] as const)('judges %s as %s', (_label, expected, permission, tcp, udp) => {
    const fixture = withConfiguration(base(), { ipPermissions: [permission] });
    const verdict = evaluateFixture(rule, fixture, {
      parameters: { authorizedTcpPorts: tcp, authorizedUdpPorts: udp },
    });
    expect(verdict.compliance).toBe(expected);
  });

  it('fails an internet-facing TCP rule when the authorized TCP list is explicitly empty', () => {
    const fixture = withConfiguration(base(), { ipPermissions: [ingress('tcp', [443, 443], ['0.0.0.0/0'])] });
    const verdict = evaluateFixture(rule, fixture, { parameters: { authorizedTcpPorts: [] } });
    expect(verdict.compliance).toBe('NON_COMPLIANT');
  });

  it('turns a malformed port list into an ERROR evaluation through the engine', () => {
    const [evaluation] = new RuleEngine([rule], { [rule.id]: { authorizedTcpPorts: '443,https' } }).evaluate(
      base().item,
      { now: new Date('2026-11-23T12:00:00Z'), inventory: EMPTY_INVENTORY },
    );
    expect(evaluation?.compliance).toBe('ERROR');
    expect(evaluation?.annotation).toContain('"https"');
  });

  it('reports a deleted group as NOT_APPLICABLE through the engine', () => {
    const [evaluation] = new RuleEngine([rule]).evaluate(loadFixture(TYPE, 'deleted').item, {
      now: new Date('2026-11-23T12:00:00Z'),
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('NOT_APPLICABLE');
  });
});
