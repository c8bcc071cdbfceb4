import {
  CLOUDFRONT_DISTRIBUTION_TYPE,
  type CloudFrontDistributionConfiguration,
  distributionConfigOf,
  distributionLabel,
} from '#shared/resources/cloudfront';
import { stringOf } from '#shared/resources/json-values';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * CloudFront distributions return a default root object for requests to `/` (`defaultRootObject` set, not
 * empty). GetDistribution returns an empty string when none is set, so an empty or missing value inside a
 * recorded config fails; a config that was not recorded is NOT_APPLICABLE.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/cloudfront-default-root-object-configured.html
 */
export const cloudfrontDefaultRootObjectConfigured = {
  id: 'cloudfront-default-root-object-configured',
  title: 'CloudFront distributions return a default root object',
  resourceTypes: [CLOUDFRONT_DISTRIBUTION_TYPE],
  severity: 'low',
  managedRule: true,
  parameters: {},
  rationale:
    'Without a default root object a request for the root URL is passed to the origin, which may list the bucket or expose what it should not.',
  remediationAdvice:
    'Set a default root object such as `index.html` (console: General → Settings → Default root object), or `DefaultRootObject` in the distribution config.',
  evaluate(item) {
    const label = distributionLabel(item);
    const config = distributionConfigOf(item.configuration);
    if (config === undefined) return notApplicable(`The configuration of ${label} was not recorded.`);
    const root = stringOf(config.defaultRootObject)?.trim() ?? '';
    return root === ''
      ? nonCompliant(`${label} has no default root object.`)
      : compliant(`${label} returns ${root} for the root URL.`);
  },
} as const satisfies Rule<Record<string, never>, CloudFrontDistributionConfiguration>;
