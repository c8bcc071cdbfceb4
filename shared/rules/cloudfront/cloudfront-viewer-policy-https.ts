import {
  CLOUDFRONT_DISTRIBUTION_TYPE,
  type CloudFrontDistributionConfiguration,
  cacheBehaviorsOf,
  distributionConfigOf,
  distributionLabel,
} from '#shared/resources/cloudfront';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * CloudFront distributions make viewers use HTTPS: no cache behavior (the default one or any path pattern)
 * has the viewer protocol policy `allow-all`. A behavior whose policy was not recorded, or a distribution
 * with no recorded behavior, is NOT_APPLICABLE unless another behavior already allows HTTP.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/cloudfront-viewer-policy-https.html
 */
export const cloudfrontViewerPolicyHttps = {
  id: 'cloudfront-viewer-policy-https',
  title: 'CloudFront distributions make viewers use HTTPS',
  resourceTypes: [CLOUDFRONT_DISTRIBUTION_TYPE],
  severity: 'medium',
  managedRule: true,
  parameters: {},
  rationale:
    'A behavior that serves plain HTTP lets anyone on the path read or alter the content and the cookies sent with it.',
  remediationAdvice:
    'Set the viewer protocol policy of every cache behavior to `redirect-to-https` or `https-only` (console: Behaviors → Edit → Viewer protocol policy), then `aws cloudfront update-distribution`.',
  evaluate(item) {
    const label = distributionLabel(item);
    const config = distributionConfigOf(item.configuration);
    if (config === undefined) return notApplicable(`The configuration of ${label} was not recorded.`);
    const behaviors = cacheBehaviorsOf(config);
    const open = behaviors.filter((behavior) => behavior.viewerProtocolPolicy === 'allow-all');
    if (open.length > 0) {
      return nonCompliant(
        `${label} serves HTTP (allow-all) on ${open.map((behavior) => behavior.path).join(', ')}.`,
      );
    }
    const unknown = behaviors.filter((behavior) => behavior.viewerProtocolPolicy === undefined);
    if (behaviors.length === 0 || unknown.length > 0) {
      return notApplicable(`The viewer protocol policies of ${label} were not all recorded.`);
    }
    return compliant(`Every cache behavior of ${label} redirects viewers to HTTPS or requires it.`);
  },
} as const satisfies Rule<Record<string, never>, CloudFrontDistributionConfiguration>;
