import {
  LOAD_BALANCER_V2_TYPE,
  type LoadBalancerV2Configuration,
  loadBalancerName,
  loadBalancerV2Attributes,
} from '#shared/resources/elb';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * The WAF association of a load balancer item: Vigil's `supplementaryConfiguration.WebACLArn` (the WAFv2
 * web ACL ARN, `null` for none), else the `waf.enabled` attribute the managed rule reads; undefined when
 * neither was recorded.
 */
export function albWebAcl(
  supplementary: Readonly<Record<string, unknown>>,
): { readonly enabled: boolean; readonly webAclArn: string | undefined } | undefined {
  if ('WebACLArn' in supplementary) {
    const arn = supplementary.WebACLArn;
    if (arn === null) return { enabled: false, webAclArn: undefined };
    if (typeof arn === 'string' && arn !== '') return { enabled: true, webAclArn: arn };
  }
  const flag = loadBalancerV2Attributes(supplementary)?.get('waf.enabled');
  if (flag === 'true' || flag === 'false') return { enabled: flag === 'true', webAclArn: undefined };
  return undefined;
}

/**
 * Application Load Balancers are protected by an AWS WAF web ACL, one of `wafWebAclIds` (web ACL ARNs, or
 * the id part of one) when that parameter is set. Vigil's describer reads the association with WAFv2
 * GetWebACLForResource; an item with neither that nor Config's `waf.enabled` attribute, or (with
 * `wafWebAclIds`) without the ARN, is NOT_APPLICABLE. Network and Gateway Load Balancers are NOT_APPLICABLE.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/alb-waf-enabled.html
 */
export const albWafEnabled = {
  id: 'alb-waf-enabled',
  title: 'Application Load Balancers are protected by an AWS WAF web ACL',
  resourceTypes: [LOAD_BALANCER_V2_TYPE],
  severity: 'medium',
  managedRule: true,
  parameters: {
    wafWebAclIds: {
      type: 'string-list',
      default: [],
      description:
        'Web ACL ARNs (WAFv2) or ids the load balancer must use, comma-separated; empty accepts any.',
    },
  },
  rationale:
    'A web ACL in front of a public application filters injection, bad bots and floods before they reach the targets.',
  remediationAdvice:
    'Associate a regional web ACL: `aws wafv2 associate-web-acl --web-acl-arn <acl> --resource-arn <load-balancer-arn>` (console: load balancer → Integrations → AWS WAF).',
  evaluate(item, { parameters }) {
    const name = loadBalancerName(item);
    const type = item.configuration?.type?.toLowerCase();
    if (type !== undefined && type !== 'application') {
      return notApplicable(
        `${name} is a ${type} load balancer; AWS WAF protects Application Load Balancers.`,
      );
    }
    const waf = albWebAcl(item.supplementaryConfiguration);
    if (waf === undefined) return notApplicable(`The WAF association of ${name} was not recorded.`);
    if (!waf.enabled) return nonCompliant(`${name} is not protected by a WAF web ACL.`);
    const allowed = parameters.wafWebAclIds;
    if (allowed.length === 0)
      return compliant(`${name} is protected by web ACL ${waf.webAclArn ?? '(recorded as enabled)'}.`);
    if (waf.webAclArn === undefined) {
      return notApplicable(`${name} has a web ACL, but which one was not recorded.`);
    }
    const arn = waf.webAclArn;
    const id = arn.split('/').at(-1);
    return allowed.includes(arn) || (id !== undefined && allowed.includes(id))
      ? compliant(`${name} is protected by web ACL ${arn}.`)
      : nonCompliant(`${name} uses web ACL ${arn}, not one of ${allowed.join(', ')}.`);
  },
} as const satisfies Rule<{ wafWebAclIds: readonly string[] }, LoadBalancerV2Configuration>;
