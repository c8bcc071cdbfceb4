import {
  CreateSnapshotCommand,
  CreateVolumeCommand,
  DeleteSnapshotCommand,
  DeleteVolumeCommand,
  type EC2Client,
  ModifySnapshotAttributeCommand,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AwsResourceDescriber } from '#shared/describe/aws-describer';
import type { PublicEbsSnapshotsSupplement } from '#shared/rules/ec2/ebs-snapshot-public-restorable-check';
import { ACCOUNT_RESOURCE_TYPE } from '#shared/rules/rule';
import {
  ACCOUNT,
  chainOf,
  cloudTrailCaller,
  type LocalPipeline,
  localPipeline,
  REGION,
} from '../pipeline/harness';
import { motoClients } from './ec2-pairs';

const RULE = 'ebs-snapshot-public-restorable-check';

/**
 * The account item's `PublicEbsSnapshots` part on moto. moto ignores DescribeSnapshots' `OwnerIds` and
 * `RestorableByUserIds` (it lists every snapshot it holds, its AMI catalog's included), so this proves
 * the part through the describer's own-account filter and its per-snapshot `createVolumePermission`
 * check; the request AWS filters on is asserted in test/unit/describe/account-ebs-snapshots.test.ts. The
 * snapshots are made private and deleted at the end: the account item is shared by every test on the server.
 */
describe('AWS::::Account PublicEbsSnapshots on moto: describe and CloudTrail path', () => {
  const endpoint = inject('motoEndpoint');
  const clients = motoClients(endpoint);
  let ec2: EC2Client;
  let pipeline: LocalPipeline;
  let volumeId = '';
  let shared = '';
  let kept = '';

  beforeAll(async () => {
    ec2 = await clients.client('ec2');
    pipeline = await localPipeline(endpoint, 'vigil-ebs-snap', {
      ENABLED_RULES: RULE,
      INVENTORY_SOURCE: 'describe',
    });
    volumeId =
      (await ec2.send(new CreateVolumeCommand({ AvailabilityZone: `${REGION}a`, Size: 8 }))).VolumeId ?? '';
    shared =
      (await ec2.send(new CreateSnapshotCommand({ VolumeId: volumeId, Description: 'vendor export' })))
        .SnapshotId ?? '';
    kept = (await ec2.send(new CreateSnapshotCommand({ VolumeId: volumeId }))).SnapshotId ?? '';
  });

  afterAll(async () => {
    for (const snapshotId of [shared, kept]) {
      if (snapshotId !== '') await ec2.send(new DeleteSnapshotCommand({ SnapshotId: snapshotId }));
    }
    if (volumeId !== '') await ec2.send(new DeleteVolumeCommand({ VolumeId: volumeId }));
    pipeline?.close();
  });

  async function publicSnapshots(): Promise<string[]> {
    const describer = new AwsResourceDescriber({ clients, region: REGION });
    const item = await describer.describe({
      accountId: ACCOUNT,
      region: REGION,
      resourceType: ACCOUNT_RESOURCE_TYPE,
      lookupId: ACCOUNT,
      captureTime: new Date().toISOString(),
    });
    const part = (item.supplementaryConfiguration as PublicEbsSnapshotsSupplement).PublicEbsSnapshots;
    expect(part).toBeDefined();
    return (part ?? []).map((snapshot) => snapshot.snapshotId);
  }

  it('lists a snapshot shared with all, not a private one, and the rule follows ModifySnapshotAttribute', async () => {
    const call = cloudTrailCaller(() => pipeline, Date.now());
    const permission = (operation: 'add' | 'remove') => ({
      snapshotId: shared,
      createVolumePermission: { [operation]: { items: [{ group: 'all' }] } },
      attributeType: 'CREATE_VOLUME_PERMISSION',
    });

    await ec2.send(
      new ModifySnapshotAttributeCommand({
        SnapshotId: shared,
        Attribute: 'createVolumePermission',
        OperationType: 'add',
        GroupNames: ['all'],
      }),
    );
    const listed = await publicSnapshots();
    expect(listed).toContain(shared);
    expect(listed).not.toContain(kept);
    await call({
      eventSource: 'ec2.amazonaws.com',
      eventName: 'ModifySnapshotAttribute',
      requestParameters: permission('add'),
    });
    const failing = (await chainOf(pipeline, ACCOUNT, RULE)).at(-1);
    expect(failing).toMatchObject({ compliance: 'NON_COMPLIANT', source: { trigger: 'cloudtrail' } });
    expect(failing?.annotation).toContain(`${shared} (of ${volumeId})`);
    expect(failing?.annotation).not.toContain(kept);

    await ec2.send(
      new ModifySnapshotAttributeCommand({
        SnapshotId: shared,
        Attribute: 'createVolumePermission',
        OperationType: 'remove',
        GroupNames: ['all'],
      }),
    );
    expect(await publicSnapshots()).not.toContain(shared);
    await call({
      eventSource: 'ec2.amazonaws.com',
      eventName: 'ModifySnapshotAttribute',
      requestParameters: permission('remove'),
    });
    const latest = (await chainOf(pipeline, ACCOUNT, RULE)).at(-1);
    expect(latest?.annotation).not.toContain(shared);
    // Another test on the shared server could publish a snapshot meanwhile; none does today.
    expect(latest?.compliance).toBe('COMPLIANT');
  });
});
