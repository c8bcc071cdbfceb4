import { describe, expect, it } from 'vitest';
import { s3BucketVersioningEnabled as rule } from '#shared/rules/s3/s3-bucket-versioning-enabled';
import { evaluateFixture, loadFixture, withSupplementary } from '#test/support/fixtures';

const TYPE = 'AWS::S3::Bucket';

function withVersioning(value: unknown) {
  return withSupplementary(loadFixture(TYPE, 'hardened-audit-bucket'), {
    BucketVersioningConfiguration: value,
  });
}

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes a bucket with versioning Enabled', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'hardened-audit-bucket'))).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'Versioning of bucket arn:aws:s3:::acme-audit-evidence-123456789012 is Enabled.',
    });
  });

  it('fails a new bucket whose versioning is Off', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'new-bucket-defaults'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'Versioning of bucket arn:aws:s3:::acme-analytics-scratch is Off, not Enabled.',
    });
  });

  it('fails a bucket whose versioning was Suspended', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'public-website-bucket')).annotation).toContain(
      'Suspended',
    );
  });

  it('gives no verdict on an item that does not record versioning (Config always records it)', () => {
    const verdict = evaluateFixture(rule, withVersioning(undefined));
    expect(verdict).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation: 'Versioning of bucket arn:aws:s3:::acme-audit-evidence-123456789012 was not recorded.',
    });
  });

  it.each([
    [{ status: 'Enabled', isMfaDeleteEnabled: true }, 'COMPLIANT'],
    [{ status: 'Enabled', isMfaDeleteEnabled: 'true' }, 'COMPLIANT'],
    [{ status: 'Enabled', isMfaDeleteEnabled: false }, 'NON_COMPLIANT'],
    [{ status: 'Enabled', isMfaDeleteEnabled: null }, 'NON_COMPLIANT'],
    [{ status: 'Suspended', isMfaDeleteEnabled: true }, 'NON_COMPLIANT'],
  ] as const)('with isMfaDeleteEnabled "true" judges %j as %s', (versioning, expected) => {
    const verdict = evaluateFixture(rule, withVersioning(versioning), {
      parameters: { isMfaDeleteEnabled: 'true' },
    });
    expect(verdict.compliance).toBe(expected);
  });

  it('does not require MFA delete by default', () => {
    const verdict = evaluateFixture(rule, withVersioning({ status: 'Enabled', isMfaDeleteEnabled: false }));
    expect(verdict.compliance).toBe('COMPLIANT');
  });

  it('reads versioning delivered as a JSON string (API shape)', () => {
    expect(evaluateFixture(rule, withVersioning('{"status":"Enabled"}')).compliance).toBe('COMPLIANT');
  });
});
