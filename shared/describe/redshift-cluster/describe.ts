import {
  type Cluster,
  DescribeClusterParametersCommand,
  DescribeClustersCommand,
  DescribeLoggingStatusCommand,
  paginateDescribeClusters,
  type RedshiftClient,
} from '@aws-sdk/client-redshift';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { REDSHIFT_CLUSTER_TYPE, REQUIRE_SSL_KEY, type RedshiftRequireSsl } from '#shared/resources/redshift';
import { configObject, deletedItem, describedItem, errorNameOf, optionalRead, tagMap } from '../config-shape';
import type { ResourceRef } from '../describer';
import type { RefBase } from '../resource-type';

/** Errors that leave a sub-read uncollected: no permission to make it. */
const UNREADABLE = ['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation'];

/** At most this many pages of parameters are read to find `require_ssl` (a group holds about 20). */
export const MAX_PARAMETER_PAGES = 3;

/** A cluster identifier from an identifier or ARN (`arn:aws:redshift:<region>:<account>:cluster:<id>`). */
export function clusterIdentifierOf(lookupId: string): string {
  return lookupId.replace(/^arn:[^:]+:redshift:[^:]*:\d*:cluster:/, '');
}

/**
 * The `require_ssl` value of a parameter group, read a bounded number of pages; `undefined` when the group
 * may not be read, is gone, or does not list the parameter within those pages.
 */
async function requireSslOf(
  client: RedshiftClient,
  parameterGroupName: string,
): Promise<RedshiftRequireSsl | undefined> {
  let marker: string | undefined;
  for (let page = 0; page < MAX_PARAMETER_PAGES; page += 1) {
    const response = await optionalRead(
      () =>
        client.send(
          new DescribeClusterParametersCommand({
            ParameterGroupName: parameterGroupName,
            MaxRecords: 100,
            ...(marker === undefined ? {} : { Marker: marker }),
          }),
        ),
      [...UNREADABLE, 'ClusterParameterGroupNotFoundFault'],
    );
    if (response === undefined) return undefined;
    const found = response.Parameters?.find((parameter) => parameter.ParameterName === 'require_ssl');
    if (found?.ParameterValue !== undefined) {
      return { parameterGroupName, value: found.ParameterValue };
    }
    marker = response.Marker;
    if (marker === undefined || marker === '') return undefined;
  }
  return undefined;
}

/** The audit-logging status in Config's supplementary shape; `undefined` when it may not be read. */
async function loggingStatusOf(
  client: RedshiftClient,
  clusterIdentifier: string,
): Promise<Record<string, unknown> | undefined> {
  const response = await optionalRead(
    () => client.send(new DescribeLoggingStatusCommand({ ClusterIdentifier: clusterIdentifier })),
    UNREADABLE,
  );
  if (response === undefined) return undefined;
  const { $metadata: _metadata, ...status } = response;
  return configObject(status);
}

/**
 * An `AWS::Redshift::Cluster` item as AWS Config records it: DescribeClusters' cluster in lower-camel keys
 * (`publiclyAccessible`, `encrypted`, `kmsKeyId`, `enhancedVpcRouting`, …), keyed and named by the cluster
 * identifier, with `supplementaryConfiguration.LoggingStatus` from DescribeLoggingStatus. Beyond Config,
 * it records the `require_ssl` parameter of the cluster's parameter group (DescribeClusterParameters, at
 * most {@link MAX_PARAMETER_PAGES} pages) under {@link REQUIRE_SSL_KEY}. Sub-reads that may not be made
 * stay absent. A cluster Redshift no longer knows, or that is being deleted, is deleted.
 */
export async function describeRedshiftCluster(
  client: RedshiftClient,
  ref: ResourceRef,
): Promise<ConfigurationItem> {
  const id = clusterIdentifierOf(ref.lookupId);
  let cluster: Cluster | undefined;
  try {
    cluster = (await client.send(new DescribeClustersCommand({ ClusterIdentifier: id }))).Clusters?.[0];
  } catch (error) {
    if (errorNameOf(error) === 'ClusterNotFoundFault') return deletedItem(ref, id);
    throw error;
  }
  if (cluster?.ClusterIdentifier === undefined || cluster.ClusterStatus === 'deleting') {
    return deletedItem(ref, id);
  }
  const identifier = cluster.ClusterIdentifier;
  const parameterGroup = cluster.ClusterParameterGroups?.[0]?.ParameterGroupName;
  const [loggingStatus, requireSsl] = await Promise.all([
    loggingStatusOf(client, identifier),
    parameterGroup === undefined ? undefined : requireSslOf(client, parameterGroup),
  ]);
  return describedItem(ref, {
    resourceId: identifier,
    resourceName: identifier,
    arn: `arn:aws:redshift:${ref.region}:${ref.accountId}:cluster:${identifier}`,
    configuration: configObject(cluster),
    supplementaryConfiguration: {
      ...(loggingStatus === undefined ? {} : { LoggingStatus: loggingStatus }),
      ...(requireSsl === undefined ? {} : { [REQUIRE_SSL_KEY]: requireSsl }),
    },
    tags: tagMap(cluster.Tags),
  });
}

/** Every Redshift cluster of the region. */
export async function listRedshiftClusters(client: RedshiftClient, base: RefBase): Promise<ResourceRef[]> {
  const refs: ResourceRef[] = [];
  for await (const page of paginateDescribeClusters({ client }, {})) {
    for (const cluster of page.Clusters ?? []) {
      if (cluster.ClusterIdentifier && cluster.ClusterStatus !== 'deleting') {
        refs.push({ ...base, resourceType: REDSHIFT_CLUSTER_TYPE, lookupId: cluster.ClusterIdentifier });
      }
    }
  }
  return refs;
}
