import {
  CLOUDFRONT_DISTRIBUTION_TYPE,
  type CloudFrontDistributionConfiguration,
  distributionConfigOf,
  distributionLabel,
  usesCustomCertificate,
} from '#shared/resources/cloudfront';
import { objectOf, stringOf } from '#shared/resources/json-values';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * CloudFront distributions with a custom certificate serve HTTPS with SNI (`sslSupportMethod` `sni-only`),
 * not from dedicated IP addresses (`vip`, `static-ip`). Distributions on CloudFront's default certificate,
 * and certificates not recorded, are NOT_APPLICABLE.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/cloudfront-sni-enabled.html
 */
export const cloudfrontSniEnabled = {
  id: 'cloudfront-sni-enabled',
  title: 'CloudFront distributions with a custom certificate serve HTTPS with SNI',
  resourceTypes: [CLOUDFRONT_DISTRIBUTION_TYPE],
  severity: 'low',
  managedRule: true,
  parameters: {},
  rationale:
    'Dedicated-IP HTTPS exists for clients without SNI, which are long obsolete; it costs more and keeps old TLS clients in play.',
  remediationAdvice:
    'Switch the custom SSL client support to SNI only (console: General → Settings → Legacy clients support off), or `ViewerCertificate.SSLSupportMethod=sni-only`.',
  evaluate(item) {
    const label = distributionLabel(item);
    const certificate = objectOf(distributionConfigOf(item.configuration)?.viewerCertificate);
    if (certificate === undefined)
      return notApplicable(`The viewer certificate of ${label} was not recorded.`);
    if (!usesCustomCertificate(certificate)) {
      return notApplicable(`${label} uses the CloudFront default certificate.`);
    }
    const method = stringOf(certificate.sslSupportMethod);
    if (method === undefined) return notApplicable(`The SSL support method of ${label} was not recorded.`);
    return method === 'sni-only'
      ? compliant(`${label} serves its custom certificate with SNI.`)
      : nonCompliant(`${label} serves its custom certificate from dedicated IP addresses (${method}).`);
  },
} as const satisfies Rule<Record<string, never>, CloudFrontDistributionConfiguration>;
