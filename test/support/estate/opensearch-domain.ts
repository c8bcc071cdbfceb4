import { CreateDomainCommand, type CreateDomainCommandInput } from '@aws-sdk/client-opensearch';
import { OPENSEARCH_DOMAIN_TYPE } from '#shared/resources/opensearch';
import { logged } from './logged';
import type { PairSeeder, SeededPair } from './pair';

/** moto checks neither subnets nor security groups of a VPC domain; these ids only fill the request. */
const SUBNET_IDS = ['subnet-0aa11bb22cc33dd44', 'subnet-0ee55ff66aa77bb88'];

/**
 * A public OpenSearch 1.3 domain with no encryption at rest or between nodes, plain HTTP allowed, no
 * fine-grained access control and no audit logs, beside a VPC domain on OpenSearch 2.13 with all of them.
 */
export const OPENSEARCH_DOMAIN_SEEDER: PairSeeder = {
  resourceType: OPENSEARCH_DOMAIN_TYPE,
  async seed(clients, { accountId, region, suffix }): Promise<SeededPair> {
    const opensearch = await clients.client('opensearch');
    const openName = `os-open-${suffix}`;
    const closedName = `os-vpc-${suffix}`;
    const auditGroup = `arn:aws:logs:${region}:${accountId}:log-group:/aws/opensearch/${closedName}/audit`;
    const creations: CreateDomainCommandInput[] = [
      {
        DomainName: openName,
        EngineVersion: 'OpenSearch_1.3',
        ClusterConfig: { InstanceType: 't3.small.search', InstanceCount: 1 },
        EncryptionAtRestOptions: { Enabled: false },
        NodeToNodeEncryptionOptions: { Enabled: false },
        DomainEndpointOptions: { EnforceHTTPS: false },
        AdvancedSecurityOptions: { Enabled: false },
      },
      {
        DomainName: closedName,
        EngineVersion: 'OpenSearch_2.13',
        ClusterConfig: { InstanceType: 'r6g.large.search', InstanceCount: 2, ZoneAwarenessEnabled: true },
        VPCOptions: { SubnetIds: SUBNET_IDS, SecurityGroupIds: ['sg-0f2a7c4e9d1b3a685'] },
        EncryptionAtRestOptions: { Enabled: true },
        NodeToNodeEncryptionOptions: { Enabled: true },
        DomainEndpointOptions: { EnforceHTTPS: true, TLSSecurityPolicy: 'Policy-Min-TLS-1-2-PFS-2023-10' },
        AdvancedSecurityOptions: {
          Enabled: true,
          InternalUserDatabaseEnabled: false,
          MasterUserOptions: { MasterUserARN: `arn:aws:iam::${accountId}:role/search-admin` },
        },
        LogPublishingOptions: { AUDIT_LOGS: { CloudWatchLogsLogGroupArn: auditGroup, Enabled: true } },
      },
    ];
    const ids: string[] = [];
    const events: SeededPair['events'][number][] = [];
    for (const input of creations) {
      const created = await opensearch.send(new CreateDomainCommand(input));
      ids.push(created.DomainStatus?.DomainId ?? `${accountId}/${input.DomainName}`);
      events.push({
        eventSource: 'es.amazonaws.com',
        eventName: 'CreateDomain',
        requestParameters: logged({
          domainName: input.DomainName,
          engineVersion: input.EngineVersion,
          clusterConfig: input.ClusterConfig,
          vPCOptions: input.VPCOptions,
          encryptionAtRestOptions: input.EncryptionAtRestOptions,
          nodeToNodeEncryptionOptions: input.NodeToNodeEncryptionOptions,
          domainEndpointOptions: input.DomainEndpointOptions,
          advancedSecurityOptions: { enabled: input.AdvancedSecurityOptions?.Enabled },
          logPublishingOptions: input.LogPublishingOptions,
        }),
        responseElements: logged({
          domainStatus: {
            domainId: created.DomainStatus?.DomainId,
            domainName: input.DomainName,
            aRN: created.DomainStatus?.ARN,
            created: true,
            deleted: false,
            processing: true,
          },
        }),
      });
    }
    return {
      misconfigured: { resourceType: OPENSEARCH_DOMAIN_TYPE, resourceId: ids[0] ?? '' },
      compliant: { resourceType: OPENSEARCH_DOMAIN_TYPE, resourceId: ids[1] ?? '' },
      failingRules: [
        'opensearch-access-control-enabled',
        'opensearch-audit-logging-enabled',
        'opensearch-encrypted-at-rest',
        'opensearch-https-required',
        'opensearch-in-vpc-only',
        'opensearch-node-to-node-encryption-check',
      ],
      events,
      motoGaps: [
        'moto checks neither the subnets and security groups of a VPC domain nor that the audit log group ' +
          'exists (or lets OpenSearch write to it); made-up ids are used, so the estate gains no VPC or log group.',
      ],
    };
  },
};
