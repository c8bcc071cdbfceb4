import {
  DescribeSnapshotAttributeCommand,
  type EC2Client,
  paginateDescribeSnapshots,
  type Snapshot,
} from '@aws-sdk/client-ec2';
import { mapWithConcurrency } from '#shared/pipeline/concurrency';
import type {
  PublicEbsSnapshot,
  PublicEbsSnapshotsSupplement,
} from '#shared/rules/ec2/ebs-snapshot-public-restorable-check';
import { errorNameOf } from '../config-shape';

/** The function lacks permission for the read: the part stays "not collected". */
const NOT_PERMITTED: readonly string[] = ['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation'];

/** The snapshot went away between the two reads. */
const GONE: readonly string[] = ['InvalidSnapshot.NotFound'];

/**
 * Whether the snapshot's `createVolumePermission` still includes the group `all`; `true` when the attribute
 * cannot be read (the listing already said it is public), `false` when the snapshot is gone.
 */
async function stillPublic(client: EC2Client, snapshotId: string): Promise<boolean> {
  try {
    const attribute = await client.send(
      new DescribeSnapshotAttributeCommand({ SnapshotId: snapshotId, Attribute: 'createVolumePermission' }),
    );
    return (attribute.CreateVolumePermissions ?? []).some((permission) => permission.Group === 'all');
  } catch (error) {
    if (GONE.includes(errorNameOf(error))) return false;
    if (NOT_PERMITTED.includes(errorNameOf(error))) return true;
    throw error;
  }
}

function publicSnapshot(snapshot: Snapshot & { SnapshotId: string }): PublicEbsSnapshot {
  return {
    snapshotId: snapshot.SnapshotId,
    ...(snapshot.VolumeId ? { volumeId: snapshot.VolumeId } : {}),
    ...(snapshot.Description ? { description: snapshot.Description } : {}),
  };
}

/**
 * The account item's `PublicEbsSnapshots` part for one region (the supplementary key the
 * `ebs-snapshot-public-restorable-check` rule reads): the account's own snapshots anyone may create a
 * volume from; `{}` (not collected) when the function may not list snapshots.
 *
 * Cost: `DescribeSnapshots --owner-ids self --restorable-by-user-ids all` returns only the public ones, a
 * page of up to 1,000 per call, then one `DescribeSnapshotAttribute` per snapshot returned confirms its
 * `createVolumePermission` holds `all` (and drops a snapshot made private or deleted since). So the calls
 * grow with the number of public snapshots, which is the finding, not with the account's snapshots: an
 * account with 50,000 backup snapshots and none public costs one call, where reading the attribute of each
 * own snapshot would cost 50,050. The confirmation also keeps the part right where the listing filter is not
 * applied (moto ignores `OwnerIds` and `RestorableByUserIds`, so it lists every own snapshot).
 */
export async function describePublicEbsSnapshots(
  client: EC2Client,
  accountId: string,
): Promise<PublicEbsSnapshotsSupplement> {
  const listed: (Snapshot & { SnapshotId: string })[] = [];
  try {
    for await (const page of paginateDescribeSnapshots(
      { client },
      {
        OwnerIds: ['self'],
        RestorableByUserIds: ['all'],
        // Redundant on AWS; moto applies this filter (not OwnerIds), which keeps its AMI catalog's
        // 1,300 snapshots out of every account describe (3 s each otherwise).
        Filters: [{ Name: 'owner-id', Values: [accountId] }],
      },
    )) {
      for (const snapshot of page.Snapshots ?? []) {
        const { SnapshotId: snapshotId, OwnerId: ownerId } = snapshot;
        if (snapshotId && (ownerId === undefined || ownerId === accountId)) {
          listed.push({ ...snapshot, SnapshotId: snapshotId });
        }
      }
    }
  } catch (error) {
    if (NOT_PERMITTED.includes(errorNameOf(error))) return {};
    throw error;
  }
  const confirmed = await mapWithConcurrency(listed, 4, (snapshot) =>
    stillPublic(client, snapshot.SnapshotId),
  );
  return { PublicEbsSnapshots: listed.filter((_, index) => confirmed[index]).map(publicSnapshot) };
}
