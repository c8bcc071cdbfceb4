import {
  elasticsearchNotApplicable,
  type OpenSearchDomainConfiguration,
  openSearchDomainName,
} from '#shared/resources/opensearch';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * OpenSearch Service domains encrypt traffic between their nodes. As the managed rule, domains on the
 * legacy Elasticsearch engine are not evaluated (NOT_APPLICABLE). An item without
 * `NodeToNodeEncryptionOptions.Enabled` (DescribeDomain and Config always give it) was not collected and is
 * NOT_APPLICABLE.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/opensearch-node-to-node-encryption-check.html
 */
export const opensearchNodeToNodeEncryptionCheck = {
  id: 'opensearch-node-to-node-encryption-check',
  title: 'OpenSearch domains encrypt traffic between nodes',
  resourceTypes: ['AWS::OpenSearch::Domain'],
  severity: 'medium',
  managedRule: true,
  parameters: {},
  rationale:
    'Node-to-node encryption adds TLS inside the cluster, so data moving between nodes cannot be read or altered on the VPC network.',
  remediationAdvice:
    'Enable it: `aws opensearch update-domain-config --domain-name <domain> --node-to-node-encryption-options Enabled=true` (a blue/green deployment; it cannot be turned off again).',
  evaluate(item) {
    const name = openSearchDomainName(item);
    const configuration = item.configuration ?? {};
    const legacy = elasticsearchNotApplicable(name, configuration);
    if (legacy !== undefined) return legacy;
    const enabled = configuration.NodeToNodeEncryptionOptions?.Enabled;
    if (enabled === undefined) {
      return notApplicable(
        `Whether OpenSearch domain ${name} encrypts node-to-node traffic was not recorded.`,
      );
    }
    return enabled
      ? compliant(`OpenSearch domain ${name} encrypts node-to-node traffic.`)
      : nonCompliant(`OpenSearch domain ${name} does not encrypt node-to-node traffic.`);
  },
} as const satisfies Rule<Record<string, never>, OpenSearchDomainConfiguration>;
