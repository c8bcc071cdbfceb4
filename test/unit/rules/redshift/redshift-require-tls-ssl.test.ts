import { describe, expect, it } from 'vitest';
import { REQUIRE_SSL_KEY } from '#shared/resources/redshift';
import { redshiftRequireTlsSsl as rule } from '#shared/rules/redshift/redshift-require-tls-ssl';
import { evaluateFixture, loadFixture, withSupplementary } from '#test/support/fixtures';

const TYPE = 'AWS::Redshift::Cluster';

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes a cluster whose parameter group sets require_ssl true', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'private-encrypted-logged'))).toEqual({
      compliance: 'COMPLIANT',
      annotation:
        'Redshift cluster finance-warehouse requires TLS (require_ssl true in parameter group finance-tls-only).',
    });
  });

  it('fails a cluster on the default parameter group (require_ssl false)', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'public-unencrypted-no-logs'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'Redshift cluster marketing-sandbox does not require TLS: require_ssl is false in parameter group default.redshift-1.0.',
    });
  });

  it.each([
    ['TRUE', 'COMPLIANT'],
    [' true ', 'COMPLIANT'],
    ['1', 'NON_COMPLIANT'],
    ['', 'NON_COMPLIANT'],
  ])('reads require_ssl "%s" as %s', (value, expected) => {
    const fixture = withSupplementary(loadFixture(TYPE, 'private-encrypted-logged'), {
      [REQUIRE_SSL_KEY]: { parameterGroupName: 'finance-tls-only', value },
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe(expected);
  });

  it('gives no verdict on a cluster as AWS Config records it (no parameter value collected)', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'config-recorded-kms-s3-logs'))).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation:
        "The require_ssl parameter of Redshift cluster ops-metrics's parameter group was not collected.",
    });
  });

  it('gives no verdict on a malformed entry or a deleted cluster', () => {
    const fixture = withSupplementary(loadFixture(TYPE, 'private-encrypted-logged'), {
      [REQUIRE_SSL_KEY]: { value: 'true' },
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NOT_APPLICABLE');
    expect(evaluateFixture(rule, loadFixture(TYPE, 'deleted')).compliance).toBe('NOT_APPLICABLE');
  });
});
