import { describe, expect, it } from 'vitest';
import { naclNoUnrestrictedSshRdp as rule } from '#shared/rules/vpc/nacl-no-unrestricted-ssh-rdp';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const ACL = 'AWS::EC2::NetworkAcl';

const inbound = (
  ruleNumber: number,
  protocol: string,
  ruleAction: string,
  source: { cidrBlock?: string; ipv6CidrBlock?: string },
  portRange?: { from: number; to: number },
) => ({ ruleNumber, protocol, ruleAction, egress: false, ...source, ...(portRange ? { portRange } : {}) });

const withEntries = (...entries: unknown[]) =>
  withConfiguration(loadFixture(ACL, 'restricted-unused'), { entries });

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    [
      'restricted-unused',
      'COMPLIANT',
      'Network ACL acl-0e9d8c7b6a5f40312 allows no inbound SSH or RDP from the whole internet.',
    ],
    [
      'default-allow-all',
      'NON_COMPLIANT',
      'Network ACL acl-0a1b2c3d4e5f60718 allows SSH/RDP from the whole internet: rule 100 (all traffic from 0.0.0.0/0); rule 101 (all traffic from ::/0).',
    ],
    ['deleted', 'NOT_APPLICABLE', 'Resource status is ResourceDeleted.'],
  ] as const)('judges %s as %s', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, loadFixture(ACL, name))).toEqual({ compliance, annotation });
  });

  it.each([
    ['tcp 22 from 0.0.0.0/0', inbound(100, '6', 'allow', { cidrBlock: '0.0.0.0/0' }, { from: 22, to: 22 })],
    ['udp 3389 from ::/0', inbound(100, '17', 'allow', { ipv6CidrBlock: '::/0' }, { from: 3389, to: 3389 })],
    [
      'a tcp range holding 3389',
      inbound(100, '6', 'allow', { cidrBlock: '0.0.0.0/0' }, { from: 3000, to: 4000 }),
    ],
    [
      'protocol names as well as numbers',
      inbound(100, 'tcp', 'ALLOW', { cidrBlock: '0.0.0.0/0' }, { from: 22, to: 22 }),
    ],
  ])('fails an inbound allow entry: %s', (_case, entry) => {
    expect(evaluateFixture(rule, withEntries(entry)).compliance).toBe('NON_COMPLIANT');
  });

  it.each([
    ['a deny entry', inbound(100, '6', 'deny', { cidrBlock: '0.0.0.0/0' }, { from: 22, to: 22 })],
    ['an outbound entry', { ...inbound(100, '-1', 'allow', { cidrBlock: '0.0.0.0/0' }), egress: true }],
    ['a narrower source', inbound(100, '6', 'allow', { cidrBlock: '203.0.113.0/24' }, { from: 22, to: 22 })],
    ['other ports', inbound(100, '6', 'allow', { cidrBlock: '0.0.0.0/0' }, { from: 80, to: 443 })],
    ['ICMP', inbound(100, '1', 'allow', { cidrBlock: '0.0.0.0/0' })],
    ['no entries at all', undefined],
  ])('passes %s', (_case, entry) => {
    const fixture = entry === undefined ? withEntries() : withEntries(entry);
    expect(evaluateFixture(rule, fixture).compliance).toBe('COMPLIANT');
  });

  it('lists the offending entries in rule-number order', () => {
    const fixture = withEntries(
      inbound(200, '17', 'allow', { cidrBlock: '0.0.0.0/0' }, { from: 3389, to: 3389 }),
      inbound(90, '6', 'allow', { ipv6CidrBlock: '::/0' }, { from: 22, to: 22 }),
    );
    expect(evaluateFixture(rule, fixture).annotation).toBe(
      'Network ACL acl-0e9d8c7b6a5f40312 allows SSH/RDP from the whole internet: rule 90 (tcp 22 from ::/0); rule 200 (udp 3389 from 0.0.0.0/0).',
    );
  });

  it('gives no verdict when the entries were not recorded', () => {
    const fixture = withConfiguration(loadFixture(ACL, 'restricted-unused'), { entries: undefined });
    expect(evaluateFixture(rule, fixture)).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation: 'The entries of network ACL acl-0e9d8c7b6a5f40312 were not recorded.',
    });
  });
});
