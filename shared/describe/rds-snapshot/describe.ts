import {
  type DBSnapshot,
  DescribeDBSnapshotAttributesCommand,
  DescribeDBSnapshotsCommand,
  paginateDescribeDBSnapshots,
  type RDSClient,
} from '@aws-sdk/client-rds';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { configObject, deletedItem, describedItem, errorNameOf, optionalRead, tagMap } from '../config-shape';
import type { ResourceRef } from '../describer';
import type { RefBase } from '../resource-type';
import { DB_SNAPSHOT_TYPE } from './index';

const NOT_FOUND = ['DBSnapshotNotFoundFault', 'DBSnapshotNotFound'];

/** Errors that leave the sharing attributes uncollected: no permission to read them. */
const ATTRIBUTES_UNREADABLE = ['AccessDenied', 'AccessDeniedException', 'AuthorizationError'];

/** `arn:aws:rds:<region>:<account>:snapshot:<name>` → `<name>`; a plain identifier is kept. */
export function snapshotIdentifier(lookupId: string): string {
  return lookupId.replace(/^arn:[^:]+:rds:[^:]*:\d*:snapshot:/, '');
}

/**
 * An `AWS::RDS::DBSnapshot` item: DescribeDBSnapshots in Config's camelCase (`dBSnapshotIdentifier`,
 * `iAMDatabaseAuthenticationEnabled`), keyed and named by the snapshot identifier, with
 * `supplementaryConfiguration.DBSnapshotAttributes` from DescribeDBSnapshotAttributes (the `restore`
 * attribute lists the accounts that may restore it, `all` when public). Automated snapshots cannot be shared,
 * so their attributes are not read (as in Config's items of them); when the attributes may not be read they
 * stay absent.
 */
export async function describeDbSnapshot(client: RDSClient, ref: ResourceRef): Promise<ConfigurationItem> {
  const identifier = snapshotIdentifier(ref.lookupId);
  let snapshot: DBSnapshot | undefined;
  try {
    const response = await client.send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: identifier }));
    snapshot = response.DBSnapshots?.[0];
  } catch (error) {
    if (NOT_FOUND.includes(errorNameOf(error))) return deletedItem(ref, identifier);
    throw error;
  }
  if (snapshot?.DBSnapshotIdentifier === undefined) return deletedItem(ref, identifier);
  const name = snapshot.DBSnapshotIdentifier;
  const supplementary: Record<string, unknown> = {};
  if (snapshot.SnapshotType !== 'automated') {
    const attributes = await optionalRead(
      () => client.send(new DescribeDBSnapshotAttributesCommand({ DBSnapshotIdentifier: name })),
      ATTRIBUTES_UNREADABLE,
    );
    const list = attributes?.DBSnapshotAttributesResult?.DBSnapshotAttributes;
    if (list !== undefined)
      supplementary.DBSnapshotAttributes = list.map((attribute) => configObject(attribute));
  }
  const { TagList, ...rest } = snapshot;
  return describedItem(ref, {
    resourceId: name,
    resourceName: name,
    ...(snapshot.DBSnapshotArn === undefined ? {} : { arn: snapshot.DBSnapshotArn }),
    configuration: configObject(rest),
    supplementaryConfiguration: supplementary,
    tags: tagMap(TagList),
  });
}

/** Every DB snapshot the account owns in the region (manual and automated). */
export async function listDbSnapshots(client: RDSClient, base: RefBase): Promise<ResourceRef[]> {
  const refs: ResourceRef[] = [];
  for await (const page of paginateDescribeDBSnapshots({ client }, {})) {
    for (const snapshot of page.DBSnapshots ?? []) {
      if (snapshot.DBSnapshotIdentifier) {
        refs.push({ ...base, resourceType: DB_SNAPSHOT_TYPE, lookupId: snapshot.DBSnapshotIdentifier });
      }
    }
  }
  return refs;
}
