import { describe, expect, it } from 'vitest';
import { s3LifecyclePolicyCheck as rule } from '#shared/rules/s3/s3-lifecycle-policy-check';
import { evaluateFixture, loadFixture, withSupplementary } from '#test/support/fixtures';

const BUCKET = 'AWS::S3::Bucket';
const PAYROLL = 'arn:aws:s3:::acme-payroll-exports-123456789012';
const AUDIT = 'arn:aws:s3:::acme-audit-evidence-123456789012';

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    [
      'payroll-exports-retained',
      'COMPLIANT',
      `Bucket ${PAYROLL} has enabled lifecycle rule exports-to-ia-then-expire.`,
    ],
    ['hardened-audit-bucket', 'NON_COMPLIANT', `Bucket ${AUDIT} has no lifecycle rule.`],
    ['deleted', 'NOT_APPLICABLE', 'Resource status is ResourceDeleted.'],
  ] as const)('judges %s as %s with no parameters', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, loadFixture(BUCKET, name))).toEqual({ compliance, annotation });
  });

  it.each([
    [
      'the enabled rule’s prefix, expiration and transition',
      {
        targetPrefix: 'exports/',
        targetExpirationDays: 2555,
        targetTransitionDays: 30,
        targetTransitionStorageClass: 'STANDARD_IA',
      },
      'COMPLIANT',
    ],
    [
      'the second transition of the rule',
      { targetTransitionDays: '365', targetTransitionStorageClass: 'GLACIER' },
      'COMPLIANT',
    ],
    [
      'days of one transition with the class of another',
      { targetTransitionDays: 30, targetTransitionStorageClass: 'GLACIER' },
      'NON_COMPLIANT',
    ],
    ['another expiration', { targetExpirationDays: 395 }, 'NON_COMPLIANT'],
    ['the prefix of the disabled rule only', { targetPrefix: 'tmp/' }, 'NON_COMPLIANT'],
  ])('judges parameters matching %s', (_case, parameters, compliance) => {
    const verdict = evaluateFixture(rule, loadFixture(BUCKET, 'payroll-exports-retained'), { parameters });
    expect(verdict.compliance).toBe(compliance);
  });

  it('says which rule matched and what it matched', () => {
    const verdict = evaluateFixture(rule, loadFixture(BUCKET, 'payroll-exports-retained'), {
      parameters: { targetExpirationDays: 2555, targetTransitionStorageClass: 'GLACIER' },
    });
    expect(verdict.annotation).toBe(
      `Lifecycle rule exports-to-ia-then-expire of bucket ${PAYROLL} is expiring after 2555 days, transitioning to GLACIER.`,
    );
  });

  it('fails a bucket whose lifecycle rules are all disabled', () => {
    const fixture = withSupplementary(loadFixture(BUCKET, 'hardened-audit-bucket'), {
      BucketLifecycleConfiguration: { rules: [{ id: 'old', status: 'Disabled', expirationInDays: 30 }] },
    });
    expect(evaluateFixture(rule, fixture)).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: `Bucket ${AUDIT} has no enabled lifecycle rule (1 disabled).`,
    });
  });

  it('reads the legacy rule prefix and an And filter prefix', () => {
    const fixture = withSupplementary(loadFixture(BUCKET, 'hardened-audit-bucket'), {
      BucketLifecycleConfiguration: {
        rules: [
          { id: 'legacy', status: 'Enabled', prefix: 'logs/', expirationInDays: 90 },
          {
            id: 'tagged',
            status: 'Enabled',
            filter: {
              predicate: {
                type: 'LifecycleAndOperator',
                operands: [{ type: 'LifecyclePrefixPredicate', prefix: 'reports/' }],
              },
            },
            expirationInDays: 365,
          },
        ],
      },
    });
    for (const [targetPrefix, targetExpirationDays] of [
      ['logs/', 90],
      ['reports/', 365],
    ] as const) {
      expect(
        evaluateFixture(rule, fixture, { parameters: { targetPrefix, targetExpirationDays } }).compliance,
      ).toBe('COMPLIANT');
    }
  });

  it('leaves buckets outside bucketNames NOT_APPLICABLE and judges those in it', () => {
    const parameters = { bucketNames: 'acme-payroll-exports-123456789012, other' };
    expect(evaluateFixture(rule, loadFixture(BUCKET, 'hardened-audit-bucket'), { parameters })).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation: `Bucket ${AUDIT} is not one of bucketNames.`,
    });
    expect(
      evaluateFixture(rule, loadFixture(BUCKET, 'payroll-exports-retained'), { parameters }).compliance,
    ).toBe('COMPLIANT');
  });

  it('gives no verdict for an item that records none of the bucket sub-resources', () => {
    const fixture = withSupplementary(loadFixture(BUCKET, 'hardened-audit-bucket'), {
      BucketVersioningConfiguration: undefined,
    });
    expect(evaluateFixture(rule, fixture)).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation: `The sub-resource configuration of bucket ${AUDIT} was not recorded.`,
    });
  });
});
