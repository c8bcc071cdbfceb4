import { describe, expect, it } from 'vitest';
import { redshiftClusterKmsEnabled as rule } from '#shared/rules/redshift/redshift-cluster-kms-enabled';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const TYPE = 'AWS::Redshift::Cluster';
const FINANCE_KEY = 'arn:aws:kms:us-east-1:123456789012:key/5b2d7e1c-8a43-4f96-b0c1-2e7d9a6f3b84';

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes a cluster encrypted with a KMS key when no key list is set', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'private-encrypted-logged'))).toEqual({
      compliance: 'COMPLIANT',
      annotation: `Redshift cluster finance-warehouse is encrypted with ${FINANCE_KEY}.`,
    });
  });

  it('fails an unencrypted cluster whatever kmsKeyArns says', () => {
    for (const kmsKeyArns of [[], [FINANCE_KEY]]) {
      expect(
        evaluateFixture(rule, loadFixture(TYPE, 'public-unencrypted-no-logs'), {
          parameters: { kmsKeyArns },
        }),
      ).toEqual({
        compliance: 'NON_COMPLIANT',
        annotation: 'Redshift cluster marketing-sandbox is not encrypted.',
      });
    }
  });

  it.each([
    ['the key ARN', [FINANCE_KEY], 'COMPLIANT'],
    ['the bare key id', ['5b2d7e1c-8a43-4f96-b0c1-2e7d9a6f3b84'], 'COMPLIANT'],
    [
      'another key only',
      ['arn:aws:kms:us-east-1:123456789012:key/0000aaaa-1111-2222-3333-444455556666'],
      'NON_COMPLIANT',
    ],
    ['a key id that is only a suffix of the real one', ['8a43-4f96-b0c1-2e7d9a6f3b84'], 'NON_COMPLIANT'],
  ])('with kmsKeyArns listing %s → %s', (_what, kmsKeyArns, expected) => {
    const verdict = evaluateFixture(rule, loadFixture(TYPE, 'private-encrypted-logged'), {
      parameters: { kmsKeyArns },
    });
    expect(verdict.compliance).toBe(expected);
  });

  it('gives no verdict on an encrypted cluster whose key was not recorded when a key list is set', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'private-encrypted-logged'), { kmsKeyId: undefined });
    expect(evaluateFixture(rule, fixture, { parameters: { kmsKeyArns: [FINANCE_KEY] } }).compliance).toBe(
      'NOT_APPLICABLE',
    );
    expect(evaluateFixture(rule, fixture).compliance).toBe('COMPLIANT');
  });

  it('gives no verdict when encryption was not recorded, and none on a deleted cluster', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'public-unencrypted-no-logs'), {
      encrypted: undefined,
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NOT_APPLICABLE');
    expect(evaluateFixture(rule, loadFixture(TYPE, 'deleted')).compliance).toBe('NOT_APPLICABLE');
  });
});
