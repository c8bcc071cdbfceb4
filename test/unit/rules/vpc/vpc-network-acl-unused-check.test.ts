import { describe, expect, it } from 'vitest';
import { vpcNetworkAclUnusedCheck as rule } from '#shared/rules/vpc/vpc-network-acl-unused-check';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const ACL = 'AWS::EC2::NetworkAcl';

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    [
      'default-allow-all',
      'COMPLIANT',
      'Network ACL acl-0a1b2c3d4e5f60718 is associated with subnet-0a1b2c3d4e5f60789, subnet-0b2c3d4e5f6a70891.',
    ],
    ['restricted-unused', 'NON_COMPLIANT', 'Network ACL acl-0e9d8c7b6a5f40312 is associated with no subnet.'],
    ['deleted', 'NOT_APPLICABLE', 'Resource status is ResourceDeleted.'],
  ] as const)('judges %s as %s', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, loadFixture(ACL, name))).toEqual({ compliance, annotation });
  });

  it('fails a default ACL no subnet uses, like any other', () => {
    const fixture = withConfiguration(loadFixture(ACL, 'default-allow-all'), { associations: [] });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NON_COMPLIANT');
  });

  it('does not count an association without a subnet id', () => {
    const fixture = withConfiguration(loadFixture(ACL, 'restricted-unused'), {
      associations: [{ networkAclAssociationId: 'aclassoc-1', networkAclId: 'acl-0e9d8c7b6a5f40312' }],
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NON_COMPLIANT');
  });

  it('gives no verdict when the associations were not recorded', () => {
    const fixture = withConfiguration(loadFixture(ACL, 'restricted-unused'), { associations: undefined });
    expect(evaluateFixture(rule, fixture)).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation: 'The subnet associations of network ACL acl-0e9d8c7b6a5f40312 were not recorded.',
    });
  });
});
