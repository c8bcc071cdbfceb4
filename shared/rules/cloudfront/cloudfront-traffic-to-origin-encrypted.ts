import {
  CLOUDFRONT_DISTRIBUTION_TYPE,
  type CloudFrontDistributionConfiguration,
  cacheBehaviorsOf,
  distributionConfigOf,
  distributionLabel,
  listItems,
} from '#shared/resources/cloudfront';
import { objectOf, stringOf } from '#shared/resources/json-values';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * CloudFront distributions reach custom origins over HTTPS: no custom origin has the origin protocol policy
 * `http-only`, and none with `match-viewer` is the target of a cache behavior whose viewer protocol policy
 * is `allow-all` (so a viewer's HTTP request would go to the origin in clear). S3 origins are not custom
 * origins. Origins that were not recorded are NOT_APPLICABLE.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/cloudfront-traffic-to-origin-encrypted.html
 */
export const cloudfrontTrafficToOriginEncrypted = {
  id: 'cloudfront-traffic-to-origin-encrypted',
  title: 'CloudFront distributions reach custom origins over HTTPS',
  resourceTypes: [CLOUDFRONT_DISTRIBUTION_TYPE],
  severity: 'medium',
  managedRule: true,
  parameters: {},
  rationale:
    'Traffic between the edge and the origin crosses the internet; over HTTP it can be read or altered on the way.',
  remediationAdvice:
    "Set each custom origin's protocol policy to `https-only` (console: Origins → Edit → Protocol), or keep `match-viewer` only behind behaviors that redirect viewers to HTTPS.",
  evaluate(item) {
    const label = distributionLabel(item);
    const config = distributionConfigOf(item.configuration);
    const origins = listItems(config?.origins);
    if (config === undefined || origins.length === 0) {
      return notApplicable(`The origins of ${label} were not recorded.`);
    }
    const behaviors = cacheBehaviorsOf(config);
    const plain: string[] = [];
    for (const origin of origins) {
      const custom = objectOf(origin.customOriginConfig);
      if (custom === undefined) continue;
      const id = stringOf(origin.id) ?? stringOf(origin.domainName) ?? '(unnamed origin)';
      const policy = stringOf(custom.originProtocolPolicy);
      if (policy === 'http-only') plain.push(`${id} (http-only)`);
      if (
        policy === 'match-viewer' &&
        behaviors.some(
          (behavior) => behavior.targetOriginId === id && behavior.viewerProtocolPolicy === 'allow-all',
        )
      ) {
        plain.push(`${id} (match-viewer behind allow-all)`);
      }
    }
    return plain.length > 0
      ? nonCompliant(`${label} sends traffic to ${plain.join(', ')} over HTTP.`)
      : compliant(`${label} reaches its custom origins over HTTPS (or has none).`);
  },
} as const satisfies Rule<Record<string, never>, CloudFrontDistributionConfiguration>;
