import { describe, expect, it } from 'vitest';
import { ec2InstanceNoPublicIp as rule } from '#shared/rules/ec2/ec2-instance-no-public-ip';
import { RuleEngine } from '#shared/rules/engine';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const TYPE = 'AWS::EC2::Instance';
const privateInstance = () => loadFixture(TYPE, 'imdsv2-required-private');

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes an instance in a private subnet', () => {
    expect(evaluateFixture(rule, privateInstance())).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'Instance i-0a4f3c2b1d0e9f871 has no public IPv4 address.',
    });
  });

  it('fails an instance with a public IP and names the address once', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'imdsv1-optional-public-ip'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'Instance i-07e1d2c3b4a596870 has public IPv4 address 54.210.77.19.',
    });
  });

  it('fails an instance whose only public address sits on a secondary network interface', () => {
    const fixture = withConfiguration(privateInstance(), {
      networkInterfaces: [
        { networkInterfaceId: 'eni-0c1d2e3f4a5b6c7d8', association: null },
        { networkInterfaceId: 'eni-0aa1bb2cc3dd4ee5f', association: { publicIp: '3.91.12.200' } },
      ],
    });
    expect(evaluateFixture(rule, fixture).annotation).toContain('3.91.12.200');
  });

  it('passes an instance with an empty publicIpAddress', () => {
    const fixture = withConfiguration(privateInstance(), { publicIpAddress: '' });
    expect(evaluateFixture(rule, fixture).compliance).toBe('COMPLIANT');
  });

  it.each([
    ['no network interfaces recorded', { networkInterfaces: null }],
    ['no configuration fields at all', { publicIpAddress: undefined, networkInterfaces: undefined }],
  ])('gives no verdict on an instance with %s (its interfaces were not collected)', (_label, patch) => {
    expect(evaluateFixture(rule, withConfiguration(privateInstance(), patch))).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation: 'The network interfaces of instance i-0a4f3c2b1d0e9f871 were not recorded.',
    });
  });

  it('still fails a recorded public address when the interfaces were not recorded', () => {
    const fixture = withConfiguration(privateInstance(), {
      publicIpAddress: '3.91.12.200',
      networkInterfaces: null,
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NON_COMPLIANT');
  });

  it('passes a stopped instance that released its public address', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'stopped-imdsv1-optional')).compliance).toBe('COMPLIANT');
  });

  it('reports a terminated instance as NOT_APPLICABLE', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'terminated')).compliance).toBe('NOT_APPLICABLE');
  });

  it('reports a deleted instance as NOT_APPLICABLE through the engine', () => {
    const [evaluation] = new RuleEngine([rule]).evaluate(loadFixture(TYPE, 'deleted').item, {
      now: new Date('2026-11-23T12:00:00Z'),
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('NOT_APPLICABLE');
  });
});
