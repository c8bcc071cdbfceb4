import {
  type Cluster,
  DescribeClusterCommand,
  type EKSClient,
  paginateListClusters,
} from '@aws-sdk/client-eks';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { deletedItem, describedItem, errorNameOf } from '../config-shape';
import type { ResourceRef } from '../describer';
import type { RefBase } from '../resource-type';
import { EKS_CLUSTER_TYPE } from './index';

/** An object without its `undefined` members, or `undefined` when none is left. */
function defined(value: Record<string, unknown>): Record<string, unknown> | undefined {
  const kept = Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined));
  return Object.keys(kept).length === 0 ? undefined : kept;
}

/** The log types a cluster sends, in Config's `Logging` shape; absent when none is enabled (as Config). */
function loggingOf(cluster: Cluster): Record<string, unknown> | undefined {
  const types = (cluster.logging?.clusterLogging ?? []).flatMap((setup) =>
    setup.enabled === true ? (setup.types ?? []) : [],
  );
  return types.length === 0
    ? undefined
    : { ClusterLogging: { EnabledTypes: types.map((Type) => ({ Type })) } };
}

/**
 * An EKS cluster in the CloudFormation shape AWS Config records (`ResourcesVpcConfig.EndpointPublicAccess`,
 * `Logging.ClusterLogging.EnabledTypes[].Type`, `EncryptionConfig[].Provider.KeyArn`, …), from
 * DescribeCluster's API shape.
 * @see https://github.com/awslabs/aws-config-resource-schema/blob/master/config/properties/resource-types/AWS::EKS::Cluster.properties.json
 */
export function clusterConfiguration(cluster: Cluster): Record<string, unknown> {
  const vpc = cluster.resourcesVpcConfig;
  const network = cluster.kubernetesNetworkConfig;
  const encryption = (cluster.encryptionConfig ?? []).map((entry) =>
    defined({
      Resources: entry.resources,
      Provider: entry.provider?.keyArn === undefined ? undefined : { KeyArn: entry.provider.keyArn },
    }),
  );
  const tags = Object.entries(cluster.tags ?? {}).map(([Key, Value]) => ({ Key, Value }));
  return (
    defined({
      Name: cluster.name,
      Arn: cluster.arn,
      Version: cluster.version,
      RoleArn: cluster.roleArn,
      Endpoint: cluster.endpoint,
      CertificateAuthorityData: cluster.certificateAuthority?.data,
      ClusterSecurityGroupId: vpc?.clusterSecurityGroupId,
      OpenIdConnectIssuerUrl: cluster.identity?.oidc?.issuer,
      EncryptionConfigKeyArn: cluster.encryptionConfig?.find((entry) => entry.provider?.keyArn)?.provider
        ?.keyArn,
      ResourcesVpcConfig:
        vpc === undefined
          ? undefined
          : defined({
              EndpointPublicAccess: vpc.endpointPublicAccess,
              EndpointPrivateAccess: vpc.endpointPrivateAccess,
              PublicAccessCidrs: vpc.publicAccessCidrs,
              SecurityGroupIds: vpc.securityGroupIds,
              SubnetIds: vpc.subnetIds,
            }),
      KubernetesNetworkConfig:
        network === undefined
          ? undefined
          : defined({
              ServiceIpv4Cidr: network.serviceIpv4Cidr,
              ServiceIpv6Cidr: network.serviceIpv6Cidr,
              IpFamily: network.ipFamily,
            }),
      AccessConfig:
        cluster.accessConfig === undefined
          ? undefined
          : defined({ AuthenticationMode: cluster.accessConfig.authenticationMode }),
      UpgradePolicy:
        cluster.upgradePolicy === undefined
          ? undefined
          : defined({ SupportType: cluster.upgradePolicy.supportType }),
      Logging: loggingOf(cluster),
      EncryptionConfig:
        encryption.length === 0 ? undefined : encryption.filter((entry) => entry !== undefined),
      Tags: tags.length === 0 ? undefined : tags,
    }) ?? {}
  );
}

/** An `AWS::EKS::Cluster` item (resource id: the cluster name). */
export async function describeEksCluster(client: EKSClient, ref: ResourceRef): Promise<ConfigurationItem> {
  let cluster: Cluster | undefined;
  try {
    cluster = (await client.send(new DescribeClusterCommand({ name: ref.lookupId }))).cluster;
  } catch (error) {
    if (errorNameOf(error) === 'ResourceNotFoundException') return deletedItem(ref);
    throw error;
  }
  if (cluster === undefined) return deletedItem(ref);
  const name = cluster.name ?? ref.lookupId;
  return describedItem(ref, {
    resourceId: name,
    resourceName: name,
    arn: cluster.arn ?? `arn:aws:eks:${ref.region}:${ref.accountId}:cluster/${name}`,
    configuration: clusterConfiguration(cluster),
    tags: { ...(cluster.tags ?? {}) },
  });
}

/** Every EKS cluster of the region. */
export async function listEksClusters(client: EKSClient, base: RefBase): Promise<ResourceRef[]> {
  const refs: ResourceRef[] = [];
  for await (const page of paginateListClusters({ client }, {})) {
    for (const name of page.clusters ?? []) {
      refs.push({ ...base, resourceType: EKS_CLUSTER_TYPE, lookupId: name });
    }
  }
  return refs;
}
