import {
  LOAD_BALANCER_V2_TYPE,
  type LoadBalancerV2Configuration,
  loadBalancerName,
  loadBalancerV2Attributes,
} from '#shared/resources/elb';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * Application, Network and Gateway Load Balancers have deletion protection enabled: the
 * `deletion_protection.enabled` attribute of `supplementaryConfiguration.LoadBalancerAttributes` is
 * `true`. A load balancer whose attributes (or that attribute, which ELBv2 always returns) were not
 * recorded is NOT_APPLICABLE: never a failure from data not collected.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/elb-deletion-protection-enabled.html
 */
export const elbDeletionProtectionEnabled = {
  id: 'elb-deletion-protection-enabled',
  title: 'ELBv2 load balancers have deletion protection enabled',
  resourceTypes: [LOAD_BALANCER_V2_TYPE],
  severity: 'medium',
  managedRule: true,
  parameters: {},
  rationale:
    'Deleting a load balancer takes the service behind it offline at once; deletion protection makes that a deliberate two-step change.',
  remediationAdvice:
    'Enable it: `aws elbv2 modify-load-balancer-attributes --load-balancer-arn <arn> --attributes Key=deletion_protection.enabled,Value=true`.',
  evaluate(item) {
    const name = loadBalancerName(item);
    const value = loadBalancerV2Attributes(item.supplementaryConfiguration)?.get(
      'deletion_protection.enabled',
    );
    if (value === undefined) {
      return notApplicable(`The deletion_protection.enabled attribute of ${name} was not recorded.`);
    }
    return value.toLowerCase() === 'true'
      ? compliant(`${name} has deletion protection enabled.`)
      : nonCompliant(`${name} has deletion_protection.enabled=${value || 'false'}.`);
  },
} as const satisfies Rule<Record<string, never>, LoadBalancerV2Configuration>;
