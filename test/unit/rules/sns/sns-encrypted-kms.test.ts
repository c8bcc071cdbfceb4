import { describe, expect, it } from 'vitest';
import { RuleEngine } from '#shared/rules/engine';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { snsEncryptedKms as rule } from '#shared/rules/sns/sns-encrypted-kms';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const TYPE = 'AWS::SNS::Topic';
const KEY = 'arn:aws:kms:us-east-1:123456789012:key/3f6b1c2e-8d4a-4b7e-9a51-0c2d7e4f9b13';

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes a topic encrypted with a customer managed key', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'compliance-alerts-customer-key'))).toEqual({
      compliance: 'COMPLIANT',
      annotation: `Topic arn:aws:sns:us-east-1:123456789012:vigil-compliance-alerts is encrypted with KMS key ${KEY}.`,
    });
  });

  it('passes a topic encrypted with the AWS managed key alias/aws/sns', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'deploy-notifications-aws-managed-key')).compliance).toBe(
      'COMPLIANT',
    );
  });

  it('fails an unencrypted topic', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'legacy-unencrypted'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'Topic arn:aws:sns:us-east-1:123456789012:legacy-order-events is not encrypted with a KMS key.',
    });
  });

  it.each([
    ['an empty string', ''],
    ['whitespace', '  '],
    ['null', null],
  ])('fails a topic whose KmsMasterKeyId is %s', (_label, KmsMasterKeyId) => {
    const fixture = withConfiguration(loadFixture(TYPE, 'compliance-alerts-customer-key'), {
      KmsMasterKeyId,
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NON_COMPLIANT');
  });

  it.each([
    ['the key ARN', KEY, 'compliance-alerts-customer-key', 'COMPLIANT'],
    ['the key id', '3f6b1c2e-8d4a-4b7e-9a51-0c2d7e4f9b13', 'compliance-alerts-customer-key', 'COMPLIANT'],
    [
      'another key',
      'c4e8a2f1-6b3d-4a97-8e05-19d7b2c6f3a0',
      'compliance-alerts-customer-key',
      'NON_COMPLIANT',
    ],
    ['the alias name', 'alias/aws/sns', 'deploy-notifications-aws-managed-key', 'COMPLIANT'],
    [
      'the alias ARN',
      'arn:aws:kms:us-east-1:123456789012:alias/aws/sns',
      'deploy-notifications-aws-managed-key',
      'COMPLIANT',
    ],
    ['a customer key only', KEY, 'deploy-notifications-aws-managed-key', 'NON_COMPLIANT'],
  ] as const)('with kmsKeyIds listing %s judges %s as %s', (_label, kmsKeyIds, name, expected) => {
    const verdict = evaluateFixture(rule, loadFixture(TYPE, name), { parameters: { kmsKeyIds } });
    expect(verdict.compliance).toBe(expected);
  });

  it('reports a deleted topic as NOT_APPLICABLE through the engine', () => {
    const [evaluation] = new RuleEngine([rule]).evaluate(loadFixture(TYPE, 'deleted').item, {
      now: new Date('2026-11-23T12:00:00Z'),
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('NOT_APPLICABLE');
  });
});
