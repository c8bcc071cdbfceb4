import { describe, expect, it } from 'vitest';
import { subnetAutoAssignPublicIpDisabled as rule } from '#shared/rules/vpc/subnet-auto-assign-public-ip-disabled';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const SUBNET = 'AWS::EC2::Subnet';

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    [
      'private-app-subnet',
      'COMPLIANT',
      'Subnet subnet-0c3d4e5f6a7b80912 does not assign public addresses on launch.',
    ],
    [
      'public-web-subnet',
      'NON_COMPLIANT',
      'Subnet subnet-0a1b2c3d4e5f60789 assigns a public IPv4 address to every instance launched in it.',
    ],
    ['deleted', 'NOT_APPLICABLE', 'Resource status is ResourceDeleted.'],
  ] as const)('judges %s as %s', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, loadFixture(SUBNET, name))).toEqual({ compliance, annotation });
  });

  it('fails a subnet that assigns IPv6 addresses on creation, as the page says for every GUA range', () => {
    const fixture = withConfiguration(loadFixture(SUBNET, 'private-app-subnet'), {
      assignIpv6AddressOnCreation: true,
    });
    expect(evaluateFixture(rule, fixture)).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'Subnet subnet-0c3d4e5f6a7b80912 assigns an IPv6 address to every instance launched in it.',
    });
  });

  it('fails a default subnet like any other, and says it is one', () => {
    const fixture = withConfiguration(loadFixture(SUBNET, 'public-web-subnet'), {
      defaultForAz: true,
      assignIpv6AddressOnCreation: true,
    });
    expect(evaluateFixture(rule, fixture).annotation).toBe(
      'Default subnet subnet-0a1b2c3d4e5f60789 assigns a public IPv4 address and an IPv6 address to every instance launched in it.',
    );
  });

  it('gives no verdict when mapPublicIpOnLaunch was not recorded', () => {
    const fixture = withConfiguration(loadFixture(SUBNET, 'public-web-subnet'), {
      mapPublicIpOnLaunch: undefined,
    });
    expect(evaluateFixture(rule, fixture)).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation: 'Whether subnet subnet-0a1b2c3d4e5f60789 assigns public IPv4 addresses was not recorded.',
    });
  });
});
