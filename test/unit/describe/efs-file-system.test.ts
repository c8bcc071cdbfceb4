import {
  DescribeBackupPolicyCommand,
  DescribeFileSystemsCommand,
  DescribeLifecycleConfigurationCommand,
  EFSClient,
  type FileSystemDescription,
  type LifeCycleState,
} from '@aws-sdk/client-efs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { refsFromCloudTrail } from '#shared/describe/cloudtrail-refs';
import type { ResourceRef } from '#shared/describe/describer';
import { describeFileSystem, listFileSystems } from '#shared/describe/efs-file-system/describe';
import type { CloudTrailRecord } from '#shared/pipeline/events';
import { efsEncryptedCheck } from '#shared/rules/efs/efs-encrypted-check';
import { RuleEngine } from '#shared/rules/engine';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { loadFixture } from '#test/support/fixtures';

const ACCOUNT = '123456789012';
const CAPTURE = '2026-11-23T09:30:00.000Z';
const efs = mockClient(EFSClient);
const engine = new RuleEngine([efsEncryptedCheck]);

const ref = (lookupId: string): ResourceRef => ({
  accountId: ACCOUNT,
  region: 'us-east-1',
  resourceType: 'AWS::EFS::FileSystem',
  lookupId,
  captureTime: CAPTURE,
});

function awsError(name: string): Error {
  const error = new Error(name);
  error.name = name;
  return error;
}

/** DescribeFileSystems' answer for the `encrypted-customer-key` fixture. */
const SHARED_MEDIA: FileSystemDescription = {
  OwnerId: ACCOUNT,
  CreationToken: 'shared-media',
  FileSystemId: 'fs-0c8e1f3a5b7d92e46',
  FileSystemArn: 'arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-0c8e1f3a5b7d92e46',
  CreationTime: new Date('2024-02-08T12:31:07.000Z'),
  LifeCycleState: 'available',
  Name: 'shared-media',
  NumberOfMountTargets: 2,
  SizeInBytes: { Value: 6144 },
  PerformanceMode: 'generalPurpose',
  Encrypted: true,
  KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/a91d7e55-2c3b-4f68-b0e4-7d2f13c8a6e9',
  ThroughputMode: 'elastic',
  Tags: [{ Key: 'Name', Value: 'shared-media' }],
  FileSystemProtection: { ReplicationOverwriteProtection: 'ENABLED' },
};

const verdictOf = (item: Parameters<RuleEngine['evaluate']>[0]) =>
  engine.evaluate(item, { now: new Date(CAPTURE), inventory: EMPTY_INVENTORY })[0]?.compliance;

describe('describeFileSystem', () => {
  beforeEach(() => {
    efs.reset();
    efs.on(DescribeFileSystemsCommand, { FileSystemId: 'fs-0c8e1f3a5b7d92e46' }).resolves({
      FileSystems: [SHARED_MEDIA],
    });
    efs.on(DescribeBackupPolicyCommand).resolves({ BackupPolicy: { Status: 'ENABLED' } });
    efs.on(DescribeLifecycleConfigurationCommand).resolves({
      LifecyclePolicies: [
        { TransitionToIA: 'AFTER_30_DAYS' },
        { TransitionToPrimaryStorageClass: 'AFTER_1_ACCESS' },
      ],
    });
  });

  it("builds the item AWS Config records, in CloudFormation's naming", async () => {
    const fixture = loadFixture('AWS::EFS::FileSystem', 'encrypted-customer-key');
    const item = await describeFileSystem(new EFSClient({}), ref('fs-0c8e1f3a5b7d92e46'));
    expect(item).toMatchObject({
      resourceId: fixture.item.resourceId,
      resourceName: fixture.item.resourceName,
      arn: fixture.item.arn,
      tags: fixture.item.tags,
      status: 'OK',
    });
    expect(item.configuration).toEqual(fixture.item.configuration);
    expect(verdictOf(item)).toBe('COMPLIANT');
  });

  it('an unencrypted file system fails efs-encrypted-check, as the matching fixture does', async () => {
    const { KmsKeyId: _key, ...unencrypted } = SHARED_MEDIA;
    efs.on(DescribeFileSystemsCommand).resolves({ FileSystems: [{ ...unencrypted, Encrypted: false }] });
    const item = await describeFileSystem(new EFSClient({}), ref('fs-0c8e1f3a5b7d92e46'));
    expect(item.configuration).not.toHaveProperty('KmsKeyId');
    expect(verdictOf(item)).toBe(verdictOf(loadFixture('AWS::EFS::FileSystem', 'unencrypted').item));
    expect(verdictOf(item)).toBe('NON_COMPLIANT');
  });

  it('records a backup policy EFS says does not exist as DISABLED', async () => {
    efs.on(DescribeBackupPolicyCommand).rejects(awsError('PolicyNotFound'));
    const item = await describeFileSystem(new EFSClient({}), ref('fs-0c8e1f3a5b7d92e46'));
    expect(item.configuration).toMatchObject({ BackupPolicy: { Status: 'DISABLED' } });
  });

  it('leaves the backup and lifecycle policies out when they may not be read', async () => {
    efs.on(DescribeBackupPolicyCommand).rejects(awsError('AccessDeniedException'));
    efs.on(DescribeLifecycleConfigurationCommand).rejects(awsError('AccessDeniedException'));
    const item = await describeFileSystem(new EFSClient({}), ref('fs-0c8e1f3a5b7d92e46'));
    expect(item.configuration).not.toHaveProperty('BackupPolicy');
    expect(item.configuration).not.toHaveProperty('LifecyclePolicies');
    expect(item.configuration).toMatchObject({ Encrypted: true });
  });

  it('fails the describe on an unexpected backup policy error (worth a retry)', async () => {
    efs.on(DescribeBackupPolicyCommand).rejects(awsError('InternalServerError'));
    await expect(describeFileSystem(new EFSClient({}), ref('fs-0c8e1f3a5b7d92e46'))).rejects.toThrow(
      'InternalServerError',
    );
  });

  it.each<[string | undefined, LifeCycleState | undefined]>([
    ['FileSystemNotFound', undefined],
    [undefined, 'deleted'],
  ])('a file system that is gone (%s / %s) is deleted', async (error, state) => {
    if (error !== undefined) efs.on(DescribeFileSystemsCommand).rejects(awsError(error));
    else
      efs
        .on(DescribeFileSystemsCommand)
        .resolves({ FileSystems: [{ ...SHARED_MEDIA, LifeCycleState: state }] });
    const item = await describeFileSystem(
      new EFSClient({}),
      ref('arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-0c8e1f3a5b7d92e46'),
    );
    expect(item).toMatchObject({ status: 'ResourceDeleted', resourceId: 'fs-0c8e1f3a5b7d92e46' });
  });

  it('lists every file system across pages, skipping deleted ones', async () => {
    efs
      .on(DescribeFileSystemsCommand)
      .resolvesOnce({
        FileSystems: [
          { ...SHARED_MEDIA, FileSystemId: 'fs-1' },
          { ...SHARED_MEDIA, FileSystemId: 'fs-2', LifeCycleState: 'deleted' },
        ],
        NextMarker: 'm',
      })
      .resolvesOnce({ FileSystems: [{ ...SHARED_MEDIA, FileSystemId: 'fs-3' }] });
    const refs = await listFileSystems(new EFSClient({}), {
      accountId: ACCOUNT,
      region: 'us-east-1',
      captureTime: CAPTURE,
    });
    expect(refs.map((entry) => entry.lookupId)).toEqual(['fs-1', 'fs-3']);
  });
});

function record(
  eventName: string,
  requestParameters: unknown,
  responseElements: unknown = null,
): CloudTrailRecord {
  return {
    eventID: 'b1f0c7a2-4c1e-4a55-9d8e-1f0e2d3c4b5a',
    eventTime: '2026-11-23T09:30:00Z',
    eventSource: 'elasticfilesystem.amazonaws.com',
    eventName,
    awsRegion: 'us-east-1',
    recipientAccountId: ACCOUNT,
    requestParameters: requestParameters as CloudTrailRecord['requestParameters'],
    responseElements: responseElements as CloudTrailRecord['responseElements'],
  };
}

const refsOf = (entry: CloudTrailRecord) =>
  refsFromCloudTrail(entry, ACCOUNT).map((touched) => [touched.resourceType, touched.lookupId]);

describe('CloudTrail mapping of EFS calls', () => {
  it('CreateFileSystem describes the file system of the response', () => {
    expect(
      refsOf(
        record(
          'CreateFileSystem',
          { creationToken: 'shared-media', performanceMode: 'generalPurpose', encrypted: false },
          { fileSystemId: 'fs-0c8e1f3a5b7d92e46', lifeCycleState: 'creating', encrypted: false },
        ),
      ),
    ).toEqual([['AWS::EFS::FileSystem', 'fs-0c8e1f3a5b7d92e46']]);
  });

  it.each([
    ['PutBackupPolicy', { fileSystemId: 'fs-1', backupPolicy: { status: 'ENABLED' } }],
    ['UpdateFileSystem', { fileSystemId: 'fs-1', throughputMode: 'elastic' }],
    ['DeleteFileSystem', { fileSystemId: 'fs-1' }],
    ['CreateTags', { fileSystemId: 'fs-1', tags: [{ key: 'TagName', value: 'AnotherNewTag' }] }],
    ['DeleteTags', { fileSystemId: 'fs-1', tagKeys: [] }],
    ['TagResource', { resourceId: 'fs-1', tags: [{ key: 'a', value: 'b' }] }],
    ['UntagResource', { resourceId: 'fs-1', tagKeys: ['a'] }],
  ])('%s describes the file system it names', (name, request) => {
    expect(refsOf(record(name, request))).toEqual([['AWS::EFS::FileSystem', 'fs-1']]);
  });

  it('ignores tag calls on access points', () => {
    expect(refsOf(record('TagResource', { resourceId: 'fsap-0123456789abcdef0', tags: [] }))).toEqual([]);
  });
});
