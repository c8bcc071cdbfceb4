import {
  elasticsearchNotApplicable,
  type OpenSearchDomainConfiguration,
  openSearchDomainName,
} from '#shared/resources/opensearch';
import { compliant, nonCompliant, type Rule } from '#shared/rules/rule';

/**
 * OpenSearch Service domains are reachable only inside a VPC. A domain in a VPC carries
 * `VPCOptions.SubnetIds`; Config (and Vigil's describer) leave `VPCOptions` out of a domain with a public
 * endpoint, so a recorded domain without subnets is public and fails. As the managed rule, domains on the
 * legacy Elasticsearch engine are not evaluated (NOT_APPLICABLE).
 * @see https://docs.aws.amazon.com/config/latest/developerguide/opensearch-in-vpc-only.html
 */
export const opensearchInVpcOnly = {
  id: 'opensearch-in-vpc-only',
  title: 'OpenSearch domains are reachable only inside a VPC',
  resourceTypes: ['AWS::OpenSearch::Domain'],
  severity: 'high',
  managedRule: true,
  parameters: {},
  rationale:
    'A public domain endpoint leaves only the access policy between the internet and the data; a VPC endpoint adds network controls in front of it.',
  remediationAdvice:
    'Create the domain with VPC access (`--vpc-options SubnetIds=<subnet>,SecurityGroupIds=<sg>`) and migrate the data: a public domain cannot be moved into a VPC in place.',
  evaluate(item) {
    const name = openSearchDomainName(item);
    const configuration = item.configuration ?? {};
    const legacy = elasticsearchNotApplicable(name, configuration);
    if (legacy !== undefined) return legacy;
    const subnets = configuration.VPCOptions?.SubnetIds ?? [];
    return subnets.length > 0
      ? compliant(`OpenSearch domain ${name} is in a VPC (subnets ${subnets.join(', ')}).`)
      : nonCompliant(`OpenSearch domain ${name} has a public endpoint (not in a VPC).`);
  },
} as const satisfies Rule<Record<string, never>, OpenSearchDomainConfiguration>;
