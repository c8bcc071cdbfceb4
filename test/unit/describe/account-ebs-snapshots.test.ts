import {
  DescribeSnapshotAttributeCommand,
  DescribeSnapshotsCommand,
  EC2Client,
  GetEbsEncryptionByDefaultCommand,
} from '@aws-sdk/client-ec2';
import { GetAccountPasswordPolicyCommand, GetAccountSummaryCommand, IAMClient } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { describeAccount } from '#shared/describe/account/describe';
import { describePublicEbsSnapshots } from '#shared/describe/account/ebs-snapshots';
import { refsFromCloudTrail } from '#shared/describe/cloudtrail-refs';
import type { CloudTrailRecord } from '#shared/pipeline/events';
import { ebsSnapshotPublicRestorableCheck } from '#shared/rules/ec2/ebs-snapshot-public-restorable-check';
import { createInventory } from '#shared/rules/inventory';
import { ACCOUNT_RESOURCE_TYPE, type Rule } from '#shared/rules/rule';
import { awsError } from './sdk-shape';

const ACCOUNT = '123456789012';

describe('describePublicEbsSnapshots: the account item part ebs-snapshot-public-restorable-check reads', () => {
  const ec2 = mockClient(EC2Client);
  const client = () => new EC2Client({});

  beforeEach(() => ec2.reset());

  it('asks only for the own snapshots restorable by all, and confirms each one listed', async () => {
    ec2.on(DescribeSnapshotsCommand).resolves({
      Snapshots: [
        {
          SnapshotId: 'snap-0c4e6a8b0d2f4a6c8',
          VolumeId: 'vol-0b1d3f5a7c9e1b3d5',
          Description: 'ml-training-data export',
          OwnerId: ACCOUNT,
        },
      ],
    });
    ec2
      .on(DescribeSnapshotAttributeCommand)
      .resolves({ SnapshotId: 'snap-0c4e6a8b0d2f4a6c8', CreateVolumePermissions: [{ Group: 'all' }] });
    expect(await describePublicEbsSnapshots(client(), ACCOUNT)).toEqual({
      PublicEbsSnapshots: [
        {
          snapshotId: 'snap-0c4e6a8b0d2f4a6c8',
          volumeId: 'vol-0b1d3f5a7c9e1b3d5',
          description: 'ml-training-data export',
        },
      ],
    });
    expect(ec2.commandCalls(DescribeSnapshotsCommand)[0]?.args[0].input).toMatchObject({
      OwnerIds: ['self'],
      RestorableByUserIds: ['all'],
      Filters: [{ Name: 'owner-id', Values: [ACCOUNT] }],
    });
    expect(ec2.commandCalls(DescribeSnapshotAttributeCommand)[0]?.args[0].input).toEqual({
      SnapshotId: 'snap-0c4e6a8b0d2f4a6c8',
      Attribute: 'createVolumePermission',
    });
  });

  it('costs one call for an account whose snapshots are all private, however many it has', async () => {
    ec2.on(DescribeSnapshotsCommand).resolves({ Snapshots: [] });
    expect(await describePublicEbsSnapshots(client(), ACCOUNT)).toEqual({ PublicEbsSnapshots: [] });
    expect(ec2.calls()).toHaveLength(1);
  });

  it('drops a listed snapshot that is not public (any more), gone, or owned by another account', async () => {
    ec2.on(DescribeSnapshotsCommand).resolves({
      Snapshots: [
        { SnapshotId: 'snap-private', OwnerId: ACCOUNT },
        { SnapshotId: 'snap-shared-with-one', OwnerId: ACCOUNT },
        { SnapshotId: 'snap-gone', OwnerId: ACCOUNT },
        { SnapshotId: 'snap-amazon', OwnerId: '801119661308' },
      ],
    });
    ec2
      .on(DescribeSnapshotAttributeCommand, { SnapshotId: 'snap-private' })
      .resolves({ CreateVolumePermissions: [] })
      .on(DescribeSnapshotAttributeCommand, { SnapshotId: 'snap-shared-with-one' })
      .resolves({ CreateVolumePermissions: [{ UserId: '111122223333' }] })
      .on(DescribeSnapshotAttributeCommand, { SnapshotId: 'snap-gone' })
      .rejects(awsError('InvalidSnapshot.NotFound'));
    expect(await describePublicEbsSnapshots(client(), ACCOUNT)).toEqual({ PublicEbsSnapshots: [] });
    expect(ec2.commandCalls(DescribeSnapshotAttributeCommand)).toHaveLength(3);
  });

  it('keeps a listed snapshot whose attribute it may not read: the listing already said it is public', async () => {
    ec2.on(DescribeSnapshotsCommand).resolves({ Snapshots: [{ SnapshotId: 'snap-1', OwnerId: ACCOUNT }] });
    ec2.on(DescribeSnapshotAttributeCommand).rejects(awsError('UnauthorizedOperation'));
    expect(await describePublicEbsSnapshots(client(), ACCOUNT)).toEqual({
      PublicEbsSnapshots: [{ snapshotId: 'snap-1' }],
    });
  });

  it('reads every page of the listing', async () => {
    ec2
      .on(DescribeSnapshotsCommand)
      .resolvesOnce({ Snapshots: [{ SnapshotId: 'snap-1', OwnerId: ACCOUNT }], NextToken: 'next' })
      .resolvesOnce({ Snapshots: [{ SnapshotId: 'snap-2', OwnerId: ACCOUNT }] });
    ec2.on(DescribeSnapshotAttributeCommand).resolves({ CreateVolumePermissions: [{ Group: 'all' }] });
    const part = await describePublicEbsSnapshots(client(), ACCOUNT);
    expect(part.PublicEbsSnapshots?.map((snapshot) => snapshot.snapshotId)).toEqual(['snap-1', 'snap-2']);
  });

  it('leaves the part out (not collected) when the function may not list snapshots', async () => {
    ec2.on(DescribeSnapshotsCommand).rejects(awsError('UnauthorizedOperation'));
    expect(await describePublicEbsSnapshots(client(), ACCOUNT)).toEqual({});
  });

  it('fails the describe on an unexpected error (worth a retry)', async () => {
    ec2.on(DescribeSnapshotsCommand).rejects(awsError('RequestLimitExceeded'));
    await expect(describePublicEbsSnapshots(client(), ACCOUNT)).rejects.toThrow('RequestLimitExceeded');
  });
});

describe('describeAccount carries the part, and the rule judges it', () => {
  const ec2 = mockClient(EC2Client);
  const iam = mockClient(IAMClient);
  const ref = {
    accountId: ACCOUNT,
    region: 'eu-west-1',
    resourceType: ACCOUNT_RESOURCE_TYPE,
    lookupId: ACCOUNT,
    captureTime: '2026-11-23T09:30:00.000Z',
  };

  beforeEach(() => {
    ec2.reset();
    iam.reset();
    iam.on(GetAccountPasswordPolicyCommand).rejects(awsError('NoSuchEntityException'));
    iam.on(GetAccountSummaryCommand).resolves({ SummaryMap: {} });
    ec2.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: true });
  });

  async function verdict(): Promise<string> {
    const item = await describeAccount({ iam: new IAMClient({}), ec2: new EC2Client({}) }, ref);
    const rule: Rule = ebsSnapshotPublicRestorableCheck;
    return rule.evaluate(item, {
      parameters: {},
      now: new Date(),
      inventory: createInventory([item]),
    }).compliance;
  }

  it.each([
    ['a public snapshot', [{ SnapshotId: 'snap-1', OwnerId: ACCOUNT }], 'NON_COMPLIANT'],
    ['none', [], 'COMPLIANT'],
  ])('%s: %s', async (_case, snapshots, expected) => {
    ec2.on(DescribeSnapshotsCommand).resolves({ Snapshots: snapshots });
    ec2.on(DescribeSnapshotAttributeCommand).resolves({ CreateVolumePermissions: [{ Group: 'all' }] });
    expect(await verdict()).toBe(expected);
  });

  it('not collected: NOT_APPLICABLE, never a verdict from data it has not seen', async () => {
    ec2.on(DescribeSnapshotsCommand).rejects(awsError('UnauthorizedOperation'));
    expect(await verdict()).toBe('NOT_APPLICABLE');
  });
});

describe('CloudTrail calls that can make a snapshot public or private re-describe the account item', () => {
  it.each([
    [
      'ModifySnapshotAttribute',
      {
        snapshotId: 'snap-0c4e6a8b0d2f4a6c8',
        createVolumePermission: { add: { items: [{ group: 'all' }] } },
        attributeType: 'CREATE_VOLUME_PERMISSION',
      },
    ],
    [
      'ResetSnapshotAttribute',
      { snapshotId: 'snap-0c4e6a8b0d2f4a6c8', attribute: 'CREATE_VOLUME_PERMISSION' },
    ],
    ['DeleteSnapshot', { snapshotId: 'snap-0c4e6a8b0d2f4a6c8' }],
    [
      'EnableSnapshotBlockPublicAccess',
      { EnableSnapshotBlockPublicAccessRequest: { State: 'block-all-sharing' } },
    ],
    ['DisableSnapshotBlockPublicAccess', { DisableSnapshotBlockPublicAccessRequest: '' }],
  ])('%s', (eventName, requestParameters) => {
    const record: CloudTrailRecord = {
      eventID: 'b1f0c7a2-4c1e-4a55-9d8e-1f0e2d3c4b5a',
      eventTime: '2026-11-23T09:30:00Z',
      eventSource: 'ec2.amazonaws.com',
      eventName,
      awsRegion: 'eu-west-1',
      recipientAccountId: ACCOUNT,
      requestParameters,
      responseElements: null,
    };
    expect(refsFromCloudTrail(record, ACCOUNT)).toEqual([
      {
        accountId: ACCOUNT,
        region: 'eu-west-1',
        resourceType: ACCOUNT_RESOURCE_TYPE,
        lookupId: ACCOUNT,
        captureTime: '2026-11-23T09:30:00.000Z',
      },
    ]);
  });
});
