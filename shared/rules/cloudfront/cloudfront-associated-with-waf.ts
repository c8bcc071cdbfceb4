import {
  CLOUDFRONT_DISTRIBUTION_TYPE,
  type CloudFrontDistributionConfiguration,
  distributionConfigOf,
  distributionLabel,
} from '#shared/resources/cloudfront';
import { stringOf } from '#shared/resources/json-values';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * CloudFront distributions are protected by an AWS WAF web ACL (`distributionConfig.webACLId`: a WAF
 * Classic web ACL id or a WAFv2 web ACL ARN), one of `wafWebAclIds` when that parameter is set.
 * GetDistribution returns an empty `webACLId` for a distribution without one.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/cloudfront-associated-with-waf.html
 */
export const cloudfrontAssociatedWithWaf = {
  id: 'cloudfront-associated-with-waf',
  title: 'CloudFront distributions are protected by an AWS WAF web ACL',
  resourceTypes: [CLOUDFRONT_DISTRIBUTION_TYPE],
  severity: 'medium',
  managedRule: true,
  parameters: {
    wafWebAclIds: {
      type: 'string-list',
      default: [],
      description:
        'Web ACL ids (WAF Classic) or ARNs (WAFv2) the distribution must use, comma-separated; empty accepts any.',
    },
  },
  rationale:
    'A web ACL at the edge filters common attacks (injection, bad bots, floods) before they reach the origin.',
  remediationAdvice:
    'Associate a web ACL of scope CLOUDFRONT (created in us-east-1): `aws cloudfront associate-distribution-web-acl --id <id> --web-acl-arn <arn>`, or console: Security → Edit.',
  evaluate(item, { parameters }) {
    const label = distributionLabel(item);
    const config = distributionConfigOf(item.configuration);
    if (config === undefined) return notApplicable(`The configuration of ${label} was not recorded.`);
    const webAcl = stringOf(config.webACLId)?.trim() ?? '';
    if (webAcl === '') return nonCompliant(`${label} is not associated with a WAF web ACL.`);
    const allowed = parameters.wafWebAclIds;
    if (allowed.length > 0 && !allowed.includes(webAcl)) {
      return nonCompliant(`${label} uses web ACL ${webAcl}, not one of ${allowed.join(', ')}.`);
    }
    return compliant(`${label} is protected by web ACL ${webAcl}.`);
  },
} as const satisfies Rule<{ wafWebAclIds: readonly string[] }, CloudFrontDistributionConfiguration>;
