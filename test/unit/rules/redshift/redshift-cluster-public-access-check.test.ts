import { describe, expect, it } from 'vitest';
import { redshiftClusterPublicAccessCheck as rule } from '#shared/rules/redshift/redshift-cluster-public-access-check';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const TYPE = 'AWS::Redshift::Cluster';

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    [
      'private-encrypted-logged',
      'COMPLIANT',
      'Redshift cluster finance-warehouse is not publicly accessible.',
    ],
    [
      'public-unencrypted-no-logs',
      'NON_COMPLIANT',
      'Redshift cluster marketing-sandbox is publicly accessible.',
    ],
    ['config-recorded-kms-s3-logs', 'COMPLIANT', 'Redshift cluster ops-metrics is not publicly accessible.'],
  ])('%s → %s', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, loadFixture(TYPE, name))).toEqual({ compliance, annotation });
  });

  it('gives no verdict when publiclyAccessible was not recorded', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'public-unencrypted-no-logs'), {
      publiclyAccessible: undefined,
    });
    expect(evaluateFixture(rule, fixture)).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation: 'Whether Redshift cluster marketing-sandbox is publicly accessible was not recorded.',
    });
  });

  it('reports a deleted cluster as NOT_APPLICABLE', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'deleted')).compliance).toBe('NOT_APPLICABLE');
  });
});
