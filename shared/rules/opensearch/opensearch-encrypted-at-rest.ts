import {
  elasticsearchNotApplicable,
  type OpenSearchDomainConfiguration,
  openSearchDomainName,
} from '#shared/resources/opensearch';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * OpenSearch Service domains encrypt data at rest. As the managed rule, domains on the legacy
 * Elasticsearch engine are not evaluated (NOT_APPLICABLE). An item without `EncryptionAtRestOptions.Enabled`
 * (DescribeDomain and Config always give it) was not collected and is NOT_APPLICABLE.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/opensearch-encrypted-at-rest.html
 */
export const opensearchEncryptedAtRest = {
  id: 'opensearch-encrypted-at-rest',
  title: 'OpenSearch domains encrypt data at rest',
  resourceTypes: ['AWS::OpenSearch::Domain'],
  severity: 'high',
  managedRule: true,
  parameters: {},
  rationale:
    'Encryption at rest keeps indices, logs, swap files and automated snapshots unreadable to anyone who obtains the underlying storage.',
  remediationAdvice:
    'Enable it: `aws opensearch update-domain-config --domain-name <domain> --encryption-at-rest-options Enabled=true,KmsKeyId=<key-arn>` (OpenSearch 1.0+ / Elasticsearch 6.7+; older domains must be migrated to a new encrypted domain).',
  evaluate(item) {
    const name = openSearchDomainName(item);
    const configuration = item.configuration ?? {};
    const legacy = elasticsearchNotApplicable(name, configuration);
    if (legacy !== undefined) return legacy;
    const enabled = configuration.EncryptionAtRestOptions?.Enabled;
    if (enabled === undefined) {
      return notApplicable(`Whether OpenSearch domain ${name} encrypts data at rest was not recorded.`);
    }
    if (!enabled) return nonCompliant(`OpenSearch domain ${name} does not encrypt data at rest.`);
    const key = configuration.EncryptionAtRestOptions?.KmsKeyId;
    return compliant(
      `OpenSearch domain ${name} encrypts data at rest${key === undefined ? '' : ` with ${key}`}.`,
    );
  },
} as const satisfies Rule<Record<string, never>, OpenSearchDomainConfiguration>;
