import {
  CLOUDFRONT_DISTRIBUTION_TYPE,
  type CloudFrontDistributionConfiguration,
  distributionConfigOf,
  distributionLabel,
} from '#shared/resources/cloudfront';
import { objectOf, stringOf } from '#shared/resources/json-values';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/** CloudFront's viewer security policies, oldest first. */
const POLICIES = [
  'SSLv3',
  'TLSv1',
  'TLSv1_2016',
  'TLSv1.1_2016',
  'TLSv1.2_2018',
  'TLSv1.2_2019',
  'TLSv1.2_2021',
  'TLSv1.2_2025',
  'TLSv1.3_2025',
] as const;

/** The oldest policy the rule accepts. */
const MINIMUM = POLICIES.indexOf('TLSv1.2_2018');

/**
 * CloudFront distributions accept viewers on TLS 1.2 or later: `viewerCertificate.minimumProtocolVersion`
 * is `TLSv1.2_2018` or newer. A distribution on CloudFront's default certificate records `TLSv1` (that
 * certificate cannot be given another policy) and fails, as the page's condition reads. A policy Vigil
 * does not know, or one not recorded, is NOT_APPLICABLE.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/cloudfront-security-policy-check.html
 */
export const cloudfrontSecurityPolicyCheck = {
  id: 'cloudfront-security-policy-check',
  title: 'CloudFront distributions accept viewers on TLS 1.2 or later',
  resourceTypes: [CLOUDFRONT_DISTRIBUTION_TYPE],
  severity: 'medium',
  managedRule: true,
  parameters: {},
  rationale:
    'TLS 1.0 and 1.1 have known weaknesses; a viewer policy below TLS 1.2 lets clients negotiate them.',
  remediationAdvice:
    'Use a custom certificate (ACM, us-east-1) and set the security policy to TLSv1.2_2021 (console: General → Settings → Security policy), or `ViewerCertificate.MinimumProtocolVersion` in the distribution config.',
  evaluate(item) {
    const label = distributionLabel(item);
    const certificate = objectOf(distributionConfigOf(item.configuration)?.viewerCertificate);
    const policy = stringOf(certificate?.minimumProtocolVersion);
    if (policy === undefined)
      return notApplicable(`The viewer security policy of ${label} was not recorded.`);
    const rank = POLICIES.indexOf(policy as (typeof POLICIES)[number]);
    if (rank < 0) return notApplicable(`${label} uses security policy ${policy}, which Vigil does not know.`);
    return rank < MINIMUM
      ? nonCompliant(`${label} accepts viewers on ${policy}, below TLSv1.2_2018.`)
      : compliant(`${label} accepts viewers on ${policy}.`);
  },
} as const satisfies Rule<Record<string, never>, CloudFrontDistributionConfiguration>;
