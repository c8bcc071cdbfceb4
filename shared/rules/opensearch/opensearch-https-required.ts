import { type OpenSearchDomainConfiguration, openSearchDomainName } from '#shared/resources/opensearch';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * OpenSearch Service domains refuse plain HTTP: `DomainEndpointOptions.EnforceHTTPS` is true and, when
 * `tlsPolicies` is set, `TLSSecurityPolicy` is one of them. An item without `EnforceHTTPS` (DescribeDomain and
 * Config always give it), or without the TLS policy when `tlsPolicies` must be checked, was not collected
 * and is NOT_APPLICABLE.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/opensearch-https-required.html
 */
export const opensearchHttpsRequired = {
  id: 'opensearch-https-required',
  title: 'OpenSearch domains accept only HTTPS connections',
  resourceTypes: ['AWS::OpenSearch::Domain'],
  severity: 'high',
  managedRule: true,
  parameters: {
    tlsPolicies: {
      type: 'string-list',
      default: [],
      description:
        'TLS security policies allowed, e.g. ["Policy-Min-TLS-1-2-PFS-2023-10"]; empty accepts any policy.',
    },
  },
  rationale: 'Without enforced HTTPS, credentials and query results can cross the network in clear text.',
  remediationAdvice:
    'Enforce HTTPS: `aws opensearch update-domain-config --domain-name <domain> --domain-endpoint-options EnforceHTTPS=true,TLSSecurityPolicy=Policy-Min-TLS-1-2-PFS-2023-10`.',
  evaluate(item, { parameters }) {
    const name = openSearchDomainName(item);
    const endpoint = item.configuration?.DomainEndpointOptions;
    const enforced = endpoint?.EnforceHTTPS;
    if (enforced === undefined) {
      return notApplicable(`Whether OpenSearch domain ${name} enforces HTTPS was not recorded.`);
    }
    if (!enforced) return nonCompliant(`OpenSearch domain ${name} does not enforce HTTPS.`);
    const policy = endpoint?.TLSSecurityPolicy;
    if (parameters.tlsPolicies.length === 0) {
      return compliant(
        `OpenSearch domain ${name} enforces HTTPS${policy === undefined ? '' : ` (${policy})`}.`,
      );
    }
    if (policy === undefined) {
      return notApplicable(
        `OpenSearch domain ${name} enforces HTTPS, but its TLS security policy was not recorded to check against tlsPolicies.`,
      );
    }
    return parameters.tlsPolicies.includes(policy)
      ? compliant(`OpenSearch domain ${name} enforces HTTPS with allowed TLS policy ${policy}.`)
      : nonCompliant(
          `OpenSearch domain ${name} enforces HTTPS with TLS policy ${policy}, which is not in tlsPolicies.`,
        );
  },
} as const satisfies Rule<{ tlsPolicies: readonly string[] }, OpenSearchDomainConfiguration>;
