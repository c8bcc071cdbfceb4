import {
  CLASSIC_LOAD_BALANCER_TYPE,
  type ClassicLoadBalancerConfiguration,
  classicCrossZoneLoadBalancing,
  loadBalancerName,
} from '#shared/resources/elb';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * Classic Load Balancers balance across Availability Zones: `crossZoneLoadBalancing.enabled` of
 * `supplementaryConfiguration.LoadBalancerAttributes` is true. A load balancer whose attributes were not
 * recorded is NOT_APPLICABLE: never a failure from data not collected.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/elb-cross-zone-load-balancing-enabled.html
 */
export const elbCrossZoneLoadBalancingEnabled = {
  id: 'elb-cross-zone-load-balancing-enabled',
  title: 'Classic Load Balancers balance traffic across Availability Zones',
  resourceTypes: [CLASSIC_LOAD_BALANCER_TYPE],
  severity: 'low',
  managedRule: true,
  parameters: {},
  rationale:
    'Without cross-zone balancing each zone gets an equal share of traffic whatever its healthy capacity, so losing instances in one zone overloads the rest of it.',
  remediationAdvice:
    'Enable it: `aws elb modify-load-balancer-attributes --load-balancer-name <name> --load-balancer-attributes "{\\"CrossZoneLoadBalancing\\":{\\"Enabled\\":true}}"`.',
  evaluate(item) {
    const name = loadBalancerName(item);
    const enabled = classicCrossZoneLoadBalancing(item.supplementaryConfiguration);
    if (enabled === undefined) {
      return notApplicable(`The cross-zone load balancing attribute of ${name} was not recorded.`);
    }
    return enabled
      ? compliant(`${name} has cross-zone load balancing enabled.`)
      : nonCompliant(`${name} has cross-zone load balancing disabled.`);
  },
} as const satisfies Rule<Record<string, never>, ClassicLoadBalancerConfiguration>;
