import {
  CLOUDFRONT_DISTRIBUTION_TYPE,
  type CloudFrontDistributionConfiguration,
  distributionConfigOf,
  distributionLabel,
  listItems,
  stringItems,
} from '#shared/resources/cloudfront';
import { objectOf, stringOf } from '#shared/resources/json-values';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * CloudFront distributions never offer SSLv3 to custom origins: no origin's `originSslProtocols` includes
 * `SSLv3`. Origins that were not recorded are NOT_APPLICABLE.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/cloudfront-no-deprecated-ssl-protocols.html
 */
export const cloudfrontNoDeprecatedSslProtocols = {
  id: 'cloudfront-no-deprecated-ssl-protocols',
  title: 'CloudFront distributions never offer SSLv3 to custom origins',
  resourceTypes: [CLOUDFRONT_DISTRIBUTION_TYPE],
  severity: 'medium',
  managedRule: true,
  parameters: {},
  rationale:
    'SSL 3.0 is broken (POODLE) and deprecated; offering it lets the origin connection be downgraded.',
  remediationAdvice:
    "Remove SSLv3 from the origin's minimum SSL protocols (console: Origins → Edit → Minimum origin SSL protocol: TLSv1.2), or from `CustomOriginConfig.OriginSslProtocols`.",
  evaluate(item) {
    const label = distributionLabel(item);
    const origins = listItems(distributionConfigOf(item.configuration)?.origins);
    if (origins.length === 0) return notApplicable(`The origins of ${label} were not recorded.`);
    const offering = origins
      .filter((origin) =>
        stringItems(objectOf(origin.customOriginConfig)?.originSslProtocols).includes('SSLv3'),
      )
      .map((origin) => stringOf(origin.id) ?? stringOf(origin.domainName) ?? '(unnamed origin)');
    return offering.length > 0
      ? nonCompliant(`${label} offers SSLv3 to ${offering.join(', ')}.`)
      : compliant(`${label} offers no custom origin SSLv3.`);
  },
} as const satisfies Rule<Record<string, never>, CloudFrontDistributionConfiguration>;
