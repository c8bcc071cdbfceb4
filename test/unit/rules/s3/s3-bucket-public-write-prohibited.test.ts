import { describe, expect, it } from 'vitest';
import { createInventory } from '#shared/rules/inventory';
import { s3BucketPublicWriteProhibited as rule } from '#shared/rules/s3/s3-bucket-public-write-prohibited';
import { evaluateFixture, loadFixture, withSupplementary } from '#test/support/fixtures';

const TYPE = 'AWS::S3::Bucket';
const BUCKET = 'arn:aws:s3:::acme-analytics-scratch';
const OWNER = '4df55416215956920d9d056aa8b99803a294ea221222bb668b55a8c6bca81094';
const NO_BLOCK = {
  blockPublicAcls: false,
  ignorePublicAcls: false,
  blockPublicPolicy: false,
  restrictPublicBuckets: false,
};

function openBucket(
  statements: readonly Record<string, unknown>[],
  grants: readonly Record<string, unknown>[] = [],
) {
  const policy =
    statements.length === 0 ? null : JSON.stringify({ Version: '2012-10-17', Statement: statements });
  const acl = {
    grantList: [{ grantee: { id: OWNER, displayName: null }, permission: 'FullControl' }, ...grants],
    owner: { displayName: null, id: OWNER },
  };
  return withSupplementary(loadFixture(TYPE, 'new-bucket-defaults'), {
    PublicAccessBlockConfiguration: NO_BLOCK,
    BucketPolicy: { policyText: policy },
    AccessControlList: JSON.stringify(acl),
  });
}

const allow = (extra: Record<string, unknown>) => ({ Effect: 'Allow', Principal: '*', ...extra });

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes a hardened bucket', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'hardened-audit-bucket')).compliance).toBe('COMPLIANT');
  });

  it('passes a website bucket that is publicly readable but not writable', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'public-website-bucket')).compliance).toBe('COMPLIANT');
  });

  it('fails a legacy bucket whose ACL lets AllUsers write', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'legacy-upload-bucket'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'Bucket arn:aws:s3:::acme-partner-uploads allows public write: bucket ACL grants Write to AllUsers.',
    });
  });

  it.each([
    [
      's3:PutObject on the objects',
      allow({ Action: 's3:PutObject', Resource: `${BUCKET}/*` }),
      'NON_COMPLIANT',
    ],
    [
      's3:DeleteObject on the objects',
      allow({ Action: 's3:DeleteObject', Resource: `${BUCKET}/*` }),
      'NON_COMPLIANT',
    ],
    [
      's3:PutBucketPolicy on the bucket',
      allow({ Action: 's3:PutBucketPolicy', Resource: BUCKET }),
      'NON_COMPLIANT',
    ],
    ['s3:* on the objects', allow({ Action: 's3:*', Resource: `${BUCKET}/*` }), 'NON_COMPLIANT'],
    [
      'NotAction s3:GetObject (everything else)',
      allow({ NotAction: 's3:GetObject', Resource: `${BUCKET}/*` }),
      'NON_COMPLIANT',
    ],
    [
      'only s3:GetObject (read, not write)',
      allow({ Action: 's3:GetObject', Resource: `${BUCKET}/*` }),
      'COMPLIANT',
    ],
    [
      'uploads fenced by a fixed source ARN',
      allow({
        Action: 's3:PutObject',
        Resource: `${BUCKET}/*`,
        Condition: {
          ArnEquals: { 'aws:SourceArn': 'arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL' },
        },
      }),
      'COMPLIANT',
    ],
  ] as const)('judges a policy granting %s as %s', (_label, statement, expected) => {
    expect(evaluateFixture(rule, openBucket([statement])).compliance).toBe(expected);
  });

  it.each([
    ['Write', 'NON_COMPLIANT'],
    ['WriteAcp', 'NON_COMPLIANT'],
    ['FullControl', 'NON_COMPLIANT'],
    ['Read', 'COMPLIANT'],
    ['ReadAcp', 'COMPLIANT'],
  ] as const)('judges an ACL grant of %s to AllUsers as %s', (permission, expected) => {
    expect(evaluateFixture(rule, openBucket([], [{ grantee: 'AllUsers', permission }])).compliance).toBe(
      expected,
    );
  });

  it('passes a public-write policy neutralised by the bucket-level RestrictPublicBuckets', () => {
    const fixture = withSupplementary(
      openBucket([allow({ Action: 's3:PutObject', Resource: `${BUCKET}/*` })]),
      {
        PublicAccessBlockConfiguration: { ...NO_BLOCK, restrictPublicBuckets: true },
      },
    );
    const verdict = evaluateFixture(rule, fixture);
    expect(verdict.compliance).toBe('COMPLIANT');
    expect(verdict.annotation).toContain('neutralised by bucket-level RestrictPublicBuckets');
  });

  it('passes the legacy bucket once its account ignores public ACLs', () => {
    const fixture = loadFixture(TYPE, 'legacy-upload-bucket');
    const account = loadFixture('AWS::S3::AccountPublicAccessBlock', 'acl-settings-only').item;
    expect(
      evaluateFixture(rule, { ...fixture, inventory: createInventory([fixture.item, account]) }).compliance,
    ).toBe('COMPLIANT');
  });
});
