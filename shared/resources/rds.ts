import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import type { Inventory, InventoryKey } from '#shared/rules/inventory';
import { compliant, nonCompliant, notApplicable, type RuleVerdict } from '#shared/rules/verdict';

/** AWS Config resource type of an RDS DB instance. */
export const DB_INSTANCE_TYPE = 'AWS::RDS::DBInstance';

/** AWS Config resource type of an RDS / Aurora DB cluster. */
export const DB_CLUSTER_TYPE = 'AWS::RDS::DBCluster';

/**
 * The parts of an `AWS::RDS::DBInstance` configuration item Vigil's rules read. AWS Config records
 * DescribeDBInstances fields in its own camelCase (`dBInstanceIdentifier`, `multiAZ`, `iAMDatabaseAuthenticationEnabled`).
 */
export type DbInstanceConfiguration = {
  readonly dBInstanceIdentifier?: string;
  readonly dBInstanceStatus?: string;
  readonly dBClusterIdentifier?: string | null;
  readonly engine?: string;
  readonly engineVersion?: string;
  readonly publiclyAccessible?: boolean;
  readonly multiAZ?: boolean;
  readonly storageEncrypted?: boolean;
  readonly kmsKeyId?: string | null;
  readonly deletionProtection?: boolean;
  readonly backupRetentionPeriod?: number;
  readonly preferredBackupWindow?: string;
  readonly readReplicaSourceDBInstanceIdentifier?: string | null;
  readonly enabledCloudwatchLogsExports?: readonly string[] | null;
  readonly autoMinorVersionUpgrade?: boolean;
  readonly iAMDatabaseAuthenticationEnabled?: boolean;
  readonly monitoringInterval?: number;
  readonly masterUsername?: string;
};

/** The parts of an `AWS::RDS::DBCluster` configuration item Vigil's rules read (Config writes `dbcluster…` and `iamdatabase…` in lower case). */
export type DbClusterConfiguration = {
  readonly dbclusterIdentifier?: string;
  readonly engine?: string;
  readonly deletionProtection?: boolean;
  readonly enabledCloudwatchLogsExports?: readonly string[] | null;
  readonly status?: string;
  readonly multiAZ?: boolean;
  readonly storageEncrypted?: boolean;
  readonly kmsKeyId?: string | null;
  readonly iamdatabaseAuthenticationEnabled?: boolean;
  readonly backupRetentionPeriod?: number;
  readonly masterUsername?: string;
  readonly autoMinorVersionUpgrade?: boolean;
};

/** The cluster's identifier as people know it, falling back to the Config resource id (`cluster-…`). */
export function dbClusterName(item: ConfigurationItem<DbClusterConfiguration>): string {
  return item.configuration?.dbclusterIdentifier ?? item.resourceName ?? item.resourceId;
}

/** The instance's identifier as people know it, falling back to the Config resource id (`db-…`). */
export function dbInstanceName(item: ConfigurationItem<DbInstanceConfiguration>): string {
  return item.configuration?.dBInstanceIdentifier ?? item.resourceName ?? item.resourceId;
}

/** True when a DB instance is an Aurora instance (engines `aurora`, `aurora-mysql`, `aurora-postgresql`). */
export function isAuroraEngine(engine: string | undefined): boolean {
  return engine?.toLowerCase().startsWith('aurora') ?? false;
}

/** True when the instance is a read replica of another DB instance. */
export function isReadReplica(configuration: DbInstanceConfiguration): boolean {
  const source = configuration.readReplicaSourceDBInstanceIdentifier;
  return typeof source === 'string' && source !== '';
}

/** The DB cluster an instance belongs to, or `undefined` when it is a standalone instance. */
export function clusterIdentifierOf(configuration: DbInstanceConfiguration): string | undefined {
  const id = configuration.dBClusterIdentifier;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/**
 * The recorded DB cluster named `clusterIdentifier` in the same region as the instance. Config keys
 * clusters by resource id (`cluster-…`), so the match is on the identifier (configuration or resource name).
 */
export function findDbCluster(
  inventory: Inventory,
  clusterIdentifier: string,
  region: string,
): ConfigurationItem<DbClusterConfiguration> | undefined {
  const key = `${region}|${clusterIdentifier.toLowerCase()}`;
  return inventory.itemsWithKey(DB_CLUSTER_TYPE, clusterIdentifierKey, key)[0] as
    | ConfigurationItem<DbClusterConfiguration>
    | undefined;
}

/** Files a recorded cluster under `region|identifier` (lower case). */
const clusterIdentifierKey: InventoryKey = (item) => {
  if (item.configuration === null) return undefined;
  const configured = item.configuration.dbclusterIdentifier;
  const name = typeof configured === 'string' ? configured : item.resourceName;
  return name === undefined ? undefined : `${item.region}|${name.toLowerCase()}`;
};

/** One snapshot attribute as AWS Config records it (`DescribeDBSnapshotAttributes`, camelCased) or the SDK gives it. */
type SnapshotAttribute = {
  readonly attributeName?: string;
  readonly attributeValues?: readonly string[];
  readonly AttributeName?: string;
  readonly AttributeValues?: readonly string[];
};

/**
 * The `restore` attribute's values (accounts that may restore the snapshot, `all` when public) from a
 * recorded `DBSnapshotAttributes` / `DBClusterSnapshotAttributes` list; empty when the list has no `restore`
 * entry, `undefined` when no list was recorded.
 */
export function snapshotRestoreValues(attributes: unknown): readonly string[] | undefined {
  if (!Array.isArray(attributes)) return undefined;
  for (const attribute of attributes as SnapshotAttribute[]) {
    const attributeName = attribute.attributeName ?? attribute.AttributeName;
    if (attributeName === 'restore') return attribute.attributeValues ?? attribute.AttributeValues ?? [];
  }
  return [];
}

/** The admin user names RDS suggests by default (console and engine defaults), which rules refuse. */
export const DEFAULT_ADMIN_USERNAMES: readonly string[] = ['admin', 'postgres'];

/**
 * The default-admin verdict on a DB instance's or cluster's master user name (`subject` names it, e.g. `DB
 * cluster ledger`): NOT_APPLICABLE when the name was not recorded, NON_COMPLIANT for a default name or one
 * not in `validAdminUserNames` (when that list is set), COMPLIANT otherwise.
 */
export function defaultAdminVerdict(
  subject: string,
  username: unknown,
  validAdminUserNames: readonly string[],
): RuleVerdict {
  if (typeof username !== 'string' || username === '') {
    return notApplicable(`The master user name of ${subject} was not recorded.`);
  }
  if (DEFAULT_ADMIN_USERNAMES.includes(username)) {
    return nonCompliant(`${subject} uses the default admin user name ${username}.`);
  }
  if (validAdminUserNames.length > 0 && !validAdminUserNames.includes(username)) {
    return nonCompliant(
      `${subject} uses admin user name ${username}, not one of ${validAdminUserNames.join(', ')}.`,
    );
  }
  return compliant(`${subject} uses admin user name ${username}, not a default one.`);
}
