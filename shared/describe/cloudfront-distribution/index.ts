import { CLOUDFRONT_DISTRIBUTION_TYPE } from '#shared/resources/cloudfront';
import { type CloudTrailExtractor, type DescribableType, sameExtractor, stringAt } from '../resource-type';

/** The distribution id of a distribution ARN (`arn:aws:cloudfront::<account>:distribution/<id>`), else undefined. */
export function distributionIdOfArn(arn: string | undefined): string | undefined {
  return arn === undefined
    ? undefined
    : /^arn:[^:]+:cloudfront::\d*:distribution\/([A-Z0-9]+)$/.exec(arn)?.[1];
}

/** The distribution a call names by `id`. */
const namedDistribution: CloudTrailExtractor = (record) => {
  const id = stringAt(record.requestParameters, 'id');
  return id === undefined ? [] : [[CLOUDFRONT_DISTRIBUTION_TYPE, id]];
};

/** CreateDistribution(WithTags): the new distribution, which only the response names. */
const createdDistribution: CloudTrailExtractor = (record) => {
  const id = stringAt(record.responseElements, 'distribution', 'id');
  return id === undefined ? [] : [[CLOUDFRONT_DISTRIBUTION_TYPE, id]];
};

/** TagResource / UntagResource: the distribution whose ARN the call names (other CloudFront resources yield nothing). */
const taggedDistribution: CloudTrailExtractor = (record) => {
  const id = distributionIdOfArn(stringAt(record.requestParameters, 'resource'));
  return id === undefined ? [] : [[CLOUDFRONT_DISTRIBUTION_TYPE, id]];
};

/**
 * CloudFront web distributions: cache behaviors, origins, viewer certificate, logging and web ACL. CloudFront
 * is global: distributions are listed once per account (in the sweep's home region), recorded in the
 * pseudo-region `global` as AWS Config records them, and their CloudTrail events arrive from `us-east-1`.
 */
export const CLOUDFRONT_DISTRIBUTION: DescribableType = {
  resourceType: CLOUDFRONT_DISTRIBUTION_TYPE,
  services: ['cloudfront'],
  scope: 'global',
  permissions: [
    {
      actions: ['cloudfront:ListDistributions'],
      resources: ['*'],
      reason:
        'cloudfront:ListDistributions supports no resource-level permissions; it lists distribution ids.',
    },
    {
      actions: ['cloudfront:GetDistribution', 'cloudfront:ListTagsForResource'],
      resources: ['arn:{partition}:cloudfront::{account}:distribution/*'],
      reason:
        'Vigil judges every CloudFront distribution of the account (viewer and origin protocols, ' +
        'certificate, logging, web ACL); read-only, one distribution at a time.',
    },
  ],
  cloudTrail: {
    'cloudfront.amazonaws.com': {
      ...sameExtractor(['CreateDistribution', 'CreateDistributionWithTags'], createdDistribution),
      ...sameExtractor(
        [
          'UpdateDistribution',
          'DeleteDistribution',
          'AssociateDistributionWebACL',
          'DisassociateDistributionWebACL',
        ],
        namedDistribution,
      ),
      ...sameExtractor(['TagResource', 'UntagResource'], taggedDistribution),
    },
  },
  describe: async (clients, ref) =>
    (await import('./describe')).describeDistribution(await clients.client('cloudfront'), ref),
  list: async (clients, base) =>
    (await import('./describe')).listDistributions(await clients.client('cloudfront'), base),
};
