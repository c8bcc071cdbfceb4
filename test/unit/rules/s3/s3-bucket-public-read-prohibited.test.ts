import { describe, expect, it } from 'vitest';
import { RuleEngine } from '#shared/rules/engine';
import { createInventory, EMPTY_INVENTORY } from '#shared/rules/inventory';
import { s3BucketPublicReadProhibited as rule } from '#shared/rules/s3/s3-bucket-public-read-prohibited';
import {
  evaluateFixture,
  type Fixture,
  loadFixture,
  withConfiguration,
  withSupplementary,
} from '#test/support/fixtures';

const TYPE = 'AWS::S3::Bucket';
const PAB_TYPE = 'AWS::S3::AccountPublicAccessBlock';
const BUCKET = 'arn:aws:s3:::acme-analytics-scratch';
const OWNER = '4df55416215956920d9d056aa8b99803a294ea221222bb668b55a8c6bca81094';
const NO_BLOCK = {
  blockPublicAcls: false,
  ignorePublicAcls: false,
  blockPublicPolicy: false,
  restrictPublicBuckets: false,
};

/** The default bucket with its bucket-level block turned off, then the given policy statements / ACL grants. */
function openBucket(
  statements: readonly Record<string, unknown>[],
  grants: readonly Record<string, unknown>[] = [],
) {
  const policy =
    statements.length === 0 ? null : JSON.stringify({ Version: '2012-10-17', Statement: statements });
  const acl = {
    grantSet: null,
    grantList: [{ grantee: { id: OWNER, displayName: null }, permission: 'FullControl' }, ...grants],
    owner: { displayName: null, id: OWNER },
    isRequesterCharged: false,
  };
  return withSupplementary(loadFixture(TYPE, 'new-bucket-defaults'), {
    PublicAccessBlockConfiguration: NO_BLOCK,
    BucketPolicy: { policyText: policy },
    AccessControlList: JSON.stringify(acl),
  });
}

function inAccountWith(fixture: Fixture, accountBlock: Record<string, boolean>): Fixture {
  const account = withConfiguration(loadFixture(PAB_TYPE, 'all-settings-on'), accountBlock).item;
  return { ...fixture, inventory: createInventory([fixture.item, account]) };
}

const allow = (extra: Record<string, unknown>) => ({ Effect: 'Allow', Principal: '*', ...extra });

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes a hardened bucket whose policy grants only a named role', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'hardened-audit-bucket')).compliance).toBe('COMPLIANT');
  });

  it('fails a website bucket readable through both its policy and its ACL, naming both paths', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'public-website-bucket'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'Bucket arn:aws:s3:::www.acme-example.com allows public read: bucket policy statement 0 ' +
        '("PublicReadGetObject") allows s3:GetObject to everyone; bucket ACL grants Read to AllUsers.',
    });
  });

  it('fails a bucket whose ACL lets any AWS account read (AuthenticatedUsers), from an API-shaped item', () => {
    const verdict = evaluateFixture(rule, loadFixture(TYPE, 'api-shape-authenticated-read-acl'));
    expect(verdict.compliance).toBe('NON_COMPLIANT');
    expect(verdict.annotation).toContain('Read to AuthenticatedUsers');
    expect(verdict.annotation).not.toContain('ReadAcp');
  });

  it('passes a public-read policy neutralised by the account-level RestrictPublicBuckets, and says so', () => {
    const verdict = evaluateFixture(rule, loadFixture(TYPE, 'public-policy-restricted-by-account'));
    expect(verdict.compliance).toBe('COMPLIANT');
    expect(verdict.annotation).toContain('neutralised by account-level RestrictPublicBuckets');
  });

  it('fails the same bucket when the recorder holds no account block (the account has none)', () => {
    const fixture = loadFixture(TYPE, 'public-policy-restricted-by-account');
    expect(evaluateFixture(rule, { ...fixture, inventory: EMPTY_INVENTORY }).compliance).toBe(
      'NON_COMPLIANT',
    );
  });

  it('gives no verdict on the same bucket when the account block was not collected (describe path)', () => {
    const fixture = loadFixture(TYPE, 'public-policy-restricted-by-account');
    const inventory = createInventory([fixture.item], { collects: (type) => type !== PAB_TYPE });
    const verdict = evaluateFixture(rule, { ...fixture, inventory });
    expect(verdict.compliance).toBe('NOT_APPLICABLE');
    expect(verdict.annotation).toContain('allows s3:GetObject, s3:ListBucket to everyone');
    expect(verdict.annotation).toContain('account-level Block Public Access');
  });

  it('still passes a bucket that blocks public access itself when the account block was not collected', () => {
    const fixture = loadFixture(TYPE, 'hardened-audit-bucket');
    const inventory = createInventory([fixture.item], { collects: (type) => type !== PAB_TYPE });
    expect(evaluateFixture(rule, { ...fixture, inventory }).compliance).toBe('COMPLIANT');
  });

  it('ignores the account block of another account', () => {
    const fixture = loadFixture(TYPE, 'public-policy-restricted-by-account');
    const foreign = { ...loadFixture(PAB_TYPE, 'all-settings-on').item, accountId: '210987654321' };
    const verdict = evaluateFixture(rule, {
      ...fixture,
      inventory: createInventory([fixture.item, foreign]),
    });
    expect(verdict.compliance).toBe('NON_COMPLIANT');
  });

  it.each([
    [
      's3:GetObject on the objects',
      allow({ Action: 's3:GetObject', Resource: `${BUCKET}/*` }),
      'NON_COMPLIANT',
    ],
    ['s3:ListBucket on the bucket', allow({ Action: 's3:ListBucket', Resource: BUCKET }), 'NON_COMPLIANT'],
    ['s3:* on everything', allow({ Action: 's3:*', Resource: '*' }), 'NON_COMPLIANT'],
    [
      's3:Get* through {"AWS": "*"}',
      allow({ Principal: { AWS: '*' }, Action: 's3:Get*', Resource: `${BUCKET}/*` }),
      'NON_COMPLIANT',
    ],
    [
      'NotPrincipal (everyone but one role)',
      {
        Effect: 'Allow',
        NotPrincipal: { AWS: 'arn:aws:iam::123456789012:role/admin' },
        Action: 's3:GetObject',
        Resource: `${BUCKET}/*`,
      },
      'NON_COMPLIANT',
    ],
    [
      'only s3:PutObject (write, not read)',
      allow({ Action: 's3:PutObject', Resource: `${BUCKET}/*` }),
      'COMPLIANT',
    ],
    [
      'read of another bucket',
      allow({ Action: 's3:GetObject', Resource: 'arn:aws:s3:::other-bucket/*' }),
      'COMPLIANT',
    ],
    [
      'a fixed source VPC endpoint condition',
      allow({
        Action: 's3:GetObject',
        Resource: `${BUCKET}/*`,
        Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-0a1b2c3d4e5f67890' } },
      }),
      'COMPLIANT',
    ],
    [
      'a fixed principal account condition',
      allow({
        Action: 's3:GetObject',
        Resource: `${BUCKET}/*`,
        Condition: { StringEquals: { 'aws:PrincipalAccount': '123456789012' } },
      }),
      'COMPLIANT',
    ],
    [
      'a wildcard source IP condition',
      allow({
        Action: 's3:GetObject',
        Resource: `${BUCKET}/*`,
        Condition: { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } },
      }),
      'NON_COMPLIANT',
    ],
    [
      'reads over TLS only (aws:SecureTransport does not restrict who)',
      allow({
        Action: 's3:GetObject',
        Resource: `${BUCKET}/*`,
        Condition: { Bool: { 'aws:SecureTransport': 'true' } },
      }),
      'NON_COMPLIANT',
    ],
    [
      'an IPv6 wildcard source IP condition (::/0)',
      allow({
        Action: 's3:GetObject',
        Resource: `${BUCKET}/*`,
        Condition: { IpAddress: { 'aws:SourceIp': '::/0' } },
      }),
      'NON_COMPLIANT',
    ],
    [
      'a source IP condition naming the office networks',
      allow({
        Action: 's3:GetObject',
        Resource: `${BUCKET}/*`,
        Condition: { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:db8:1234::/48'] } },
      }),
      'COMPLIANT',
    ],
    [
      'a wildcard in the middle of the action (s3:*Object)',
      allow({ Action: 's3:*Object', Resource: `${BUCKET}/*` }),
      'NON_COMPLIANT',
    ],
    [
      'a named principal',
      {
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::210987654321:root' },
        Action: 's3:GetObject',
        Resource: `${BUCKET}/*`,
      },
      'COMPLIANT',
    ],
    [
      'a Deny to everyone',
      { Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: `${BUCKET}/*` },
      'COMPLIANT',
    ],
  ] as const)('judges a policy granting %s as %s', (_label, statement, expected) => {
    expect(evaluateFixture(rule, openBucket([statement])).compliance).toBe(expected);
  });

  it.each([
    ['Read to AllUsers (group name)', { grantee: 'AllUsers', permission: 'Read' }, 'NON_COMPLIANT'],
    [
      'FullControl to AuthenticatedUsers',
      { grantee: 'AuthenticatedUsers', permission: 'FullControl' },
      'NON_COMPLIANT',
    ],
    [
      'Read to the AllUsers group URI',
      { grantee: { uri: 'http://acs.amazonaws.com/groups/global/AllUsers' }, permission: 'Read' },
      'NON_COMPLIANT',
    ],
    [
      'ReadAcp to AllUsers (the ACL, not the data)',
      { grantee: 'AllUsers', permission: 'ReadAcp' },
      'COMPLIANT',
    ],
    ['Write to AllUsers (write, not read)', { grantee: 'AllUsers', permission: 'Write' }, 'COMPLIANT'],
    ['Read to the log delivery group', { grantee: 'LogDelivery', permission: 'Read' }, 'COMPLIANT'],
    [
      'Read to another account',
      { grantee: { id: 'b1e2c3d4e5f60718293a4b5c6d7e8f90', displayName: null }, permission: 'Read' },
      'COMPLIANT',
    ],
  ] as const)('judges an ACL grant of %s as %s', (_label, grant, expected) => {
    expect(evaluateFixture(rule, openBucket([], [grant])).compliance).toBe(expected);
  });

  it('passes a public ACL when the bucket ignores public ACLs', () => {
    const fixture = withSupplementary(openBucket([], [{ grantee: 'AllUsers', permission: 'Read' }]), {
      PublicAccessBlockConfiguration: { ...NO_BLOCK, ignorePublicAcls: true },
    });
    const verdict = evaluateFixture(rule, fixture);
    expect(verdict.compliance).toBe('COMPLIANT');
    expect(verdict.annotation).toContain('neutralised by bucket-level IgnorePublicAcls');
  });

  it('passes a public ACL when the account ignores public ACLs', () => {
    const fixture = inAccountWith(openBucket([], [{ grantee: 'AllUsers', permission: 'Read' }]), {
      ignorePublicAcls: true,
      restrictPublicBuckets: false,
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('COMPLIANT');
  });

  it('does not let BlockPublicPolicy neutralise an existing public policy', () => {
    const fixture = withSupplementary(
      openBucket([allow({ Action: 's3:GetObject', Resource: `${BUCKET}/*` })]),
      {
        PublicAccessBlockConfiguration: { ...NO_BLOCK, blockPublicPolicy: true, blockPublicAcls: true },
      },
    );
    expect(evaluateFixture(rule, fixture).compliance).toBe('NON_COMPLIANT');
  });

  it('does not let IgnorePublicAcls neutralise a public policy', () => {
    const fixture = inAccountWith(openBucket([allow({ Action: 's3:GetObject', Resource: `${BUCKET}/*` })]), {
      ignorePublicAcls: true,
      restrictPublicBuckets: false,
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NON_COMPLIANT');
  });

  it('fails an unreadable policy unless RestrictPublicBuckets applies', () => {
    const broken = withSupplementary(openBucket([]), {
      BucketPolicy: { policyText: '{"Statement": "nope"}' },
    });
    expect(evaluateFixture(rule, broken).annotation).toContain('bucket policy cannot be read');
    const restricted = withSupplementary(broken, {
      PublicAccessBlockConfiguration: { ...NO_BLOCK, restrictPublicBuckets: true },
    });
    expect(evaluateFixture(rule, restricted).compliance).toBe('COMPLIANT');
  });

  it('gives no verdict on a bucket whose policy and ACL were not recorded (Config always records both)', () => {
    const base = loadFixture(TYPE, 'new-bucket-defaults');
    const verdict = evaluateFixture(rule, {
      ...base,
      item: { ...base.item, supplementaryConfiguration: {} },
    });
    expect(verdict).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation:
        'Cannot judge public read of bucket arn:aws:s3:::acme-analytics-scratch: the bucket policy was not recorded; the bucket ACL was not recorded.',
    });
  });

  it('still fails a public ACL when only the policy was not recorded', () => {
    const fixture = openBucket([], [{ grantee: 'AllUsers', permission: 'Read' }]);
    const { BucketPolicy: _policy, ...rest } = fixture.item.supplementaryConfiguration;
    const verdict = evaluateFixture(rule, {
      ...fixture,
      item: { ...fixture.item, supplementaryConfiguration: rest },
    });
    expect(verdict.compliance).toBe('NON_COMPLIANT');
  });

  it('re-evaluates when the account-level block changes (reads it from the inventory)', () => {
    expect(new RuleEngine([rule]).rulesReading(PAB_TYPE)).toContain(rule);
  });

  it('reports a deleted bucket as NOT_APPLICABLE through the engine', () => {
    const [evaluation] = new RuleEngine([rule]).evaluate(loadFixture(TYPE, 'deleted').item, {
      now: new Date('2026-11-23T12:00:00Z'),
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('NOT_APPLICABLE');
  });
});
