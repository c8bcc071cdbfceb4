import { describe, expect, it } from 'vitest';
import { secretsmanagerUsingCmk as rule } from '#shared/rules/secretsmanager/secretsmanager-using-cmk';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const TYPE = 'AWS::SecretsManager::Secret';
const KEY_ID = 'a91d7e55-2c3b-4f68-b0e4-7d2f13c8a6e9';
const KEY = `arn:aws:kms:us-east-1:123456789012:key/${KEY_ID}`;
const OTHER = 'arn:aws:kms:us-east-1:123456789012:key/0c5e7b2d-93f1-4a8e-b6d4-2f8a1c9e7d30';

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes a secret encrypted with a customer managed key', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'database-rotating-30-days'))).toEqual({
      compliance: 'COMPLIANT',
      annotation: `Secret prod/payments/postgres is encrypted with the customer managed key ${KEY}.`,
    });
  });

  it('fails a secret on the AWS managed key (KMSKeyId null)', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'api-key-not-rotating'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'Secret prod/partner-api/key is encrypted with the AWS managed key aws/secretsmanager.',
    });
  });

  it.each([
    ['alias/aws/secretsmanager'],
    ['arn:aws:kms:us-east-1:123456789012:alias/aws/secretsmanager'],
    [''],
  ])('fails a secret whose key is named %j (the AWS managed key)', (KMSKeyId) => {
    const fixture = withConfiguration(loadFixture(TYPE, 'database-rotating-30-days'), { KMSKeyId });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NON_COMPLIANT');
  });

  it('passes a customer alias, which is not the AWS managed key', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'database-rotating-30-days'), {
      KMSKeyId: 'alias/payments-secrets',
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('COMPLIANT');
  });

  it.each([
    [[KEY], KEY, 'COMPLIANT'],
    [[OTHER, KEY], KEY_ID, 'COMPLIANT'],
    [[OTHER], KEY, 'NON_COMPLIANT'],
    [[OTHER], KEY_ID, 'NON_COMPLIANT'],
  ] as const)('with kmsKeyArns %j judges key %s as %s', (arns, KMSKeyId, compliance) => {
    const fixture = withConfiguration(loadFixture(TYPE, 'database-rotating-30-days'), { KMSKeyId });
    const verdict = evaluateFixture(rule, fixture, { parameters: { kmsKeyArns: arns.join(',') } });
    expect(verdict.compliance).toBe(compliance);
  });

  it('gives no verdict when the key was not recorded', () => {
    const fixture = loadFixture(TYPE, 'database-rotating-30-days');
    const { KMSKeyId: _key, ...configuration } = fixture.item.configuration ?? {};
    const verdict = evaluateFixture(rule, { ...fixture, item: { ...fixture.item, configuration } });
    expect(verdict.compliance).toBe('NOT_APPLICABLE');
  });

  it('reports a secret marked deleted as NOT_APPLICABLE', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'api-key-not-rotating'), { Deleted: true });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NOT_APPLICABLE');
  });
});
