import { describe, expect, it } from 'vitest';
import { s3BucketMfaDeleteEnabled as rule } from '#shared/rules/s3/s3-bucket-mfa-delete-enabled';
import { evaluateFixture, loadFixture, withSupplementary } from '#test/support/fixtures';

const BUCKET = 'AWS::S3::Bucket';
const arn = (name: string) => `arn:aws:s3:::${name}`;

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    [
      'payroll-exports-retained',
      'COMPLIANT',
      `Bucket ${arn('acme-payroll-exports-123456789012')} has MFA delete enabled.`,
    ],
    [
      'hardened-audit-bucket',
      'NON_COMPLIANT',
      `Bucket ${arn('acme-audit-evidence-123456789012')} does not have MFA delete enabled (versioning Enabled).`,
    ],
    ['deleted', 'NOT_APPLICABLE', 'Resource status is ResourceDeleted.'],
  ] as const)('judges %s as %s', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, loadFixture(BUCKET, name))).toEqual({ compliance, annotation });
  });

  it.each([
    ['false, as Config records a bucket where it was turned off', false, 'NON_COMPLIANT'],
    ['the string "true" of the API shape', 'true', 'COMPLIANT'],
    ['missing', undefined, 'NON_COMPLIANT'],
  ] as const)('reads isMfaDeleteEnabled %s', (_case, isMfaDeleteEnabled, compliance) => {
    const fixture = withSupplementary(loadFixture(BUCKET, 'hardened-audit-bucket'), {
      BucketVersioningConfiguration: { status: 'Enabled', isMfaDeleteEnabled },
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe(compliance);
  });

  it('gives no verdict when versioning was not recorded', () => {
    const fixture = withSupplementary(loadFixture(BUCKET, 'hardened-audit-bucket'), {
      BucketVersioningConfiguration: undefined,
    });
    expect(evaluateFixture(rule, fixture)).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation: `Versioning of bucket ${arn('acme-audit-evidence-123456789012')} was not recorded.`,
    });
  });
});
