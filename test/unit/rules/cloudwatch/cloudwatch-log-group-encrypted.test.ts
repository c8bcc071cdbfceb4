import { describe, expect, it } from 'vitest';
import { cloudwatchLogGroupEncrypted as rule } from '#shared/rules/cloudwatch/cloudwatch-log-group-encrypted';
import { RuleEngine } from '#shared/rules/engine';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const TYPE = 'AWS::Logs::LogGroup';
const KEY = 'arn:aws:kms:us-east-1:123456789012:key/3f1c7d2e-8a4b-4c1e-9d5f-2b6a7e8c9d01';

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes a log group encrypted with a KMS key', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'kms-encrypted'))).toEqual({
      compliance: 'COMPLIANT',
      annotation: `Log group aws-cloudtrail-logs-123456789012 is encrypted with KMS key ${KEY}.`,
    });
  });

  it('fails a log group without a KMS key', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'retention-30-days'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'Log group /aws/lambda/checkout-worker is not encrypted with a KMS key.',
    });
  });

  it.each([
    ['null', null],
    ['empty', ''],
  ] as const)('fails a log group whose kmsKeyId is %s', (_label, kmsKeyId) => {
    const fixture = withConfiguration(loadFixture(TYPE, 'kms-encrypted'), { kmsKeyId });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NON_COMPLIANT');
  });

  it.each([
    [KEY, 'COMPLIANT'],
    ['arn:aws:kms:us-east-1:123456789012:key/0d9c8b7a-6f5e-4d3c-2b1a-0f9e8d7c6b5a', 'NON_COMPLIANT'],
    ['', 'COMPLIANT'],
  ] as const)('with KmsKeyId %j judges the encrypted log group %s', (KmsKeyId, expected) => {
    const verdict = evaluateFixture(rule, loadFixture(TYPE, 'kms-encrypted'), { parameters: { KmsKeyId } });
    expect(verdict.compliance).toBe(expected);
  });

  it('with KmsKeyId still fails an unencrypted log group', () => {
    const verdict = evaluateFixture(rule, loadFixture(TYPE, 'never-expires'), {
      parameters: { KmsKeyId: KEY },
    });
    expect(verdict.compliance).toBe('NON_COMPLIANT');
  });

  it('reads the CloudFormation casing (KmsKeyId)', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'retention-30-days'), { KmsKeyId: KEY });
    expect(evaluateFixture(rule, fixture).compliance).toBe('COMPLIANT');
  });

  it('reports a deleted log group as NOT_APPLICABLE through the engine', () => {
    const [evaluation] = new RuleEngine([rule]).evaluate(loadFixture(TYPE, 'deleted').item, {
      now: new Date(),
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('NOT_APPLICABLE');
  });
});
