import { OPENSEARCH_DOMAIN_TYPE } from '#shared/resources/opensearch';
import { type CloudTrailExtractor, type DescribableType, sameExtractor, stringAt } from '../resource-type';

/** The domain a call names (`domainName`, in the request or the response's domain status). */
const domainInCall: CloudTrailExtractor = (record) => [
  [
    OPENSEARCH_DOMAIN_TYPE,
    stringAt(record.requestParameters, 'domainName') ??
      stringAt(record.responseElements, 'domainStatus', 'domainName'),
  ],
];

/** Tag calls name the domain by ARN (`aRN` in CloudTrail's casing of `ARN`). */
const taggedDomain: CloudTrailExtractor = (record) => {
  const arn =
    stringAt(record.requestParameters, 'aRN') ??
    stringAt(record.requestParameters, 'arn') ??
    stringAt(record.requestParameters, 'ARN') ??
    '';
  const match = /^arn:[^:]+:es:[^:]*:\d*:domain\/([^/]+)$/.exec(arn);
  return match?.[1] === undefined ? [] : [[OPENSEARCH_DOMAIN_TYPE, match[1]]];
};

/** OpenSearch Service domains: encryption at rest and in transit, VPC placement, HTTPS, logging. */
export const OPENSEARCH_DOMAIN: DescribableType = {
  resourceType: OPENSEARCH_DOMAIN_TYPE,
  services: ['opensearch'],
  permissions: [
    {
      actions: ['es:ListDomainNames'],
      resources: ['*'],
      reason: 'es:ListDomainNames supports no resource-level permissions; it lists domain names only.',
    },
    {
      actions: ['es:DescribeDomain', 'es:ListTags'],
      resources: ['arn:{partition}:es:{region}:{account}:domain/*'],
      reason:
        'Vigil judges every OpenSearch Service domain of this account and region; domain settings and tags only, no index data.',
    },
  ],
  cloudTrail: {
    'es.amazonaws.com': {
      ...sameExtractor(
        [
          'CreateDomain',
          'UpdateDomainConfig',
          'DeleteDomain',
          'UpgradeDomain',
          'CreateElasticsearchDomain',
          'UpdateElasticsearchDomainConfig',
          'DeleteElasticsearchDomain',
          'UpgradeElasticsearchDomain',
        ],
        domainInCall,
      ),
      ...sameExtractor(['AddTags', 'RemoveTags'], taggedDomain),
    },
  },
  describe: async (clients, ref) =>
    (await import('./describe')).describeOpenSearchDomain(await clients.client('opensearch'), ref),
  list: async (clients, base) =>
    (await import('./describe')).listOpenSearchDomains(await clients.client('opensearch'), base),
};
