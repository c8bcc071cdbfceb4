import { describe, expect, it } from 'vitest';
import { dynamodbTableEncryptedKms as rule } from '#shared/rules/dynamodb/dynamodb-table-encrypted-kms';
import { RuleEngine } from '#shared/rules/engine';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const TYPE = 'AWS::DynamoDB::Table';
const CMK = 'arn:aws:kms:us-east-1:123456789012:key/a91d7e55-2c3b-4f68-b0e4-7d2f13c8a6e9';

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes a table encrypted with a customer managed key, naming it', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'orders-cmk-with-pitr'))).toEqual({
      compliance: 'COMPLIANT',
      annotation: `Table orders is encrypted with KMS key ${CMK}.`,
    });
  });

  it('passes a table encrypted with the AWS managed key when no key list is given', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'audit-aws-managed-key')).compliance).toBe('COMPLIANT');
  });

  it('fails a table encrypted with the default AWS owned key', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'sessions-owned-key-no-pitr'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'Table web-sessions is encrypted with an AWS owned key, not a KMS key.',
    });
  });

  it.each([
    ['DISABLED', { status: 'DISABLED', ssetype: 'KMS' }, 'NON_COMPLIANT'],
    ['UPDATING', { status: 'UPDATING', ssetype: 'KMS', kmsmasterKeyArn: CMK }, 'NON_COMPLIANT'],
    ['AES256 type', { status: 'ENABLED', ssetype: 'AES256' }, 'NON_COMPLIANT'],
    ['lower-case values', { status: 'enabled', ssetype: 'kms', kmsmasterKeyArn: CMK }, 'COMPLIANT'],
  ] as const)('judges SSE %s as %s', (_label, ssedescription, expected) => {
    const fixture = withConfiguration(loadFixture(TYPE, 'orders-cmk-with-pitr'), { ssedescription });
    expect(evaluateFixture(rule, fixture).compliance).toBe(expected);
  });

  it('reads DescribeTable casing (SSEDescription.KMSMasterKeyArn) from a describer-built item', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'sessions-owned-key-no-pitr'), {
      SSEDescription: { Status: 'ENABLED', SSEType: 'KMS', KMSMasterKeyArn: CMK },
    });
    expect(evaluateFixture(rule, fixture).annotation).toBe(
      `Table web-sessions is encrypted with KMS key ${CMK}.`,
    );
  });

  it.each([
    ['orders-cmk-with-pitr', 'COMPLIANT'],
    ['audit-aws-managed-key', 'NON_COMPLIANT'],
    ['sessions-owned-key-no-pitr', 'NON_COMPLIANT'],
  ] as const)('with kmsKeyArns listing the customer key judges %s as %s', (name, expected) => {
    const verdict = evaluateFixture(rule, loadFixture(TYPE, name), { parameters: { kmsKeyArns: CMK } });
    expect(verdict.compliance).toBe(expected);
  });

  it('reports a deleted table as NOT_APPLICABLE through the engine', () => {
    const [evaluation] = new RuleEngine([rule]).evaluate(loadFixture(TYPE, 'deleted').item, {
      now: new Date('2026-11-23T12:00:00Z'),
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('NOT_APPLICABLE');
  });
});
