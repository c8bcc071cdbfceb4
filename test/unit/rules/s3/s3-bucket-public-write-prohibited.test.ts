import { describe, expect, it } from 'vitest';
import { RuleEngine } from '#shared/rules/engine';
import { createInventory, EMPTY_INVENTORY } from '#shared/rules/inventory';
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
      's3:Put* through {"AWS": "*"}',
      allow({ Principal: { AWS: '*' }, Action: 's3:Put*', Resource: `${BUCKET}/*` }),
      'NON_COMPLIANT',
    ],
    [
      'NotPrincipal (everyone but one role)',
      {
        Effect: 'Allow',
        NotPrincipal: { AWS: 'arn:aws:iam::123456789012:role/uploader' },
        Action: 's3:PutObject',
        Resource: `${BUCKET}/*`,
      },
      'NON_COMPLIANT',
    ],
    [
      'uploads over TLS only (aws:SecureTransport does not restrict who)',
      allow({
        Action: 's3:PutObject',
        Resource: `${BUCKET}/*`,
        Condition: { Bool: { 'aws:SecureTransport': 'true' } },
      }),
      'NON_COMPLIANT',
    ],
    [
      'uploads from any IPv6 address (aws:SourceIp ::/0)',
      allow({
        Action: 's3:PutObject',
        Resource: `${BUCKET}/*`,
        Condition: { IpAddress: { 'aws:SourceIp': ['0.0.0.0/0', '::/0'] } },
      }),
      'NON_COMPLIANT',
    ],
    [
      'uploads from the office network only (aws:SourceIp)',
      allow({
        Action: 's3:PutObject',
        Resource: `${BUCKET}/*`,
        Condition: { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:db8:1234::/48'] } },
      }),
      'COMPLIANT',
    ],
    [
      'writes to another bucket only',
      allow({ Action: 's3:PutObject', Resource: 'arn:aws:s3:::other-bucket/*' }),
      'COMPLIANT',
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

  it('gives no verdict on a bucket whose item records neither policy nor ACL (not collected)', () => {
    const fixture = loadFixture(TYPE, 'new-bucket-defaults');
    const bare = { ...fixture, item: { ...fixture.item, supplementaryConfiguration: {} } };
    const verdict = evaluateFixture(rule, bare);
    expect(verdict.compliance).toBe('NOT_APPLICABLE');
    expect(verdict.annotation).toContain(
      'the bucket policy was not recorded; the bucket ACL was not recorded',
    );
  });

  it('passes a bucket whose policy and ACL were not recorded when its own block makes both moot', () => {
    const fixture = loadFixture(TYPE, 'hardened-audit-bucket');
    const {
      BucketPolicy: _policy,
      AccessControlList: _acl,
      ...rest
    } = fixture.item.supplementaryConfiguration;
    const verdict = evaluateFixture(rule, {
      ...fixture,
      item: { ...fixture.item, supplementaryConfiguration: rest },
    });
    expect(verdict.compliance).toBe('COMPLIANT');
  });

  it('reports a deleted bucket as NOT_APPLICABLE through the engine', () => {
    const deleted = {
      ...loadFixture(TYPE, 'hardened-audit-bucket').item,
      status: 'ResourceDeleted' as const,
    };
    const [evaluation] = new RuleEngine([rule]).evaluate(
      { ...deleted, configuration: null },
      { now: new Date('2026-11-23T12:00:00Z'), inventory: EMPTY_INVENTORY },
    );
    expect(evaluation?.compliance).toBe('NOT_APPLICABLE');
  });
});
