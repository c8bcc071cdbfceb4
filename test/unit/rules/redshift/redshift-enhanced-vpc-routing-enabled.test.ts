import { describe, expect, it } from 'vitest';
import { redshiftEnhancedVpcRoutingEnabled as rule } from '#shared/rules/redshift/redshift-enhanced-vpc-routing-enabled';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const TYPE = 'AWS::Redshift::Cluster';

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    [
      'private-encrypted-logged',
      'COMPLIANT',
      'Redshift cluster finance-warehouse uses enhanced VPC routing.',
    ],
    [
      'public-unencrypted-no-logs',
      'NON_COMPLIANT',
      'Redshift cluster marketing-sandbox does not use enhanced VPC routing.',
    ],
  ])('%s → %s', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, loadFixture(TYPE, name))).toEqual({ compliance, annotation });
  });

  it('gives no verdict when enhancedVpcRouting was not recorded, or the cluster is deleted', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'private-encrypted-logged'), {
      enhancedVpcRouting: undefined,
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NOT_APPLICABLE');
    expect(evaluateFixture(rule, loadFixture(TYPE, 'deleted')).compliance).toBe('NOT_APPLICABLE');
  });
});
