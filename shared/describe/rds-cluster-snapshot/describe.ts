import {
  type DBClusterSnapshot,
  DescribeDBClusterSnapshotAttributesCommand,
  DescribeDBClusterSnapshotsCommand,
  paginateDescribeDBClusterSnapshots,
  type RDSClient,
} from '@aws-sdk/client-rds';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { beanObject } from '../bean-shape';
import { configObject, deletedItem, describedItem, errorNameOf, optionalRead, tagMap } from '../config-shape';
import type { ResourceRef } from '../describer';
import type { RefBase } from '../resource-type';
import { DB_CLUSTER_SNAPSHOT_TYPE } from './index';

const NOT_FOUND = ['DBClusterSnapshotNotFoundFault'];

/** Errors that leave the sharing attributes uncollected: no permission to read them. */
const ATTRIBUTES_UNREADABLE = ['AccessDenied', 'AccessDeniedException', 'AuthorizationError'];

/** `arn:aws:rds:<region>:<account>:cluster-snapshot:<name>` → `<name>`; a plain identifier is kept. */
export function clusterSnapshotIdentifier(lookupId: string): string {
  return lookupId.replace(/^arn:[^:]+:rds:[^:]*:\d*:cluster-snapshot:/, '');
}

/**
 * An `AWS::RDS::DBClusterSnapshot` item: DescribeDBClusterSnapshots in Config's Jackson bean naming
 * (`dbclusterSnapshotIdentifier`, `dbclusterIdentifier`, `iamdatabaseAuthenticationEnabled`), keyed and named
 * by the snapshot identifier, with `supplementaryConfiguration.DBClusterSnapshotAttributes` from
 * DescribeDBClusterSnapshotAttributes (`restore`: the accounts that may restore it, `all` when public).
 * Automated snapshots cannot be shared, so their attributes are not read; when the attributes may not be
 * read they stay absent.
 */
export async function describeDbClusterSnapshot(
  client: RDSClient,
  ref: ResourceRef,
): Promise<ConfigurationItem> {
  const identifier = clusterSnapshotIdentifier(ref.lookupId);
  let snapshot: DBClusterSnapshot | undefined;
  try {
    const response = await client.send(
      new DescribeDBClusterSnapshotsCommand({ DBClusterSnapshotIdentifier: identifier }),
    );
    snapshot = response.DBClusterSnapshots?.[0];
  } catch (error) {
    if (NOT_FOUND.includes(errorNameOf(error))) return deletedItem(ref, identifier);
    throw error;
  }
  if (snapshot?.DBClusterSnapshotIdentifier === undefined) return deletedItem(ref, identifier);
  const name = snapshot.DBClusterSnapshotIdentifier;
  const supplementary: Record<string, unknown> = {};
  if (snapshot.SnapshotType !== 'automated') {
    const attributes = await optionalRead(
      () =>
        client.send(new DescribeDBClusterSnapshotAttributesCommand({ DBClusterSnapshotIdentifier: name })),
      ATTRIBUTES_UNREADABLE,
    );
    const list = attributes?.DBClusterSnapshotAttributesResult?.DBClusterSnapshotAttributes;
    if (list !== undefined) {
      supplementary.DBClusterSnapshotAttributes = list.map((attribute) => configObject(attribute));
    }
  }
  const { TagList, ...rest } = snapshot;
  return describedItem(ref, {
    resourceId: name,
    resourceName: name,
    ...(snapshot.DBClusterSnapshotArn === undefined ? {} : { arn: snapshot.DBClusterSnapshotArn }),
    configuration: beanObject(rest, 'iso'),
    supplementaryConfiguration: supplementary,
    tags: tagMap(TagList),
  });
}

/** Every DB cluster snapshot the account owns in the region (manual and automated). */
export async function listDbClusterSnapshots(client: RDSClient, base: RefBase): Promise<ResourceRef[]> {
  const refs: ResourceRef[] = [];
  for await (const page of paginateDescribeDBClusterSnapshots({ client }, {})) {
    for (const snapshot of page.DBClusterSnapshots ?? []) {
      if (snapshot.DBClusterSnapshotIdentifier) {
        refs.push({
          ...base,
          resourceType: DB_CLUSTER_SNAPSHOT_TYPE,
          lookupId: snapshot.DBClusterSnapshotIdentifier,
        });
      }
    }
  }
  return refs;
}
