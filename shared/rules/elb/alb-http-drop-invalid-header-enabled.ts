import {
  LOAD_BALANCER_V2_TYPE,
  type LoadBalancerV2Configuration,
  loadBalancerName,
  loadBalancerV2Attributes,
} from '#shared/resources/elb';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

const ATTRIBUTE = 'routing.http.drop_invalid_header_fields.enabled';

/**
 * Application Load Balancers drop HTTP headers with invalid names: the
 * `routing.http.drop_invalid_header_fields.enabled` attribute is `true` (its default is `false`). Network
 * and Gateway Load Balancers, which have no such attribute, are NOT_APPLICABLE, and so is an ALB whose
 * attributes were not recorded: never a failure from data not collected.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/alb-http-drop-invalid-header-enabled.html
 */
export const albHttpDropInvalidHeaderEnabled = {
  id: 'alb-http-drop-invalid-header-enabled',
  title: 'Application Load Balancers drop invalid HTTP header fields',
  resourceTypes: [LOAD_BALANCER_V2_TYPE],
  severity: 'medium',
  managedRule: true,
  parameters: {},
  rationale:
    'Headers with invalid names reach the targets untouched unless the ALB drops them, which opens the way to request smuggling and header-injection attacks.',
  remediationAdvice: `Enable it: \`aws elbv2 modify-load-balancer-attributes --load-balancer-arn <arn> --attributes Key=${ATTRIBUTE},Value=true\`.`,
  evaluate(item) {
    const name = loadBalancerName(item);
    const type = item.configuration?.type?.toLowerCase();
    if (type !== 'application') {
      return notApplicable(
        type === undefined
          ? `The type of load balancer ${name} was not recorded.`
          : `${name} is a ${type} load balancer, not an Application Load Balancer.`,
      );
    }
    const value = loadBalancerV2Attributes(item.supplementaryConfiguration)?.get(ATTRIBUTE);
    if (value === undefined) return notApplicable(`The ${ATTRIBUTE} attribute of ${name} was not recorded.`);
    return value.toLowerCase() === 'true'
      ? compliant(`${name} drops invalid HTTP header fields.`)
      : nonCompliant(`${name} forwards invalid HTTP header fields (${ATTRIBUTE}=${value || 'false'}).`);
  },
} as const satisfies Rule<Record<string, never>, LoadBalancerV2Configuration>;
