import {
  type DBCluster,
  DescribeDBClustersCommand,
  paginateDescribeDBClusters,
  type RDSClient,
} from '@aws-sdk/client-rds';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { DB_CLUSTER_TYPE } from '#shared/resources/rds';
import { beanObject } from '../bean-shape';
import { deletedItem, describedItem, errorNameOf, tagMap } from '../config-shape';
import type { ResourceRef } from '../describer';
import type { RefBase } from '../resource-type';

/**
 * An `AWS::RDS::DBCluster` item (Aurora, Multi-AZ DB clusters, and the DocumentDB and Neptune clusters the
 * RDS API lists). Config records the cluster in Jackson bean naming (`dbclusterIdentifier`,
 * `iamdatabaseAuthenticationEnabled`, `dbClusterResourceId`), keys it by `DbClusterResourceId`
 * (`cluster-…`) and names it by its identifier; tags go to the item's tags, not the configuration. A deleted
 * cluster keeps `ref.resourceId` when the event named it, otherwise the identifier.
 */
export async function describeDbCluster(client: RDSClient, ref: ResourceRef): Promise<ConfigurationItem> {
  let cluster: DBCluster | undefined;
  try {
    const response = await client.send(new DescribeDBClustersCommand({ DBClusterIdentifier: ref.lookupId }));
    cluster = response.DBClusters?.[0];
  } catch (error) {
    if (errorNameOf(error) === 'DBClusterNotFoundFault')
      return deletedItem(ref, ref.resourceId ?? ref.lookupId);
    throw error;
  }
  if (cluster === undefined) return deletedItem(ref, ref.resourceId ?? ref.lookupId);
  const { TagList, ...rest } = cluster;
  return describedItem(ref, {
    resourceId: cluster.DbClusterResourceId ?? ref.lookupId,
    resourceName: cluster.DBClusterIdentifier ?? ref.lookupId,
    ...(cluster.DBClusterArn === undefined ? {} : { arn: cluster.DBClusterArn }),
    configuration: beanObject(rest, 'iso'),
    tags: tagMap(TagList),
  });
}

/** Every DB cluster of the region. */
export async function listDbClusters(client: RDSClient, base: RefBase): Promise<ResourceRef[]> {
  const refs: ResourceRef[] = [];
  for await (const page of paginateDescribeDBClusters({ client }, {})) {
    for (const cluster of page.DBClusters ?? []) {
      if (cluster.DBClusterIdentifier) {
        refs.push({ ...base, resourceType: DB_CLUSTER_TYPE, lookupId: cluster.DBClusterIdentifier });
      }
    }
  }
  return refs;
}
