import type { ConfigurationItem } from '#shared/config-item/configuration-item';

/** AWS Config's type of a Redshift cluster. */
export const REDSHIFT_CLUSTER_TYPE = 'AWS::Redshift::Cluster';

/**
 * The supplementary configuration key under which Vigil's describer records the `require_ssl` parameter of
 * the cluster's parameter group. AWS Config records that parameter on the separate
 * `AWS::Redshift::ClusterParameterGroup` item, so a Config-recorded cluster item lacks this key.
 */
export const REQUIRE_SSL_KEY = 'ClusterParameterGroupRequireSsl';

/**
 * The parts of an `AWS::Redshift::Cluster` configuration item Vigil's rules read. AWS Config records Redshift
 * clusters in DescribeClusters' shape with lower-camel keys (`publiclyAccessible`, `encrypted`, `kmsKeyId`,
 * `clusterParameterGroups[].parameterGroupName`).
 * @see https://github.com/awslabs/aws-config-resource-schema/blob/master/config/properties/resource-types/AWS::Redshift::Cluster.properties.json
 */
export type RedshiftClusterConfiguration = {
  readonly clusterIdentifier?: string;
  readonly nodeType?: string;
  readonly publiclyAccessible?: boolean;
  readonly encrypted?: boolean;
  readonly kmsKeyId?: string;
  readonly enhancedVpcRouting?: boolean;
  readonly automatedSnapshotRetentionPeriod?: number;
  readonly allowVersionUpgrade?: boolean;
  readonly preferredMaintenanceWindow?: string;
  readonly clusterParameterGroups?: readonly { readonly parameterGroupName?: string }[];
};

/** Audit logging as Config records it in `supplementaryConfiguration.LoggingStatus` (DescribeLoggingStatus). */
export interface RedshiftLoggingStatus {
  readonly loggingEnabled?: boolean;
  readonly bucketName?: string;
  readonly logDestinationType?: string;
}

/** The `require_ssl` value of a cluster's parameter group, as Vigil's describer records it. */
export interface RedshiftRequireSsl {
  readonly parameterGroupName: string;
  readonly value: string;
}

/** The name a cluster is known by in annotations. */
export function redshiftClusterName(item: ConfigurationItem<RedshiftClusterConfiguration>): string {
  return item.configuration?.clusterIdentifier ?? item.resourceName ?? item.resourceId;
}

function record(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Readonly<Record<string, unknown>>)
    : undefined;
}

/** The recorded audit-logging status; `undefined` when the item does not carry it (not collected). */
export function redshiftLoggingStatus(item: ConfigurationItem): RedshiftLoggingStatus | undefined {
  const status = record(item.supplementaryConfiguration.LoggingStatus);
  if (status === undefined || typeof status.loggingEnabled !== 'boolean') return undefined;
  return {
    loggingEnabled: status.loggingEnabled,
    ...(typeof status.bucketName === 'string' ? { bucketName: status.bucketName } : {}),
    ...(typeof status.logDestinationType === 'string'
      ? { logDestinationType: status.logDestinationType }
      : {}),
  };
}

/** The recorded `require_ssl` of the cluster's parameter group; `undefined` when not collected. */
export function redshiftRequireSsl(item: ConfigurationItem): RedshiftRequireSsl | undefined {
  const entry = record(item.supplementaryConfiguration[REQUIRE_SSL_KEY]);
  if (entry === undefined) return undefined;
  const { parameterGroupName, value } = entry;
  return typeof parameterGroupName === 'string' && typeof value === 'string'
    ? { parameterGroupName, value }
    : undefined;
}
