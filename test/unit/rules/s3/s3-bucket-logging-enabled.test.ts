import { describe, expect, it } from 'vitest';
import { s3BucketLoggingEnabled as rule } from '#shared/rules/s3/s3-bucket-logging-enabled';
import { evaluateFixture, loadFixture, withSupplementary } from '#test/support/fixtures';

const TYPE = 'AWS::S3::Bucket';

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes a bucket delivering access logs and says where', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'hardened-audit-bucket'))).toEqual({
      compliance: 'COMPLIANT',
      annotation:
        'Bucket arn:aws:s3:::acme-audit-evidence-123456789012 records server access logs to ' +
        's3://acme-access-logs-123456789012/s3/acme-audit-evidence-123456789012/.',
    });
  });

  it('fails a bucket whose logging configuration has no destination', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'new-bucket-defaults'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'Bucket arn:aws:s3:::acme-analytics-scratch does not record server access logs.',
    });
  });

  it('gives no verdict when the logging configuration was not recorded (Config always records it)', () => {
    const fixture = withSupplementary(loadFixture(TYPE, 'hardened-audit-bucket'), {
      BucketLoggingConfiguration: undefined,
    });
    expect(evaluateFixture(rule, fixture)).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation:
        'Server access logging of bucket arn:aws:s3:::acme-audit-evidence-123456789012 was not recorded.',
    });
  });

  it.each([
    ['logging off', { destinationBucketName: null, logFilePrefix: null }],
    ['an empty destination', { destinationBucketName: '', logFilePrefix: 'x/' }],
    ['an unreadable value', '{not json'],
  ])('fails a logging configuration that is %s', (_label, value) => {
    const fixture = withSupplementary(loadFixture(TYPE, 'hardened-audit-bucket'), {
      BucketLoggingConfiguration: value,
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NON_COMPLIANT');
  });

  it.each([
    [{ targetBucket: 'acme-access-logs-123456789012' }, 'COMPLIANT'],
    [{ targetBucket: 'central-logs' }, 'NON_COMPLIANT'],
    [{ targetPrefix: 's3/acme-audit-evidence-123456789012/' }, 'COMPLIANT'],
    [{ targetPrefix: 's3/' }, 'NON_COMPLIANT'],
    [{ targetBucket: 'acme-access-logs-123456789012', targetPrefix: 'wrong/' }, 'NON_COMPLIANT'],
  ] as const)('with parameters %j judges the hardened bucket as %s', (parameters, expected) => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'hardened-audit-bucket'), { parameters }).compliance).toBe(
      expected,
    );
  });

  it('reads a logging configuration delivered as a JSON string (API shape)', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'api-shape-authenticated-read-acl')).compliance).toBe(
      'COMPLIANT',
    );
  });
});
