import { describe, expect, it } from 'vitest';
import { s3EventNotificationsEnabled as rule } from '#shared/rules/s3/s3-event-notifications-enabled';
import { evaluateFixture, loadFixture, withSupplementary } from '#test/support/fixtures';

const BUCKET = 'AWS::S3::Bucket';
const PAYROLL = 'arn:aws:s3:::acme-payroll-exports-123456789012';
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:payroll-data-alerts';
const INDEXER = 'arn:aws:lambda:us-east-1:123456789012:function:payroll-export-indexer';

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    [
      'payroll-exports-retained',
      'COMPLIANT',
      `Bucket ${PAYROLL} sends s3:ObjectRemoved:* to ${TOPIC} (payroll-export-deleted).`,
    ],
    [
      'hardened-audit-bucket',
      'NON_COMPLIANT',
      'Bucket arn:aws:s3:::acme-audit-evidence-123456789012 has no event notifications.',
    ],
    ['deleted', 'NOT_APPLICABLE', 'Resource status is ResourceDeleted.'],
  ] as const)('judges %s as %s with no parameters', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, loadFixture(BUCKET, name))).toEqual({ compliance, annotation });
  });

  it.each([
    ['destinationArn of the Lambda notification', { destinationArn: INDEXER }, 'COMPLIANT'],
    ['a destinationArn no notification goes to', { destinationArn: `${TOPIC}-old` }, 'NON_COMPLIANT'],
    ['an event type a configured wildcard covers', { eventTypes: 's3:ObjectRemoved:Delete' }, 'COMPLIANT'],
    [
      'one of several event types',
      { eventTypes: 's3:ObjectRestore:Post, s3:ObjectCreated:Put' },
      'COMPLIANT',
    ],
    ['an event type nothing sends', { eventTypes: 's3:Replication:*' }, 'NON_COMPLIANT'],
    [
      'an event type sent, but not to destinationArn',
      { eventTypes: 's3:ObjectCreated:Put', destinationArn: TOPIC },
      'NON_COMPLIANT',
    ],
    [
      'an event type sent to destinationArn',
      { eventTypes: 's3:ObjectCreated:Put', destinationArn: INDEXER },
      'COMPLIANT',
    ],
  ])('judges %s', (_case, parameters, compliance) => {
    const verdict = evaluateFixture(rule, loadFixture(BUCKET, 'payroll-exports-retained'), { parameters });
    expect(verdict.compliance).toBe(compliance);
  });

  it('names what it looked for when nothing matches', () => {
    const verdict = evaluateFixture(rule, loadFixture(BUCKET, 'payroll-exports-retained'), {
      parameters: { eventTypes: 's3:Replication:*', destinationArn: TOPIC },
    });
    expect(verdict.annotation).toBe(
      `None of the 2 event notifications of bucket ${PAYROLL} sends one of s3:Replication:* to ${TOPIC}.`,
    );
  });

  it('reads an SQS notification in the API spelling', () => {
    const fixture = withSupplementary(loadFixture(BUCKET, 'hardened-audit-bucket'), {
      BucketNotificationConfiguration: {
        configurations: {
          q: { QueueArn: 'arn:aws:sqs:us-east-1:123456789012:q', Events: ['s3:ObjectCreated:*'] },
        },
      },
    });
    expect(evaluateFixture(rule, fixture).annotation).toBe(
      'Bucket arn:aws:s3:::acme-audit-evidence-123456789012 sends s3:ObjectCreated:* to arn:aws:sqs:us-east-1:123456789012:q (q).',
    );
  });

  it('gives no verdict when the notification configuration was not recorded', () => {
    const fixture = withSupplementary(loadFixture(BUCKET, 'hardened-audit-bucket'), {
      BucketNotificationConfiguration: undefined,
    });
    expect(evaluateFixture(rule, fixture)).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation:
        'The event notification configuration of bucket arn:aws:s3:::acme-audit-evidence-123456789012 was not recorded.',
    });
  });
});
