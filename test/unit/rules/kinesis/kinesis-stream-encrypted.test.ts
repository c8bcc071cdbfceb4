import { describe, expect, it } from 'vitest';
import { kinesisStreamEncrypted as rule } from '#shared/rules/kinesis/kinesis-stream-encrypted';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const STREAM = 'AWS::Kinesis::Stream';

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    [
      'orders-events-encrypted-week',
      'COMPLIANT',
      'Kinesis stream orders-events is encrypted at rest (KMS with arn:aws:kms:us-east-1:123456789012:key/a91d7e55-2c3b-4f68-b0e4-7d2f13c8a6e9).',
    ],
    [
      'clickstream-unencrypted-one-day',
      'NON_COMPLIANT',
      'Kinesis stream clickstream-raw is not encrypted at rest.',
    ],
    ['deleted', 'NOT_APPLICABLE', 'Resource status is ResourceDeleted.'],
  ] as const)('judges %s as %s', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, loadFixture(STREAM, name))).toEqual({ compliance, annotation });
  });

  it.each([
    ['EncryptionType NONE', { EncryptionType: 'NONE' }],
    ['no EncryptionType', { KeyId: 'alias/aws/kinesis' }],
    ['null', null],
  ])('fails a stream whose StreamEncryption is %s', (_label, StreamEncryption) => {
    const fixture = withConfiguration(loadFixture(STREAM, 'orders-events-encrypted-week'), {
      StreamEncryption,
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NON_COMPLIANT');
  });

  it('gives no verdict on an item that does not record the stream (no name, no ARN)', () => {
    const fixture = loadFixture(STREAM, 'clickstream-unencrypted-one-day');
    const verdict = evaluateFixture(rule, { ...fixture, item: { ...fixture.item, configuration: {} } });
    expect(verdict).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation: 'Kinesis stream clickstream-raw was not recorded.',
    });
  });
});
