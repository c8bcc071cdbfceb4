import { type OpenSearchDomainConfiguration, openSearchDomainName } from '#shared/resources/opensearch';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * OpenSearch Service domains use fine-grained access control (`AdvancedSecurityOptions.Enabled`). An item
 * without `AdvancedSecurityOptions.Enabled` (DescribeDomain and Config always give it) was not collected and
 * is NOT_APPLICABLE.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/opensearch-access-control-enabled.html
 */
export const opensearchAccessControlEnabled = {
  id: 'opensearch-access-control-enabled',
  title: 'OpenSearch domains use fine-grained access control',
  resourceTypes: ['AWS::OpenSearch::Domain'],
  severity: 'high',
  managedRule: true,
  parameters: {},
  rationale:
    'Fine-grained access control authenticates every request and limits each user to the indices, documents and fields their role allows.',
  remediationAdvice:
    'Enable it (node-to-node encryption, encryption at rest and HTTPS are prerequisites): `aws opensearch update-domain-config --domain-name <domain> --advanced-security-options \'{"Enabled":true,"MasterUserOptions":{"MasterUserARN":"<role-arn>"}}\'`.',
  evaluate(item) {
    const name = openSearchDomainName(item);
    const enabled = item.configuration?.AdvancedSecurityOptions?.Enabled;
    if (enabled === undefined) {
      return notApplicable(
        `Whether OpenSearch domain ${name} uses fine-grained access control was not recorded.`,
      );
    }
    if (!enabled) return nonCompliant(`OpenSearch domain ${name} does not use fine-grained access control.`);
    const anonymous = item.configuration?.AdvancedSecurityOptions?.AnonymousAuthEnabled === true;
    return compliant(
      `OpenSearch domain ${name} uses fine-grained access control${anonymous ? ' (anonymous access still allowed during migration)' : ''}.`,
    );
  },
} as const satisfies Rule<Record<string, never>, OpenSearchDomainConfiguration>;
