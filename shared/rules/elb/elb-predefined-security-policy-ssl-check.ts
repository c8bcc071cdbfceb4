import {
  CLASSIC_LOAD_BALANCER_TYPE,
  type ClassicLoadBalancerConfiguration,
  classicTlsListeners,
  loadBalancerName,
} from '#shared/resources/elb';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * The HTTPS and SSL listeners of Classic Load Balancers use the predefined security policy
 * `predefinedPolicyName`: it is among the listener's `policyNames` (a predefined policy chosen for a
 * listener keeps its predefined name). Every HTTPS/SSL listener has exactly one SSL negotiation policy, so a
 * listener whose policy names leave it out uses another one. A load balancer without an HTTPS or SSL
 * listener is NOT_APPLICABLE, and so is one whose listeners or policy names were not recorded.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/elb-predefined-security-policy-ssl-check.html
 */
export const elbPredefinedSecurityPolicySslCheck = {
  id: 'elb-predefined-security-policy-ssl-check',
  title: 'Classic Load Balancer HTTPS/SSL listeners use the chosen predefined security policy',
  resourceTypes: [CLASSIC_LOAD_BALANCER_TYPE],
  severity: 'medium',
  managedRule: true,
  deviation:
    'AWS\'s page lists predefinedPolicyName with no default and fails a load balancer "if the Classic Load Balancer HTTPS/SSL listener\'s policy does not equal the value of the parameter"; Vigil defaults it to ELBSecurityPolicy-TLS-1-2-2017-01, the predefined policy that allows TLS 1.2 only.',
  parameters: {
    predefinedPolicyName: {
      type: 'string',
      default: 'ELBSecurityPolicy-TLS-1-2-2017-01',
      description: 'Name of the predefined security policy every HTTPS/SSL listener must use.',
    },
  },
  rationale:
    'A predefined policy is a cipher and protocol set AWS maintains; hand-made policies drift and often still allow TLS 1.0 or weak ciphers.',
  remediationAdvice:
    'Create the predefined policy on the load balancer and set it on each listener: `aws elb create-load-balancer-policy --load-balancer-name <name> --policy-name <policy> --policy-type-name SSLNegotiationPolicyType --policy-attributes AttributeName=Reference-Security-Policy,AttributeValue=<policy>`, then `aws elb set-load-balancer-policies-of-listener --load-balancer-name <name> --load-balancer-port 443 --policy-names <policy>`.',
  evaluate(item, { parameters }) {
    const name = loadBalancerName(item);
    const wanted = parameters.predefinedPolicyName;
    const listeners = classicTlsListeners(item.configuration);
    if (listeners === undefined) return notApplicable(`The listeners of ${name} were not recorded.`);
    if (listeners.length === 0) return notApplicable(`${name} has no HTTPS or SSL listener.`);
    const unrecorded = listeners.find((listener) => listener.policyNames === undefined);
    if (unrecorded !== undefined) {
      return notApplicable(
        `The policies of ${name}'s ${unrecorded.protocol} listener on port ${unrecorded.port} were not recorded.`,
      );
    }
    const others = listeners.filter((listener) => !listener.policyNames?.includes(wanted));
    if (others.length === 0) return compliant(`Every HTTPS/SSL listener of ${name} uses ${wanted}.`);
    const described = others.map(
      (listener) =>
        `${listener.protocol} ${listener.port} uses ${listener.policyNames?.join(', ') || 'no named policy'}`,
    );
    return nonCompliant(`${name} has listeners not on ${wanted}: ${described.join('; ')}.`);
  },
} as const satisfies Rule<{ predefinedPolicyName: string }, ClassicLoadBalancerConfiguration>;
