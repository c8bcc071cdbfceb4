import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { notApplicable, type RuleVerdict } from '#shared/rules/verdict';

/** AWS Config's type of an OpenSearch Service domain. */
export const OPENSEARCH_DOMAIN_TYPE = 'AWS::OpenSearch::Domain';

/** One log type a domain publishes to CloudWatch Logs. */
export type OpenSearchLogPublishing = {
  readonly Enabled?: boolean;
  readonly CloudWatchLogsLogGroupArn?: string;
};

/**
 * The parts of an `AWS::OpenSearch::Domain` configuration item Vigil's rules read. AWS Config records
 * domains in a CloudFormation-like shape (`EncryptionAtRestOptions.Enabled`,
 * `DomainEndpointOptions.EnforceHTTPS`, `LogPublishingOptions.AUDIT_LOGS.Enabled`, `VPCOptions.SubnetIds`).
 * @see https://github.com/awslabs/aws-config-resource-schema/blob/master/config/properties/resource-types/AWS::OpenSearch::Domain.properties.json
 */
export type OpenSearchDomainConfiguration = {
  readonly Id?: string;
  readonly Arn?: string;
  readonly DomainName?: string;
  readonly EngineVersion?: string;
  readonly EncryptionAtRestOptions?: { readonly Enabled?: boolean; readonly KmsKeyId?: string };
  readonly NodeToNodeEncryptionOptions?: { readonly Enabled?: boolean };
  readonly DomainEndpointOptions?: {
    readonly EnforceHTTPS?: boolean;
    readonly TLSSecurityPolicy?: string;
    readonly CustomEndpointEnabled?: boolean;
  };
  readonly VPCOptions?: {
    readonly SubnetIds?: readonly string[];
    readonly SecurityGroupIds?: readonly string[];
  };
  readonly LogPublishingOptions?: Readonly<Record<string, OpenSearchLogPublishing>>;
  readonly AdvancedSecurityOptions?: {
    readonly Enabled?: boolean;
    readonly InternalUserDatabaseEnabled?: boolean;
    readonly AnonymousAuthEnabled?: boolean;
  };
};

/** The name a domain is known by in annotations. */
export function openSearchDomainName(item: ConfigurationItem<OpenSearchDomainConfiguration>): string {
  return item.configuration?.DomainName ?? item.resourceName ?? item.resourceId;
}

/**
 * NOT_APPLICABLE when the domain runs the legacy Elasticsearch engine (`EngineVersion`
 * `Elasticsearch_7.10`), which several OpenSearch managed rules do not evaluate; `undefined` otherwise.
 */
export function elasticsearchNotApplicable(
  name: string,
  configuration: OpenSearchDomainConfiguration,
): RuleVerdict | undefined {
  return configuration.EngineVersion?.startsWith('Elasticsearch_') === true
    ? notApplicable(
        `Domain ${name} runs ${configuration.EngineVersion}; the rule does not evaluate Elasticsearch domains.`,
      )
    : undefined;
}
