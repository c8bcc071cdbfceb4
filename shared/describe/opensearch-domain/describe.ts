import {
  DescribeDomainCommand,
  type DomainStatus,
  ListDomainNamesCommand,
  ListTagsCommand,
  type OpenSearchClient,
} from '@aws-sdk/client-opensearch';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { OPENSEARCH_DOMAIN_TYPE } from '#shared/resources/opensearch';
import { deletedItem, describedItem, errorNameOf, optionalRead, tagMap } from '../config-shape';
import type { ResourceRef } from '../describer';
import type { RefBase } from '../resource-type';

/** Errors that leave a sub-read uncollected: no permission to make it. */
const UNREADABLE = ['AccessDeniedException', 'AccessDenied'];

/** A domain name from a name or ARN (`arn:aws:es:<region>:<account>:domain/<name>`). */
export function domainNameOf(lookupId: string): string {
  return lookupId.replace(/^arn:[^:]+:es:[^:]*:\d*:domain\//, '');
}

/** An object without its `undefined` members, or `undefined` when none is left. */
function defined(value: Record<string, unknown>): Record<string, unknown> | undefined {
  const kept = Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined));
  return Object.keys(kept).length === 0 ? undefined : kept;
}

/**
 * A domain in the CloudFormation-like shape AWS Config records (`Id`, `Arn`, `EncryptionAtRestOptions`,
 * `NodeToNodeEncryptionOptions`, `DomainEndpointOptions`, `VPCOptions`, `LogPublishingOptions.<TYPE>`,
 * `AdvancedSecurityOptions`), from DescribeDomain's `DomainStatus`. `VPCOptions` is present only for a
 * domain in a VPC, as in Config.
 */
export function domainConfiguration(domain: DomainStatus): Record<string, unknown> {
  const cluster = domain.ClusterConfig;
  const security = domain.AdvancedSecurityOptions;
  const logs = Object.entries(domain.LogPublishingOptions ?? {}).flatMap(([type, option]) => {
    const entry =
      option === undefined
        ? undefined
        : defined({ CloudWatchLogsLogGroupArn: option.CloudWatchLogsLogGroupArn, Enabled: option.Enabled });
    return entry === undefined ? [] : [[type, entry] as const];
  });
  const vpc = domain.VPCOptions;
  return (
    defined({
      Id: domain.DomainId,
      Arn: domain.ARN,
      DomainName: domain.DomainName,
      EngineVersion: domain.EngineVersion,
      ClusterConfig:
        cluster === undefined
          ? undefined
          : defined({
              InstanceType: cluster.InstanceType,
              InstanceCount: cluster.InstanceCount,
              DedicatedMasterEnabled: cluster.DedicatedMasterEnabled,
              ZoneAwarenessEnabled: cluster.ZoneAwarenessEnabled,
              WarmEnabled: cluster.WarmEnabled,
            }),
      EBSOptions:
        domain.EBSOptions === undefined
          ? undefined
          : defined({
              EBSEnabled: domain.EBSOptions.EBSEnabled,
              VolumeType: domain.EBSOptions.VolumeType,
              VolumeSize: domain.EBSOptions.VolumeSize,
            }),
      SnapshotOptions:
        domain.SnapshotOptions?.AutomatedSnapshotStartHour === undefined
          ? undefined
          : { AutomatedSnapshotStartHour: domain.SnapshotOptions.AutomatedSnapshotStartHour },
      VPCOptions:
        vpc === undefined || (vpc.SubnetIds ?? []).length === 0
          ? undefined
          : defined({ SubnetIds: vpc.SubnetIds, SecurityGroupIds: vpc.SecurityGroupIds }),
      CognitoOptions:
        domain.CognitoOptions === undefined ? undefined : defined({ Enabled: domain.CognitoOptions.Enabled }),
      EncryptionAtRestOptions:
        domain.EncryptionAtRestOptions === undefined
          ? undefined
          : defined({
              Enabled: domain.EncryptionAtRestOptions.Enabled,
              KmsKeyId: domain.EncryptionAtRestOptions.KmsKeyId,
            }),
      NodeToNodeEncryptionOptions:
        domain.NodeToNodeEncryptionOptions === undefined
          ? undefined
          : defined({ Enabled: domain.NodeToNodeEncryptionOptions.Enabled }),
      DomainEndpointOptions:
        domain.DomainEndpointOptions === undefined
          ? undefined
          : defined({
              EnforceHTTPS: domain.DomainEndpointOptions.EnforceHTTPS,
              TLSSecurityPolicy: domain.DomainEndpointOptions.TLSSecurityPolicy,
              CustomEndpointEnabled: domain.DomainEndpointOptions.CustomEndpointEnabled,
            }),
      AdvancedSecurityOptions:
        security === undefined
          ? undefined
          : defined({
              Enabled: security.Enabled,
              InternalUserDatabaseEnabled: security.InternalUserDatabaseEnabled,
              AnonymousAuthEnabled: security.AnonymousAuthEnabled,
            }),
      LogPublishingOptions: logs.length === 0 ? undefined : Object.fromEntries(logs),
    }) ?? {}
  );
}

/**
 * An `AWS::OpenSearch::Domain` item (resource id: the domain id `<account>/<name>`, name: the domain name)
 * with the domain's tags (ListTags; empty when they may not be read). A domain OpenSearch no longer knows,
 * or that is being deleted, is deleted.
 */
export async function describeOpenSearchDomain(
  client: OpenSearchClient,
  ref: ResourceRef,
): Promise<ConfigurationItem> {
  const name = domainNameOf(ref.lookupId);
  const goneId = ref.resourceId ?? `${ref.accountId}/${name}`;
  let domain: DomainStatus | undefined;
  try {
    domain = (await client.send(new DescribeDomainCommand({ DomainName: name }))).DomainStatus;
  } catch (error) {
    if (errorNameOf(error) === 'ResourceNotFoundException') return deletedItem(ref, goneId);
    throw error;
  }
  if (domain?.DomainName === undefined || domain.Deleted === true) return deletedItem(ref, goneId);
  const arn = domain.ARN ?? `arn:aws:es:${ref.region}:${ref.accountId}:domain/${domain.DomainName}`;
  const tags = await optionalRead(() => client.send(new ListTagsCommand({ ARN: arn })), UNREADABLE);
  return describedItem(ref, {
    resourceId: domain.DomainId ?? `${ref.accountId}/${domain.DomainName}`,
    resourceName: domain.DomainName,
    arn,
    configuration: domainConfiguration(domain),
    tags: tagMap(tags?.TagList),
  });
}

/** Every OpenSearch Service domain of the region (either engine). */
export async function listOpenSearchDomains(client: OpenSearchClient, base: RefBase): Promise<ResourceRef[]> {
  const response = await client.send(new ListDomainNamesCommand({}));
  return (response.DomainNames ?? []).flatMap((entry) =>
    entry.DomainName === undefined
      ? []
      : [{ ...base, resourceType: OPENSEARCH_DOMAIN_TYPE, lookupId: entry.DomainName }],
  );
}
