import { describe, expect, it } from 'vitest';
import { s3BucketDefaultLockEnabled as rule } from '#shared/rules/s3/s3-bucket-default-lock-enabled';
import { evaluateFixture, loadFixture, withSupplementary } from '#test/support/fixtures';

const TYPE = 'AWS::S3::Bucket';

function withLock(value: unknown) {
  return withSupplementary(loadFixture(TYPE, 'hardened-audit-bucket'), { ObjectLockConfiguration: value });
}

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes a bucket with Object Lock and a COMPLIANCE default retention, describing it', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'hardened-audit-bucket'))).toEqual({
      compliance: 'COMPLIANT',
      annotation:
        'Bucket arn:aws:s3:::acme-audit-evidence-123456789012 has Object Lock enabled with default retention COMPLIANCE 400 days.',
    });
  });

  it('fails a bucket with no Object Lock configuration', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'new-bucket-defaults'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'Bucket arn:aws:s3:::acme-analytics-scratch does not have Object Lock enabled.',
    });
  });

  it('passes Object Lock without a default retention when no mode is required', () => {
    const verdict = evaluateFixture(rule, withLock({ objectLockEnabled: 'Enabled', rule: null }));
    expect(verdict).toEqual({
      compliance: 'COMPLIANT',
      annotation:
        'Bucket arn:aws:s3:::acme-audit-evidence-123456789012 has Object Lock enabled with no default retention.',
    });
  });

  it.each([
    ['an empty configuration', {}],
    ['objectLockEnabled null', { objectLockEnabled: null, rule: null }],
  ])('fails %s', (_label, value) => {
    expect(evaluateFixture(rule, withLock(value)).compliance).toBe('NON_COMPLIANT');
  });

  it.each([
    ['COMPLIANCE', { mode: 'COMPLIANCE', days: 400 }, 'COMPLIANT'],
    ['compliance', { mode: 'COMPLIANCE', days: 400 }, 'COMPLIANT'],
    ['GOVERNANCE', { mode: 'COMPLIANCE', days: 400 }, 'NON_COMPLIANT'],
    ['GOVERNANCE', { mode: 'GOVERNANCE', years: 7 }, 'COMPLIANT'],
    ['GOVERNANCE', null, 'NON_COMPLIANT'],
  ] as const)('with mode %s judges default retention %j as %s', (mode, defaultRetention, expected) => {
    const fixture = withLock({
      objectLockEnabled: 'Enabled',
      rule: defaultRetention ? { defaultRetention } : null,
    });
    expect(evaluateFixture(rule, fixture, { parameters: { mode } }).compliance).toBe(expected);
  });

  it('describes a retention given in years', () => {
    const fixture = withLock({
      objectLockEnabled: 'Enabled',
      rule: { defaultRetention: { mode: 'GOVERNANCE', years: 7 } },
    });
    expect(evaluateFixture(rule, fixture).annotation).toContain('GOVERNANCE 7 years');
  });
});
