import { DescribeVolumesCommand, EC2Client, type Volume } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { refsFromCloudTrail } from '#shared/describe/cloudtrail-refs';
import { describeVolume, listVolumes } from '#shared/describe/ec2-volume/describe';
import type { CloudTrailRecord } from '#shared/pipeline/events';
import { VOLUME_TYPE } from '#shared/resources/ec2';
import { encryptedVolumes } from '#shared/rules/ec2/encrypted-volumes';
import { createInventory } from '#shared/rules/inventory';
import { resolveParameters } from '#shared/rules/parameters';
import type { Rule } from '#shared/rules/rule';
import { evaluateFixture, loadFixture } from '#test/support/fixtures';
import { awsError, sdkShapeOf, withoutNulls } from './sdk-shape';

const ACCOUNT = '123456789012';
const ref = {
  accountId: ACCOUNT,
  region: 'us-east-1',
  resourceType: VOLUME_TYPE,
  lookupId: 'vol-03f2e1d0c9b8a7654',
  captureTime: '2026-11-23T09:30:00.000Z',
};

function record(eventName: string, fields: Partial<CloudTrailRecord>): CloudTrailRecord {
  return {
    eventID: 'b1f0c7a2-4c1e-4a55-9d8e-1f0e2d3c4b5a',
    eventTime: '2026-11-23T09:30:00Z',
    eventSource: 'ec2.amazonaws.com',
    eventName,
    awsRegion: 'us-east-1',
    recipientAccountId: ACCOUNT,
    requestParameters: null,
    responseElements: null,
    ...fields,
  };
}

describe('describeVolume: AWS::EC2::Volume as AWS Config records it', () => {
  const ec2 = mockClient(EC2Client);
  const client = () => new EC2Client({});

  beforeEach(() => ec2.reset());

  it.each(['unencrypted-attached', 'encrypted-attached', 'unencrypted-available'])(
    'builds the configuration of fixture %s from the DescribeVolumes response behind it, with the same verdict',
    async (name) => {
      const fixture = loadFixture(VOLUME_TYPE, name);
      ec2
        .on(DescribeVolumesCommand, { VolumeIds: [fixture.item.resourceId] })
        .resolves({ Volumes: [sdkShapeOf(fixture.item.configuration) as Volume] });
      const item = await describeVolume(client(), { ...ref, lookupId: fixture.item.resourceId });
      expect(item.configuration).toEqual(withoutNulls(fixture.item.configuration));
      expect(item).toMatchObject({
        resourceType: VOLUME_TYPE,
        resourceId: fixture.item.resourceId,
        arn: fixture.item.arn,
        tags: fixture.item.tags,
        status: 'OK',
      });
      const rule: Rule = encryptedVolumes;
      const verdict = rule.evaluate(item, {
        parameters: resolveParameters(rule),
        now: new Date(),
        inventory: createInventory([item]),
      });
      expect(verdict.compliance).toBe(evaluateFixture(encryptedVolumes, fixture).compliance);
    },
  );

  it.each([
    ['an empty answer', () => ec2.on(DescribeVolumesCommand).resolves({ Volumes: [] })],
    [
      'InvalidVolume.NotFound',
      () => ec2.on(DescribeVolumesCommand).rejects(awsError('InvalidVolume.NotFound')),
    ],
    [
      'a volume in state deleted',
      () =>
        ec2
          .on(DescribeVolumesCommand)
          .resolves({ Volumes: [{ VolumeId: ref.lookupId, State: 'deleted', Encrypted: false }] }),
    ],
  ])('reports the volume deleted on %s', async (_case, arrange) => {
    arrange();
    const item = await describeVolume(client(), ref);
    expect(item).toMatchObject({ status: 'ResourceDeleted', resourceId: ref.lookupId, configuration: null });
  });

  it('fails the describe on any other error (worth a retry)', async () => {
    ec2.on(DescribeVolumesCommand).rejects(awsError('RequestLimitExceeded'));
    await expect(describeVolume(client(), ref)).rejects.toThrow('RequestLimitExceeded');
  });

  it('lists every volume of the region across pages, skipping deleted ones', async () => {
    ec2
      .on(DescribeVolumesCommand)
      .resolvesOnce({
        Volumes: [{ VolumeId: 'vol-1' }, { VolumeId: 'vol-2', State: 'deleted' }],
        NextToken: 't',
      })
      .resolvesOnce({ Volumes: [{ VolumeId: 'vol-3', State: 'in-use' }] });
    const refs = await listVolumes(client(), {
      accountId: ACCOUNT,
      region: 'us-east-1',
      captureTime: ref.captureTime,
    });
    expect(refs.map((entry) => [entry.resourceType, entry.lookupId])).toEqual([
      [VOLUME_TYPE, 'vol-1'],
      [VOLUME_TYPE, 'vol-3'],
    ]);
  });
});

describe('CloudTrail calls that change an EBS volume', () => {
  const VOLUME = 'vol-0d2c4e6f8a0b1c3d5';

  it.each([
    [
      'CreateVolume',
      {
        requestParameters: { size: 8, zone: 'us-east-1a', volumeType: 'gp3', encrypted: false },
        responseElements: {
          requestId: 'r',
          volumeId: VOLUME,
          size: '8',
          zone: 'us-east-1a',
          status: 'creating',
        },
      },
    ],
    ['DeleteVolume', { requestParameters: { volumeId: VOLUME } }],
    [
      'AttachVolume',
      {
        requestParameters: { volumeId: VOLUME, instanceId: 'i-0a4f3c2b1d0e9f871', device: '/dev/sdf' },
        responseElements: { volumeId: VOLUME, instanceId: 'i-0a4f3c2b1d0e9f871', status: 'attaching' },
      },
    ],
    ['DetachVolume', { requestParameters: { volumeId: VOLUME, force: false } }],
    [
      'ModifyVolume',
      {
        requestParameters: { ModifyVolumeRequest: { VolumeId: VOLUME, Size: 20 } },
        responseElements: {
          ModifyVolumeResponse: { volumeModification: { volumeId: VOLUME, modificationState: 'modifying' } },
        },
      },
    ],
  ])('%s re-describes the volume it names', (eventName, fields) => {
    expect(
      refsFromCloudTrail(record(eventName, fields), ACCOUNT).map((entry) => [
        entry.resourceType,
        entry.lookupId,
      ]),
    ).toEqual([[VOLUME_TYPE, VOLUME]]);
  });
});
