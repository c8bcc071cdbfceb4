import { describe, expect, it } from 'vitest';
import { s3DefaultEncryptionKms as rule } from '#shared/rules/s3/s3-default-encryption-kms';
import { evaluateFixture, loadFixture, withSupplementary } from '#test/support/fixtures';

const TYPE = 'AWS::S3::Bucket';
const KEY = 'arn:aws:kms:us-east-1:123456789012:key/3f6b1c2e-8d4a-4b7e-9a51-0c2d7e4f9b13';

function withDefault(sseAlgorithm: string, kmsMasterKeyID: string | null) {
  return withSupplementary(loadFixture(TYPE, 'new-bucket-defaults'), {
    ServerSideEncryptionConfiguration: {
      rules: [
        { applyServerSideEncryptionByDefault: { sseAlgorithm, kmsMasterKeyID }, bucketKeyEnabled: true },
      ],
    },
  });
}

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes a bucket encrypted with SSE-KMS under a customer managed key, naming the key', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'hardened-audit-bucket'))).toEqual({
      compliance: 'COMPLIANT',
      annotation: `Bucket arn:aws:s3:::acme-audit-evidence-123456789012 encrypts by default with aws:kms using ${KEY}.`,
    });
  });

  it('passes DSSE-KMS', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'replica-bucket-us-west-2')).compliance).toBe('COMPLIANT');
  });

  it('passes SSE-KMS with the AWS managed key when no key list is given', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'api-shape-authenticated-read-acl')).annotation).toContain(
      'the AWS managed key aws/s3',
    );
  });

  it('fails SSE-S3 (AES256)', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'new-bucket-defaults'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'Bucket arn:aws:s3:::acme-analytics-scratch encrypts by default with AES256, not a KMS key.',
    });
  });

  it('fails a bucket with no default encryption recorded', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'legacy-upload-bucket')).compliance).toBe('NON_COMPLIANT');
  });

  it.each([
    ['the listed key', withDefault('aws:kms', KEY), 'COMPLIANT'],
    ['another key', withDefault('aws:kms', KEY.replace('3f6b1c2e', '00000000')), 'NON_COMPLIANT'],
    ['the AWS managed key', withDefault('aws:kms', null), 'NON_COMPLIANT'],
    ['an alias of the key', withDefault('aws:kms', 'alias/audit-evidence'), 'NON_COMPLIANT'],
    ['DSSE-KMS with the listed key', withDefault('aws:kms:dsse', KEY), 'COMPLIANT'],
  ] as const)('with kmsKeyArns set judges %s as %s', (_label, fixture, expected) => {
    const parameters = { kmsKeyArns: `arn:aws:kms:us-east-1:123456789012:key/other, ${KEY}` };
    expect(evaluateFixture(rule, fixture, { parameters }).compliance).toBe(expected);
  });
});
