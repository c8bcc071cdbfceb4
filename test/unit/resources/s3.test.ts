import { describe, expect, it } from 'vitest';
import {
  bucketArn,
  bucketObjectLock,
  bucketPublicAccessBlock,
  bucketPublicAclGrants,
  bucketReplicationRules,
  bucketVersioning,
  decodeJsonValue,
  partitionOfRegion,
} from '#shared/resources/s3';
import { loadFixture, withSupplementary } from '#test/support/fixtures';

const TYPE = 'AWS::S3::Bucket';

describe('shared/resources/s3', () => {
  it.each([
    ['an object', { a: 1 }, { a: 1 }],
    ['JSON text', '{"a":1}', { a: 1 }],
    [
      'double-encoded JSON text (Config API AccessControlList)',
      JSON.stringify(JSON.stringify({ a: 1 })),
      { a: 1 },
    ],
    ['plain text', 'Enabled', 'Enabled'],
    ['broken JSON text', '{"a":', '{"a":'],
    ['null', null, null],
  ])('decodes %s', (_label, value, expected) => {
    expect(decodeJsonValue(value)).toEqual(expected);
  });

  it('uses the recorded bucket ARN', () => {
    expect(bucketArn(loadFixture(TYPE, 'hardened-audit-bucket').item)).toBe(
      'arn:aws:s3:::acme-audit-evidence-123456789012',
    );
  });

  it.each([
    ['us-east-1', undefined, 'arn:aws:s3:::b'],
    ['cn-north-1', undefined, 'arn:aws-cn:s3:::b'],
    ['us-gov-west-1', undefined, 'arn:aws-us-gov:s3:::b'],
    ['us-east-1', 'b', 'arn:aws:s3:::b'],
  ] as const)('builds the ARN in %s when the item has none usable (arn %s)', (region, arn, expected) => {
    const base = loadFixture(TYPE, 'new-bucket-defaults').item;
    const item = { ...base, region, arn, resourceName: 'b' };
    expect(bucketArn(item)).toBe(expected);
    expect(partitionOfRegion(region)).toBe(expected.split(':')[1]);
  });

  it('reads ACL grants to the public groups from the double-encoded API shape', () => {
    const item = loadFixture(TYPE, 'api-shape-authenticated-read-acl').item;
    expect(bucketPublicAclGrants(item)).toEqual([
      { group: 'AuthenticatedUsers', permission: 'Read' },
      { group: 'AllUsers', permission: 'ReadAcp' },
    ]);
  });

  it('reads replication rules from a map keyed by rule id and from a list', () => {
    const base = loadFixture(TYPE, 'hardened-audit-bucket');
    expect(bucketReplicationRules(base.item)).toEqual([
      {
        id: 'replicate-to-us-west-2',
        status: 'Enabled',
        destinationBucketArn: 'arn:aws:s3:::acme-audit-evidence-replica-123456789012',
      },
    ]);
    const listed = withSupplementary(base, {
      BucketReplicationConfiguration: {
        rules: [{ id: 'r', status: 'Disabled', destination: { bucket: 'arn:aws:s3:::x' } }],
      },
    });
    expect(bucketReplicationRules(listed.item)).toEqual([
      { id: 'r', status: 'Disabled', destinationBucketArn: 'arn:aws:s3:::x' },
    ]);
  });

  it('reads malformed fields as not recorded without hiding the well-formed ones beside them', () => {
    const base = loadFixture(TYPE, 'new-bucket-defaults');
    const { item } = withSupplementary(base, {
      AccessControlList: JSON.stringify({
        grantList: [
          { grantee: 'AllUsers', permission: 7 },
          'not a grant',
          { grantee: { uri: 'http://acs.amazonaws.com/groups/global/AllUsers' }, permission: 'Write' },
        ],
      }),
      PublicAccessBlockConfiguration: {
        blockPublicAcls: 'TRUE',
        ignorePublicAcls: 1,
        blockPublicPolicy: true,
      },
      BucketVersioningConfiguration: { status: 5, isMfaDeleteEnabled: 'true' },
      ObjectLockConfiguration: {
        objectLockEnabled: 'Enabled',
        rule: { defaultRetention: { mode: 'COMPLIANCE', days: '30', years: 1 } },
      },
    });
    expect(bucketPublicAclGrants(item)).toEqual([{ group: 'AllUsers', permission: 'Write' }]);
    expect(bucketPublicAccessBlock(item)).toEqual({
      blockPublicAcls: true,
      ignorePublicAcls: false,
      blockPublicPolicy: true,
      restrictPublicBuckets: false,
    });
    expect(bucketVersioning(item)).toEqual({ status: undefined, mfaDeleteEnabled: true });
    expect(bucketObjectLock(item)).toEqual({
      enabled: true,
      defaultMode: 'COMPLIANCE',
      defaultDays: undefined,
      defaultYears: 1,
    });
  });

  it('reads a supplementary value that is not an object as not recorded', () => {
    const base = loadFixture(TYPE, 'new-bucket-defaults');
    const { item } = withSupplementary(base, {
      PublicAccessBlockConfiguration: 'true',
      BucketVersioningConfiguration: [],
      AccessControlList: '{"grantList":',
    });
    expect(bucketPublicAccessBlock(item)).toBeUndefined();
    expect(bucketVersioning(item)).toBeUndefined();
    expect(bucketPublicAclGrants(item)).toEqual([]);
  });
});
