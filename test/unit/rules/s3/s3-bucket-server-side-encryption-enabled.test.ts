import { describe, expect, it } from 'vitest';
import { s3BucketServerSideEncryptionEnabled as rule } from '#shared/rules/s3/s3-bucket-server-side-encryption-enabled';
import { evaluateFixture, loadFixture, withSupplementary } from '#test/support/fixtures';

const TYPE = 'AWS::S3::Bucket';

function withAlgorithm(sseAlgorithm: string | null) {
  return withSupplementary(loadFixture(TYPE, 'new-bucket-defaults'), {
    ServerSideEncryptionConfiguration: {
      rules: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm, kmsMasterKeyID: null },
          bucketKeyEnabled: false,
        },
      ],
    },
  });
}

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes a bucket with SSE-KMS default encryption', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'hardened-audit-bucket')).compliance).toBe('COMPLIANT');
  });

  it('passes a new bucket with the SSE-S3 default and names the algorithm', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'new-bucket-defaults')).annotation).toBe(
      'Bucket arn:aws:s3:::acme-analytics-scratch encrypts new objects by default with AES256.',
    );
  });

  it('fails a legacy bucket whose item records no default encryption', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'legacy-upload-bucket'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'Bucket arn:aws:s3:::acme-partner-uploads has no default server-side encryption.',
    });
  });

  it.each([
    ['AES256', 'COMPLIANT'],
    ['aws:kms', 'COMPLIANT'],
    ['aws:kms:dsse', 'COMPLIANT'],
    ['ROT13', 'NON_COMPLIANT'],
    ['', 'NON_COMPLIANT'],
    [null, 'NON_COMPLIANT'],
  ] as const)('judges sseAlgorithm %j as %s', (algorithm, expected) => {
    expect(evaluateFixture(rule, withAlgorithm(algorithm)).compliance).toBe(expected);
  });

  it.each([
    ['an empty rule list', { rules: [] }],
    [
      'a rule without a default',
      { rules: [{ applyServerSideEncryptionByDefault: null, bucketKeyEnabled: true }] },
    ],
    ['a null configuration', null],
    ['an unreadable string', 'not json'],
  ])('fails %s', (_label, value) => {
    const fixture = withSupplementary(loadFixture(TYPE, 'new-bucket-defaults'), {
      ServerSideEncryptionConfiguration: value,
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NON_COMPLIANT');
  });

  it('reads an encryption configuration delivered as a JSON string (API shape)', () => {
    const fixture = withSupplementary(loadFixture(TYPE, 'legacy-upload-bucket'), {
      ServerSideEncryptionConfiguration: JSON.stringify({
        rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms' } }],
      }),
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('COMPLIANT');
  });
});
