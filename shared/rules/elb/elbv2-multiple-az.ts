import {
  LOAD_BALANCER_V2_TYPE,
  type LoadBalancerV2Configuration,
  loadBalancerName,
} from '#shared/resources/elb';
import { RuleParameterError } from '#shared/rules/parameters';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * Application, Network and Gateway Load Balancers are mapped to at least `minAvailabilityZones` (2 to 10,
 * default 2) distinct Availability Zones, counted from `configuration.availabilityZones[].zoneName`. A
 * load balancer whose zones were not recorded (ELBv2 and Config always give at least one) is
 * NOT_APPLICABLE: never a failure from data not collected.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/elbv2-multiple-az.html
 */
export const elbv2MultipleAz = {
  id: 'elbv2-multiple-az',
  title: 'ELBv2 load balancers are mapped to several Availability Zones',
  resourceTypes: [LOAD_BALANCER_V2_TYPE],
  severity: 'medium',
  managedRule: true,
  parameters: {
    minAvailabilityZones: {
      type: 'number',
      default: 2,
      description: 'Fewest Availability Zones a load balancer must be mapped to (2 to 10).',
    },
  },
  rationale:
    'A load balancer in one zone fails with that zone, and with it every service behind it, however many zones its targets run in.',
  remediationAdvice:
    'Add a subnet in another Availability Zone: `aws elbv2 set-subnets --load-balancer-arn <arn> --subnets <subnet-a> <subnet-b>` (Network Load Balancers can only add zones).',
  evaluate(item, { parameters }) {
    const minimum = parameters.minAvailabilityZones;
    if (!Number.isInteger(minimum) || minimum < 2 || minimum > 10) {
      throw new RuleParameterError(
        `rule elbv2-multiple-az: minAvailabilityZones must be a whole number from 2 to 10, got ${minimum}`,
        { context: { ruleId: 'elbv2-multiple-az', parameter: 'minAvailabilityZones' } },
      );
    }
    const name = loadBalancerName(item);
    const mapped = item.configuration?.availabilityZones;
    const zones = [
      ...new Set(
        (Array.isArray(mapped) ? mapped : [])
          .map((zone) => zone.zoneName)
          .filter((zone): zone is string => typeof zone === 'string' && zone !== ''),
      ),
    ].sort();
    if (zones.length === 0) return notApplicable(`The Availability Zones of ${name} were not recorded.`);
    const listed = `${zones.length} Availability Zone${zones.length === 1 ? '' : 's'} (${zones.join(', ')})`;
    return zones.length >= minimum
      ? compliant(`${name} is mapped to ${listed}.`)
      : nonCompliant(`${name} is mapped to ${listed}, fewer than ${minimum}.`);
  },
} as const satisfies Rule<{ minAvailabilityZones: number }, LoadBalancerV2Configuration>;
