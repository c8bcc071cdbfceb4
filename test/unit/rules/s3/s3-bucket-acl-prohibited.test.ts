import { describe, expect, it } from 'vitest';
import { s3BucketAclProhibited as rule } from '#shared/rules/s3/s3-bucket-acl-prohibited';
import { evaluateFixture, loadFixture, withSupplementary } from '#test/support/fixtures';

const BUCKET = 'AWS::S3::Bucket';
const OWNER = '4df55416215956920d9d056aa8b99803a294ea221222bb668b55a8c6bca81094';
const arn = (name: string) => `arn:aws:s3:::${name}`;

/** An ACL in Config's shape: the owner's FULL_CONTROL plus `extra` grants. */
function acl(...extra: { grantee: unknown; permission: string }[]): string {
  return JSON.stringify({
    grantSet: null,
    grantList: [{ grantee: { id: OWNER, displayName: null }, permission: 'FullControl' }, ...extra],
    owner: { displayName: null, id: OWNER },
    isRequesterCharged: false,
  });
}

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    [
      'hardened-audit-bucket',
      'COMPLIANT',
      `The ACL of bucket ${arn('acme-audit-evidence-123456789012')} grants access to its owner only.`,
    ],
    [
      'legacy-upload-bucket',
      'NON_COMPLIANT',
      `The ACL of bucket ${arn('acme-partner-uploads')} grants Write to AllUsers.`,
    ],
    ['deleted', 'NOT_APPLICABLE', 'Resource status is ResourceDeleted.'],
  ] as const)('judges %s as %s', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, loadFixture(BUCKET, name))).toEqual({ compliance, annotation });
  });

  it.each([
    [
      'another account',
      {
        grantee: {
          id: 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90',
          displayName: null,
        },
        permission: 'Read',
      },
      'Read to a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90',
    ],
    [
      'the log delivery group (enum name)',
      { grantee: 'LogDelivery', permission: 'Write' },
      'Write to LogDelivery',
    ],
    [
      'the log delivery group (API URI)',
      { grantee: { uri: 'http://acs.amazonaws.com/groups/s3/LogDelivery' }, permission: 'ReadAcp' },
      'ReadAcp to LogDelivery',
    ],
  ])('fails a grant to %s', (_case, grant, granted) => {
    const fixture = withSupplementary(loadFixture(BUCKET, 'hardened-audit-bucket'), {
      AccessControlList: acl(grant),
    });
    expect(evaluateFixture(rule, fixture)).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: `The ACL of bucket ${arn('acme-audit-evidence-123456789012')} grants ${granted}.`,
    });
  });

  it('reads the double-encoded ACL of the Config API shape', () => {
    expect(evaluateFixture(rule, loadFixture(BUCKET, 'api-shape-authenticated-read-acl')).compliance).toBe(
      'NON_COMPLIANT',
    );
  });

  it('gives no verdict when the ACL was not recorded', () => {
    const fixture = withSupplementary(loadFixture(BUCKET, 'hardened-audit-bucket'), {
      AccessControlList: undefined,
    });
    expect(evaluateFixture(rule, fixture)).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation: `The ACL of bucket ${arn('acme-audit-evidence-123456789012')} was not recorded.`,
    });
  });
});
