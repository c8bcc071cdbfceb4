import { describe, expect, it } from 'vitest';
import { kinesisStreamBackupRetentionCheck as rule } from '#shared/rules/kinesis/kinesis-stream-backup-retention-check';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const STREAM = 'AWS::Kinesis::Stream';

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    ['orders-events-encrypted-week', 'COMPLIANT', 'Kinesis stream orders-events retains records 168 hours.'],
    [
      'clickstream-unencrypted-one-day',
      'NON_COMPLIANT',
      'Kinesis stream clickstream-raw retains records 24 hours, less than 168.',
    ],
    ['deleted', 'NOT_APPLICABLE', 'Resource status is ResourceDeleted.'],
  ] as const)('judges %s as %s with the default of 168 hours', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, loadFixture(STREAM, name))).toEqual({ compliance, annotation });
  });

  it.each([
    ['24', 'clickstream-unencrypted-one-day', 'COMPLIANT'],
    ['25', 'clickstream-unencrypted-one-day', 'NON_COMPLIANT'],
    ['168', 'orders-events-encrypted-week', 'COMPLIANT'],
    ['169', 'orders-events-encrypted-week', 'NON_COMPLIANT'],
  ] as const)('with minimumBackupRetentionPeriod %s judges %s as %s', (minimum, name, compliance) => {
    const verdict = evaluateFixture(rule, loadFixture(STREAM, name), {
      parameters: { minimumBackupRetentionPeriod: minimum },
    });
    expect(verdict.compliance).toBe(compliance);
  });

  it.each([undefined, null, '168'])('gives no verdict when RetentionPeriodHours is %j', (value) => {
    const fixture = withConfiguration(loadFixture(STREAM, 'orders-events-encrypted-week'), {
      RetentionPeriodHours: value,
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NOT_APPLICABLE');
  });
});
