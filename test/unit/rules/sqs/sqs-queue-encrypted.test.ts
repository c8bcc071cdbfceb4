import { describe, expect, it } from 'vitest';
import { sqsQueueEncrypted as rule } from '#shared/rules/sqs/sqs-queue-encrypted';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const QUEUE = 'AWS::SQS::Queue';

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    [
      'payments-kms-encrypted',
      'COMPLIANT',
      'SQS queue payments-settlement is encrypted with the KMS key arn:aws:kms:us-east-1:123456789012:key/a91d7e55-2c3b-4f68-b0e4-7d2f13c8a6e9.',
    ],
    ['thumbnails-sqs-managed', 'COMPLIANT', 'SQS queue thumbnail-jobs is encrypted with SQS-managed keys.'],
    ['legacy-webhooks-unencrypted', 'NON_COMPLIANT', 'SQS queue legacy-webhooks is not encrypted at rest.'],
    ['deleted', 'NOT_APPLICABLE', 'Resource status is ResourceDeleted.'],
  ] as const)('judges %s as %s', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, loadFixture(QUEUE, name))).toEqual({ compliance, annotation });
  });

  it.each([
    [{ SqsManagedSseEnabled: true }, 'COMPLIANT'],
    [{ SqsManagedSseEnabled: 'TRUE-ish' }, 'NON_COMPLIANT'],
    [{ SqsManagedSseEnabled: undefined }, 'NON_COMPLIANT'],
    [{ KmsMasterKeyId: 'alias/aws/sqs' }, 'COMPLIANT'],
    [{ KmsMasterKeyId: '' }, 'NON_COMPLIANT'],
  ] as const)('judges an unencrypted queue patched with %j as %s', (patch, compliance) => {
    const fixture = withConfiguration(loadFixture(QUEUE, 'legacy-webhooks-unencrypted'), patch);
    expect(evaluateFixture(rule, fixture).compliance).toBe(compliance);
  });

  it('gives no verdict on an item without the queue attributes (no QueueArn)', () => {
    const fixture = withConfiguration(loadFixture(QUEUE, 'legacy-webhooks-unencrypted'), {
      QueueArn: undefined,
    });
    expect(evaluateFixture(rule, fixture)).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation: 'The attributes of SQS queue legacy-webhooks were not recorded.',
    });
  });
});
