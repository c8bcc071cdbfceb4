import { describe, expect, it } from 'vitest';
import { dynamodbTableDeletionProtectionEnabled as rule } from '#shared/rules/dynamodb/dynamodb-table-deletion-protection-enabled';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const TABLE = 'AWS::DynamoDB::Table';

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    ['orders-cmk-with-pitr', 'COMPLIANT'],
    ['feature-flags-scratch-unprotected', 'NON_COMPLIANT'],
    ['deleted', 'NOT_APPLICABLE'],
  ] as const)('judges %s as %s', (name, compliance) => {
    expect(evaluateFixture(rule, loadFixture(TABLE, name)).compliance).toBe(compliance);
  });

  it('names the unprotected table', () => {
    expect(evaluateFixture(rule, loadFixture(TABLE, 'feature-flags-scratch-unprotected')).annotation).toBe(
      'DynamoDB table feature-flags-scratch does not have deletion protection enabled.',
    );
  });

  it('gives no verdict on an older item without the setting, rather than failing it', () => {
    const fixture = withConfiguration(loadFixture(TABLE, 'feature-flags-scratch-unprotected'), {
      deletionProtectionEnabled: undefined,
    });
    expect(evaluateFixture(rule, fixture)).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation: 'The deletion protection setting of DynamoDB table feature-flags-scratch was not recorded.',
    });
  });
});
